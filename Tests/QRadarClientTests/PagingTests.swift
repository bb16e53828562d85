import VigilCore
import Synchronization
import Testing

@testable import QRadarClient

@Suite struct PagingTests {
    static func offenses(_ count: Int) -> [JSONValue] {
        (1...count).map { ["id": .int(Int64($0)), "status": "OPEN", "magnitude": .int(Int64($0 % 10))] }
    }

    @Test func walksRangePagesUntilTheTotal() async throws {
        let items = Self.offenses(7)
        try await FakeQRadarServer.with(handler: { pagedAnswer(items, request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses(QRadarListQuery(pageSize: 3)).collect() }
            #expect(offenses.map(\.id) == Array(1...7))
            #expect(server.requests.map { $0.header("Range") } == ["items=0-2", "items=3-5", "items=6-8"])
        }
    }

    @Test func exactMultipleStopsWithoutAnExtraRequest() async throws {
        let items = Self.offenses(6)
        try await FakeQRadarServer.with(handler: { pagedAnswer(items, request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses(QRadarListQuery(pageSize: 3)).collect() }
            #expect(offenses.count == 6)
            #expect(server.requests.count == 2)
        }
    }

    @Test func defaultPageSizeIsFifty() async throws {
        let items = Self.offenses(51)
        try await FakeQRadarServer.with(handler: { pagedAnswer(items, request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses().collect() }
            #expect(offenses.count == 51)
            #expect(server.requests.map { $0.header("Range") } == ["items=0-49", "items=50-99"])
        }
    }

    @Test func starTotalAnswerPastTheEndEndsTheWalk() async throws {
        // The list shrinks between pages: page 1 reports 5 items, then only 3 remain, so QRadar answers
        // `items */3` with no items for the second page.
        let calls = Mutex(0)
        try await FakeQRadarServer.with(handler: { request in
            let call = calls.withLock { value in
                value += 1
                return value
            }
            if call == 1 { return .json(200, JSONValue.array(Self.offenses(3)).description, headers: [("Content-Range", "items 0-2/5")]) }
            return .json(200, "[]", headers: [("Content-Range", "items */3")])
        }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses(QRadarListQuery(pageSize: 3)).collect() }
            #expect(offenses.map(\.id) == [1, 2, 3])
            #expect(server.requests.count == 2)
        }
    }

    @Test func emptyListIsOneRequest() async throws {
        try await FakeQRadarServer.with(handler: { pagedAnswer([], request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses().collect() }
            #expect(offenses.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func withoutContentRangeAShortPageEndsTheWalk() async throws {
        let items = Self.offenses(5)
        try await FakeQRadarServer.with(handler: { request in
            guard let (start, end) = parseRange(request.header("Range")) else { return .json(200, "[]") }
            let slice = items.count > start ? Array(items[start...min(end, items.count - 1)]) : []
            return .json(200, JSONValue.array(slice).description)
        }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses(QRadarListQuery(pageSize: 2)).collect() }
            #expect(offenses.count == 5)
            #expect(server.requests.count == 3)
        }
    }

    @Test func limitStopsEarlyAndShrinksTheLastPage() async throws {
        let items = Self.offenses(20)
        try await FakeQRadarServer.with(handler: { pagedAnswer(items, request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let offenses = try await withClient(client) { try await $0.offenses(QRadarListQuery(pageSize: 4, limit: 6)).collect() }
            #expect(offenses.map(\.id) == [1, 2, 3, 4, 5, 6])
            #expect(server.requests.map { $0.header("Range") } == ["items=0-3", "items=4-5"])
        }
    }

    @Test func filterFieldsAndSortAreSentAsQueryParameters() async throws {
        try await FakeQRadarServer.with(handler: { pagedAnswer([], request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let query = QRadarListQuery(
                filter: .field("id") > 10 && .field("status") != "CLOSED", fields: "status, rules(id,type)",
                sort: [.ascending("id"), .descending("last_persisted_time")])
            _ = try await withClient(client) { try await $0.offenses(query).collect() }
            let request = try #require(server.requests.first)
            #expect(request.query("filter") == #"id > 10 and status != "CLOSED""#)
            #expect(request.query("fields") == "id,status, rules(id,type)", "the id the model needs is added")
            #expect(request.query("sort") == "+id,-last_persisted_time")
        }
    }

    @Test func notesAndOtherListsPageTheSameWay() async throws {
        let notes: [JSONValue] = (1...3).map {
            ["id": .int(Int64($0)), "note_text": .string("n\($0)"), "create_time": .int(Int64(1000 + $0)), "username": "u"]
        }
        try await FakeQRadarServer.with(handler: { pagedAnswer(notes, request: $0) }) { server in
            let client = try makeClient(port: server.port)
            let listed = try await withClient(client) { try await $0.offenseNotes(offenseID: 9, QRadarListQuery(pageSize: 2)).collect() }
            #expect(listed.map(\.noteText) == ["n1", "n2", "n3"])
            #expect(server.requests.allSatisfy { $0.path == "/api/siem/offenses/9/notes" })
        }
    }

    @Test(arguments: [
        ("items 0-49/120", QRadarContentRange(first: 0, last: 49, total: 120)),
        ("items */3", QRadarContentRange(first: nil, last: nil, total: 3)),
        ("items 0-9/*", QRadarContentRange(first: 0, last: 9, total: nil)),
        ("  items 5-5/6 ", QRadarContentRange(first: 5, last: 5, total: 6)),
    ])
    func contentRangeParses(_ header: String, _ expected: QRadarContentRange) {
        #expect(QRadarContentRange(header: header) == expected)
    }

    @Test(arguments: ["bytes 0-1/2", "items 3-1/4", "items a-b/3", "items 0-1", ""])
    func malformedContentRangeIsIgnored(_ header: String) {
        #expect(QRadarContentRange(header: header) == nil)
    }
}
