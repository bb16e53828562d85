import VigilCore
import AQL

/// One Ariel search (§3.2). The query runs once, at creation; its status then moves WAIT → EXECUTE →
/// [SORTING →] COMPLETED on the engine clock as ``SearchTiming`` dictates.
struct ArielSearch: Sendable {
    var id: String
    var query: String
    var database: String
    var createdAt: Int64
    var waitEnd: Int64
    var executeEnd: Int64
    var sortEnd: Int64
    /// Whether anyone has looked at the search since its creation (a new search always reads WAIT first).
    var observed = false
    /// CANCELED or ERROR once it ends that way.
    var terminal: String?
    /// Result column names, in select order.
    var columns: [String]
    /// Result rows as Ariel JSON objects, materialized once when the query ran.
    var rows: [JSONValue]
    var saveResults = false
    /// Wall time the evaluation took.
    var evalMillis: Int64
    var lastAccess: Int64
    /// Rows scanned for the query's time window.
    var scanned: Int
    /// Column specs of the searched table, by result column name, for `/metadata`.
    var columnTypes: [String: String]

    static let retentionMillis: Int64 = 86_400_000

    enum Phase: String { case wait = "WAIT", execute = "EXECUTE", sorting = "SORTING", completed = "COMPLETED" }

    func status(at now: Int64) -> String {
        if let terminal { return terminal }
        return phase(at: now).rawValue
    }

    func phase(at now: Int64) -> Phase {
        if !observed || now < waitEnd { return .wait }
        if now < executeEnd { return .execute }
        if now < sortEnd { return .sorting }
        return .completed
    }

    var isCompleted: Bool { terminal == nil && observed }

    func progress(at now: Int64) -> Int64 {
        if terminal == "CANCELED" || terminal == "ERROR" { return executionFraction(at: now) }
        switch phase(at: now) {
        case .wait: return 0
        case .execute: return min(99, executionFraction(at: now))
        case .sorting: return 99
        case .completed: return 100
        }
    }

    private func executionFraction(at now: Int64) -> Int64 {
        let span = executeEnd - waitEnd
        guard span > 0 else { return now >= executeEnd ? 100 : 0 }
        return max(0, min(100, (now - waitEnd) * 100 / span))
    }

    func json(at now: Int64) -> JSONValue {
        let status = status(at: now)
        let completed = status == "COMPLETED"
        let progress = progress(at: now)
        let rows = Int64(self.rows.count)
        let records: Int64 = completed ? rows : (status == "WAIT" ? 0 : rows * progress / 100)
        let processed: Int64 = completed ? Int64(scanned) : Int64(scanned) * progress / 100
        let elapsed = max(0, now - createdAt)
        let executionTime = completed ? max(evalMillis, executeEnd - createdAt) : min(elapsed, max(evalMillis, executeEnd - createdAt))
        let dataSize = records * 180
        return [
            "cursor_id": .string(id),
            "search_id": .string(id),
            "status": .string(status),
            "completed": .bool(completed),
            "progress": .int(progress),
            "progress_details": [],
            "query_execution_time": .int(executionTime),
            "query_string": .string(query),
            "record_count": .int(records),
            "processed_record_count": .int(processed),
            "save_results": .bool(saveResults),
            "desired_retention_time_msec": .int(Self.retentionMillis),
            "compressed_data_file_count": 0,
            "compressed_data_total_size": 0,
            "data_file_count": .int(records > 0 ? 1 : 0),
            "data_total_size": .int(dataSize),
            "index_file_count": 0,
            "index_total_size": 0,
            "size_on_disk": .int(dataSize),
            "error_messages": [],
            "snapshot": .null,
            "subsearch_ids": [],
        ]
    }

    /// Result rows as Ariel JSON objects keyed by column name (a later duplicate name wins, as in JSON).
    static func rowObjects(_ result: AQLResultSet) -> [JSONValue] {
        let columns = result.columns
        return result.rows.map { row in
            var o: [String: JSONValue] = [:]
            o.reserveCapacity(columns.count)
            for (i, c) in columns.enumerated() where i < row.count { o[c] = row[i].json }
            return .object(o)
        }
    }

    /// `/ariel/searches/{id}/metadata` columns.
    var columnsJSON: [JSONValue] {
        columns.map { name in
            var type = columnTypes[name.lowercased()]
            if type == nil {
                for row in rows {
                    switch row[name] {
                    case nil, .null?: continue
                    case .bool?: type = "Boolean"
                    case .int?: type = "Long"
                    case .double?: type = "Double"
                    case .string?: type = "String"
                    case .array?, .object?: type = "STRUCT"
                    }
                    break
                }
            }
            let t = type ?? "String"
            return [
                "argument_type": .string(t == "Long" || t == "Integer" || t == "Double" || t == "Port" ? "NUMERIC" : (t == "Host" ? "IP" : "STRING")),
                "indexable": false, "name": .string(name), "nullable": true, "object_value_type": .string(t),
                "provider_name": "ariel",
            ]
        }
    }
}

extension AQLValue {
    /// The value as Ariel's JSON renders it.
    var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .long(let v): return .int(v)
        case .double(let d): return d.isFinite ? .double(d) : .null
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.json))
        }
    }
}
