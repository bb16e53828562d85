import Foundation
import Analytics
import Correlation
import Governance
import Testing
import VigilCore

@testable import Triage

/// A detector that turns marked events into signals, so the tests decide exactly what the correlation sees.
private struct ScriptedDetector: Detector {
    let id = "scripted"

    mutating func process(_ event: Event) -> [Signal] {
        guard let detector = event.properties["signal.detector"], let user = event.user else { return [] }
        var related: [EntityRef] = []
        if let host = event.destinationHost { related.append(EntityRef(.host, host)) }
        if let ip = event.destinationIP { related.append(EntityRef(.ip, ip)) }
        let subject = event.properties["signal.subject"] == "host" ? EntityRef(.host, event.sourceHost ?? "") : EntityRef(.user, user)
        return [Signal(id: stableID("scripted", event.id), detector: detector, entity: subject, related: related, time: event.time,
                       score: Double(event.properties["signal.score"] ?? "0.9") ?? 0.9, title: "\(detector) by \(subject)",
                       evidence: [event.id], technique: event.properties["signal.technique"])]
    }
}

@Suite("Campaigns in the triage core")
struct CampaignTriageTests {
    static let t0: EpochMillis = 1_790_000_000_000
    static let day = EpochMillis.day

    static func core(mode: RolloutMode = .assist, autonomous: Set<String> = []) -> TriageCore {
        var a = AnalyticsConfiguration()
        a.learningDays = 1
        return TriageCore(gate: TriageCoreTests.gate(), analytics: a, directory: nil, defaultTimeZone: .utc,
                          policy: RolloutPolicy(mode: mode, autonomousUseCases: autonomous, minimumAutonomousConfidence: 0),
                          detectors: [ScriptedDetector()])
    }

    static func event(_ id: String, at time: EpochMillis, user: String = "mallory", detector: String, technique: String?,
                      host: String? = nil, ip: String? = nil, subjectHost: String? = nil) -> Event {
        var e = Event(id: id, time: time, kind: .authentication, user: user, sourceHost: subjectHost, destinationIP: ip, destinationHost: host)
        e.properties["signal.detector"] = detector
        if let technique { e.properties["signal.technique"] = technique }
        if subjectHost != nil { e.properties["signal.subject"] = "host" }
        return e
    }

    /// Runs events one per batch, as hourly batches would, and returns every finding decided.
    static func run(_ core: inout TriageCore, _ events: [Event]) -> [TriageFinding] {
        var out: [TriageFinding] = []
        for e in events {
            let p = core.prepare([e])
            out += core.ingest(p, completeUntil: nil, now: e.time).findings
        }
        return out
    }

    @Test("a three-stage story over ten days is one finding that grows, with its stages in ATT&CK order")
    func multiDayStoryIsOneFinding() throws {
        var core = Self.core()
        let findings = Self.run(&core, [
            Self.event("e1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("e2", at: Self.t0 + 4 * Self.day, detector: "lateral-movement", technique: "T1021.002", host: "FILESRV1"),
            Self.event("e3", at: Self.t0 + 10 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        #expect(!findings.isEmpty)
        #expect(Set(findings.map(\.report.findingID)).count == 1, "one finding for the whole campaign")
        let last = try #require(findings.last?.document.campaign)
        #expect(last.stages.map(\.tactic) == [.initialAccess, .lateralMovement, .exfiltration])
        #expect(Set(last.evidence()) == ["e1", "e2", "e3"])
        #expect(findings.map { $0.document.campaign?.revision ?? 0 } == Array(1...findings.count))
        #expect((findings.last?.report.timeline?.count ?? 0) >= 3, "the three observations (and any entity-risk alert they raised)")
        #expect(findings.last?.report.noteText().contains("Timeline") == true)
    }

    @Test("after a restart the campaign stored in its finding grows under the same finding instead of being raised again")
    func restoredCampaignKeepsItsFinding() throws {
        var before = Self.core()
        let first = Self.run(&before, [
            Self.event("e1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("e2", at: Self.t0 + 4 * Self.day, detector: "lateral-movement", technique: "T1021.002", host: "FILESRV1"),
            Self.event("e3", at: Self.t0 + 10 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        let stored = try #require(first.last?.document)
        // The sidecar keeps the document as JSON; the restarted core reads it back.
        let decoded = try JSONDecoder().decode(FindingDocument.self, from: JSONEncoder().encode(stored))
        let campaign = try #require(decoded.campaign)
        #expect(stored.report.findingID == TriageCore.findingID(ofCampaign: campaign.id))

        var after = Self.core()
        #expect(after.restore(campaigns: [campaign], at: Self.t0 + 11 * Self.day) == 1)
        // The same user reaches a second server: a new entity, so the restored campaign grows.
        let later = Self.run(&after, [Self.event("e4", at: Self.t0 + 12 * Self.day, detector: "lateral-movement", technique: "T1021.002",
                                                 host: "DBSRV2")])
        #expect(!later.isEmpty)
        #expect(Set(later.map(\.report.findingID)) == [stored.report.findingID], "the same finding, not a second one")
        #expect(later.first?.document.campaign?.revision == campaign.revision + 1)
        #expect(later.first?.document.campaign?.raisedAt == campaign.raisedAt)
        #expect(later.last?.document.campaign?.stages.map(\.tactic) == [.initialAccess, .lateralMovement, .exfiltration])
    }

    @Test("the same behaviour every day extends the campaign: one finding, one approval request, no daily repeats")
    func dailyRepeatsAreOneItem() {
        var core = Self.core()
        let events = (0..<8).map { d in
            Self.event("b\(d)", at: Self.t0 + EpochMillis(d) * Self.day, detector: "beaconing", technique: "T1071.001",
                       ip: "203.0.113.50", subjectHost: "WS-7")
        }
        let findings = Self.run(&core, events)
        #expect(Set(findings.map(\.report.findingID)).count <= 1)
        #expect(findings.count <= 2, "raised once, grown at most once (severity), never once a day")
        let approvals = Set(findings.flatMap(\.approvals).map(\.id))
        #expect(approvals.count <= 1)
        let campaign = core.correlator.allCampaigns.first { $0.entities.contains(EntityRef(.ip, "203.0.113.50")) }
        #expect(campaign?.contributions.first { $0.signal.detector == "beaconing" }?.repeats == 8)
    }

    @Test("in assist mode the campaign's note goes on every open offense of its entities, and a revision writes again")
    func notesOnEveryLinkedOffense() throws {
        var core = Self.core(mode: .assist)
        let host = core.gate.modelEntity(EntityRef(.host, "WS-9"))
        let user = core.gate.modelEntity(EntityRef(.user, "mallory"))
        _ = core.offenseSeen(id: 41, entity: host, isOpen: true)
        _ = core.offenseSeen(id: 42, entity: user, isOpen: true)
        let findings = Self.run(&core, [
            Self.event("s1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("s2", at: Self.t0 + Self.day, detector: "lateral-movement", technique: "T1021", host: "WS-9"),
            Self.event("s3", at: Self.t0 + 2 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        let last = try #require(findings.last)
        let noted = Set(last.tasks.compactMap { t -> Int? in if case .offenseNote(let id) = t.write { id } else { nil } })
        #expect(noted == [41, 42])
        // Every revision's note has its own key (QRadar notes cannot be edited); a replay of one revision has the same.
        let keys = findings.flatMap(\.tasks).filter { if case .offenseNote = $0.write { true } else { false } }.map(\.key)
        #expect(Set(keys).count == keys.count)
        // Reference-set entries are keyed per finding, set and value, not per revision: a grown campaign adds none twice.
        var keysByEntry: [String: Set<String>] = [:]
        for t in findings.flatMap(\.tasks) {
            if case .referenceSetEntry(let set, let value, _) = t.write { keysByEntry[set + "/" + value, default: []].insert(t.key) }
        }
        #expect(keysByEntry.values.allSatisfy { $0.count == 1 })
        // An offense raised later on one of the campaign's entities gets the campaign's note.
        let other = core.gate.modelEntity(EntityRef(.host, "WS-9"))
        _ = core.offenseSeen(id: 41, entity: other, isOpen: false)
        let opened = core.offenseSeen(id: 77, entity: other, isOpen: true)
        #expect(opened)
        let attached = core.campaignFindings(forOffense: 77, entity: other, now: Self.t0 + 3 * Self.day)
        #expect(attached.count == 1)
        #expect(attached.first?.tasks.contains { $0.write == .offenseNote(offenseID: 77) } == true)
    }

    @Test("the offense QRadar raises from Vigil's LEEF event gets the campaign's narrative as a note, once per revision, and a restart keeps it")
    func campaignOwnOffenseGetsTheNote() throws {
        var core = Self.core(mode: .autonomous, autonomous: ["behaviour.location", "lateral-movement", "behaviour.volume", "risk"])
        let raised = Self.run(&core, [
            Self.event("o1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("o2", at: Self.t0 + Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-8"),
        ])
        let campaign = try #require(raised.last?.document.campaign)
        // Unknown campaigns and a shadow core write nothing.
        let unknown = core.campaignOffenseSeen(id: 90, campaignID: "no-such-campaign", isOpen: true, now: Self.t0 + Self.day)
        #expect(unknown == nil)
        let first = core.campaignOffenseSeen(id: 91, campaignID: campaign.id, isOpen: true, now: Self.t0 + Self.day)
        let seen = try #require(first)
        #expect(seen.report.findingID == raised.last?.report.findingID)
        #expect(seen.tasks.contains { $0.write == .offenseNote(offenseID: 91) })
        #expect(seen.document.campaignOffenseID == 91)
        #expect((try? JSONValue.parse(seen.decision.payload))?["revision"] == .int(Int64(campaign.revision)))
        // Seen again (QRadar updated it): nothing new.
        let again = core.campaignOffenseSeen(id: 91, campaignID: campaign.id, isOpen: true, now: Self.t0 + Self.day)
        #expect(again == nil)
        // The next revision notes it too, with its own key.
        let grown = Self.run(&core, [Self.event("o3", at: Self.t0 + 2 * Self.day, detector: "behaviour.volume", technique: "T1567")])
        let next = try #require(grown.last)
        let noteKeys = (seen.tasks + next.tasks).filter { $0.write == .offenseNote(offenseID: 91) }.map(\.key)
        #expect(noteKeys.count == 2 && Set(noteKeys).count == 2)
        // A restarted core told the offense (from the stored document) goes on noting it.
        var after = Self.core(mode: .autonomous, autonomous: ["behaviour.location", "lateral-movement", "behaviour.volume", "risk"])
        let doc = try #require(next.document.campaign)
        let offense = try #require(next.document.campaignOffenseID)
        after.restore(campaigns: [doc], offenses: [doc.id: offense], at: Self.t0 + 2 * Self.day)
        let known = after.campaignOffenseSeen(id: 91, campaignID: doc.id, isOpen: true, now: Self.t0 + 2 * Self.day)
        #expect(known == nil)
        let later = Self.run(&after, [Self.event("o4", at: Self.t0 + 3 * Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-9")])
        #expect(later.last?.tasks.contains { $0.write == .offenseNote(offenseID: 91) } == true)
        // Closed: no more notes on it.
        _ = after.campaignOffenseSeen(id: 91, campaignID: doc.id, isOpen: false, now: Self.t0 + 3 * Self.day)
        let closed = Self.run(&after, [Self.event("o5", at: Self.t0 + 4 * Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-10")])
        #expect(closed.allSatisfy { !$0.tasks.contains { $0.write == .offenseNote(offenseID: 91) } })
    }

    @Test("autonomous mode sends one LEEF event per campaign revision, carrying the campaign's id, tactics and entities")
    func leefPerRevision() {
        var core = Self.core(mode: .autonomous, autonomous: ["behaviour.location", "lateral-movement", "behaviour.volume", "risk"])
        let findings = Self.run(&core, [
            Self.event("l1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("l2", at: Self.t0 + Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-2"),
            Self.event("l3", at: Self.t0 + 2 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        let leef = findings.flatMap(\.tasks).filter { if case .leefEvent = $0.write { true } else { false } }
        #expect(!leef.isEmpty)
        #expect(Set(leef.map(\.key)).count == leef.count)
        #expect(leef.allSatisfy { $0.leef?.campaignID == findings.first?.document.campaign?.id })
        #expect(leef.last?.leef?.tactics == findings.last?.document.campaign?.tactics.map(\.name))
        #expect(leef.last?.leef?.entities?.isEmpty == false)
    }

    @Test("once a campaign's offense exists, every revision reaches it, even when a non-autonomous behaviour comes to lead")
    func leefFollowsTheCampaignNotItsLeadingDetector() {
        // Only lateral movement is autonomous; exfiltration-sized volume later carries more points.
        var core = Self.core(mode: .autonomous, autonomous: ["lateral-movement"])
        let findings = Self.run(&core, [
            Self.event("a1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("a2", at: Self.t0 + Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-5"),
            Self.event("a3", at: Self.t0 + 2 * Self.day, detector: "behaviour.volume", technique: "T1567"),
            Self.event("a4", at: Self.t0 + 3 * Self.day, detector: "behaviour.volume", technique: "T1567", host: "SRV-6"),
        ])
        let withLateral = findings.filter { $0.document.campaign?.contributions.contains { $0.signal.detector == "lateral-movement" } == true }
        #expect(!withLateral.isEmpty)
        for f in withLateral {
            let leef = f.tasks.filter { if case .leefEvent = $0.write { true } else { false } }
            #expect(leef.count == 1, "revision \(f.document.campaign?.revision ?? 0) sends its LEEF event")
            #expect(leef.first?.leef?.useCase == "lateral-movement")
        }
    }

    @Test("a false-positive verdict resets the campaign; new activity of the same user is a new campaign")
    func verdictResets() throws {
        var core = Self.core()
        let first = Self.run(&core, [
            Self.event("v1", at: Self.t0, detector: "behaviour.location", technique: "T1078"),
            Self.event("v2", at: Self.t0 + Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-3"),
            Self.event("v3", at: Self.t0 + 2 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        let id = try #require(first.last?.document.campaign?.id)
        let verdict = core.campaignVerdict(id, label: .falsePositive, time: Self.t0 + 3 * Self.day, actor: "analyst alice")
        let update = try #require(verdict)
        #expect(update.campaign.status == .closedFalsePositive)
        #expect(update.campaign.score == 0)
        #expect(update.campaign.history.last?.reason.contains("analyst alice") == true)
        let later = Self.run(&core, [
            Self.event("v4", at: Self.t0 + 4 * Self.day, detector: "behaviour.location", technique: "T1078"),
            Self.event("v5", at: Self.t0 + 5 * Self.day, detector: "lateral-movement", technique: "T1021", host: "SRV-3"),
            Self.event("v6", at: Self.t0 + 6 * Self.day, detector: "behaviour.volume", technique: "T1567"),
        ])
        #expect(later.allSatisfy { $0.document.campaign?.id != id })
        // The reference-set entries the closed campaign added are taken out again, each once, audited.
        let added = Set(first.flatMap(\.document.writes).compactMap { w -> String? in
            if case .referenceSetEntry(let set, let value, _) = w { set + "/" + value } else { nil }
        })
        #expect(!added.isEmpty)
        let retraction = try #require(core.retraction(of: first.last!.document, label: .falsePositive, now: Self.t0 + 3 * Self.day))
        let removed = retraction.tasks.compactMap { t -> String? in
            if case .referenceSetRemoval(let set, let value) = t.write { set + "/" + value } else { nil }
        }
        #expect(Set(removed) == Set(first.last!.document.writes.compactMap { w -> String? in
            if case .referenceSetEntry(let set, let value, _) = w { set + "/" + value } else { nil }
        }))
        #expect(removed.count == Set(removed).count)
        #expect(core.retraction(of: first.last!.document, label: .truePositive, now: Self.t0) == nil)
        // An entry another open finding added too stays on the watchlist.
        let shared = try #require(first.last!.document.writes.compactMap { w -> ReferenceSetClaim? in
            if case .referenceSetEntry(let set, let value, _) = w { ReferenceSetClaim(set: set, value: value) } else { nil }
        }.first)
        let partial = core.retraction(of: first.last!.document, label: .falsePositive, keeping: [shared], now: Self.t0 + 3 * Self.day)
        let partlyRemoved = partial?.tasks.compactMap { t -> ReferenceSetClaim? in
            if case .referenceSetRemoval(let set, let value) = t.write { ReferenceSetClaim(set: set, value: value) } else { nil }
        } ?? []
        #expect(!partlyRemoved.contains(shared))
        #expect(partlyRemoved.count == Set(removed).count - 1)
    }
}
