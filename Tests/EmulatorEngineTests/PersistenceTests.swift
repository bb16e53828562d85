import VigilCore
import Foundation
import Testing
@testable import EmulatorEngine

@Suite struct PersistenceTests {
    @Test func reopeningTheDataDirectoryContinuesExactly() throws {
        let dir = temporaryDirectory("persist")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = TestClock(baseTime)
        var offenseID: Int64 = 0
        var before: (offenses: [JSONValue], notes: [JSONValue], sources: [JSONValue], logSources: [JSONValue], sets: JSONValue, rows: [JSONValue], assets: [JSONValue], customQID: JSONValue?)

        do {
            let engine = try makeEngine(clock, directory: dir)
            offenseID = try #require(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs.first)
            _ = engine.ingestLEEF("LEEF:2.0|Acme|Gizmo|1.0|GizmoAlert|^|src=10.0.0.9^usrName=zed^Widget=blue", sourceHost: "10.5.5.5", receivedAt: baseTime + 1)
            _ = try engine.load(jsonLines: """
            {"starttime": \(baseTime - 1000), "qidname": "Brand New Event", "categoryname": "Custom Thing", "username": "alice", "sourceip": "10.0.0.5", "properties": {"File Hash": "abc123"}}
            {"database": "flows", "starttime": \(baseTime - 500), "sourceip": "10.0.0.5", "destinationip": "192.0.2.44", "sourcebytes": 10}
            """)
            _ = try engine.addOffenseNote(offenseID: offenseID, text: "note one", user: "API_user: vigil")
            _ = try engine.addClosingReason(text: "Handled by Vigil")
            _ = try engine.createReferenceSet(name: "Bad IPs", elementType: "IP", timeoutType: "LAST_SEEN", timeToLive: "1 month")
            _ = try engine.addToReferenceSet(name: "Bad IPs", value: "198.51.100.7", source: "vigil")
            try engine.addAssets([["hostname": "laptop-42.corp.example", "ip": "10.0.9.42", "owner": "Sales"]])
            _ = try engine.updateOffense(id: offenseID, status: nil, closingReasonID: nil, assignedTo: "analyst1", followUp: true, protected: nil, user: "admin")
            clock.advance(60_000)
            let sid = try #require(try engine.createSearch(queryExpression: #"SELECT username, QIDNAME(qid), "File Hash", "Widget" FROM events ORDER BY starttime LAST 1 HOURS"#)["search_id"]?.stringValue)
            _ = try engine.search(id: sid)
            before = (engine.offenses(), try engine.offenseNotes(offenseID: offenseID), engine.sourceAddresses(), engine.logSources(),
                      try engine.referenceSet(name: "Bad IPs"), try engine.searchResults(id: sid).rows, engine.assets(),
                      engine.logSourceTypes().first { $0["name"] == "Universal LEEF" })
            #expect(before.rows.count == 3)
            #expect(before.rows.contains { $0["File Hash"] == "abc123" })
            #expect(before.rows.contains { $0["Widget"] == "blue" })
        }

        let engine = try makeEngine(clock, directory: dir)
        #expect(engine.offenses() == before.offenses)
        #expect(try engine.offenseNotes(offenseID: offenseID) == before.notes)
        #expect(engine.sourceAddresses() == before.sources)
        #expect(engine.logSources() == before.logSources)
        #expect(try engine.referenceSet(name: "Bad IPs") == before.sets)
        #expect(engine.assets() == before.assets)
        #expect(engine.closingReasons(includeReserved: false, includeDeleted: false).contains { $0["text"] == "Handled by Vigil" })
        #expect(engine.logSourceTypes().first { $0["name"] == "Universal LEEF" } == before.customQID)
        let stats = engine.stats()
        #expect(stats["events"] == 3)
        #expect(stats["flows"] == 1)
        let sid = try #require(try engine.createSearch(queryExpression: #"SELECT username, QIDNAME(qid), "File Hash", "Widget" FROM events ORDER BY starttime LAST 1 HOURS"#)["search_id"]?.stringValue)
        _ = try engine.search(id: sid)
        #expect(try engine.searchResults(id: sid).rows == before.rows)
        // Counters continue: the next note gets the next id, the same user's finding extends the same offense.
        #expect(try engine.addOffenseNote(offenseID: offenseID, text: "note two", user: "admin")["id"] == 2)
        #expect(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime + 2).offenseIDs == [offenseID])
        let newOffense = try #require(engine.ingestLEEF(vigilFinding(user: "new-user", time: baseTime), sourceHost: nil, receivedAt: baseTime + 3).offenseIDs.first)
        #expect(newOffense == offenseID + 1)
        // The custom QID created by the JSONL load kept its number.
        let qidSearch = try #require(try engine.createSearch(queryExpression: "SELECT qid FROM events WHERE QIDNAME(qid) = 'Brand New Event' LAST 1 HOURS")["search_id"]?.stringValue)
        _ = try engine.search(id: qidSearch)
        #expect(try engine.searchResults(id: qidSearch).rows.first?["qid"]?.intValue ?? 0 >= 100_000_001)
    }
}
