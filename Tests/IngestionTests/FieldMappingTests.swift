#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Ingestion
import Testing
import VigilCore

@Suite struct FieldMappingTests {
    func normalize(_ row: IngestRow, _ db: ArielDatabase = .events) throws -> NormalizationOutcome {
        ArielNormalizer(mapping: try Fixtures.mapping()).normalize(row, database: db)
    }

    @Test func committedDefaultFileEqualsTheEmbeddedMapping() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/mapping.default.json")
        let data = try Data(contentsOf: url)
        let fromFile = try FieldMapping.decode(json: Array(data))
        #expect(fromFile == (try FieldMapping.defaultMapping()))
        // Encoding and decoding keeps the mapping (the format round-trips).
        let again = try FieldMapping.decode(json: Array(try JSONEncoder().encode(fromFile)))
        #expect(again == fromFile)
    }

    @Test func everyFieldIsMapped() throws {
        let row: IngestRow = [
            "starttime": .int(1_700_000_001_000), "devicetime": .int(1_700_000_000_500),
            "qidname": .string("Remote Access Login Succeeded"), "Event ID": .string("113039"),
            "username": .string("jdoe"), "sourceip": .string("198.51.100.7"), "Source Host": .string("laptop-1"),
            "destinationip": .string("203.0.113.10"), "Destination Host": .string("vpn-gw"),
            "sourceport": .int(51_000), "destinationport": .int(443), "protocolname": .string("TCP"),
            "Application": .string("AnyConnect"), "Resource": .string("corp-vpn"),
            "Bytes In": .string("2048"), "Bytes Out": .int(1024), "Packets": .int(12),
            "Country": .string("de"), "City": .string("Berlin"), "Latitude": .double(52.52), "Longitude": .string("13.40"),
            "Device": .string("LAPTOP-1"), "Outcome": .string("Success"), "logsourcename": .string("ASA @ vpn-gw"),
            "Logon Type": .string("10"), "Authentication Package": .string("Kerberos"),
            "Process CommandLine": .string("cmd.exe /c whoami"), "Failure Reason": .string("none"),
            "severity": .int(4), "categoryname": .string("Remote Access Login Succeeded"),
            "eventdirection": .string("R2L"), "payload": .string("raw bytes"),
        ]
        let out = try normalize(row, .events)
        #expect(out.issues.isEmpty)
        let e = try #require(out.event)
        #expect(e.time == 1_700_000_000_500)
        #expect(e.name == "Remote Access Login Succeeded")
        #expect(e.eventCode == "113039")
        #expect(e.user == "jdoe")
        #expect(e.sourceIP == "198.51.100.7")
        #expect(e.sourceHost == "laptop-1")
        #expect(e.destinationIP == "203.0.113.10")
        #expect(e.destinationHost == "vpn-gw")
        #expect(e.sourcePort == 51_000)
        #expect(e.destinationPort == 443)
        #expect(e.networkProtocol == "TCP")
        #expect(e.application == "AnyConnect")
        #expect(e.resource == "corp-vpn")
        #expect(e.bytesIn == 2048)
        #expect(e.bytesOut == 1024)
        #expect(e.packets == 12)
        #expect(e.geo == GeoLocation(country: "DE", city: "Berlin", latitude: 52.52, longitude: 13.40))
        #expect(e.device == "LAPTOP-1")
        #expect(e.outcome == .success)
        #expect(e.logSource == "ASA @ vpn-gw")
        #expect(e.logonType == 10)
        #expect(e.authPackage == "Kerberos")
        #expect(e.command == "cmd.exe /c whoami")
        #expect(e.failureReason == "none")
        #expect(e.severity == 4)
        #expect(e.category == "Remote Access Login Succeeded")
        #expect(e.kind == .vpn)
        // Unmapped columns go to properties under their own names; mapped ones and the payload do not.
        #expect(e.properties == ["starttime": "1700000001000", "eventdirection": "R2L"])
    }

    @Test func columnsMatchCaseInsensitivelyAndIgnoringPunctuation() throws {
        let row: IngestRow = ["STARTTIME": .int(5_000), "UserName": .string("a"), "logon_type": .int(3), "SourceIP": .string("10.1.1.1")]
        let e = try #require(try normalize(row).event)
        #expect(e.time == 5_000)
        #expect(e.user == "a")
        #expect(e.logonType == 3)
        #expect(e.sourceIP == "10.1.1.1")
    }

    @Test func flowsSumPacketsAndMapBytesByDirection() throws {
        let row: IngestRow = ["starttime": .int(60_000), "firstpackettime": .int(59_000), "flowid": .int(7),
                              "sourcebytes": .int(500), "destinationbytes": .int(9_000), "sourcepackets": .int(4),
                              "destinationpackets": .int(9), "protocolname": .string("TCP"), "applicationname": .string("SMB"),
                              "geographic": .string("other")]
        let e = try #require(try normalize(row, .flows).event)
        #expect(e.kind == .networkFlow)
        #expect(e.time == 59_000)
        #expect(e.bytesOut == 500)
        #expect(e.bytesIn == 9_000)
        #expect(e.packets == 13)
        #expect(e.application == "SMB")
        #expect(e.geo == nil) // "other" is QRadar's "no location"
        #expect(e.id == "flow:7:59000:60000")
    }

    @Test func unsetAddressesAndZeroPortsAreAbsent() throws {
        let row: IngestRow = ["starttime": .int(1), "destinationip": .string("0.0.0.0"), "sourcev6": .string("0:0:0:0:0:0:0:0"),
                              "sourceip": .null, "destinationport": .int(0)]
        let e = try #require(try normalize(row).event)
        #expect(e.destinationIP == nil)
        #expect(e.sourceIP == nil)
        #expect(e.destinationPort == nil)
    }

    @Test(arguments: [
        ("4624", EventKind.authentication), ("4625", .authentication), ("4634", .logoff), ("4648", .explicitCredentials),
        ("4672", .privilegeAssigned), ("4688", .process), ("4768", .kerberos), ("4769", .kerberos),
        ("5140", .shareAccess), ("5145", .shareAccess), ("4740", .other),
    ])
    func windowsEventIDsDecideTheKind(code: String, kind: EventKind) throws {
        let e = try #require(try normalize(["starttime": .int(1), "Event ID": .string(code), "categoryname": .string("Misc")]).event)
        #expect(e.kind == kind)
    }

    @Test(arguments: [
        ("User Login Success", "An account logged on", EventKind.authentication),
        ("Remote Access Login Failed", "VPN authentication rejected", .vpn),
        ("Misc", "VPN session started", .vpn),
        ("User Logout", "x", .logoff),
        ("Kerberos Service Ticket Granted", "x", .kerberos),
        ("Command Execution", "sudo command executed", .process),
        ("File Share Access", "x", .shareAccess),
        ("File Read", "x", .fileAccess),
        ("Database Query", "x", .database),
        ("Web Access Denied", "x", .webProxy),
        ("Heartbeat", "x", .heartbeat),
        ("Application Access", "x", .applicationAccess),
        ("Network Flow", "x", .networkFlow),
        ("Password Reset", "x", .other),
    ])
    func categoryAndNameRulesDecideTheKind(category: String, name: String, kind: EventKind) throws {
        let e = try #require(try normalize(["starttime": .int(1), "categoryname": .string(category), "qidname": .string(name)]).event)
        #expect(e.kind == kind)
    }

    @Test func anExplicitKindPropertyComesFirstAndBadValuesAreCounted() throws {
        let good = try #require(try normalize(["starttime": .int(1), "Event Kind": .string("vpn"), "Event ID": .string("4624")]).event)
        #expect(good.kind == .vpn)
        let out = try normalize(["starttime": .int(1), "Event Kind": .string("teleport"), "Event ID": .string("4624")])
        #expect(out.event?.kind == .authentication)
        #expect(out.issues.map(\.field) == ["kind"])
    }

    @Test func outcomeFromPropertyOrFromTheName() throws {
        #expect(try normalize(["starttime": .int(1), "Outcome": .string("FAILED")]).event?.outcome == .failure)
        #expect(try normalize(["starttime": .int(1), "qidname": .string("User Login Failure")]).event?.outcome == .failure)
        #expect(try normalize(["starttime": .int(1), "qidname": .string("User Login Success")]).event?.outcome == .success)
        // The property wins over the name.
        #expect(try normalize(["starttime": .int(1), "qidname": .string("Failed x"), "Outcome": .string("success")]).event?.outcome == .success)
    }

    @Test func malformedValuesAreCountedPerFieldAndTheEventIsKept() throws {
        let row: IngestRow = ["starttime": .int(9_000), "devicetime": .string("yesterday"), "sourceport": .string("http"),
                              "Logon Type": .string("ten"), "Latitude": .double(123), "Bytes In": .int(-5),
                              "severity": .int(99), "Outcome": .string("maybe")]
        let out = try normalize(row)
        let e = try #require(out.event)
        #expect(e.time == 9_000) // fell back from the malformed devicetime to starttime
        #expect(e.sourcePort == nil && e.logonType == nil && e.bytesIn == nil && e.severity == nil)
        var stats = NormalizationStats()
        stats.record(out)
        #expect(stats.accepted == 1)
        #expect(stats.malformed == ["time": 1, "sourcePort": 1, "logonType": 1, "latitude": 1, "bytesIn": 1,
                                    "severity": 1, "outcome": 1])
        // Malformed values are not lost: they stay in properties under their column names.
        #expect(e.properties["sourceport"] == "http")
    }

    @Test func aRowWithoutTimeIsRejectedWithAReason() throws {
        var stats = NormalizationStats()
        let missing = try normalize(["username": .string("x")])
        #expect(missing.event == nil)
        #expect(missing.rejection == "time is missing")
        stats.record(missing)
        let bad = try normalize(["starttime": .string("soon")])
        #expect(bad.rejection == "time is malformed")
        stats.record(bad)
        #expect(stats.rejected == 2)
        #expect(stats.rejectionReasons == ["time is missing": 1, "time is malformed": 1])
    }

    @Test func badMappingFilesAreRejectedWithClearErrors() throws {
        let base = try FieldMapping.defaultMapping()
        var unknownField = base
        unknownField.fields["colour"] = [.column("x")]
        #expect(throws: IngestionConfigurationError.self) { try unknownField.validate() }
        var noTime = base
        noTime.fields["time"] = nil
        #expect(throws: IngestionConfigurationError.self) { try noTime.validate() }
        var badRule = base
        badRule.kindRules = [KindRule(kind: .vpn, fromColumn: "x")]
        #expect(throws: IngestionConfigurationError.self) { try badRule.validate() }
        var badCondition = base
        badCondition.kindRules = [KindRule(kind: .vpn, all: [KindCondition(field: "colour", equals: ["x"])])]
        #expect(throws: IngestionConfigurationError.self) { try badCondition.validate() }
        #expect(throws: IngestionConfigurationError.self) { try FieldMapping.decode(json: "{\"name\": 3}") }
    }

    @Test func anAdministratorsMappingIsHonoured() throws {
        let json = """
        {"name": "acme", "windowTimeColumn": "starttime",
         "identity": {"idColumns": ["Record ID"], "hashColumns": ["starttime"]},
         "computedColumns": {"events": {"qidname": "QIDNAME(qid)"}},
         "customProperties": {"events": ["Record ID", "Acme Site", "Acme User"]},
         "fields": {"time": ["starttime"], "user": ["Acme User"], "resource": ["Acme Site"], "name": ["qidname"]},
         "kindRules": [{"kind": "fileAccess", "all": [{"column": "Acme Site", "prefix": ["share-"]}]}],
         "defaultKind": "applicationAccess",
         "outcome": {"failureValues": ["no"], "successValues": ["yes"], "failureNameContains": [], "defaultOutcome": "unknown"},
         "nullValues": [], "zeroPortIsNull": false, "dropColumns": []}
        """
        let mapping = try FieldMapping.decode(json: json)
        let n = ArielNormalizer(mapping: mapping)
        let e = try #require(n.normalize(["starttime": .int(3), "acme user": .string("ann"), "Acme Site": .string("share-7"),
                                          "Record ID": .int(99)], database: .events).event)
        #expect(e.user == "ann" && e.resource == "share-7" && e.kind == .fileAccess && e.outcome == .unknown && e.id == "99")
        let other = try #require(n.normalize(["starttime": .int(3)], database: .events).event)
        #expect(other.kind == .applicationAccess)
        // The built query selects the mapping's columns.
        let select = ArielQueryBuilder.select(for: mapping, database: .events)
        #expect(select.contains("\"Acme User\"") && select.contains("\"Acme Site\"") && select.contains("QIDNAME(qid) AS 'qidname'"))
        _ = try PollPlanner(source: SourceDefinition(name: "acme"), mapping: mapping)
    }

    /// What a row of the built query holds is what `selectedColumns` names: the computed aliases (the log source
    /// type Sigma and the host-behaviour catalog read) included, so the evaluation keeps what `vigil serve` reads.
    @Test func selectedColumnsAreTheNamesOfTheSelectList() throws {
        let mapping = try FieldMapping.defaultMapping()
        let names = ArielQueryBuilder.selectedColumns(for: mapping, database: .events)
        let list = ArielQueryBuilder.selectList(for: mapping, database: .events)
        #expect(names.count == list.count)
        for (name, item) in zip(names, list) {
            #expect(item == name || item.hasSuffix(" AS '\(name)'") || item == "\"\(name)\"", "\(name) ↔ \(item)")
        }
        #expect(names.contains("logsourcetypename"))
        #expect(names.contains("Process Path"))
    }
}
