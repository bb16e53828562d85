@testable import Ingestion
import Testing
import VigilCore

/// Rows in the shape the emulator returns for the default query over simulator data: the simulator's Ariel JSONL
/// writer (Sources/Simulation/Output/ArielJSON.swift) puts QRadar fields at the top level and custom properties
/// under "properties"; an Ariel search returns those properties as columns named by display name. These helpers
/// follow that writer field by field, so the test checks that the default mapping undoes it.
enum SimulatorRows {
    static func event(_ e: Event, logSource: String, typeName: String, sourceIP fallback: String) -> IngestRow {
        var r: IngestRow = [
            "starttime": .int(e.time + 1_234), "devicetime": .int(e.time), "qidname": .string(e.name ?? "Unknown"),
            "logsourcename": .string(logSource), "logsourcetypename": .string(typeName),
            "sourceip": .string(e.sourceIP ?? fallback), "destinationip": .string(e.destinationIP ?? "0.0.0.0"),
            "sourceport": .int(Int64(e.sourcePort ?? 0)), "destinationport": .int(Int64(e.destinationPort ?? 0)),
            "severity": .int(Int64(max(0, min(10, e.severity ?? 1)))), "credibility": .int(8), "relevance": .int(5),
            "eventcount": .int(1), "eventdirection": .string("L2L"), "payload": .string("<13>raw"),
            "Vigil Event ID": .string(e.id), "Outcome": .string(e.outcome.rawValue), "Event Kind": .string(e.kind.rawValue),
        ]
        if let v = e.category { r["categoryname"] = .string(v) }
        if let v = e.user { r["username"] = .string(v) }
        if let v = e.networkProtocol {
            r["protocolname"] = .string(v == "DNS" || v == "UDP" ? "UDP" : "TCP")
            r["Application Protocol"] = .string(v)
        }
        if let v = e.eventCode { r["Event ID"] = .string(v) }
        if let v = e.sourceHost { r["Source Host"] = .string(v) }
        if let v = e.destinationHost { r["Destination Host"] = .string(v) }
        if let v = e.application { r["Application"] = .string(v) }
        if let v = e.resource { r["Resource"] = .string(v) }
        if let v = e.device { r["Device"] = .string(v) }
        if let v = e.logonType { r["Logon Type"] = .string(String(v)) }
        if let v = e.authPackage { r["Authentication Package"] = .string(v) }
        if let v = e.command { r["Process CommandLine"] = .string(v) }
        if let v = e.failureReason { r["Failure Reason"] = .string(v) }
        if let v = e.bytesIn { r["Bytes In"] = .string(String(v)) }
        if let v = e.bytesOut { r["Bytes Out"] = .string(String(v)) }
        if let g = e.geo {
            r["Country"] = .string(g.country)
            if let c = g.city { r["City"] = .string(c) }
        }
        for (k, v) in e.properties where k != "Payload" { r[k] = .string(v) }
        return r
    }

    static func flow(_ e: Event, flowID: Int64) -> IngestRow {
        let sent = e.bytesOut ?? 0, received = e.bytesIn ?? 0
        let packets = max(2, e.packets ?? 2)
        let sourcePackets = max(1, packets * (sent + 1) / (sent + received + 2))
        var r: IngestRow = [
            "starttime": .int(e.time), "endtime": .int(e.time + 40), "firstpackettime": .int(e.time),
            "lastpackettime": .int(e.time + 40), "protocolname": .string(e.networkProtocol ?? "TCP"),
            "sourcebytes": .int(sent), "destinationbytes": .int(received), "sourcepackets": .int(sourcePackets),
            "destinationpackets": .int(max(1, packets - sourcePackets)), "flowdirection": .string("L2R"),
            "flowid": .int(flowID), "flowtype": .int(0), "sourceport": .int(Int64(e.sourcePort ?? 0)),
            "destinationport": .int(Int64(e.destinationPort ?? 0)), "Vigil Event ID": .string(e.id),
        ]
        if let v = e.sourceIP { r["sourceip"] = .string(v) }
        if let v = e.destinationIP { r["destinationip"] = .string(v) }
        if let v = e.application { r["applicationname"] = .string(v) }
        if let g = e.geo { r["geographic"] = .string(g.country) }
        if let v = e.sourceHost { r["Source Host"] = .string(v) }
        if let v = e.destinationHost { r["Destination Host"] = .string(v) }
        if let v = e.user { r["Username"] = .string(v) }
        return r
    }

    /// Simulator-like events of every kind the default mapping must recognise.
    static let events: [Event] = [
        Event(id: "e1", time: 1_790_000_000_123, kind: .authentication, name: "An account was successfully logged on",
              eventCode: "4624", user: "alice", sourceIP: "10.1.2.3", sourceHost: "WS-ALICE", destinationIP: "10.0.0.10",
              destinationHost: "DC01", destinationPort: 445, networkProtocol: "SMB", device: "WS-ALICE", outcome: .success,
              logSource: "WinSec @ DC01", logonType: 3, authPackage: "Kerberos", severity: 1, category: "User Login Success",
              properties: ["Target Domain": "CORP"]),
        Event(id: "e2", time: 1_790_000_001_000, kind: .authentication, name: "An account failed to log on", eventCode: "4625",
              user: "bob", sourceIP: "10.1.2.4", sourceHost: "WS-BOB", destinationIP: "10.0.0.10", outcome: .failure,
              logSource: "WinSec @ DC01", logonType: 10, authPackage: "NTLM", failureReason: "Unknown user name or bad password.",
              severity: 3, category: "User Login Failure", properties: ["Status": "0xC000006D", "Sub Status": "0xC000006A"]),
        Event(id: "e3", time: 1_790_000_002_000, kind: .vpn, name: "VPN session started", eventCode: "113039", user: "carol",
              sourceIP: "198.51.100.20", destinationIP: "203.0.113.5", destinationPort: 443, networkProtocol: "TLS",
              application: "AnyConnect", device: "carol-mac", outcome: .success, logSource: "ASA @ vpn01", severity: 2,
              category: "Remote Access Login Succeeded"),
        Event(id: "e4", time: 1_790_000_003_000, kind: .fileAccess, name: "File read", eventCode: "FILE_READ", user: "dave",
              sourceIP: "10.1.2.5", destinationIP: "10.0.0.20", destinationHost: "FS01", application: "FileAudit",
              resource: "\\\\FS01\\finance\\q3.xlsx", bytesIn: 40_960, bytesOut: 300, outcome: .success,
              logSource: "FileAudit @ FS01", severity: 1, category: "File Read"),
        Event(id: "e5", time: 1_790_000_004_000, kind: .process, name: "A new process has been created", eventCode: "4688",
              user: "erin", sourceIP: "10.1.2.6", sourceHost: "WS-ERIN", outcome: .success, logSource: "WinSec @ WS-ERIN",
              command: "powershell.exe -enc SQBFAFgA", severity: 2, category: "Process Creation Success",
              properties: ["Parent Process": "explorer.exe"]),
        Event(id: "e6", time: 1_790_000_005_000, kind: .database, name: "SQL statement executed", eventCode: "SELECT",
              user: "svc_app", sourceIP: "10.1.3.1", destinationIP: "10.0.0.30", destinationPort: 1433, networkProtocol: "TDS",
              application: "Payroll", resource: "dbo.salaries", bytesIn: 5_000, bytesOut: 220, outcome: .success,
              logSource: "MSSQL @ DB01", command: "SELECT * FROM dbo.salaries", severity: 1, category: "Database Query"),
        Event(id: "e7", time: 1_790_000_006_000, kind: .logoff, name: "An account was logged off", eventCode: "4634",
              user: "alice", sourceIP: "10.1.2.3", outcome: .success, logSource: "WinSec @ DC01", logonType: 3, severity: 1,
              category: "User Logout"),
        Event(id: "e8", time: 1_790_000_007_000, kind: .vpn, name: "VPN authentication rejected", eventCode: "113015",
              user: "mallory", sourceIP: "192.0.2.50", destinationIP: "203.0.113.5",
              geo: GeoLocation(country: "RO", city: "Bucharest"), outcome: .failure,
              logSource: "ASA @ vpn01", failureReason: "bad password", severity: 4, category: "Remote Access Login Failed"),
    ]
}

@Suite struct SimulatorRoundTripTests {
    @Test(arguments: SimulatorRows.events)
    func defaultMappingRestoresSimulatorEvents(original: Event) throws {
        let row = SimulatorRows.event(original, logSource: original.logSource ?? "x", typeName: "Microsoft Windows Security Event Log",
                                      sourceIP: "10.9.9.9")
        let normalizer = ArielNormalizer(mapping: try Fixtures.mapping())
        let out = normalizer.normalize(row, database: .events)
        #expect(out.issues.isEmpty)
        var e = try #require(out.event)
        // Every property the simulator set comes back; the rest are QRadar's own columns.
        for (k, v) in original.properties { #expect(e.properties[k] == v, "property \(k)") }
        #expect(Set(e.properties.keys).subtracting(original.properties.keys)
            == ["starttime", "logsourcetypename", "credibility", "relevance", "eventcount", "eventdirection", "protocolname"]
            .reduce(into: Set<String>()) { s, k in if row[k] != nil { s.insert(k) } })
        e.properties = original.properties
        #expect(e == original)
    }

    @Test func kindRulesAloneRecoverTheKindWithoutTheKindProperty() throws {
        let normalizer = ArielNormalizer(mapping: try Fixtures.mapping())
        for original in SimulatorRows.events {
            var row = SimulatorRows.event(original, logSource: "x", typeName: "t", sourceIP: "10.9.9.9")
            row["Event Kind"] = nil
            #expect(normalizer.normalize(row, database: .events).event?.kind == original.kind, "\(original.id)")
        }
    }

    @Test func flowRowsComeBackAsNetworkFlows() throws {
        let original = Event(id: "f1", time: 1_790_000_010_000, kind: .networkFlow, user: "alice", sourceIP: "10.1.2.3",
                             sourceHost: "WS-ALICE", destinationIP: "93.184.216.34", sourcePort: 50_123, destinationPort: 443,
                             networkProtocol: "TCP", application: "HTTPS", bytesIn: 120_000, bytesOut: 3_000, packets: 140,
                             geo: GeoLocation(country: "US"))
        let normalizer = ArielNormalizer(mapping: try Fixtures.mapping())
        let e = try #require(normalizer.normalize(SimulatorRows.flow(original, flowID: 5), database: .flows).event)
        #expect(e.id == "f1")
        #expect(e.kind == .networkFlow)
        #expect(e.time == original.time)
        #expect(e.user == "alice" && e.sourceHost == "WS-ALICE")
        #expect(e.sourceIP == original.sourceIP && e.destinationIP == original.destinationIP)
        #expect(e.sourcePort == 50_123 && e.destinationPort == 443)
        #expect(e.networkProtocol == "TCP" && e.application == "HTTPS")
        #expect(e.bytesIn == 120_000 && e.bytesOut == 3_000 && e.packets == 140)
        #expect(e.geo?.country == "US")
    }
}
