import Testing
import Foundation
@testable import EmulatorEngine

@Suite struct CustomRulesEngineTests {
    @Test func vigilFindingCreatesThenExtendsAnOffense() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let first = engine.ingestLEEF(vigilFinding(user: "jdoe", src: "10.1.2.3", time: baseTime - 5_000), sourceHost: "10.9.9.9", receivedAt: baseTime)
        #expect(first.accepted)
        #expect(first.offenseIDs.count == 1)
        let id = try #require(first.offenseIDs.first)
        let o = try engine.offense(id: id)
        #expect(o["status"] == "OPEN")
        #expect(o["offense_type"] == 3)
        #expect(o["offense_source"] == "jdoe")
        #expect(o["event_count"] == 1)
        #expect(o["flow_count"] == 0)
        #expect(o["severity"] == 3)
        #expect(o["credibility"] == 5)
        #expect(o["relevance"] == 5)
        #expect(o["rules"] == [["id": 100100, "type": "CRE_RULE"]])
        #expect(o["categories"] == ["Vigil AI Finding"])
        #expect(o["username_count"] == 1)
        #expect(o["device_count"] == 1)
        #expect(o["start_time"] == .int(baseTime))
        #expect(o["first_persisted_time"] == .int(baseTime))
        #expect(o["last_persisted_time"] == .int(baseTime))
        let description = try #require(o["description"]?.stringValue)
        #expect(description.hasPrefix("Vigil: AI finding\n"))
        #expect(description.hasSuffix("\n"))
        let logSources = try #require(o["log_sources"]?.arrayValue)
        #expect(logSources.count == 1)
        #expect(logSources.first?["type_name"] == "Vigil")
        #expect(logSources.first?["name"] == "Vigil @ vigil-sidecar")
        // The source address record links back to the offense.
        let sourceIDs = try #require(o["source_address_ids"]?.arrayValue)
        #expect(sourceIDs.count == 1)
        let source = try engine.sourceAddress(id: try #require(sourceIDs.first?.intValue))
        #expect(source["source_ip"] == "10.1.2.3")
        #expect(source["offense_ids"] == [.int(id)])

        clock.advance(60_000)
        let second = engine.ingestLEEF(vigilFinding(user: "jdoe", src: "10.1.2.4", time: baseTime + 55_000), sourceHost: nil, receivedAt: clock.now())
        #expect(second.offenseIDs == [id])
        let extended = try engine.offense(id: id)
        #expect(extended["event_count"] == 2)
        #expect(extended["last_updated_time"] == .int(baseTime + 60_000))
        #expect(extended["last_persisted_time"] == .int(baseTime + 60_000))
        #expect(extended["source_count"] == 2)
        #expect(extended["start_time"] == .int(baseTime))

        // Another user gets another offense.
        let other = engine.ingestLEEF(vigilFinding(user: "asmith", time: baseTime), sourceHost: nil, receivedAt: clock.now())
        #expect(other.offenseIDs.count == 1 && other.offenseIDs != [id])
        #expect(engine.offenses().count == 2)
    }

    @Test func findingWithoutUserIsIndexedOnSourceIP() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let r = engine.ingestLEEF(vigilFinding(user: nil, src: "10.7.7.7", time: baseTime), sourceHost: nil, receivedAt: baseTime)
        let o = try engine.offense(id: try #require(r.offenseIDs.first))
        #expect(o["offense_type"] == 0)
        #expect(o["offense_source"] == "10.7.7.7")
        #expect(try engine.offenseType(id: 0)["name"] == "Source IP")
    }

    @Test func closedOffenseIsNeverReused() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let first = try #require(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs.first)
        _ = try engine.updateOffense(id: first, status: "HIDDEN", closingReasonID: nil, assignedTo: nil, followUp: nil, protected: nil, user: "admin")
        // A hidden offense keeps collecting.
        #expect(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs == [first])
        _ = try engine.updateOffense(id: first, status: "CLOSED", closingReasonID: 1, assignedTo: nil, followUp: nil, protected: nil, user: "admin")
        let next = try #require(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs.first)
        #expect(next != first)
        #expect(try engine.offense(id: first)["event_count"] == 2)
        #expect(try engine.offense(id: next)["event_count"] == 1)
    }

    @Test func repeatedLoginFailuresReachTheThreshold() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        var lines: [String] = []
        for k in 0..<7 {
            lines.append(#"{"starttime": \#(baseTime + Int64(k) * 30_000), "qidname": "Failure Audit: An account failed to log on", "logsourcename": "dc01", "logsourcetypename": "Microsoft Windows Security Event Log", "username": "mallory", "sourceip": "198.51.100.23", "destinationip": "10.0.0.10"}"#)
        }
        // The first four stay below the threshold of five within ten minutes.
        _ = try engine.load(jsonLines: lines[0..<4].joined(separator: "\n"))
        #expect(engine.offenses().isEmpty)
        _ = try engine.load(jsonLines: lines[4..<7].joined(separator: "\n"))
        let offenses = engine.offenses()
        #expect(offenses.count == 1)
        let o = try #require(offenses.first)
        #expect(o["offense_source"] == "mallory")
        #expect(o["offense_type"] == 3)
        #expect(o["event_count"] == 3)
        #expect(o["rules"] == [["id": 100101, "type": "CRE_RULE"]])
        #expect(o["categories"] == ["Host Login Failed"])
        // 198.51.100.23 is remote, 10.0.0.10 is a local destination.
        #expect(o["local_destination_count"] == 1)
        #expect(o["remote_destination_count"] == 0)
        let dst = try engine.localDestinationAddress(id: try #require(o["local_destination_address_ids"]?.arrayValue?.first?.intValue))
        #expect(dst["local_destination_ip"] == "10.0.0.10")
        #expect(dst["network"] == "Net-10-172-192.Net_10_0_0_0")
        // Events that fed the offense carry it: INOFFENSE and hasoffense see them.
        let offenseID = try #require(o["id"]?.intValue)
        let sid = try #require(try engine.createSearch(queryExpression: "SELECT username, hasOffense, RULENAME(creEventList) FROM events WHERE INOFFENSE(\(offenseID)) START \(baseTime) STOP \(baseTime + 3_600_000)")["search_id"]?.stringValue)
        _ = try engine.search(id: sid)
        let rows = try engine.searchResults(id: sid).rows
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["hasOffense"] == true })
    }

    @Test func referenceSetRuleFiresOnWatchlistedUsers() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        _ = try engine.createReferenceSet(name: DefaultRules.watchlistSetName, elementType: "ALNIC", timeoutType: nil, timeToLive: nil)
        _ = try engine.addToReferenceSet(name: DefaultRules.watchlistSetName, value: "Eve", source: nil)
        _ = try engine.load(jsonLines: """
        {"starttime": \(baseTime), "qidname": "VPN Session Started", "logsourcename": "vpn01", "username": "eve", "sourceip": "203.0.113.50"}
        {"starttime": \(baseTime), "qidname": "VPN Session Started", "logsourcename": "vpn01", "username": "frank", "sourceip": "203.0.113.51"}
        """)
        let offenses = engine.offenses()
        #expect(offenses.count == 1)
        #expect(offenses.first?["offense_source"] == "eve")
        #expect(offenses.first?["rules"] == [["id": 100102, "type": "CRE_RULE"]])
        #expect(offenses.first?["severity"] == 5)
    }

    @Test func customRulesFileIndexesOnACustomProperty() throws {
        let path = temporaryDirectory("rules") + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rules = #"""
        {"rules": [{"id": 200001, "name": "Sensitive share access", "match": {"eventIDs": ["5140"],
          "properties": [{"property": "Share Name", "contains": "finance"}]},
          "response": {"indexOn": "Share Name", "description": "Finance share accessed", "severity": {"set": 7}, "relevance": {"adjust": 2}}}]}
        """#
        try rules.write(toFile: path, atomically: true, encoding: .utf8)
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock, rulesFile: path)
        let leef = "LEEF:1.0|Microsoft|Windows|10|5140|src=10.0.0.5\tdst=10.0.0.20\tusrName=alice\tShare Name=Finance-Reports\tdevTime=\(baseTime)"
        let summary = engine.load(leefLines: leef + "\n" + leef.replacingOccurrences(of: "Finance-Reports", with: "Public"), sourceHost: "fs01")
        #expect(summary.events == 2)
        let offenses = engine.offenses()
        #expect(offenses.count == 1)
        let o = try #require(offenses.first)
        #expect(o["offense_source"] == "Finance-Reports")
        #expect(o["severity"] == 7)
        #expect(o["relevance"] == 7)
        let typeID = try #require(o["offense_type"]?.intValue)
        let type = try engine.offenseType(id: typeID)
        #expect(type["custom"] == true)
        #expect(type["property_name"] == "Share Name")
        #expect(engine.rules().map { $0["name"] } == ["Sensitive share access"])
    }

    @Test func invalidRulesFileIsRejected() throws {
        let path = temporaryDirectory("badrules") + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"rules": [{"id": 1}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let clock = TestClock(baseTime)
        #expect(throws: EngineError.self) { try makeEngine(clock, rulesFile: path) }
    }
}
