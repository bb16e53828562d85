import NIOHTTP1

/// One `Range` page of a list endpoint.
public struct QRadarPage<Element: Sendable>: Sendable {
    /// The items of this page, in QRadar's order.
    public var items: [Element]
    /// The answer's `Content-Range`, if QRadar sent one.
    public var contentRange: QRadarContentRange?

    public init(items: [Element], contentRange: QRadarContentRange?) {
        self.items = items
        self.contentRange = contentRange
    }
}

/// Walks a QRadar list endpoint page by page with `Range: items=a-b`, yielding one item at a time.
///
/// Pages are fetched lazily as the consumer iterates, each with the client's retry policy. Iteration ends when the
/// `Content-Range` total is reached (including an `items */N` answer past the end), when a page comes back empty,
/// or — if QRadar sends no `Content-Range` — after a short page. A `limit` stops it early.
public struct QRadarPagedSequence<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = any Error

    let client: QRadarClient
    let path: String
    let query: [(String, String)]
    let headers: [(String, String)]
    let pageSize: Int
    let limit: Int?
    /// Known total when QRadar omits `Content-Range` (Ariel's `record_count`).
    let expectedTotal: Int?
    let decodePage: @Sendable (QRadarClient, QRadarResponse, QRadarRequest) throws -> [Element]

    init(
        client: QRadarClient, path: String, query: [(String, String)], headers: [(String, String)] = [], pageSize: Int,
        limit: Int?, expectedTotal: Int? = nil,
        decodePage: @escaping @Sendable (QRadarClient, QRadarResponse, QRadarRequest) throws -> [Element]
    ) {
        self.client = client
        self.path = path
        self.query = query
        self.headers = headers
        self.pageSize = Swift.max(1, pageSize)
        self.limit = limit.map { Swift.max(0, $0) }
        self.expectedTotal = expectedTotal
        self.decodePage = decodePage
    }

    public func makeAsyncIterator() -> Iterator { Iterator(sequence: self) }

    /// Fetches the page of `count` items starting at zero-based `start`.
    public func page(start: Int, count: Int) async throws -> QRadarPage<Element> {
        let end = start + Swift.max(1, count) - 1
        let request = QRadarRequest(
            method: .GET, path: path, query: query, headers: headers + [("Range", "items=\(Swift.max(0, start))-\(end)")])
        return try await client.perform(request, safety: .idempotent) { response in
            QRadarPage(items: try decodePage(client, response, request), contentRange: response.contentRange)
        }
    }

    /// All items in one array (convenient for small lists).
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await item in self { all.append(item) }
        return all
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: QRadarPagedSequence
        var buffer: [Element] = []
        var index = 0
        var nextStart = 0
        var yielded = 0
        var finished = false

        init(sequence: QRadarPagedSequence) { self.sequence = sequence }

        public mutating func next() async throws -> Element? {
            while true {
                if let limit = sequence.limit, yielded >= limit { return nil }
                if index < buffer.count {
                    let item = buffer[index]
                    index += 1
                    yielded += 1
                    return item
                }
                if finished { return nil }
                var count = sequence.pageSize
                if let limit = sequence.limit { count = Swift.min(count, limit - yielded) }
                let page = try await sequence.page(start: nextStart, count: count)
                buffer = page.items
                index = 0
                nextStart += page.items.count
                if page.items.isEmpty {
                    finished = true
                } else if let total = page.contentRange?.total ?? (page.contentRange == nil ? sequence.expectedTotal : nil) {
                    if nextStart >= total { finished = true }
                } else if page.items.count < count {
                    finished = true
                }
            }
        }
    }
}

extension QRadarClient {
    /// A paged sequence over a list endpoint whose answer is a JSON array of `Element`.
    func list<Element: Decodable & Sendable>(
        _ type: Element.Type, path: String, query: QRadarListQuery, identifier: String = "id", extraQuery: [(String, String)] = []
    ) -> QRadarPagedSequence<Element> {
        QRadarPagedSequence(
            client: self, path: path, query: extraQuery + query.queryItems(identifier: identifier),
            pageSize: query.pageSize ?? configuration.defaultPageSize, limit: query.limit
        ) { client, response, request in
            try client.decodeJSON([Element].self, response, request: request)
        }
    }

    /// `GET` of one object.
    func getObject<T: Decodable & Sendable>(_ type: T.Type, path: String, query: [(String, String)] = []) async throws -> T {
        let request = QRadarRequest(method: .GET, path: path, query: query)
        return try await perform(request, safety: .idempotent) { try decodeJSON(T.self, $0, request: request) }
    }
}
