import VigilCore
import EmulatorEngine

/// `/ariel`: searches, results, metadata, databases and the AQL validator (QRADAR.md §3).
extension EmulatorAPI {
    static let searchFields: Set<String> = [
        "cursor_id", "search_id", "status", "progress", "progress_details", "query_execution_time", "query_string",
        "record_count", "processed_record_count", "save_results", "desired_retention_time_msec",
        "compressed_data_file_count", "compressed_data_total_size", "data_file_count", "data_total_size",
        "index_file_count", "index_total_size", "error_messages", "snapshot", "subsearch_ids", "completed", "size_on_disk",
    ]

    /// The longest `Prefer: wait=N` honoured, seconds; a client asking for more gets 206 after this long.
    static let maximumPreferWaitSeconds = 600

    static func arielEndpoints() -> [Endpoint] {
        let searchMissing = EndpointErrorDoc(status: 404, code: 1002, description: "The search does not exist.")
        let badParameter = EndpointErrorDoc(status: 422, code: 1005, description: "A request parameter is not valid.")
        let serverError = EndpointErrorDoc(status: 500, code: 1020, description: "An error occurred during the attempt to retrieve the data.")
        let unavailable = EndpointErrorDoc(status: 503, code: 1010, description: "The Ariel server might be temporarily unavailable or offline. Please try again later.")
        let searchPath = EndpointParameter.path("search_id", "String", "Required - The identifier for an Ariel search.")
        let search = ListBehaviour(fields: searchFields)

        return [
            Endpoint(
                method: "GET", path: "/ariel/databases",
                summary: "Retrieves a list of available Ariel databases.",
                parameters: [.range, .filter],
                success: [(200, "The database list was retrieved.")],
                errors: [serverError, unavailable],
                responseDescription: "A list of database names.",
                list: ListBehaviour(scalarItems: true)
            ) { call in
                try call.list(call.engine.databases().map { .string($0) })
            },
            Endpoint(
                method: "GET", path: "/ariel/databases/{database_name}",
                summary: "Retrieve the columns that are defined for a specific Ariel database.",
                parameters: [.path("database_name", "String", "Required - The name of the Ariel database that contains the columns that you want to retrieve."), .range, .filter, .fields],
                success: [(200, "The database columns were retrieved.")],
                errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The database does not exist."), serverError, unavailable],
                responseDescription: "The columns of the database.",
                list: ListBehaviour(fields: ["argument_type", "indexable", "name", "nullable", "object_value_type", "provider_name"])
            ) { call in
                let columns = try call.engine.databaseColumns(name: call.path("database_name"))
                let page = try ListQuery(call: call).apply(to: columns)
                return .json(["columns": .array(page.items)], headers: [("Content-Range", page.contentRange)])
            },
            Endpoint(
                method: "GET", path: "/ariel/searches",
                summary: "Retrieve the list of Ariel searches. Search IDs for completed and active searches are returned.",
                parameters: [.query("db_name", "String", "Optional - The name of the Ariel database to retrieve the list of Ariel searches."), .range, .filter],
                success: [(200, "The search list was retrieved.")],
                errors: [serverError, unavailable],
                responseDescription: "A list of search IDs.",
                list: ListBehaviour(scalarItems: true)
            ) { call in
                try call.list(call.engine.searchIDs().map { .string($0) })
            },
            Endpoint(
                method: "POST", path: "/ariel/searches",
                summary: "Creates a new Ariel search as specified by the Ariel Query Language (AQL) query expression.",
                parameters: [
                    .query("query_expression", "String", "Optional - The AQL query to execute. Mutually exclusive with saved_search_id."),
                    .query("saved_search_id", "Number", "Optional - The ID of a saved search to execute. Mutually exclusive with query_expression."),
                ],
                success: [(201, "A new Ariel search was successfully created.")],
                errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The saved search does not exist."),
                         EndpointErrorDoc(status: 409, code: 1004, description: "The search cannot be created. The requested search ID that was provided in the query expression is already in use."),
                         badParameter, EndpointErrorDoc(status: 422, code: 2000, description: "The query_expression contains invalid AQL syntax."),
                         serverError, unavailable],
                responseDescription: "Information about the specified search, including the search ID.",
                list: search
            ) { call in
                // query_expression arrives as a query parameter (qradar4py, demisto) or a form body (stix-shifter, api-samples).
                let query = call.parameter("query_expression").flatMap { $0.isEmpty ? nil : $0 }
                let saved = call.parameter("saved_search_id").flatMap { $0.isEmpty ? nil : $0 }
                switch (query, saved) {
                case (let query?, nil):
                    let created = try call.engine.createSearch(queryExpression: query)
                    let id = created["search_id"]?.stringValue ?? ""
                    return try call.object(created, status: 201, headers: [("Location", "/api/ariel/searches/\(FormDecoding.percentEncode(id))")])
                case (nil, let saved?):
                    throw APIError(status: 404, code: 1002, message: "The saved search \(saved) does not exist.", description: "The saved search does not exist.")
                default:
                    throw APIError(status: 422, code: 1005, message: "Exactly one parameter is required.", description: "A request parameter is not valid.")
                }
            },
            Endpoint(
                method: "GET", path: "/ariel/searches/{search_id}",
                summary: "Retrieve status information for a search, based on the search ID parameter.",
                parameters: [searchPath, .header("Prefer", "Optional - wait=N: block for up to N seconds until the search completes; 206 if it has not.")],
                success: [(200, "The search information was retrieved."), (206, "The search has not completed within the requested wait time.")],
                errors: [searchMissing, badParameter, serverError, unavailable],
                responseDescription: "Information about the specified search, including the search status.",
                list: search
            ) { call in
                let id = call.path("search_id")
                if let seconds = try preferWait(call.request.header("Prefer")) {
                    let (search, completed) = try await call.engine.waitForSearch(id: id, seconds: min(seconds, maximumPreferWaitSeconds))
                    return try call.object(search, status: completed ? 200 : 206)
                }
                return try call.object(try call.engine.search(id: id))
            },
            Endpoint(
                method: "POST", path: "/ariel/searches/{search_id}",
                summary: "Updates details for an Ariel search. You can cancel an active search or save the search results.",
                parameters: [searchPath,
                             .query("status", "String", "Optional - The only accepted value is CANCELED. If this value is provided, the search is canceled."),
                             .query("save_results", "String", "Optional - The only accepted value is true. If this value is provided, the search results are not deleted by the search manager."),
                             .fields],
                success: [(200, "The search was updated.")],
                errors: [searchMissing, EndpointErrorDoc(status: 409, code: 1008, description: "The search cannot be updated because of its current state."), badParameter, serverError, unavailable],
                responseDescription: "Information about the specified search that was updated.",
                list: search
            ) { call in
                let status = try call.enumeration("status", ["CANCELED"])
                // IBM's api-samples send `saveResults`; QRadar documents `save_results`. Accept both.
                let saveRaw = call.parameter("save_results") ?? call.parameter("saveResults")
                var save: Bool?
                if let saveRaw, !saveRaw.isEmpty {
                    switch saveRaw.lowercased() {
                    case "true": save = true
                    case "false": save = false
                    default: throw APIError.untransformable("save_results")
                    }
                }
                return try call.object(try call.engine.updateSearch(id: call.path("search_id"), status: status, saveResults: save))
            },
            Endpoint(
                method: "DELETE", path: "/ariel/searches/{search_id}",
                summary: "Deletes an Ariel search. This discards any results that were collected and stops the search if it is in progress.",
                parameters: [searchPath],
                success: [(202, "The search deletion request was accepted.")],
                errors: [searchMissing, badParameter, serverError, unavailable],
                responseDescription: "Information about the deleted search.",
                list: search
            ) { call in
                try call.object(try call.engine.deleteSearch(id: call.path("search_id")), status: 202)
            },
            Endpoint(
                method: "GET", path: "/ariel/searches/{search_id}/results",
                summary: "Retrieve the results of the Ariel search that is identified by the search ID.",
                parameters: [searchPath, .range],
                success: [(200, "The search results were retrieved.")],
                errors: [searchMissing, EndpointErrorDoc(status: 404, code: 1003, description: "Search results not found. The search is still in progress."),
                         badParameter, serverError, unavailable],
                responseTypes: ["application/json", "application/csv"],
                responseDescription: "The search results for the specified search ID: an object with one key, events or flows, holding the rows.",
                list: ListBehaviour()
            ) { call in
                let id = call.path("search_id")
                let range = try ItemRange.parse(call.request.header("Range"))
                let (database, rows) = try call.engine.searchResults(id: id)
                let page = Page(rows, range: range)
                if call.responseType == "application/csv" {
                    let columns = (try? call.engine.searchColumns(id: id))?.compactMap { $0["name"]?.stringValue } ?? []
                    return APIResponse(
                        status: 200,
                        headers: [("Content-Type", "application/csv;charset=UTF-8"), ("Content-Range", page.contentRange)],
                        body: CSVWriter.bytes(rows: page.items, columns: columns)
                    )
                }
                var body: [UInt8] = []
                body.reserveCapacity(64 + page.items.count * 256)
                // Written directly rather than through a JSONValue wrapper: result pages can be large.
                body.append(contentsOf: "{".utf8)
                APIJSON.writeString(database, into: &body)
                body.append(contentsOf: ":".utf8)
                APIJSON.write(.array(Array(page.items)), into: &body)
                body.append(contentsOf: "}".utf8)
                return APIResponse(status: 200, headers: [("Content-Type", "application/json;charset=UTF-8"), ("Content-Range", page.contentRange)], body: body)
            },
            Endpoint(
                method: "GET", path: "/ariel/searches/{search_id}/metadata",
                summary: "Retrieve the column metadata of an Ariel search.",
                parameters: [searchPath, .range, .filter, .fields],
                success: [(200, "The search metadata was retrieved.")],
                errors: [searchMissing, serverError, unavailable],
                responseDescription: "The columns the search returns.",
                list: ListBehaviour(fields: ["argument_type", "indexable", "name", "nullable", "object_value_type", "provider_name"])
            ) { call in
                let columns = try call.engine.searchColumns(id: call.path("search_id"))
                let page = try ListQuery(call: call).apply(to: columns)
                return .json(["columns": .array(page.items)], headers: [("Content-Range", page.contentRange)])
            },
            Endpoint(
                method: "POST", path: "/ariel/validators/aql",
                summary: "Validate an AQL query expression.",
                parameters: [.query("query_expression", "String", "Required - The AQL query expression to validate.", required: true)],
                success: [(200, "The AQL query was validated.")],
                errors: [serverError, unavailable],
                responseDescription: "The validation result: error messages, or null when the query is valid.",
                list: nil
            ) { call in
                .json(call.engine.validateAQL(try call.required("query_expression")))
            },
        ]
    }

    /// `Prefer: wait=N` → N; other preferences are ignored. A malformed wait is 422/1005.
    static func preferWait(_ header: String?) throws(APIError) -> Int? {
        guard let header else { return nil }
        for part in header.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let token = part.trimmingSpaces()
            guard token.lowercased().hasPrefix("wait") else { continue }
            let value = token.drop(while: { $0 != "=" }).dropFirst().trimmingSpaces()
            guard let seconds = Int(value), seconds >= 0 else {
                throw APIError(status: 422, code: 1005, message: "The Prefer header value \"\(token)\" is not valid; use wait=<seconds>.", description: "A request parameter is not valid.")
            }
            return seconds
        }
        return nil
    }
}

/// Ariel results as `application/csv`: a header row, then one line per row; fields with commas, quotes or line
/// breaks are quoted with doubled quotes (RFC 4180).
enum CSVWriter {
    static func bytes(rows: ArraySlice<JSONValue>, columns: [String]) -> [UInt8] {
        var names = columns
        if names.isEmpty {
            var seen = Set<String>()
            for row in rows { for key in (row.objectValue?.keys.sorted() ?? []) where seen.insert(key).inserted { names.append(key) } }
        }
        var out: [UInt8] = []
        out.append(contentsOf: names.map(field).joined(separator: ",").utf8)
        out.append(contentsOf: "\r\n".utf8)
        for row in rows {
            let values = names.map { name -> String in
                switch row[name] {
                case nil, .null?: return ""
                case .string(let s)?: return field(s)
                case .int(let i)?: return String(i)
                case .double(let d)?: return String(d)
                case .bool(let b)?: return b ? "true" : "false"
                case let other?: return field(APIJSON.string(other))
                }
            }
            out.append(contentsOf: values.joined(separator: ",").utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        return out
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var quoted = "\""
        for c in s { if c == "\"" { quoted += "\"\"" } else { quoted.append(c) } }
        return quoted + "\""
    }
}
