import Testing
@testable import EmulatorEngine

@Suite struct SearchLifecycleTests {
    /// Three events: two recent (1 and 2 minutes ago), one 10 minutes ago.
    func seeded(_ clock: TestClock, timing: SearchTiming = .init()) throws -> QRadarEngine {
        let engine = try makeEngine(clock, timing: timing)
        let t = clock.now()
        let jsonl = """
        {"starttime": \(t - 60_000), "qidname": "Success Audit: An account was successfully logged on", "logsourcename": "dc01", "logsourcetypename": "Microsoft Windows Security Event Log", "username": "alice", "sourceip": "10.0.0.5", "destinationip": "10.0.0.10", "destinationport": 445}
        {"starttime": \(t - 120_000), "qidname": "Failure Audit: An account failed to log on", "logsourcename": "dc01", "username": "bob", "sourceip": "203.0.113.7", "destinationip": "10.0.0.10"}
        {"starttime": \(t - 600_000), "qidname": "Success Audit: An account was logged off", "logsourcename": "dc01", "username": "carol", "sourceip": "10.0.0.6", "destinationip": "10.0.0.10"}
        """
        let summary = try engine.load(jsonLines: jsonl)
        #expect(summary.events == 3 && summary.rejected == 0)
        return engine
    }

    @Test func statusMovesThroughWaitExecuteSortingCompleted() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock, timing: SearchTiming(minimumExecuteMillis: 10_000))
        let created = try engine.createSearch(queryExpression: "SELECT username FROM events ORDER BY username LAST 1 HOURS")
        #expect(created["status"] == "WAIT")
        #expect(created["progress"] == 0)
        #expect(created["record_count"] == 0)
        #expect(created["completed"] == false)
        let id = try #require(created["search_id"]?.stringValue)
        #expect(created["cursor_id"]?.stringValue == id)
        #expect(id.count == 36 && id.split(separator: "-").count == 5)
        // Every documented search-object field is present.
        for key in ["cursor_id", "search_id", "status", "progress", "progress_details", "query_execution_time", "query_string",
                    "record_count", "processed_record_count", "save_results", "desired_retention_time_msec",
                    "compressed_data_file_count", "compressed_data_total_size", "data_file_count", "data_total_size",
                    "index_file_count", "index_total_size", "error_messages", "snapshot", "subsearch_ids", "completed", "size_on_disk"] {
            #expect(created.objectKeys.contains(key), "missing \(key)")
        }
        #expect(try engine.search(id: id)["status"] == "WAIT")
        #expect(engineError { try engine.searchResults(id: id) }?.pair == [404, 1003])

        clock.advance(5_000)
        let executing = try engine.search(id: id)
        #expect(executing["status"] == "EXECUTE")
        let progress = try #require(executing["progress"]?.intValue)
        #expect(progress > 0 && progress < 100)
        #expect(engineError { try engine.searchResults(id: id) }?.code == 1003)

        clock.set(baseTime + 10_500)
        #expect(try engine.search(id: id)["status"] == "SORTING")
        #expect(engineError { try engine.searchResults(id: id) }?.code == 1003)

        clock.set(baseTime + 11_000)
        let done = try engine.search(id: id)
        #expect(done["status"] == "COMPLETED")
        #expect(done["completed"] == true)
        #expect(done["progress"] == 100)
        #expect(done["record_count"] == 3)
        let results = try engine.searchResults(id: id)
        #expect(results.database == "events")
        #expect(results.rows.map { $0["username"] } == ["alice", "bob", "carol"])
    }

    @Test func zeroTimingStillStartsInWait() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let created = try engine.createSearch(queryExpression: "SELECT * FROM events LAST 1 HOURS")
        #expect(created["status"] == "WAIT")
        let id = try #require(created["search_id"]?.stringValue)
        #expect(engineError { try engine.searchResults(id: id) }?.code == 1003)
        let polled = try engine.search(id: id)
        #expect(polled["status"] == "COMPLETED")
        #expect(try engine.searchResults(id: id).rows.count == 3)
        #expect(engine.searchIDs() == [id])
    }

    @Test func waitForSearchReturnsCompletedOrTimesOut() async throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT username FROM events LAST 1 HOURS")["search_id"]?.stringValue)
        let waited = try await engine.waitForSearch(id: id, seconds: 1)
        #expect(waited.completed)
        #expect(waited.search["status"] == "COMPLETED")

        let slow = try seeded(clock, timing: SearchTiming(minimumExecuteMillis: 60_000))
        let sid = try #require(try slow.createSearch(queryExpression: "SELECT username FROM events LAST 1 HOURS")["search_id"]?.stringValue)
        let timedOut = try await slow.waitForSearch(id: sid, seconds: 0)
        #expect(!timedOut.completed)
        #expect(timedOut.search["status"] != "COMPLETED")
    }

    @Test func cancelAndDelete() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock, timing: SearchTiming(minimumExecuteMillis: 60_000))
        let id = try #require(try engine.createSearch(queryExpression: "SELECT username FROM events LAST 1 HOURS")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let bad = engineError { try engine.updateSearch(id: id, status: "PAUSED", saveResults: nil) }
        #expect(bad?.httpStatus == 422 && bad?.code == 11)
        let canceled = try engine.updateSearch(id: id, status: "CANCELED", saveResults: nil)
        #expect(canceled["status"] == "CANCELED")
        clock.advance(120_000)
        #expect(try engine.search(id: id)["status"] == "CANCELED")
        #expect(engineError { try engine.searchResults(id: id) }?.code == 1003)

        let saved = try engine.updateSearch(id: id, status: nil, saveResults: true)
        #expect(saved["save_results"] == true)

        let deleted = try engine.deleteSearch(id: id)
        #expect(deleted["search_id"]?.stringValue == id)
        #expect(engineError { try engine.search(id: id) }?.pair == [404, 1002])
        #expect(engineError { try engine.deleteSearch(id: id) }?.code == 1002)
        #expect(engine.searchIDs().isEmpty)
    }

    @Test func searchesExpireAfterTheirRetentionTime() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let created = try engine.createSearch(queryExpression: "SELECT username FROM events LAST 1 HOURS")
        let id = try #require(created["search_id"]?.stringValue)
        let retention = try #require(created["desired_retention_time_msec"]?.intValue)
        #expect(retention == 86_400_000)
        _ = try engine.search(id: id)
        clock.advance(retention - 1)
        #expect(try engine.search(id: id)["status"] == "COMPLETED")
        clock.advance(retention + 1)
        #expect(engineError { try engine.search(id: id) }?.pair == [404, 1002])
        #expect(engine.searchIDs().isEmpty)
    }

    @Test func intoNamesTheSearchAndConflicts() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let s = try engine.createSearch(queryExpression: "SELECT username FROM events INTO s16 LAST 1 HOURS")
        #expect(s["search_id"] == "s16")
        #expect(s["cursor_id"] == "s16")
        let conflict = engineError { try engine.createSearch(queryExpression: "SELECT sourceip FROM events INTO s16 LAST 1 HOURS") }
        #expect(conflict?.httpStatus == 409 && conflict?.code == 1004)
    }

    @Test func invalidAQLIs422WithPosition() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let e = try #require(engineError { try engine.createSearch(queryExpression: "SELECT username FORM events") })
        #expect(e.httpStatus == 422)
        #expect(e.code == 2000)
        #expect(e.message.contains("line 1, column 17"))
        let validation = engine.validateAQL("SELECT username FORM events")
        #expect(validation["error_messages"]?.arrayValue?.count == 1)
        #expect(engine.validateAQL("SELECT username FROM events")["error_messages"] == [])
        #expect(engineError { try engine.createSearch(queryExpression: "SELECT * FROM simarc") }?.code == 2000)
    }

    @Test func identicalRecentQueryReturnsTheOriginalSearch() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let q = "SELECT username FROM events LAST 1 HOURS"
        let a = try engine.createSearch(queryExpression: q)["search_id"]
        let b = try engine.createSearch(queryExpression: q)["search_id"]
        #expect(a == b)
        clock.advance(60_000)
        let c = try engine.createSearch(queryExpression: q)["search_id"]
        #expect(c != a)
    }

    @Test func resultColumnNamesAndValueTypes() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let q = "SELECT QIDNAME(qid), LOGSOURCENAME(logsourceid), sourceip, destinationPort, starttime, username AS 'User Name' FROM events WHERE username = 'alice' LAST 1 HOURS"
        let id = try #require(try engine.createSearch(queryExpression: q)["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let rows = try engine.searchResults(id: id).rows
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.objectKeys == ["qidname_qid", "logsourcename_logsourceid", "sourceip", "destinationPort", "starttime", "User Name"])
        #expect(row["qidname_qid"] == "Success Audit: An account was successfully logged on")
        #expect(row["logsourcename_logsourceid"] == "dc01")
        #expect(row["sourceip"] == "10.0.0.5")
        #expect(row["destinationPort"] == 445)
        #expect(row["starttime"] == .int(baseTime - 60_000))
        #expect(row["User Name"] == "alice")
        let columns = try engine.searchColumns(id: id)
        #expect(columns.compactMap { $0["name"]?.stringValue } == ["qidname_qid", "logsourcename_logsourceid", "sourceip", "destinationPort", "starttime", "User Name"])
        #expect(columns[2]["object_value_type"] == "Host")
    }

    @Test func defaultWindowIsFiveMinutes() throws {
        let clock = TestClock(baseTime)
        let engine = try seeded(clock)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT username FROM events")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let users = try engine.searchResults(id: id).rows.compactMap { $0["username"]?.stringValue }.sorted()
        // The event 10 minutes ago is outside QRadar's default 5-minute window.
        #expect(users == ["alice", "bob"])
    }

    @Test func flowsResultsUseTheFlowsKey() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let t = clock.now()
        let summary = try engine.load(jsonLines: """
        {"database": "flows", "starttime": \(t - 1000), "sourceip": "10.0.0.5", "destinationip": "198.51.100.9", "destinationport": 443, "protocolname": "tcp", "sourcebytes": 1200, "destinationbytes": 54000, "applicationname": "Web.SecureWeb"}
        """)
        #expect(summary.flows == 1)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT sourceip, destinationbytes, APPLICATIONNAME(applicationid), PROTOCOLNAME(protocolid), flowdirection FROM flows LAST 5 MINUTES")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        let r = try engine.searchResults(id: id)
        #expect(r.database == "flows")
        #expect(r.rows.first?["destinationbytes"] == 54000)
        #expect(r.rows.first?["applicationname_applicationid"] == "Web.SecureWeb")
        #expect(r.rows.first?["protocolname_protocolid"] == "TCP")
        #expect(r.rows.first?["flowdirection"] == "L2R")
        #expect(try engine.databaseColumns(name: "flows").contains { $0["name"] == "sourcebytes" })
        #expect(engineError { try engine.databaseColumns(name: "nope") }?.code == 1002)
    }
}
