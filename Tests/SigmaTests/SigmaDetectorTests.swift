import Sigma
import Testing
import VigilCore

@Suite struct SigmaDetectorTests {
    static let rule = processRule("selection:\n    CommandLine|contains: 'vssadmin delete shadows'", level: "high")

    @Test func matchIsALowScoreObservationOnTheHostWithItsTechnique() throws {
        var detector = SigmaDetector(ruleSet: try compile(Self.rule))
        let e = processEvent(image: "C:\\Windows\\System32\\vssadmin.exe", command: "vssadmin delete shadows /all /quiet", host: "fs-02", user: "carol")
        let signals = detector.process(e)
        #expect(signals.count == 1)
        let s = try #require(signals.first)
        #expect(s.detector == "sigma")
        #expect(s.entity == EntityRef(.host, "fs-02"))
        #expect(s.related == [EntityRef(.user, "carol")])
        #expect(s.technique == "T1059.001")
        #expect(s.score == SigmaDetectorConfiguration().scores[.high])
        #expect(s.score < 0.8, "one match must not reach the risk floor on its own")
        #expect(s.evidence == [e.id])
        #expect(s.deviations.first?.detail.contains("vssadmin delete shadows") == true)
    }

    @Test func aRuleRaisesOncePerHostPerDay() throws {
        var detector = SigmaDetector(ruleSet: try compile(Self.rule))
        let day = EpochMillis.day
        var raised = 0
        for (i, t) in [0, 60_000, 3_600_000, day + 1].enumerated() {
            raised += detector.process(processEvent(image: "C:\\v.exe", command: "vssadmin delete shadows", time: 1_700_006_400_000 + t, id: "e\(i)")).count
        }
        #expect(raised == 2)
        #expect(detector.statistics.repeats == 2)
        #expect(detector.statistics.matches == 4)
    }

    @Test func aRuleTheWholeEstateTripsFades() throws {
        var detector = SigmaDetector(ruleSet: try compile(Self.rule))
        let high = SigmaDetectorConfiguration().scores[.high]!
        var scores: [Double] = []
        for i in 0..<12 {
            let e = processEvent(image: "C:\\v.exe", command: "vssadmin delete shadows", host: "ws-\(i)", id: "e\(i)")
            scores += detector.process(e).map(\.score)
        }
        #expect(scores.count == 12)
        #expect(scores[0] == high, "first seen anywhere")
        #expect(scores[1] == high * 0.75)
        #expect(scores[3] == high * 0.5)
        #expect(scores[11] == high * 0.25, "on ten other hosts: the estate's routine")
        // The next day on a host that matched before: halved again.
        let again = detector.process(processEvent(image: "C:\\v.exe", command: "vssadmin delete shadows", host: "ws-0",
                                                  time: 1_700_000_000_000 + EpochMillis.day, id: "next"))
        #expect(again.first?.score == high * 0.25 * 0.5)
    }

    @Test func hostAccountActivityIsNotChargedToAUser() throws {
        var detector = SigmaDetector(ruleSet: try compile(Self.rule))
        var e = processEvent(image: "C:\\v.exe", command: "vssadmin delete shadows", user: "SYSTEM")
        e.properties[Event.accountClassProperty] = "system"
        let signals = detector.process(e)
        #expect(signals.first?.related.isEmpty == true)
    }

    @Test func eventsOfOtherLogSourcesAreNotEvaluated() throws {
        var detector = SigmaDetector(ruleSet: try compile(Self.rule))
        var flow = Event(id: "f", time: 0, kind: .networkFlow, command: "vssadmin delete shadows")
        flow.properties = ["logsourcetypename": "Flow Source"]
        #expect(detector.process(flow).isEmpty)
        #expect(detector.statistics.rulesEvaluated == 0)
    }
}
