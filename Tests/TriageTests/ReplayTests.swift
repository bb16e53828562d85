import Foundation
import Testing
import VigilCore

import Detectors
@testable import Triage

@Suite("Replay and printing")
struct ReplayTests {
    /// A beacon as Zeek JSON lines, written out of order as conn.log is (by connection end).
    static func beaconLines() -> [String] {
        var random = SeededRandom(seed: 4)
        var lines: [String] = []
        var t = 1_709_294_400.0
        for i in 0..<60 {
            let ts = String(t)
            lines.append(#"{"ts":\#(ts),"uid":"CB\#(i)","id.orig_h":"10.1.0.5","id.orig_p":\#(50000 + i),"id.resp_h":"203.0.113.66","id.resp_p":443,"proto":"tcp","service":"ssl","orig_bytes":\#(400 + i % 7),"resp_bytes":220,"conn_state":"SF"}"#)
            t += 300 * (1 + 0.1 * (2 * random.nextUnit() - 1))
        }
        lines.swapAt(10, 11)
        return lines
    }

    @Test("replaying Zeek flows through the triage core raises the beacon, with the entities as in the input")
    func replayZeek() throws {
        var parser = ZeekConnLogParser()
        let events = parser.parse(text: Self.beaconLines().joined(separator: "\n"))
        #expect(events.count == 60 && parser.errorCount == 0)
        var core = try TriageReplay.core()
        let signals = TriageReplay.run(events: events, core: &core).signals
        let beacon = try #require(signals.first { $0.detector == "beaconing" })
        #expect(beacon.entity == EntityRef(.ip, "10.1.0.5"))
        #expect(beacon.related.first == EntityRef(.ip, "203.0.113.66"))
        #expect(signals.allSatisfy { !$0.deviations.isEmpty && !$0.evidence.isEmpty })
        // Same input, same signals (ids included).
        var again = try TriageReplay.core()
        #expect(TriageReplay.run(events: events, core: &again).signals == signals)
    }

    @Test("signals print as text and as one JSON object per line")
    func printing() throws {
        let s = Signal(id: "abc", detector: "beaconing", entity: EntityRef(.host, "WS-1"), related: [EntityRef(.host, "c2.example")],
                       time: 1_709_294_400_000, score: 0.875, title: "Beaconing: \"quoted\" title",
                       deviations: [FeatureDeviation(feature: "interval_dispersion", observed: 0.04, baseline: 0.69, unit: "MAD/median",
                                                     detail: "line one\nline two")],
                       evidence: ["e1", "e2"], technique: "T1071.001")
        let text = SignalPrinter.text(s)
        #expect(text.hasPrefix("2024-03-01T12:00:00Z  beaconing  score 0.88  host:WS-1 → host:c2.example  [T1071.001]"))
        #expect(text.contains("interval_dispersion: observed 0.04, baseline 0.69 MAD/median"))
        #expect(text.contains("evidence: 2 event(s): e1, e2"))
        let line = SignalPrinter.jsonLine(s)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["detector"] as? String == "beaconing")
        #expect((object["entity"] as? [String: Any])?["id"] as? String == "WS-1")
        #expect((object["related"] as? [[String: Any]])?.first?["kind"] as? String == "host")
        #expect(object["score"] as? Double == 0.875)
        #expect(object["title"] as? String == "Beaconing: \"quoted\" title")
        #expect(object["time"] as? Int == 1_709_294_400_000)
        #expect(object["evidenceCount"] as? Int == 2)
        let deviation = try #require((object["deviations"] as? [[String: Any]])?.first)
        #expect(deviation["baseline"] as? Double == 0.69)
        #expect(deviation["detail"] as? String == "line one\nline two")
        #expect(deviation["peerBaseline"] is NSNull)
    }

    @Test("Event JSON lines round-trip; bad lines are counted with a reason")
    func eventJSONLines() throws {
        let event = Event(id: "E1", time: 1_709_294_400_000, kind: .authentication, user: "jdoe", sourceIP: "10.1.0.5", logonType: 3,
                          authPackage: "NTLM", properties: ["zone": "user-lan"])
        let encoded = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        var reader = EventJSONLinesReader()
        let events = reader.parse(text: [encoded, "", "{not json", #"{"id":"E2","time":"soon","kind":"vpn","outcome":"success","properties":{}}"#,
                                         #"{"id":"E3","kind":"vpn","outcome":"success","properties":{}}"#].joined(separator: "\n"))
        #expect(events == [event])
        #expect(reader.errorCount == 3)
        #expect(reader.errors.map(\.line) == [3, 4, 5])
        #expect(reader.errors[1].message.contains("time"))
        #expect(reader.errors[2].message == "missing field time")
    }
}
