import Analytics
import Governance
import Narrative
import Testing
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct NarrativeBuilderTests {
    let builder = NarrativeBuilder()

    static let richContext = EnrichmentContext(
        assetCriticality: [Fixture.laptop.id: 5, Fixture.server.id: 9],
        assetOwner: [Fixture.server.id: "Finance IT"],
        vulnerabilities: [Fixture.server.id: [Vulnerability(cve: "CVE-2024-3400", cvss: 10, knownExploited: true),
                                             Vulnerability(cve: "CVE-2023-0001", cvss: 5.3)]],
        threatIntel: [Fixture.beaconIP.id: ThreatIntelHit(description: "Cobalt Strike team server", confidence: 0.9)],
        hr: [Fixture.user.id: HRContext(department: "Finance", title: "Analyst", manager: Fixture.manager)],
        peerGroup: [Fixture.user.id: "Finance-Analyst"],
        peerGroupSize: ["Finance-Analyst": 40])

    @Test func sameInputGivesTheSameReport() throws {
        for alert in try Fixture.allAlerts() {
            let a = builder.report(for: alert, context: Self.richContext)
            let b = NarrativeBuilder().report(for: alert, context: Self.richContext.merging(.empty))
            #expect(a == b)
            #expect(a.narrative == b.narrative)
            #expect(a.findingID == stableID("finding", alert.id))
            #expect(a.time == alert.time)
            #expect(a.entity == alert.entity)
            #expect(a.risk == alert.risk)
        }
    }

    @Test func useCaseIsTheDetectorWithTheMostPoints() throws {
        // Two beaconing signals (5 + 4 = 9 points) outweigh one volume signal worth 7.
        let alert = try Fixture.alert([
            (Fixture.volumeSignal(Fixture.laptop), 7),
            (Fixture.beaconSignal(destination: Fixture.beaconIP), 5),
            (Fixture.beaconSignal(destination: EntityRef(.ip, "ip_v1_ffff0000ffff0000ffff0000ffff0000")), 4),
        ], threshold: 15)
        let r = builder.report(for: alert, context: .empty)
        #expect(r.useCase == "beaconing")
        #expect(r.detectors == ["beaconing", "behaviour.volume"])
        #expect(r.facts(offenseID: nil).useCase == "beaconing")
    }

    @Test func peerComparisonComesFromTheDeviationNumbers() throws {
        let observed = 42.0, peer = 3.0
        let alert = try Fixture.alert([(Fixture.hourSignal(hour: "Tue 03:00", observed: observed, own: 1.5, peer: peer), 9)])
        let r = builder.report(for: alert, context: .empty)
        let expectedRatio = Int((observed / peer).rounded())   // 14
        let phrase = "\(expectedRatio)x the nightly average of the Finance-Analyst peer group"
        #expect(r.peerComparisons == [phrase])
        #expect(r.narrative.contains(phrase))
        // Own baseline: 42 / 1.5 = 28.
        #expect(r.narrative.contains("\(Int((observed / 1.5).rounded()))x this user's own nightly average"))
        #expect(r.noteText().contains(phrase))
    }

    @Test func daytimeActivityIsComparedWithTheHourlyAverage() throws {
        let alert = try Fixture.alert([(Fixture.hourSignal(hour: "Wed 14:00", observed: 10, own: 2, peer: 4), 9)])
        let r = builder.report(for: alert, context: .empty)
        // 10 / 4 = 2.5, below ten: one decimal.
        #expect(r.peerComparisons == ["2.5x the hourly average of the Finance-Analyst peer group"])
    }

    @Test func volumeRatiosAndCategoricalComparisons() throws {
        let alert = try Fixture.alert([
            (Fixture.resourceSignal(peerShare: 0.075), 2),
            (Fixture.countrySignal(country: "BR"), 3),
            (Fixture.volumeSignal(observed: 2_400_000_000, own: 40_000_000, peer: 60_000_000), 6),
        ])
        let r = builder.report(for: alert, context: Self.richContext)
        // 2.4 GB / 60 MB = 40; 2.4 GB / 40 MB = 60.
        #expect(r.peerComparisons.contains("\(Int(2_400_000_000.0 / 60_000_000))x the daily average of the Finance-Analyst peer group"))
        #expect(r.narrative.contains("\(Int(2_400_000_000.0 / 40_000_000))x this user's own daily average"))
        #expect(r.narrative.contains("First time this user was seen in BR"))
        // 7.5 % of a 40-member group is 3 peers.
        let peers = Int((0.075 * 40).rounded())
        #expect(r.narrative.contains("\(peers) of 40 peers in the Finance-Analyst peer group ever used this resource"))
        // Without the group size the share is given instead.
        let bare = builder.report(for: alert, context: .empty)
        #expect(bare.narrative.contains("8% of the Finance-Analyst peer group ever used this resource"))
    }

    @Test func badNumbersDoNotCrash() throws {
        let alert = try Fixture.alert([(Fixture.resourceSignal(peerShare: .nan), 4),
                                       (Fixture.volumeSignal(observed: .infinity, own: 0, peer: -1), 5)])
        let ctx = EnrichmentContext(assetCriticality: [Fixture.user.id: Int.max], peerGroupSize: ["Finance-Analyst": Int.max])
        let r = builder.report(for: alert, context: ctx)
        #expect(r.noteText().hasPrefix("[Vigil]"))
        #expect(!r.narrative.isEmpty)
        let huge = try Fixture.alert([(Fixture.resourceSignal(peerShare: 5), 9)])
        #expect(builder.report(for: huge, context: ctx).narrative.contains("ever used this resource"))
    }

    @Test func narrativeCitesTimeEvidenceDetectorsAndTechniques() throws {
        let alert = try Fixture.alert([(Fixture.countrySignal(event: "qr-1001"), 4), (Fixture.failureSignal(event: "qr-1002"), 9)])
        let r = builder.report(for: alert, context: Self.richContext)
        // Fixture.t0 = 1_700_000_000_000 ms = 2023-11-14 22:13:20 UTC.
        #expect(r.narrative.contains("2023-11-14T22:13:20Z"))
        #expect(r.narrative.contains("qr-1001"))
        #expect(r.narrative.contains("qr-1002"))
        #expect(r.evidence == ["qr-1002", "qr-1001"])
        #expect(r.narrative.contains("behaviour.failure"))
        #expect(r.narrative.contains("behaviour.location"))
        #expect(r.techniques == ["T1110", "T1078"])
        #expect(r.narrative.contains("T1110 (Brute Force)"))
        #expect(r.narrative.contains("T1078 (Valid Accounts)"))
        #expect(r.narrative.contains(Fixture.user.id))
        let paragraphs = r.narrative.split(separator: "\n\n")
        #expect(paragraphs.count >= 5)
        #expect(paragraphs.first?.hasPrefix("What happened") == true)
        #expect(paragraphs.last?.hasPrefix("Next steps") == true)
        for h in r.huntQueries { #expect(r.narrative.contains(h.aql)) }
    }

    @Test func confidenceIsMonotoneWithAFloorAtTheThreshold() {
        #expect(builder.confidence(risk: 8, threshold: 8) == 0.5)
        // r = 2: 0.5 + 0.5 (1 − e^−1).
        let expected = 0.5 + 0.5 * (1 - exp(-1.0))
        #expect(abs(builder.confidence(risk: 16, threshold: 8) - expected) < 1e-12)
        var last = -1.0
        for i in 0...60 {
            let c = builder.confidence(risk: Double(i) * 0.25, threshold: 4)
            #expect(c >= last)
            #expect(c >= 0 && c <= 1)
            last = c
        }
        #expect(builder.confidence(risk: 1e9, threshold: 1) == 0.99)
        #expect(builder.confidence(risk: 10, threshold: 0) == 0.5)
        #expect(builder.confidence(risk: .nan, threshold: 8) == 0.5)
        #expect(builder.confidence(risk: 10, threshold: .infinity) == 0.5)
    }

    @Test func ownerIsTheHostOwnerElseTheManager() throws {
        let beacon = try Fixture.alert([(Fixture.beaconSignal(source: Fixture.server), 9)])
        #expect(builder.report(for: beacon, context: Self.richContext).owner == "Finance IT")

        // A user alert: the related host has no owner, so the user's manager.
        let user = try Fixture.alert([(Fixture.failureSignal(), 9)])
        #expect(builder.report(for: user, context: Self.richContext).owner == Fixture.manager)

        // A user alert whose related host has an owner: the host owner wins.
        let priv = try Fixture.alert([(Signal(id: "p", detector: "privileged-sequence", entity: Fixture.user, related: [Fixture.server],
                                              time: Fixture.t0, score: 0.8, title: "rare"), 9)])
        #expect(builder.report(for: priv, context: Self.richContext).owner == "Finance IT")

        #expect(builder.report(for: user, context: .empty).owner == nil)
        let laptopBeacon = try Fixture.alert([(Fixture.beaconSignal(source: Fixture.laptop, user: nil), 9)])
        #expect(builder.report(for: laptopBeacon, context: Self.richContext).owner == nil)
    }

    @Test func blockIPOnlyForConfidentBeaconing() throws {
        // r = 20 / 8 = 2.5 → confidence 0.5 + 0.5 (1 − e^−1.5) ≈ 0.89 ≥ 0.8.
        let strong = try Fixture.alert([(Fixture.beaconSignal(), 20)])
        let r = builder.report(for: strong, context: .empty)
        #expect(r.confidence >= 0.8)
        #expect(r.recommendedActions == [ResponseAction(kind: .blockIP, target: Fixture.beaconIP.id)])

        // r = 9 / 8 → confidence ≈ 0.56: nothing.
        let weak = try Fixture.alert([(Fixture.beaconSignal(), 9)])
        let w = builder.report(for: weak, context: .empty)
        #expect(w.confidence < 0.8)
        #expect(w.recommendedActions.isEmpty)

        // A beacon to a host name (no address) cannot be blocked as an IP.
        let named = try Fixture.alert([(Fixture.beaconSignal(destination: EntityRef(.host, "h_v1_cdn"), user: nil), 20)])
        #expect(builder.report(for: named, context: .empty).recommendedActions.isEmpty)
    }

    @Test func disableAccountOnlyForVeryHighRiskCredentialMisuse() throws {
        // Failed-login burst + new country, r = 21 / 8 ≥ 2.5.
        let misuse = try Fixture.alert([(Fixture.countrySignal(), 5), (Fixture.failureSignal(), 16)])
        #expect(builder.report(for: misuse, context: .empty).recommendedActions == [ResponseAction(kind: .disableAccount, target: Fixture.user.id)])

        // Same detectors, r = 13 / 8 < 2.5.
        let moderate = try Fixture.alert([(Fixture.countrySignal(), 4), (Fixture.failureSignal(), 9)])
        #expect(builder.report(for: moderate, context: .empty).recommendedActions.isEmpty)

        // Very high risk but only volume and time: not credential misuse.
        let volume = try Fixture.alert([(Fixture.hourSignal(), 5), (Fixture.volumeSignal(), 30)])
        #expect(builder.report(for: volume, context: .empty).recommendedActions.isEmpty)

        // A host is never disabled as an account.
        let host = try Fixture.alert([(Fixture.lateralSignal(), 30)])
        #expect(!builder.report(for: host, context: .empty).recommendedActions.contains { $0.kind == .disableAccount })
    }

    @Test func factsCarryTheReport() throws {
        let alert = try Fixture.alert([(Fixture.beaconSignal(), 20)])
        let r = builder.report(for: alert, context: Self.richContext)
        let facts = r.facts(offenseID: 4711)
        #expect(facts.findingID == r.findingID)
        #expect(facts.offenseID == 4711)
        #expect(facts.useCase == "beaconing")
        #expect(facts.confidence == r.confidence)
        #expect(facts.severity == r.severity)
        #expect(facts.title == r.title)
        #expect(facts.entities == [Fixture.laptop, Fixture.beaconIP, Fixture.user])
        #expect(facts.recommendedActions == r.recommendedActions)
        #expect(r.facts(offenseID: nil).offenseID == nil)

        // The rollout policy can decide on them: the user and the address become reference-set entries.
        let writes = RolloutPolicy(mode: .assist).decide(facts)
        #expect(writes.contains(.offenseNote(offenseID: 4711)))
        #expect(writes.contains { if case .referenceSetEntry(_, let v, _) = $0 { v == Fixture.beaconIP.id } else { false } })
    }

    @Test func reportRoundTripsThroughCodable() throws {
        let r = builder.report(for: try Fixture.alert([(Fixture.beaconSignal(), 20)]), context: Self.richContext)
        let copy = try JSONRoundTrip.roundTrip(r)
        #expect(copy == r)
    }
}
