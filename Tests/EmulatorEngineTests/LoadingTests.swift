import Foundation
import Testing
@testable import EmulatorEngine

@Suite struct LoadingTests {
    @Test func jsonLinesCountMalformedLinesAndKeepGoing() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let text = """
        {"starttime": \(baseTime), "username": "a", "sourceip": "10.0.0.1"}
        this is not json
        {"starttime": \(baseTime), "sourceip": "999.1.1.1"}

        [1, 2, 3]
        {"starttime": "yesterday"}
        {"database": "flows", "starttime": \(baseTime), "sourceip": "10.0.0.1", "destinationip": "10.0.0.2"}
        {"database": "simarc"}
        {"STARTTIME": \(baseTime), "UserName": "b", "SourceIP": "10.0.0.2", "Vendor Field": 7}
        """
        let summary = try engine.load(jsonLines: text)
        #expect(summary.events == 2)
        #expect(summary.flows == 1)
        #expect(summary.rejected == 5)
        #expect(summary.errors.count == 5)
        #expect(summary.errors[0].hasPrefix("line 2:"))
        #expect(summary.errors[1].hasPrefix("line 3:") && summary.errors[1].contains("sourceip"))
        #expect(summary.errors[2].hasPrefix("line 5:"))
        #expect(summary.errors[3].hasPrefix("line 6:") && summary.errors[3].contains("starttime"))
        #expect(summary.errors[4].hasPrefix("line 8:"))
        let stats = engine.stats()
        #expect(stats["rejected"] == 5)
        #expect(stats["quarantine"]?.arrayValue?.count == 5)
        #expect(stats["quarantine"]?.arrayValue?.first?["line"] == "this is not json")
        // Keys are case-insensitive and unknown keys become custom properties.
        let id = try #require(try engine.createSearch(queryExpression: #"SELECT username, "vendor FIELD" FROM events WHERE username = 'b' LAST 1 HOURS"#)["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        #expect(try engine.searchResults(id: id).rows == [["username": "b", "vendor FIELD": "7"]])
    }

    @Test func leefLoadingMapsFieldsAndAutoDiscoversLogSources() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let devTime = baseTime - 3_600_000
        let text = """
        <13>Jan 31 09:00:00 proxy01 LEEF:2.0|Acme|WebGate|2.1|BLOCK|^|cat=Web Policy Violation^src=10.0.0.7^dst=93.184.216.34^srcPort=51000^dstPort=443^proto=TCP^usrName=alice^sev=4^devTime=\(devTime)^url=http://bad.example/x
        garbage line without leef
        LEEF:9.9|x|y|z|w|
        <13>Jan 31 09:00:01 proxy01 LEEF:2.0|Acme|WebGate|2.1|BLOCK|^|src=10.0.0.8^usrName=bob^devTime=\(devTime + 1000)
        """
        let summary = engine.load(leefLines: text, sourceHost: nil)
        #expect(summary.events == 2)
        #expect(summary.rejected == 2)
        #expect(summary.errors.first?.hasPrefix("line 2:") == true)
        let sources = engine.logSources().filter { $0["auto_discovered"] == true }
        #expect(sources.count == 1)
        let ls = try #require(sources.first)
        #expect(ls["name"] == "UniversalLEEF @ proxy01")
        #expect(ls["type_id"] == .int(LogSourceTypeCatalog.universalLEEF))
        #expect(ls["last_event_time"] == .int(baseTime))
        #expect(ls["status"]?["status"] == "SUCCESS")

        let q = #"SELECT starttime, devicetime, sourceip, destinationip, sourceport, destinationport, protocolid, username, severity, QIDNAME(qid), CATEGORYNAME(category), LOGSOURCETYPENAME(devicetype), "url", UTF8(payload) FROM events ORDER BY starttime LAST 2 HOURS"#
        let id = try #require(try engine.createSearch(queryExpression: q)["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let rows = try engine.searchResults(id: id).rows
        #expect(rows.count == 2)
        let r = try #require(rows.first)
        // Historical loads keep the device time as the start time.
        #expect(r["starttime"] == .int(devTime))
        #expect(r["devicetime"] == .int(devTime))
        #expect(r["sourceip"] == "10.0.0.7")
        #expect(r["destinationip"] == "93.184.216.34")
        #expect(r["sourceport"] == 51000)
        #expect(r["destinationport"] == 443)
        #expect(r["protocolid"] == 6)
        #expect(r["username"] == "alice")
        #expect(r["severity"] == 4)
        #expect(r["categoryname_category"] == "Web Policy Violation")
        #expect(r["logsourcetypename_devicetype"] == "Universal LEEF")
        #expect(r["url"] == "http://bad.example/x")
        #expect(r["utf8_payload"]?.stringValue?.contains("LEEF:2.0|Acme|WebGate") == true)
        // Both lines share one auto-created QID for (Universal LEEF, BLOCK).
        #expect(r["qidname_qid"] == "BLOCK")
        #expect(rows[1]["qidname_qid"] == "BLOCK")
    }

    @Test func liveIngestUsesReceiveTimeAndQuarantinesBadLines() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let ok = engine.ingestLEEF("LEEF:1.0|Vigil|Vigil|1.0|RiskScore|usrName=jdoe\tsev=2\tdevTime=\(baseTime - 99_000)", sourceHost: "10.1.1.1", receivedAt: baseTime)
        #expect(ok.accepted)
        let bad = engine.ingestLEEF("hello world", sourceHost: "10.1.1.1", receivedAt: baseTime)
        #expect(!bad.accepted)
        #expect(bad.reason?.isEmpty == false)
        #expect(engine.stats()["rejected"] == 1)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT starttime, devicetime, LOGSOURCENAME(logsourceid) FROM events")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let row = try #require(try engine.searchResults(id: id).rows.first)
        #expect(row["starttime"] == .int(baseTime))
        #expect(row["devicetime"] == .int(baseTime - 99_000))
        #expect(row["logsourcename_logsourceid"] == "Vigil @ 10.1.1.1")
    }

    @Test func qidAutoMapping() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        // A stock mapping: Windows 4625 on the Windows DSM.
        _ = engine.ingestLEEF("LEEF:1.0|Microsoft|Windows|10|4625|usrName=x\tsrc=10.0.0.3", sourceHost: "dc01", receivedAt: baseTime)
        // Unknown event ids get new QIDs, stable per (type, event id).
        _ = engine.ingestLEEF("LEEF:1.0|Acme|Thing|1|NewKind|src=10.0.0.3", sourceHost: "h1", receivedAt: baseTime)
        _ = engine.ingestLEEF("LEEF:1.0|Acme|Thing|1|NewKind|src=10.0.0.4", sourceHost: "h1", receivedAt: baseTime)
        _ = engine.ingestLEEF("LEEF:1.0|Acme|Thing|1|OtherKind|src=10.0.0.4", sourceHost: "h1", receivedAt: baseTime)
        // Vigil's own unknown event ids land in the Vigil category.
        _ = engine.ingestLEEF("LEEF:1.0|Vigil|Vigil|1|BrandNewFinding|usrName=v", sourceHost: "s", receivedAt: baseTime)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT qid, QIDNAME(qid), CATEGORYNAME(category), CATEGORYNAME(highlevelcategory) FROM events ORDER BY starttime")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let rows = try engine.searchResults(id: id).rows
        #expect(rows.count == 5)
        #expect(rows[0]["qidname_qid"] == "Failure Audit: An account failed to log on")
        #expect(rows[0]["categoryname_category"] == "Host Login Failed")
        #expect(rows[0]["categoryname_highlevelcategory"] == "Authentication")
        #expect(rows[1]["qid"] == rows[2]["qid"])
        #expect(rows[1]["qid"] != rows[3]["qid"])
        #expect(rows[1]["qidname_qid"] == "NewKind")
        #expect(rows[4]["categoryname_category"] == "Vigil AI Finding")
        // The Vigil rule turned the new Vigil finding into an offense.
        #expect(engine.offenses().contains { $0["offense_source"] == "v" })
    }

    @Test func assetsAndLookups() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        #expect(!engine.assets().isEmpty)
        try engine.addAssets([["hostname": "ws-17.corp.example", "ip": "10.0.5.17", "owner": "HR", "properties": ["Weight": 3]]])
        let asset = try #require(engine.assets().first { $0["hostnames"]?.arrayValue?.first?["name"] == "ws-17.corp.example" })
        #expect(asset["interfaces"]?.arrayValue?.first?["ip_addresses"]?.arrayValue?.first?["value"] == "10.0.5.17")
        #expect(asset["properties"]?.arrayValue?.contains { $0["name"] == "Business Owner" && $0["value"] == "HR" } == true)
        #expect(engineError { try engine.addAssets([["ip": "not-an-ip"]]) }?.pair == [422, 1005])
        // A bad asset in a batch loads none of the batch.
        let count = engine.assets().count
        #expect(engineError { try engine.addAssets([["hostname": "ok.example", "ip": "10.0.5.18"], ["ip": "nope"]]) } != nil)
        #expect(engine.assets().count == count)
        _ = try engine.load(jsonLines: #"{"starttime": \#(baseTime), "sourceip": "10.0.5.17", "destinationip": "198.51.100.1"}"#)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT ASSETHOSTNAME(sourceip) AS host, NETWORKNAME(sourceip) AS net, NETWORKNAME(destinationip) AS remote, eventdirection FROM events")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let row = try #require(try engine.searchResults(id: id).rows.first)
        #expect(row["host"] == "ws-17.corp.example")
        #expect(row["net"] == "Net-10-172-192.Net_10_0_0_0")
        #expect(row["remote"] == "other")
        #expect(row["eventdirection"] == "L2R")
    }

    @Test func loadFileBySniffing() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let path = temporaryDirectory("load") + ".data"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"starttime": \#(baseTime), "username": "x"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try engine.loadFile(path: path).events == 1)
        #expect(engineError { try engine.loadFile(path: "/nonexistent/file.jsonl") }?.pair == [404, 1002])
    }
}

/// The collector reads the raw payloads a forwarding destination or a Linux host sends, as QRadar's DSMs do.
@Suite struct RawPayloadCollectorTests {
    @Test func sshdAndSudoLinesAreStoredAsLinuxOSEventsWithTheirCategories() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let failed = engine.ingestLEEF("<38>Jan 31 09:00:00 bastion1 sshd[2420]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
                                       sourceHost: "10.9.9.9", receivedAt: baseTime - 2_000)
        #expect(failed.accepted, "\(failed.reason ?? "")")
        let sudo = engine.ingestLEEF("<85>Jan 31 09:00:05 db2 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id",
                                     sourceHost: "10.9.9.8", receivedAt: baseTime - 1_000)
        #expect(sudo.accepted)
        let rejected = engine.ingestLEEF("<14>Jan 31 09:00:06 host1 kernel: eth0 link up", sourceHost: nil, receivedAt: baseTime)
        #expect(!rejected.accepted)
        #expect(rejected.reason?.contains("not a raw payload the collector parses") == true)
        let id = try #require(try engine.createSearch(queryExpression: """
            SELECT username, sourceip, CATEGORYNAME(category) AS cat, LOGSOURCETYPENAME(devicetype) AS type, "Process CommandLine" AS cmd, UTF8(payload) AS p \
            FROM events ORDER BY starttime LAST 1 DAYS
            """)["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let rows = try engine.searchResults(id: id).rows
        #expect(rows.count == 2)
        #expect(rows.first?["username"] == "webmaster")
        #expect(rows.first?["sourceip"] == "173.234.31.186")
        #expect(rows.first?["cat"] == "Host Login Failed")
        #expect(rows.first?["type"] == "Linux OS")
        #expect(rows.first?["p"]?.stringValue?.contains("Failed password") == true)
        #expect(rows.last?["username"] == "alice")
        #expect(rows.last?["cmd"] == "/usr/bin/id")
        #expect(rows.last?["cat"] == "Privilege Escalation Succeeded")
    }
}
