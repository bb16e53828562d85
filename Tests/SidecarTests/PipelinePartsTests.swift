import Analytics
import Governance
import Ingestion
import Storage
import Triage
import Testing
import VigilCore

@testable import Sidecar

/// The sidecar's pure pieces, each on its own: the privacy gate, the restart repair from the audit record, the
/// custom-property discovery, offense paging and the label vocabulary.
@Suite struct PipelinePartsTests {
    let gate: PrivacyGate = {
        let key = try! PseudonymKey(version: 1, secret: Array(String(repeating: "k", count: 40).utf8))
        return PrivacyGate(pseudonymizer: Pseudonymizer(keyRing: try! PseudonymKeyRing(keys: [key], current: 1)), policy: .default)
    }()

    @Test func identitiesBecomePseudonymsAndTheirCategoriesStay() {
        var e = Event(id: "1", time: 0, kind: .authentication, user: "alice", sourceIP: "10.1.2.3", sourceHost: "WS-NYC-0012",
                      destinationIP: "8.8.8.8", destinationHost: "DC02")
        e.logSource = "Microsoft Windows Security Event Log @ WS-NYC-0012"
        let out = gate.apply(e)
        let p = out.event
        #expect(Pseudonym(parsing: p.user ?? "")?.kind == .user)
        #expect(Pseudonym(parsing: p.sourceHost ?? "")?.kind == .host)
        #expect(Pseudonym(parsing: p.sourceIP ?? "")?.kind == .ip, "internal addresses are personal data")
        #expect(p.destinationIP == "8.8.8.8", "public addresses stay clear")
        #expect(p.properties["vigilSourceZone"] == "internal")
        #expect(p.properties["vigilDestinationZone"] == "external")
        #expect(p.properties["sourceAssetRole"] == "workstation:WS")
        #expect(p.properties["destinationAssetRole"] == "server:DC")
        // The log source's host gets the host field's pseudonym, so detectors can still match the two.
        #expect(p.logSource == "Microsoft Windows Security Event Log @ " + (p.sourceHost ?? "?"))
        // Every clear value is in the mappings (for the vault), and no mapping holds a pseudonym as its clear value.
        let clear = Set(out.mappings.map(\.clearValue))
        #expect(clear.contains("alice"))
        #expect(out.mappings.allSatisfy { !Pseudonym.isPseudonym($0.clearValue) })
        #expect(out.mappings.map(\.pseudonym.text).contains(p.sourceIP ?? "?"))
    }

    @Test func pseudonymsAreStableAndApplyingTwiceChangesNothing() {
        let e = Event(id: "1", time: 0, kind: .vpn, user: "Bob", sourceIP: "192.168.1.9")
        let once = gate.apply(e).event
        #expect(gate.apply(e).event.user == once.user)
        let twice = gate.apply(once)
        #expect(twice.event.user == once.user)
        #expect(twice.event.sourceIP == once.sourceIP)
        #expect(twice.mappings.isEmpty)
    }

    @Test func webDestinationsStayClearUnlessInternal() {
        let web = gate.apply(Event(id: "1", time: 0, kind: .webProxy, sourceHost: "LT-0042", destinationHost: "updates.example.com")).event
        #expect(web.destinationHost == "updates.example.com")
        #expect(web.properties["destinationAssetRole"] == nil)
        let intranet = gate.apply(Event(id: "2", time: 0, kind: .webProxy, destinationHost: "intranet")).event
        #expect(Pseudonym.isPseudonym(intranet.destinationHost ?? ""))
    }

    @Test func aCheckpointAheadInTheAuditLogIsRecovered() throws {
        let part = IngestBatch.Part(source: "ariel:events", eventIDs: ["a", "b"], window: 0..<60_000,
                                    checkpoint: Checkpoint(source: "ariel:events", watermark: 60_000, seenIDs: ["b"], updatedAt: 5))
        let draft = SidecarPipeline.inputBatchDraft(part, time: 99)
        let record = AuditChain.append(draft, after: nil)
        let cp = try #require(SidecarPipeline.checkpoint(inAuditPayload: record.payload, source: "ariel:events", time: record.time))
        #expect(cp.watermark == 60_000)
        #expect(cp.seenIDs == ["b"])
        #expect(SidecarPipeline.checkpoint(inAuditPayload: "{not json", source: "x", time: 0) == nil)
        #expect(SidecarPipeline.checkpoint(inAuditPayload: #"{"count":2}"#, source: "x", time: 0) == nil)
    }

    @Test func undefinedCustomPropertiesAreLeftOutOfTheQuery() throws {
        let mapping = try FieldMapping.defaultMapping()
        let source = try ArielSource(definition: SourceDefinition(name: "events"), mapping: mapping)
        let declared = mapping.customProperties["events"] ?? []
        try #require(declared.count >= 2)
        let keep = Array(declared.dropLast())
        let available = ["starttime", "username", "sourceip"] + keep.map { $0.uppercased() }   // names match without case
        let (restricted, missing) = try source.restricted(toColumns: available)
        #expect(missing == [declared.last!])
        #expect(restricted.mapping.customProperties["events"] == keep)
        let (same, none) = try source.restricted(toColumns: available + [declared.last!])
        #expect(none.isEmpty)
        #expect(same.mapping == mapping)
    }

    @Test func offensePagesAreReadFromTheRangeHeader() {
        #expect(OffenseFollower.range("items=10-59", fallback: 50) == (10, 50))
        #expect(OffenseFollower.range("items=0-0", fallback: 50) == (0, 1))
        #expect(OffenseFollower.range("garbage", fallback: 50) == (0, 50))
        #expect(OffenseFollower.range("items=9-3", fallback: 25) == (0, 25))
    }

    @Test func everyLabelReachesTheAnalyticsVocabulary() {
        #expect(SidecarPipeline.outcome(of: .falsePositive) == .falsePositive)
        #expect(SidecarPipeline.outcome(of: .truePositive) == .truePositive)
        #expect(SidecarPipeline.outcome(of: .policyViolation) == .truePositive)
        #expect(SidecarPipeline.outcome(of: .benign(.maintenanceWindow)) == .benign(.maintenanceWindow))
        #expect(SidecarPipeline.outcome(of: .benign(.pentestAccount)) == .benign(.penetrationTest))
        #expect(SidecarPipeline.outcome(of: .benign(.businessTravel)) == .benign(.travel))
        for t in BenignTrigger.allCases {
            guard case .benign = SidecarPipeline.outcome(of: .benign(t)) else {
                Issue.record("\(t) is not benign for the analytics")
                continue
            }
        }
    }

    @Test func timeZonesResolveToRules() {
        #expect(TimeZoneResolver.rule(named: "UTC") == .utc)
        #expect(TimeZoneResolver.rule(named: "+05:30")?.standardOffsetMinutes == 330)
        #expect(TimeZoneResolver.rule(named: "No/Such_Zone") == nil)
        if let berlin = TimeZoneResolver.rule(named: "Europe/Berlin") {   // needs the system's tz database
            #expect(berlin.standardOffsetMinutes == 60)
            #expect(berlin.daylight == .eu)
        }
        if let ny = TimeZoneResolver.rule(named: "America/New_York") {
            #expect(ny.standardOffsetMinutes == -300)
            #expect(ny.daylight == .us)
        }
    }
}
