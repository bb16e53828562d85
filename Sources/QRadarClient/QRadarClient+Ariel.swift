#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif

/// One Ariel result row: column name (alias, field spelling, or `fn_arg`) → value.
public typealias ArielRow = [String: JSONValue]

extension QRadarClient {
    /// `POST /ariel/searches?query_expression=<aql>` → 201 + the search (status `WAIT`).
    ///
    /// Invalid AQL throws ``QRadarAPIError`` with `code` 2000. A lost answer is retried by re-posting: a new search
    /// is harmless, and QRadar answers an identical recent query with the original search id, so no duplicate
    /// search is left behind.
    public func createSearch(aql: String) async throws -> ArielSearch {
        let request = QRadarRequest(method: .POST, path: "/ariel/searches", query: [("query_expression", aql)])
        return try await perform(request, safety: .nonIdempotent) { try decodeJSON(ArielSearch.self, $0, request: request) }
    }

    /// `GET /ariel/searches/{id}`, optionally with `Prefer: wait=N` so QRadar holds the answer until the search
    /// completes or `wait` (whole seconds, clamped below the read timeout) elapses.
    ///
    /// A 206 answer means the wait elapsed first; the returned search is then not complete (its `status` says
    /// where it is). Canceled or failed searches are returned, not thrown — see ``waitForCompletion(id:timeout:)``.
    public func searchStatus(id: String, wait: Duration? = nil) async throws -> ArielSearch {
        var request = QRadarRequest(method: .GET, path: QRadarPath.join("ariel", "searches", id))
        if let wait, wait > .zero {
            let cap = max(1, configuration.readTimeout.milliseconds / 1000 - 2)
            let seconds = min(cap, max(1, (wait.milliseconds + 999) / 1000))
            request.headers.append(("Prefer", "wait=\(seconds)"))
            request.extraTimeout = .seconds(seconds)
        }
        return try await perform(request, safety: .idempotent) { response in
            if response.status == 206, (try? decodeJSON(ArielSearch.self, response, request: request)) == nil {
                // The wait elapsed and QRadar sent no usable body: all we know is that it is not done.
                return ArielSearch(searchID: id)
            }
            return try decodeJSON(ArielSearch.self, response, request: request)
        }
    }

    /// Polls until the search is `COMPLETED` and returns its final status.
    ///
    /// Each poll asks QRadar to hold the answer (`Prefer: wait`, see ``ArielPollingPolicy``); between unfinished
    /// polls the client backs off from `initialInterval`, doubling to `maxInterval`.
    ///
    /// - Throws: ``ArielSearchError`` `.canceled`/`.failed` (with the search's `error_messages`) when QRadar reports
    ///   `CANCELED`/`ERROR`, `.timedOut` when `timeout` passes first (the search keeps running; cancel it if
    ///   needed).
    public func waitForCompletion(id: String, timeout: Duration) async throws -> ArielSearch {
        let policy = configuration.arielPolling
        let deadline = environment.now() + timeout.milliseconds
        var interval = policy.initialInterval
        var last: ArielSearch?
        while true {
            let remaining = deadline - environment.now()
            let wait = Duration.milliseconds(max(0, min(policy.preferWait.milliseconds, remaining)))
            let search = try await searchStatus(id: id, wait: wait)
            last = search
            if search.status == .canceled {
                throw ArielSearchError(searchID: id, reason: .canceled, status: search.status, errorMessages: search.errorMessages ?? [])
            }
            if search.status == .error {
                throw ArielSearchError(searchID: id, reason: .failed, status: search.status, errorMessages: search.errorMessages ?? [])
            }
            if search.isComplete { return search }
            let now = environment.now()
            if now >= deadline {
                throw ArielSearchError(searchID: id, reason: .timedOut, status: last?.status, errorMessages: last?.errorMessages ?? [])
            }
            let pause = Duration.milliseconds(min(interval.milliseconds, deadline - now))
            try await environment.sleep(pause)
            interval = min(policy.maxInterval, interval * 2)
        }
    }

    /// `GET /ariel/searches/{id}/results` in `Range` pages, one row at a time, until the `Content-Range` total
    /// (also `items */N`) is reached. The search must be complete (else 404/1003).
    public func results(id: String, pageSize: Int? = nil) -> QRadarPagedSequence<ArielRow> {
        results(id: id, pageSize: pageSize, expectedTotal: nil)
    }

    func results(id: String, pageSize: Int?, expectedTotal: Int?) -> QRadarPagedSequence<ArielRow> {
        QRadarPagedSequence(
            client: self, path: QRadarPath.join("ariel", "searches", id, "results"), query: [],
            pageSize: pageSize ?? configuration.arielPolling.resultsPageSize, limit: nil, expectedTotal: expectedTotal
        ) { client, response, request in
            try client.decodeRows(response, request: request)
        }
    }

    /// Rows from `{"events":[…]}`, `{"flows":[…]}` (or any single array member, for other databases).
    func decodeRows(_ response: QRadarResponse, request: QRadarRequest) throws -> [ArielRow] {
        let body: JSONValue
        do {
            body = try JSONParser.parse(response.body)
        } catch {
            throw QRadarDecodingError(
                method: request.method.rawValue, path: request.path, reason: error.description,
                bodyPrefix: Self.textPrefix(response.body, limit: 300))
        }
        guard let members = body.objectValue else {
            if let rows = body.arrayValue { return try Self.rows(rows, request: request, response: response) }
            throw QRadarDecodingError(
                method: request.method.rawValue, path: request.path, reason: "results are not a JSON object",
                bodyPrefix: Self.textPrefix(response.body, limit: 300))
        }
        let array = members["events"]?.arrayValue ?? members["flows"]?.arrayValue
            ?? members.keys.sorted().lazy.compactMap { members[$0]?.arrayValue }.first
        guard let array else { return [] }
        return try Self.rows(array, request: request, response: response)
    }

    private static func rows(_ values: [JSONValue], request: QRadarRequest, response: QRadarResponse) throws -> [ArielRow] {
        try values.map { value in
            guard let row = value.objectValue else {
                throw QRadarDecodingError(
                    method: request.method.rawValue, path: request.path, reason: "a result row is not a JSON object",
                    bodyPrefix: textPrefix(response.body, limit: 300))
            }
            return row
        }
    }

    /// `POST /ariel/searches/{id}?status=CANCELED`. Idempotent: cancelling twice is the same as once.
    @discardableResult
    public func cancelSearch(id: String) async throws -> ArielSearch {
        let request = QRadarRequest(method: .POST, path: QRadarPath.join("ariel", "searches", id), query: [("status", "CANCELED")])
        return try await perform(request, safety: .idempotent) { try decodeJSON(ArielSearch.self, $0, request: request) }
    }

    /// `DELETE /ariel/searches/{id}` → 202. When an earlier attempt's answer was lost, a 404 on the retry means the
    /// first attempt already deleted it and counts as success.
    public func deleteSearch(id: String) async throws {
        let request = QRadarRequest(method: .DELETE, path: QRadarPath.join("ariel", "searches", id))
        try await perform(
            request, safety: .idempotent, afterUncertainRetry: { error in error.httpStatus == 404 ? () : nil }
        ) { _ in () }
    }

    /// Creates a search, waits for it, pages its rows and finally deletes it.
    ///
    /// The search is created on first iteration. It is deleted when the rows are exhausted or when an error ends
    /// the iteration (a `CANCELED`/`ERROR`/timed-out search is cancelled and deleted before the error is
    /// thrown). A consumer that stops early leaves the search to QRadar's retention expiry; use
    /// ``withQuery(aql:timeout:pageSize:_:)`` to always delete.
    public func runQuery(aql: String, timeout: Duration, pageSize: Int? = nil) -> ArielQuerySequence {
        ArielQuerySequence(client: self, aql: aql, timeout: timeout, pageSize: pageSize)
    }

    /// Runs `aql` and hands its completed rows to `body`; the search is deleted afterwards whatever happens.
    public func withQuery<R: Sendable>(
        aql: String, timeout: Duration, pageSize: Int? = nil,
        _ body: (QRadarPagedSequence<ArielRow>) async throws -> R
    ) async throws -> R {
        let search = try await createSearch(aql: aql)
        let result: R
        do {
            let completed = try await waitForCompletionOrCancel(search: search, timeout: timeout)
            result = try await body(results(id: search.searchID, pageSize: pageSize, expectedTotal: completed.recordCount))
        } catch {
            await deleteQuietly(search.searchID)
            throw error
        }
        await deleteQuietly(search.searchID)
        return result
    }

    /// Waits; on timeout cancels the search so it stops using QRadar resources.
    func waitForCompletionOrCancel(search: ArielSearch, timeout: Duration) async throws -> ArielSearch {
        if search.isFailed {
            throw ArielSearchError(
                searchID: search.searchID, reason: search.status == .canceled ? .canceled : .failed, status: search.status,
                errorMessages: search.errorMessages ?? [])
        }
        do {
            return try await waitForCompletion(id: search.searchID, timeout: timeout)
        } catch let error as ArielSearchError where error.reason == .timedOut {
            _ = try? await cancelSearch(id: search.searchID)
            throw error
        }
    }

    /// Deletes a search, logging rather than throwing: used for cleanup where an earlier error matters more.
    func deleteQuietly(_ id: String) async {
        do {
            try await deleteSearch(id: id)
        } catch {
            logger.debug("Could not delete Ariel search", metadata: ["qradar.search_id": "\(id)", "qradar.error": "\(error)"])
        }
    }
}

/// The rows of an AQL query run by ``QRadarClient/runQuery(aql:timeout:pageSize:)``.
public struct ArielQuerySequence: AsyncSequence, Sendable {
    public typealias Element = ArielRow
    public typealias Failure = any Error

    let client: QRadarClient
    let aql: String
    let timeout: Duration
    let pageSize: Int?

    public func makeAsyncIterator() -> Iterator { Iterator(sequence: self) }

    public struct Iterator: AsyncIteratorProtocol {
        enum State {
            case notStarted
            case reading(searchID: String, rows: QRadarPagedSequence<ArielRow>.Iterator)
            case done
        }

        let sequence: ArielQuerySequence
        var state = State.notStarted

        init(sequence: ArielQuerySequence) { self.sequence = sequence }

        public mutating func next() async throws -> ArielRow? {
            let client = sequence.client
            switch state {
            case .done:
                return nil
            case .notStarted:
                state = .done
                let search = try await client.createSearch(aql: sequence.aql)
                do {
                    let completed = try await client.waitForCompletionOrCancel(search: search, timeout: sequence.timeout)
                    let rows = client.results(id: search.searchID, pageSize: sequence.pageSize, expectedTotal: completed.recordCount)
                    state = .reading(searchID: search.searchID, rows: rows.makeAsyncIterator())
                } catch {
                    await client.deleteQuietly(search.searchID)
                    throw error
                }
                return try await next()
            case .reading(let searchID, var rows):
                state = .done
                do {
                    if let row = try await rows.next() {
                        state = .reading(searchID: searchID, rows: rows)
                        return row
                    }
                } catch {
                    await client.deleteQuietly(searchID)
                    throw error
                }
                // All rows are delivered; a failed cleanup must not turn the query into an error.
                await client.deleteQuietly(searchID)
                return nil
            }
        }
    }
}

extension QRadarClient {
    /// `GET /ariel/databases/{name}`: the database's columns, custom properties included, by name (QRadar's
    /// `columns[].name`). Used to leave out mapped custom properties a console does not define, since a query that
    /// names one fails as a whole.
    public func arielColumns(database: String) async throws -> [String] {
        struct Database: Decodable, Sendable {
            struct Column: Decodable, Sendable { var name: String? }
            var columns: [Column]?
        }
        let db = try await getObject(Database.self, path: QRadarPath.join("ariel", "databases", database))
        return (db.columns ?? []).compactMap(\.name)
    }
}
