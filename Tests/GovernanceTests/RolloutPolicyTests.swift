import Testing
import VigilCore
@testable import Governance

@Suite struct RolloutPolicyTests {
    static let ttl: Int64 = 3 * EpochMillis.day
    static let block = ResponseAction(kind: .blockIP, target: "203.0.113.7")
    static let disable = ResponseAction(kind: .disableAccount, target: "u_v1_00000000000000000000000000000001")

    static func policy(_ mode: RolloutMode, webhook: String? = "soar-disable-account") -> RolloutPolicy {
        RolloutPolicy(mode: mode, autonomousUseCases: ["beaconing"], minimumAutonomousConfidence: 0.8, referenceSetTimeToLive: ttl,
                      actions: ResponseActionSettings(blocklistReferenceSet: "vigil_blocklist_ips", disableAccountWebhook: webhook))
    }

    /// One case of the exhaustive grid.
    struct Case: Sendable, CustomTestStringConvertible {
        var mode: RolloutMode
        var optedIn: Bool
        var confidence: Double
        var offense: Int?
        var actions: Bool
        var testDescription: String {
            "\(mode.rawValue) optedIn=\(optedIn) conf=\(confidence) offense=\(offense.map(String.init) ?? "-") actions=\(actions)"
        }
    }

    static let grid: [Case] = RolloutMode.allCases.flatMap { mode in
        [true, false].flatMap { optedIn in
            [0.5, 0.8, 0.95].flatMap { confidence in
                [42, nil].flatMap { offense in [true, false].map { Case(mode: mode, optedIn: optedIn, confidence: confidence, offense: offense, actions: $0) } }
            }
        }
    }

    @Test(arguments: grid)
    func decisionsPerMode(_ c: Case) {
        let facts = FindingFacts(
            findingID: "f-1", useCase: c.optedIn ? "beaconing" : "impossible-travel", confidence: c.confidence, severity: .high,
            title: "t", entities: [EntityRef(.user, "u_v1_a"), EntityRef(.ip, "10.0.0.5"), EntityRef(.host, "h_v1_b"), EntityRef(.user, "u_v1_a")],
            offenseID: c.offense, recommendedActions: c.actions ? [Self.block, Self.disable] : [])
        let writes = Self.policy(c.mode).decide(facts)

        // Expected, spelled out from the policy's rules.
        var expected: [PlannedWrite] = [.record]
        if c.mode != .shadow {
            if let o = c.offense { expected.append(.offenseNote(offenseID: o)) }
            expected.append(.referenceSetEntry(set: "vigil_suspicious_users", value: "u_v1_a", timeToLive: Self.ttl))
            expected.append(.referenceSetEntry(set: "vigil_suspicious_ips", value: "10.0.0.5", timeToLive: Self.ttl))
            if c.mode == .autonomous && c.optedIn && c.confidence >= 0.8 {
                expected.append(.leefEvent(useCase: "beaconing", confidence: c.confidence))
            }
            if c.actions {
                expected.append(.approvalRequest(ResponseAction(kind: .blockIP, target: "203.0.113.7", parameters: ["referenceSet": "vigil_blocklist_ips"])))
                expected.append(.approvalRequest(ResponseAction(kind: .disableAccount, target: Self.disable.target,
                                                                parameters: ["webhook": "soar-disable-account"])))
            }
        }
        #expect(writes == expected)
    }

    @Test func responseActionsAreNeverDirectWrites() {
        for c in Self.grid {
            let facts = FindingFacts(findingID: "f", useCase: "beaconing", confidence: c.confidence, severity: .critical, title: "t",
                                     entities: [EntityRef(.ip, "203.0.113.7")], offenseID: c.offense, recommendedActions: [Self.block])
            let writes = Self.policy(c.mode).decide(facts)
            // The blocklist set is only ever touched through an approval request.
            #expect(!writes.contains { if case .referenceSetEntry(let set, _, _) = $0 { set == "vigil_blocklist_ips" } else { false } })
            #expect(writes.first == .record)
            if c.mode == .shadow { #expect(writes == [.record]) }
        }
    }

    @Test func disableAccountNeedsAWebhook() {
        let facts = FindingFacts(findingID: "f", useCase: "x", confidence: 1, severity: .high, title: "t", recommendedActions: [Self.disable])
        #expect(Self.policy(.assist, webhook: nil).decide(facts) == [.record])
    }

    @Test func thresholdIsInclusiveAndUseCaseMustMatchExactly() {
        let p = Self.policy(.autonomous)
        func leef(_ useCase: String, _ confidence: Double) -> Bool {
            p.decide(FindingFacts(findingID: "f", useCase: useCase, confidence: confidence, severity: .low, title: "t"))
                .contains { if case .leefEvent = $0 { true } else { false } }
        }
        #expect(leef("beaconing", 0.8))
        #expect(!leef("beaconing", 0.7999))
        #expect(!leef("Beaconing", 0.99))
        #expect(!leef("beaconing-v2", 0.99))
    }

    @Test func qradarTimeToLiveText() {
        #expect(RolloutPolicy.qradarTimeToLive(7 * EpochMillis.day) == "7 days")
        #expect(RolloutPolicy.qradarTimeToLive(EpochMillis.day) == "1 day")
        #expect(RolloutPolicy.qradarTimeToLive(12 * EpochMillis.hour) == "12 hours")
        #expect(RolloutPolicy.qradarTimeToLive(90 * EpochMillis.minute) == "90 minutes")
        #expect(RolloutPolicy.qradarTimeToLive(10) == "1 minute")
    }

    @Test func decisionAuditRecordListsThePlan() throws {
        let writes = Self.policy(.assist).decide(FindingFacts(findingID: "f-7", useCase: "x", confidence: 0.5, severity: .medium, title: "t", offenseID: 3))
        let draft = AuditDraft.decision(findingID: "f-7", mode: .assist, writes: writes, time: 5)
        let payload = try JSONValue.parse(draft.payload)
        #expect(payload["mode"]?.stringValue == "assist")
        #expect(payload["writes"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["record", "offense-note"])
    }
}
