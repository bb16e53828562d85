import Foundation
import Simulation
import Testing
import VigilCore

@testable import Evaluation

/// The real-data mode on a tiny hand-made dataset in the converter's format (docs/REALDATA.md): rows go through the
/// default Ariel mapping, lab entities are put onto the simulated estate, and each sample is scored.
@Suite struct RealDataEvaluationTests {
    static func row(_ t: Int64, user: String, event: String, id: String, extra: [String: String] = [:]) -> String {
        var props: [String: String] = ["Event ID": event, "Vigil Event ID": id, "Source Host": "ws01.lab.local", "Logon Type": "3",
                                       "Not Selected By Vigil": "x"]
        for (k, v) in extra { props[k] = v }
        let object: [String: Any] = ["starttime": t, "devicetime": t, "offset_ms": 0, "qidname": "Success Audit: An account was successfully logged on",
                                     "categoryname": "Host Login Succeeded", "logsourcename": "WindowsAuthServer @ ws01.lab.local",
                                     "logsourcetypename": "Microsoft Windows Security Event Log", "username": user, "sourceip": "192.168.56.10",
                                     "eventcount": 1, "properties": props]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func dataset() throws -> String {
        let dir = NSTemporaryDirectory() + "vigil-realdata-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/samples", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/benign", withIntermediateDirectories: true)
        let base: Int64 = 1_638_652_756_741
        let attack = (0..<12).map { row(base + Int64($0) * 1_000, user: "labadmin", event: "4624", id: "real:s1:\($0)") }
        try attack.joined(separator: "\n").write(toFile: dir + "/samples/s1.jsonl", atomically: true, encoding: .utf8)
        try [row(base, user: "", event: "4624", id: "real:s2:0")].joined().write(toFile: dir + "/samples/s2.jsonl", atomically: true, encoding: .utf8)
        let benign = (0..<30).map { row(base + Int64($0) * 3_600_000, user: "benignuser", event: "4624", id: "benign:b:\($0)") }
        try benign.joined(separator: "\n").write(toFile: dir + "/benign/b.jsonl", atomically: true, encoding: .utf8)
        let manifest = """
        {"format": "vigil.realdata.v1", "samples": [
          {"id": "s1", "file": "samples/s1.jsonl", "tactic": "TA0006 Credential Access", "technique": "T1110 Brute Force", "split": "report",
           "entities": {"users": ["labadmin", "SYSTEM"], "hosts": ["ws01.lab.local"], "ips": ["192.168.56.10"]}},
          {"id": "s2", "file": "samples/s2.jsonl", "tactic": "TA0007 Discovery", "technique": "T1087", "split": "tune",
           "entities": {"users": [], "hosts": ["ws01.lab.local"], "ips": []}}],
         "benign": [{"file": "benign/b.jsonl", "entities": {"users": ["benignuser"], "hosts": ["ws01.lab.local"], "ips": []}}]}
        """
        try manifest.write(toFile: dir + "/manifest.json", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func samplesOfTheSplitAreScoredAndReported() async throws {
        let dir = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = try await offThePool { try RealDataEvaluation.run(config: RealDataConfig(dataset: dir, split: "report", users: 40, days: 4, warmupDays: 2, seed: 3)) }
        #expect(report.samples.map(\.id) == ["s1"], "only the report half")
        #expect(report.attackRows == 12)
        #expect(report.rejectedRows == 0)
        #expect(report.benignRows == 30)
        #expect(report.backgroundEvents > 1_000)
        #expect(report.text.contains("| TA0006 Credential Access | 1 |"))
        let json = try JSONValue.parse(report.json)
        #expect(json["all"]?["samples"]?.doubleValue == 1)
        #expect(json["all"]?["false_findings_per_day_per_1000"]?.doubleValue != nil)
        let all = try await offThePool { try RealDataEvaluation.run(config: RealDataConfig(dataset: dir, split: "all", users: 40, days: 4, warmupDays: 2, seed: 3)) }
        #expect(all.samples.count == 2)
    }

    @Test func rowsKeepOnlyTheColumnsTheSidecarSelects() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.row(5, user: "u", event: "4624", id: "real:x").utf8)) as? [String: Any])
        let selected: Set<String> = ["starttime", "username", "event id", "vigil event id"]
        let row = RealDataEvaluation.flatten(object, selected: selected)
        #expect(Set(row.keys) == ["starttime", "username", "Event ID", "Vigil Event ID"])
        #expect(row["starttime"] == .int(5))
    }

    @Test func labEntitiesBecomeTheVictimsAndBuiltInAccountsStay() throws {
        let sim = try Simulator(config: .init(users: 40, days: 2, seed: 9, scenario: "baseline", outputs: []))
        let e = sim.enterprise
        let victim = try #require(e.people.first { !$0.isService && $0.deviceIndex != nil })
        let sample = Manifest.Sample(id: "s", file: "f", tactic: nil, technique: nil, split: "report",
                                     entities: .init(users: ["jdoe", "SYSTEM", "WS01$"], hosts: ["ws01.lab.local"], ips: ["192.168.56.10"]))
        let remap = Remap(sample: sample, victim: victim, others: e.people, servers: Array(e.servers), enterprise: e, salt: 1)
        var ev = Event(id: "1", time: 0, kind: .authentication, user: "LAB\\jdoe", sourceIP: "192.168.56.10", sourceHost: "WS01")
        ev.logSource = "WindowsAuthServer @ ws01.lab.local"
        remap.apply(&ev)
        let device = try #require(e.device(of: victim))
        #expect(ev.user == victim.username)
        #expect(ev.sourceHost == device.hostname)
        #expect(ev.sourceIP == device.ip)
        #expect(ev.logSource == "WindowsAuthServer @ " + device.hostname)
        var system = Event(id: "2", time: 0, kind: .authentication, user: "SYSTEM")
        remap.apply(&system)
        #expect(system.user == "SYSTEM")
        #expect(remap.expected.contains(EntityRef(.user, victim.username)))
    }
}
