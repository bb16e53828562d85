import Foundation
import LEEF
import Testing
import VigilCore
@testable import Simulation

/// The files on disk: formats, cross-references, and byte-for-byte determinism.
@Suite("Output files")
struct OutputTests {
    static let config = SimulationConfig(users: 40, days: 3, seed: 11, scenario: "log-tampering", attackStartDay: 1)

    static func write(_ config: SimulationConfig, name: String) throws -> (String, SimulationSummary) {
        let dir = temporaryDirectory(name)
        let summary = try Simulator.run(config: config, outputDirectory: dir)
        return (dir, summary)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("Same seed, same bytes; different seed, different events")
    func determinism() throws {
        let (a, summaryA) = try Self.write(Self.config, name: "a")
        let (b, _) = try Self.write(Self.config, name: "b")
        var other = Self.config
        other.seed = 12
        let (c, _) = try Self.write(other, name: "c")
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(summaryA.files.count == 12)
        for f in summaryA.files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f.path))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f.path))
            #expect(x == y, "\(f.path) differs between two runs with the same seed")
            #expect(Int64(x.count) == f.bytes)
        }
        let x = try Data(contentsOf: URL(fileURLWithPath: a + "/events.jsonl"))
        let z = try Data(contentsOf: URL(fileURLWithPath: c + "/events.jsonl"))
        #expect(x != z)
    }

    @Test("Every file parses, and the formats agree with each other and with the labels")
    func formats() throws {
        let (dir, summary) = try Self.write(Self.config, name: "formats")
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // events.jsonl decodes as VigilCore Event, in time order, with unique ids.
        let eventLines = try Self.lines(dir + "/events.jsonl")
        #expect(eventLines.count == summary.counts.events)
        let decoder = JSONDecoder()
        let events = try eventLines.map { try decoder.decode(Event.self, from: Data($0.utf8)) }
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
        let byID = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0) })
        // And they are the simulator's events, field for field.
        let regenerated = try Simulator(config: Self.config).events().map(\.event)
        #expect(regenerated == events)

        // LEEF: one line per non-flow event; parseable ones decode and carry the event id; malformed ones do not parse.
        let leefLines = try Self.lines(dir + "/leef/events.leef")
        #expect(leefLines.count == summary.counts.events - summary.counts.flows)
        let logEvents = events.filter { $0.kind != .networkFlow }
        var malformed = 0
        for (line, e) in zip(leefLines, logEvents) {
            #expect(e.properties["Malformed"] == nil, "no property marks malformed records")
            if e.eventCode == "UNPARSED" {
                // A broken source's garbage, byte for byte, and not parseable as LEEF.
                malformed += 1
                #expect(line == e.properties["Payload"])
                #expect(throws: LEEFError.self) { try LEEFDecoder.decode(line, referenceTime: SimulationConfig.defaultStart) }
                continue
            }
            let m = try LEEFDecoder.decode(line, referenceTime: SimulationConfig.defaultStart)
            #expect(m.header?.format == .rfc5424)
            #expect(m.event.version == .v2)
            #expect(m.event.attributes["vigilEventId"] == e.id)
            #expect(m.event.eventID == e.eventCode)
            #expect(m.header?.timestamp == e.time)
            #expect(m.event.userName == e.user)
            #expect(m.event.sourceIP == e.sourceIP)
            #expect(m.event.devTime == e.time)
            #expect(m.event.attributes["command"] == e.command)
            #expect(m.header?.hostname != nil)
        }
        #expect(malformed == summary.counts.malformed)
        #expect(malformed > 0)

        // Ariel JSONL: QRadar field names, the stable id as a custom property, flows in their own file.
        let arielEvents = try Self.lines(dir + "/ariel/events.jsonl")
        let arielFlows = try Self.lines(dir + "/ariel/flows.jsonl")
        #expect(arielEvents.count == leefLines.count)
        #expect(arielFlows.count == summary.counts.flows)
        for line in arielEvents.prefix(2_000) {
            let o = try Self.json(line)
            for key in ["starttime", "devicetime", "qidname", "logsourcename", "logsourcetypename", "payload", "properties"] {
                #expect(o[key] != nil, "ariel event lacks \(key)")
            }
            let props = try #require(o["properties"] as? [String: Any])
            let id = try #require(props["Vigil Event ID"] as? String)
            let e = try #require(byID[id])
            #expect((o["devicetime"] as? NSNumber)?.int64Value == e.time)
            #expect(((o["starttime"] as? NSNumber)?.int64Value ?? 0) >= e.time)
        }
        for line in arielFlows.prefix(2_000) {
            let o = try Self.json(line)
            #expect(o["database"] as? String == "flows")
            for key in ["sourceip", "destinationip", "sourcebytes", "destinationbytes", "firstpackettime", "lastpackettime", "flowid"] {
                #expect(o[key] != nil, "ariel flow lacks \(key)")
            }
            let id = try #require((o["properties"] as? [String: Any])?["Vigil Event ID"] as? String)
            #expect(byID[id]?.kind == .networkFlow)
        }

        // labels.json: every id exists, every malicious-looking event is listed, time ranges contain their events.
        let labels = try Self.json(try String(contentsOfFile: dir + "/labels.json", encoding: .utf8))
        let campaigns = try #require(labels["campaigns"] as? [[String: Any]])
        let benign = try #require(labels["benign"] as? [[String: Any]])
        var labelled = Set<String>()
        var groups: [[String: Any]] = benign
        for c in campaigns { groups += try #require(c["stages"] as? [[String: Any]]) }
        for g in groups {
            let ids = try #require(g["eventIDs"] as? [String])
            let start = try #require((g["start"] as? NSNumber)?.int64Value)
            let end = try #require((g["end"] as? NSNumber)?.int64Value)
            for id in ids {
                let e = try #require(byID[id], "labels.json names missing event \(id)")
                #expect(start <= e.time && e.time <= end)
                labelled.insert(id)
            }
        }
        let totals = try #require(labels["totals"] as? [String: Any])
        #expect((totals["malicious"] as? Int ?? -1) + (totals["benignLabelled"] as? Int ?? -1) == labelled.count)
        let stages = try campaigns.flatMap { try #require($0["stages"] as? [[String: Any]]) }
        #expect(stages.contains { ($0["logSourceGaps"] as? [[String: Any]])?.isEmpty == false })
        #expect(stages.allSatisfy { ($0["technique"] as? String)?.hasPrefix("T") == true && $0["tactic"] != nil && $0["entities"] != nil })
    }

    @Test("Context files: CMDB, QRadar assets, vulnerabilities, HR and threat intelligence")
    func context() throws {
        var config = SimulationConfig(users: 40, days: 2, seed: 11, scenario: "insider-theft", attackStartDay: 0)
        config.outputs = [.context, .labels]
        let (dir, summary) = try Self.write(config, name: "context")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(summary.files.map(\.path).sorted() == ["context/cmdb.json", "context/directory.json", "context/hr.json", "context/log-sources.json", "context/qradar-assets.json",
                                                       "context/threat-intel.json", "context/vulnerabilities.json", "labels.json"])
        let cmdb = try Self.json(try String(contentsOfFile: dir + "/context/cmdb.json", encoding: .utf8))
        let assets = try #require(cmdb["assets"] as? [[String: Any]])
        #expect(assets.count > 40)
        #expect(assets.allSatisfy { $0["hostname"] != nil && $0["criticality"] != nil && $0["zone"] != nil && $0["ip"] != nil })
        let qradar = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/context/qradar-assets.json"))) as? [[String: Any]])
        #expect(qradar.count == assets.count)
        for a in qradar.prefix(50) {
            for key in ["id", "domain_id", "hostnames", "interfaces", "properties", "vulnerability_count", "risk_score_sum", "users"] {
                #expect(a[key] != nil, "QRadar asset lacks \(key)")
            }
            let ips = (a["interfaces"] as? [[String: Any]])?.first?["ip_addresses"] as? [[String: Any]]
            #expect(ips?.first?["value"] as? String != nil)
            #expect((a["properties"] as? [[String: Any]])?.contains { $0["name"] as? String == "Unified Name" } == true)
        }
        let hr = try Self.json(try String(contentsOfFile: dir + "/context/hr.json", encoding: .utf8))
        let people = try #require(hr["people"] as? [[String: Any]])
        #expect(people.count == 40)
        #expect(people.contains { $0["status"] as? String == "notice-period" && $0["resignationDate"] != nil && $0["lastDay"] != nil })
        #expect(people.allSatisfy { $0["username"] != nil && $0["department"] != nil && $0["startDate"] != nil && $0["title"] != nil })
        let vulns = try Self.json(try String(contentsOfFile: dir + "/context/vulnerabilities.json", encoding: .utf8))
        #expect(((vulns["findings"] as? [[String: Any]])?.count ?? 0) > 5)
        let ti = try Self.json(try String(contentsOfFile: dir + "/context/threat-intel.json", encoding: .utf8))
        #expect(((ti["indicators"] as? [[String: Any]])?.count ?? 0) >= 120)
    }

    @Test("Bad configurations are refused with a clear error")
    func validation() {
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(users: 5)) }
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(days: 0)) }
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(scenario: "no-such-scenario")) }
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(stealth: 2)) }
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(start: SimulationConfig.defaultStart + 1)) }
        #expect(throws: SimulationError.self) { try Simulator(config: SimulationConfig(intensity: .nan)) }
        do {
            _ = try Simulator(config: SimulationConfig(scenario: "nope"))
        } catch {
            #expect(error.description.contains("campaign"))
        }
        #expect(throws: SimulationError.self) {
            try Simulator.run(config: SimulationConfig(users: 30, days: 1), outputDirectory: "/proc/vigil-cannot-write-here")
        }
    }
}

@Suite struct EventAsReadTests {
    /// What the evaluation replays is what the sidecar's Ariel query returns: events carry their log source's
    /// QRadar type name (the emulator's `LOGSOURCETYPENAME(devicetype)`), flows do not.
    @Test func eventsCarryTheirLogSourceTypeAsArielReturnsIt() {
        let f = Fixture.campaign
        var checked = 0
        for s in f.events.prefix(5_000) {
            let e = s.eventAsRead(in: f.enterprise)
            if s.isFlow {
                #expect(e.properties["logsourcetypename"] == nil)
            } else {
                #expect(e.properties["logsourcetypename"] == f.enterprise.logSources[s.logSourceIndex].type.qradarTypeName)
                checked += 1
            }
            var plain = e
            plain.properties["logsourcetypename"] = s.event.properties["logsourcetypename"]
            #expect(plain == s.event, "nothing else changes")
        }
        #expect(checked > 1_000)
    }
}
