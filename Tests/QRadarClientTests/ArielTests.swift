import Foundation
import Synchronization
import Testing

@testable import QRadarClient

/// A fake Ariel: searches go WAIT → EXECUTE → COMPLETED, one step per status poll.
///
/// AQL containing `FAIL` ends in ERROR, `SLOW` never finishes, `BROKEN` is rejected with 422/2000.
final class ArielFake: Sendable {
    struct Search {
        var aql: String
        var polls = 0
        var status = "WAIT"
        var deleted = false
    }

    let rowCount: Int
    let searches = Mutex<[String: Search]>([:])
    let counter = Mutex(0)

    init(rowCount: Int) { self.rowCount = rowCount }

    var rows: [[String: Any]] {
        (0..<rowCount).map { i in
            ["sourceip": "10.0.0.\(i)", "eventcount": i, "qidname_qid": "Login Failed", "starttime": 1_700_000_000_000 + i]
        }
    }

    func status(_ id: String) -> String? { searches.withLock { $0[id]?.status } }
    func isDeleted(_ id: String) -> Bool { searches.withLock { $0[id]?.deleted ?? false } }

    func object(_ id: String, _ search: Search) -> String {
        var body: [String: Any] = [
            "search_id": id, "cursor_id": id, "status": search.status, "completed": search.status == "COMPLETED",
            "progress": search.status == "COMPLETED" ? 100 : 10 * search.polls, "record_count": search.status == "COMPLETED" ? rows.count : 0,
            "query_string": search.aql, "progress_details": [Int](), "error_messages": [Any](), "snapshot": NSNull(),
            "desired_retention_time_msec": 86_400_000, "size_on_disk": 0, "unknown_future_field": ["x": 1],
        ]
        if search.status == "ERROR" {
            body["error_messages"] = [["code": "1020", "contexts": ["ctx"], "message": "Ariel ran out of disk", "severity": "ERROR"]]
        }
        return jsonText(body)
    }

    func handle(_ request: FakeRequest) -> FakeAction {
        let parts = request.path.split(separator: "/").map(String.init)  // api ariel searches [id] [results]
        guard parts.count >= 3, parts[1] == "ariel", parts[2] == "searches" else { return .qradarError(404, code: 1002, message: "no route") }
        if parts.count == 3, request.method == "POST" {
            guard let aql = request.query("query_expression") else {
                return .qradarError(422, code: 1005, message: "Exactly one parameter is required.")
            }
            if aql.contains("BROKEN") {
                return .qradarError(422, code: 2000, message: "Encountered \"BROKEN\" at line 1, column 8.", description: "The query is not valid.")
            }
            let id = counter.withLock { value in
                value += 1
                return "00000000-0000-4000-8000-\(String(repeating: "0", count: 11))\(value)"
            }
            let search = Search(aql: aql)
            searches.withLock { $0[id] = search }
            return .json(201, object(id, search))
        }
        guard parts.count >= 4 else { return .qradarError(405, code: 0, message: "method") }
        let id = parts[3]
        return searches.withLock { all -> FakeAction in
            guard var search = all[id], !search.deleted else {
                return .qradarError(404, code: 1002, message: "Search \(id) does not exist.")
            }
            defer { all[id] = search }
            if parts.count == 5, parts[4] == "results" {
                guard search.status == "COMPLETED" else {
                    return .qradarError(404, code: 1003, message: "Search results not found. The search is still in progress.")
                }
                return pagedRows(request)
            }
            switch request.method {
            case "GET":
                if ["WAIT", "EXECUTE"].contains(search.status) {
                    search.polls += 1
                    if search.aql.contains("SLOW") {
                        search.status = "EXECUTE"
                    } else if search.polls == 1 {
                        search.status = "EXECUTE"
                    } else {
                        search.status = search.aql.contains("FAIL") ? "ERROR" : "COMPLETED"
                    }
                }
                let waiting = request.header("Prefer") != nil && search.status != "COMPLETED"
                return .json(waiting ? 206 : 200, object(id, search))
            case "POST":
                if request.query("status") == "CANCELED" { search.status = "CANCELED" }
                return .json(200, object(id, search))
            case "DELETE":
                search.deleted = true
                return .json(202, object(id, search))
            default:
                return .qradarError(405, code: 0, message: "method")
            }
        }
    }

    private func pagedRows(_ request: FakeRequest) -> FakeAction {
        guard let (start, end) = parseRange(request.header("Range")) else { return .json(200, jsonText(["events": rows])) }
        if start >= rows.count { return .json(200, jsonText(["events": [Any]()]), headers: [("Content-Range", "items */\(rows.count)")]) }
        let last = min(end, rows.count - 1)
        return .json(200, jsonText(["events": Array(rows[start...last])]), headers: [("Content-Range", "items \(start)-\(last)/\(rows.count)")])
    }
}

@Suite struct ArielTests {
    @Test func createPollWithPreferWaitAndPageResults() async throws {
        let fake = ArielFake(rowCount: 5)
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT sourceip FROM events LAST 1 HOURS")
                #expect(search.status == .wait)
                #expect(search.isComplete == false)
                let created = try #require(server.requests.last)
                #expect(created.method == "POST")
                #expect(created.query("query_expression") == "SELECT sourceip FROM events LAST 1 HOURS")

                let running = try await client.searchStatus(id: search.searchID, wait: .seconds(3))
                #expect(running.status == .execute, "206 while still running")
                #expect(server.requests.last?.header("Prefer") == "wait=3")

                let done = try await client.waitForCompletion(id: search.searchID, timeout: .seconds(60))
                #expect(done.status == .completed)
                #expect(done.recordCount == 5)
                #expect(server.requests.last?.header("Prefer") == "wait=5", "the polling policy's default wait")

                let rows = try await client.results(id: search.searchID, pageSize: 2).collect()
                #expect(rows.count == 5)
                #expect(rows.map { $0["sourceip"]?.stringValue } == (0..<5).map { "10.0.0.\($0)" })
                #expect(rows[3]["eventcount"] == .int(3))
                #expect(rows[0]["starttime"]?.intValue == 1_700_000_000_000)
                let ranges = server.requests.filter { $0.path.hasSuffix("/results") }.map { $0.header("Range") }
                #expect(ranges == ["items=0-1", "items=2-3", "items=4-5"])

                try await client.deleteSearch(id: search.searchID)
                #expect(fake.isDeleted(search.searchID))
                #expect(server.requests.last?.method == "DELETE")
            }
        }
    }

    @Test func statusesGoWaitExecuteCompleted() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            let statuses = try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT * FROM events")
                var seen = [search.status]
                seen.append(try await client.searchStatus(id: search.searchID).status)
                seen.append(try await client.searchStatus(id: search.searchID).status)
                return seen
            }
            #expect(statuses == [.wait, .execute, .completed])
        }
    }

    @Test func waitingBacksOffBetweenUnfinishedPolls() async throws {
        let fake = ArielFake(rowCount: 0)
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT * FROM events")
                _ = try await client.waitForCompletion(id: search.searchID, timeout: .seconds(60))
            }
            // Poll 1 → EXECUTE (pause 250 ms), poll 2 → COMPLETED.
            #expect(time.sleeps == [.milliseconds(250)])
        }
    }

    @Test func errorStatusThrowsWithTheSearchMessages() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT FAIL FROM events")
                do {
                    _ = try await client.waitForCompletion(id: search.searchID, timeout: .seconds(60))
                    Issue.record("expected ArielSearchError")
                } catch let error as ArielSearchError {
                    #expect(error.reason == .failed)
                    #expect(error.status == .error)
                    #expect(error.errorMessages.first?.message == "Ariel ran out of disk")
                    #expect(error.errorMessages.first?.code == "1020")
                    #expect(error.searchID == search.searchID)
                }
            }
        }
    }

    @Test func invalidAQLIsAnAPIErrorWithCode2000() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                do {
                    _ = try await client.createSearch(aql: "SELECT BROKEN")
                    Issue.record("expected an error")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 422)
                    #expect(error.code == 2000)
                }
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func cancelSendsStatusCanceledAndWaitingThenThrowsCanceled() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT SLOW FROM events")
                let canceled = try await client.cancelSearch(id: search.searchID)
                #expect(canceled.status == .canceled)
                let cancel = try #require(server.requests.last)
                #expect(cancel.method == "POST")
                #expect(cancel.path == "/api/ariel/searches/\(search.searchID)")
                #expect(cancel.query("status") == "CANCELED")
                await #expect(throws: ArielSearchError.self) {
                    _ = try await client.waitForCompletion(id: search.searchID, timeout: .seconds(10))
                }
            }
        }
    }

    @Test func resultsBeforeCompletionAre404Code1003() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT SLOW FROM events")
                do {
                    _ = try await client.results(id: search.searchID).collect()
                    Issue.record("expected an error")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 404)
                    #expect(error.code == 1003)
                }
            }
        }
    }

    @Test func runQueryCreatesWaitsPagesAndDeletes() async throws {
        let fake = ArielFake(rowCount: 7)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            let rows = try await withClient(client) { client in
                var rows: [ArielRow] = []
                for try await row in client.runQuery(aql: "SELECT * FROM events LAST 5 MINUTES", timeout: .seconds(30), pageSize: 3) {
                    rows.append(row)
                }
                return rows
            }
            #expect(rows.count == 7)
            #expect(Set(rows.compactMap { $0["sourceip"]?.stringValue }).count == 7)
            let id = try #require(server.requests.first { $0.method == "DELETE" }?.path.split(separator: "/").last.map(String.init))
            #expect(fake.isDeleted(id))
            #expect(server.requests.last?.method == "DELETE", "deleted after the last page")
        }
    }

    @Test func runQueryTimeoutCancelsAndDeletesTheSearch() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                do {
                    for try await _ in client.runQuery(aql: "SELECT SLOW FROM events", timeout: .seconds(20)) {}
                    Issue.record("expected a timeout")
                } catch let error as ArielSearchError {
                    #expect(error.reason == .timedOut)
                    #expect(error.status == .execute)
                }
            }
            let methods = server.requests.map(\.method)
            #expect(methods.first == "POST")
            #expect(server.requests.contains { $0.method == "POST" && $0.query("status") == "CANCELED" })
            #expect(methods.last == "DELETE")
        }
    }

    @Test func runQueryFailureDeletesTheSearch() async throws {
        let fake = ArielFake(rowCount: 1)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                await #expect(throws: ArielSearchError.self) {
                    for try await _ in client.runQuery(aql: "SELECT FAIL FROM events", timeout: .seconds(20)) {}
                }
            }
            #expect(server.requests.last?.method == "DELETE")
        }
    }

    @Test func withQueryAlwaysDeletes() async throws {
        let fake = ArielFake(rowCount: 4)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            let first = try await withClient(client) { client in
                try await client.withQuery(aql: "SELECT * FROM events", timeout: .seconds(10)) { rows in
                    var iterator = rows.makeAsyncIterator()
                    return try await iterator.next()?["sourceip"]?.stringValue
                }
            }
            #expect(first == "10.0.0.0")
            #expect(server.requests.last?.method == "DELETE")
        }
    }

    @Test func deleteAfterALostAnswerTreats404AsDone() async throws {
        let fake = ArielFake(rowCount: 1)
        let dropped = Mutex(false)
        try await FakeQRadarServer.with(handler: { request in
            let action = fake.handle(request)
            if request.method == "DELETE" {
                let first = dropped.withLock { flag in
                    defer { flag = true }
                    return !flag
                }
                if first { return .dropConnection }  // deleted, but the answer is lost
            }
            return action
        }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                let search = try await client.createSearch(aql: "SELECT * FROM events")
                try await client.deleteSearch(id: search.searchID)
                #expect(fake.isDeleted(search.searchID))
            }
            #expect(server.requests.filter { $0.method == "DELETE" }.count == 2)
        }
    }
}
