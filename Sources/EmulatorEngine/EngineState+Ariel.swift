#if canImport(Glibc)
import VigilCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AQL

/// Ariel searches (§3).
extension EngineState {
    /// How long an identical query is answered with the earlier search ("recently created", §3.1).
    static let dedupeMillis: Int64 = 30_000

    static func aqlError(_ e: AQLError) -> EngineError {
        var message = e.message
        if let found = e.found, message.hasPrefix("Encountered \(found).") {
            message = "Encountered \(found) at line \(e.line), column \(e.column)." + message.dropFirst("Encountered \(found).".count)
        } else {
            message += " (at line \(e.line), column \(e.column))"
        }
        return EngineError(httpStatus: 422, code: 2000, message: message, description: "The AQL query is invalid.")
    }

    static func searchNotFound(_ id: String) -> EngineError {
        EngineError(httpStatus: 404, code: 1002, message: "Search \(id) does not exist.", description: "The search does not exist.")
    }

    var lookups: EngineLookups {
        EngineLookups(
            qids: qids, categories: categories, logSources: logSources, logSourceTypes: logSourceTypes,
            applications: applications, referenceSets: referenceSets, assets: assets,
            ruleNames: Dictionary(rules.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }), network: network,
            now: now)
    }

    /// At most this many searches (with their results) are kept; the least recently used go first.
    static let maxSearches = 500

    mutating func evictSearchesIfNeeded() {
        guard searches.count >= Self.maxSearches else { return }
        let victims = searches.values.sorted { $0.lastAccess < $1.lastAccess }.prefix(searches.count - Self.maxSearches + 1)
        for v in victims { searches[v.id] = nil }
    }

    /// Drops searches not touched within their retention time.
    mutating func expireSearches() {
        let t = now
        let expired = searches.values.filter { t - $0.lastAccess > ArielSearch.retentionMillis }.map(\.id)
        for id in expired { searches[id] = nil }
    }

    /// Parses and runs a query. Throws 422/2000 for invalid AQL (syntax or semantics).
    mutating func runQuery(_ text: String) throws(EngineError) -> (query: AQLQuery, result: AQLResultSet, millis: Int64, scanned: Int, types: [String: String]) {
        let q: AQLQuery
        do { q = try AQL.parse(text) } catch { throw Self.aqlError(error) }
        let evaluator = AQLEvaluator(lookups: lookups, now: now)
        let started = Self.wallMillis()
        func types(_ r: AQLResultSet, _ table: ArielTable) -> [String: String] {
            var out: [String: String] = [:]
            for c in r.columns {
                if let idx = table.columnIndex(named: c) { out[c.lowercased()] = table.spec(ofColumn: idx).valueType }
            }
            return out
        }
        do throws(AQLError) {
            switch q.from {
            case "events":
                events.sortIfNeeded()
                events.qidDetails = qids.details
                let r = try evaluator.run(q, on: events)
                let window = try evaluator.timeWindow(of: q)
                let scanned = events.rows(startingAt: window.lowerBound, before: window.upperBound)?.count ?? events.rowCount
                return (q, r, Self.wallMillis() - started, scanned, types(r, events))
            case "flows":
                flows.sortIfNeeded()
                let r = try evaluator.run(q, on: flows)
                let window = try evaluator.timeWindow(of: q)
                let scanned = flows.rows(startingAt: window.lowerBound, before: window.upperBound)?.count ?? flows.rowCount
                return (q, r, Self.wallMillis() - started, scanned, types(r, flows))
            default:
                throw AQLError(at: q.position, expected: "events, flows", found: q.from,
                               message: "Database \(q.from) is not available on this console; use events or flows.")
            }
        } catch {
            throw Self.aqlError(error)
        }
    }

    static func wallMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    mutating func createSearch(_ text: String) throws(EngineError) -> JSONValue {
        expireSearches()
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw EngineError(httpStatus: 422, code: 1005, message: "Exactly one parameter is required.", description: "A request parameter is not valid.")
        }
        let t = now
        // Identical recent query (without INTO): QRadar answers with the original search.
        if let previous = searches.values
            .filter({ $0.query == trimmed && $0.terminal == nil && t - $0.createdAt <= Self.dedupeMillis && !$0.id.isEmpty })
            .max(by: { $0.createdAt < $1.createdAt }),
            (try? AQL.parse(trimmed))?.into == nil {
            searches[previous.id]?.lastAccess = t
            return previous.json(at: t)
        }
        let run = try runQuery(trimmed)
        let id: String
        if let into = run.query.into {
            guard searches[into] == nil else {
                throw EngineError(httpStatus: 409, code: 1004, message: "The search ID \(into) is already in use.",
                                  description: "The search ID provided in the query expression is already in use.")
            }
            id = into
        } else {
            id = Self.uuid()
        }
        let rows = Int64(run.result.rows.count)
        evictSearchesIfNeeded()
        let (perRows, o1) = max(0, timing.extraMillisPerThousandRows).multipliedReportingOverflow(by: rows)
        let (sum, o2) = max(0, timing.minimumExecuteMillis).addingReportingOverflow(o1 ? Int64.max / 4 : perRows / 1000)
        let execute = min(o2 ? Int64.max / 4 : sum, 365 * 86_400_000)
        let wait = min(execute / 5, 1000)
        let sort = run.query.orderBy.isEmpty ? 0 : execute / 10
        let search = ArielSearch(
            id: id, query: trimmed, database: run.query.from, createdAt: t, waitEnd: t + wait, executeEnd: t + execute,
            sortEnd: t + execute + sort, terminal: nil, columns: run.result.columns,
            rows: ArielSearch.rowObjects(run.result), evalMillis: run.millis, lastAccess: t,
            scanned: run.scanned, columnTypes: run.types)
        searches[id] = search
        return search.json(at: t)
    }

    /// Looks at a search as a poll does (the first look ends its initial WAIT).
    mutating func pollSearch(_ id: String) throws(EngineError) -> ArielSearch {
        expireSearches()
        guard var s = searches[id] else { throw Self.searchNotFound(id) }
        s.observed = true
        s.lastAccess = now
        searches[id] = s
        return s
    }

    mutating func searchResults(_ id: String) throws(EngineError) -> (String, [JSONValue]) {
        expireSearches()
        guard var s = searches[id] else { throw Self.searchNotFound(id) }
        let t = now
        s.lastAccess = t
        searches[id] = s
        guard s.status(at: t) == "COMPLETED" else {
            throw EngineError(httpStatus: 404, code: 1003, message: "Search results not found. The search is still in progress.",
                              description: "The search results are not available.")
        }
        return (s.database, s.rows)
    }

    mutating func updateSearch(_ id: String, status: String?, saveResults: Bool?) throws(EngineError) -> JSONValue {
        expireSearches()
        guard var s = searches[id] else { throw Self.searchNotFound(id) }
        let t = now
        if let status {
            guard status.uppercased() == "CANCELED" else {
                throw EngineError(httpStatus: 422, code: 11,
                                  message: "Failed to transform user query parameter \"status\" with a content type of \"TEXT_PLAIN\"")
            }
            if s.status(at: t) != "COMPLETED" && s.terminal == nil {
                s.terminal = "CANCELED"
            }
        } else if let saveResults {
            s.saveResults = saveResults
        }
        s.lastAccess = t
        searches[id] = s
        return s.json(at: t)
    }

    mutating func deleteSearch(_ id: String) throws(EngineError) -> JSONValue {
        expireSearches()
        guard let s = searches.removeValue(forKey: id) else { throw Self.searchNotFound(id) }
        return s.json(at: now)
    }

    func validate(_ text: String) -> JSONValue {
        do {
            let q = try AQL.parse(text)
            guard q.from == "events" || q.from == "flows" else {
                return ["error_messages": [[
                    "code": "2000", "contexts": [.string(q.from)],
                    "message": .string("Database \(q.from) is not available on this console; use events or flows."),
                    "severity": "ERROR",
                ]]]
            }
            return ["error_messages": []]
        } catch {
            let e = Self.aqlError(error)
            return ["error_messages": [[
                "code": "2000", "contexts": .array([error.found].compactMap { $0 }.map(JSONValue.string)),
                "message": .string(e.message), "severity": "ERROR",
            ]]]
        }
    }

    /// A random version-4 UUID (lower-case), like QRadar's search ids.
    static func uuid() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-" + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}
