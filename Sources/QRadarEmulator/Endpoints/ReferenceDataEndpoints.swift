import EmulatorEngine

/// `/reference_data/sets` and the deletion tasks they start (QRADAR.md §5.1).
extension EmulatorAPI {
    static let referenceSetFields: Set<String> = [
        "name", "element_type", "number_of_elements", "creation_time", "timeout_type", "time_to_live", "collection_id", "namespace", "data",
    ]
    static let elementTypes = ["ALN", "ALNIC", "IP", "NUM", "PORT", "DATE", "CIDR"]
    static let taskFields: Set<String> = ["id", "name", "status", "message", "created", "created_by", "modified", "started", "completed"]

    static func referenceDataEndpoints() -> [Endpoint] {
        let setMissing = EndpointErrorDoc(status: 404, code: 1002, description: "The reference set does not exist.")
        let badParameter = EndpointErrorDoc(status: 422, code: 1005, description: "A request parameter is not valid.")
        let badNamespace = EndpointErrorDoc(status: 422, code: 1012, description: "The namespace value of SHARED was expected")
        let serverError = EndpointErrorDoc(status: 500, code: 1020, description: "An error occurred during the attempt to retrieve the reference set.")
        let namePath = EndpointParameter.path("name", "String", "Required - The name of the reference set. Names with spaces or special characters are URL-encoded.")
        let namespace = EndpointParameter.query("namespace", "String", "Optional - SHARED or TENANT.", default: "SHARED")
        let sets = ListBehaviour(filterCode: 1010, sortCode: 1030, fields: referenceSetFields)

        return [
            Endpoint(
                method: "GET", path: "/reference_data/sets",
                summary: "Retrieve a list of all reference sets.",
                parameters: [.range, .filter, .fields],
                success: [(200, "The reference set list was retrieved.")],
                errors: [serverError],
                responseDescription: "An array of ReferenceSet objects (without their data).",
                list: sets
            ) { call in
                try call.list(call.engine.referenceSets())
            },
            Endpoint(
                method: "POST", path: "/reference_data/sets",
                summary: "Create a new reference set.",
                parameters: [
                    .query("name", "String", "Required - The name of the reference set being created.", required: true),
                    .query("element_type", "String", "Required - The element type for the values allowed in the reference set. One of ALN (alphanumeric), ALNIC (alphanumeric ignore case), IP (IP address), NUM (numeric), PORT (port number), DATE (date, epoch milliseconds), CIDR.", required: true),
                    .query("timeout_type", "String", "Optional - FIRST_SEEN, LAST_SEEN or UNKNOWN. The time_to_live interval counts from the first or last time an element was seen.", default: "UNKNOWN"),
                    .query("time_to_live", "String", "Optional - How long an element stays in the set, e.g. '1 month' or '5 minutes'."),
                    .fields,
                ],
                success: [(201, "A new reference set was created.")],
                errors: [EndpointErrorDoc(status: 409, code: 1004, description: "The reference set could not be created, the name provided is already in use."),
                         badParameter, serverError],
                responseDescription: "Information about the newly created reference set.",
                list: sets
            ) { call in
                let name = try call.required("name")
                guard let type = try call.enumeration("element_type", elementTypes) else { throw APIError.missingParameter("element_type") }
                let timeout = try call.enumeration("timeout_type", ["FIRST_SEEN", "LAST_SEEN", "UNKNOWN"])
                let ttl = call.parameter("time_to_live").flatMap { $0.isEmpty ? nil : $0 }
                return try call.object(try call.engine.createReferenceSet(name: name, elementType: type, timeoutType: timeout, timeToLive: ttl), status: 201)
            },
            Endpoint(
                method: "GET", path: "/reference_data/sets/{name}",
                summary: "Retrieve a reference set by name; the Range header pages its data.",
                parameters: [namePath, namespace, .range, .fields],
                success: [(200, "The reference set was retrieved.")],
                errors: [setMissing, badNamespace, serverError],
                responseDescription: "The reference set with its data.",
                list: sets
            ) { call in
                try checkNamespace(call)
                var set = try call.engine.referenceSet(name: call.path("name"))
                var headers: [(name: String, value: String)] = []
                if let range = try ItemRange.parse(call.request.header("Range")), case .object(var members) = set {
                    let page = Page(members["data"]?.arrayValue ?? [], range: range)
                    members["data"] = .array(Array(page.items))
                    set = .object(members)
                    headers.append(("Content-Range", page.contentRange))
                }
                return try call.object(set, headers: headers)
            },
            Endpoint(
                method: "POST", path: "/reference_data/sets/{name}",
                summary: "Add or update an element in a reference set.",
                parameters: [namePath,
                             .query("value", "String", "Required - The value to add or update in the reference set. Dates are epoch milliseconds.", required: true),
                             .query("source", "String", "Optional - An indication of where the data originated.", default: "reference data api"),
                             namespace, .query("domain_id", "Number", "Optional - The domain of the element."), .fields],
                success: [(200, "The reference set was updated.")],
                errors: [setMissing, badParameter, badNamespace, serverError],
                responseDescription: "Information about the reference set that had an element added or updated (without its data).",
                list: sets
            ) { call in
                try checkNamespace(call)
                let value = try call.required("value")
                let source = call.parameter("source").flatMap { $0.isEmpty ? nil : $0 }
                return try call.object(try call.engine.addToReferenceSet(name: call.path("name"), value: value, source: source))
            },
            Endpoint(
                method: "DELETE", path: "/reference_data/sets/{name}",
                summary: "Remove a reference set or purge its contents. Deletion runs as a task.",
                parameters: [namePath, .query("purge_only", "String", "Optional - true keeps the set and removes its elements; false removes the set.", default: "false"), namespace, .fields],
                success: [(202, "The reference set deletion or purge request was accepted and is in progress.")],
                errors: [setMissing, badNamespace, EndpointErrorDoc(status: 422, code: 1015, description: "The reference set could not be deleted because other content depends on it."), serverError],
                responseDescription: "A status ID to retrieve the reference set's deletion or purge status with at /api/system/task_management/tasks/{status_id}. The URL is also in the Location header.",
                list: ListBehaviour(fields: taskFields)
            ) { call in
                try checkNamespace(call)
                let task = try call.engine.deleteReferenceSet(name: call.path("name"), purgeOnly: try call.bool("purge_only") ?? false)
                let location = task["id"]?.intValue.map { "/api/system/task_management/tasks/\($0)" }
                return try call.object(task, status: 202, headers: location.map { [("Location", $0)] } ?? [])
            },
            Endpoint(
                method: "DELETE", path: "/reference_data/sets/{name}/{value}",
                summary: "Remove a value from a reference set.",
                parameters: [namePath, .path("value", "String", "Required - The value to remove from the reference set."), namespace, .query("domain_id", "Number", "Optional - The domain of the element."), .fields],
                success: [(200, "The reference set value was removed.")],
                errors: [setMissing, EndpointErrorDoc(status: 404, code: 1003, description: "The value does not exist in the reference set."), badNamespace, serverError],
                responseDescription: "Information about the reference set that had a value removed (without its data).",
                list: sets
            ) { call in
                try checkNamespace(call)
                return try call.object(try call.engine.deleteReferenceSetValue(name: call.path("name"), value: call.path("value")))
            },
            Endpoint(
                method: "POST", path: "/reference_data/sets/bulk_load/{name}",
                summary: "Add or update data in a reference set from a JSON array of values.",
                parameters: [namePath, .body("data", "Array<String>", "Required - A JSON array of the values to add to the reference set."), namespace, .fieldsHeader],
                success: [(200, "The reference set was updated.")],
                errors: [EndpointErrorDoc(status: 400, code: 1001, description: "The JSON in the request body was invalid."), setMissing, badParameter, serverError],
                responseDescription: "Information about the reference set that had data added or updated (without its data).",
                list: sets
            ) { call in
                guard let body = try call.jsonBody() else { throw APIError.missingParameter("data", in: .body) }
                guard case .array(let elements) = body else {
                    throw APIError(status: 422, code: 1005, message: "The request body must be a JSON array of values.", description: "A request parameter is not valid.")
                }
                let values = elements.compactMap { element -> String? in
                    switch element {
                    case .string(let s): return s
                    case .int(let i): return String(i)
                    case .double(let d): return String(d)
                    case .bool(let b): return b ? "true" : "false"
                    default: return nil
                    }
                }
                return try call.object(try call.engine.bulkLoadReferenceSet(name: call.path("name"), values: values))
            },
            Endpoint(
                method: "GET", path: "/system/task_management/tasks/{task_id}",
                summary: "Retrieve a task status by its ID.",
                parameters: [.path("task_id", "Number", "Required - The ID of the task."), .fields],
                success: [(200, "The task status was retrieved.")],
                errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The task does not exist."), serverError],
                responseDescription: "The task status.",
                list: ListBehaviour(fields: taskFields)
            ) { call in
                try call.object(try call.engine.task(id: try call.pathInt64("task_id")))
            },
        ]
    }

    /// `namespace`: SHARED (default) is the only one an admin token may use; TENANT is 422/1012, others 422/11.
    static func checkNamespace(_ call: APICall) throws(APIError) {
        guard let namespace = try call.enumeration("namespace", ["SHARED", "TENANT"]) else { return }
        if namespace == "TENANT" {
            throw APIError(status: 422, code: 1012, message: "Admin user can only access shared namespace", description: "The namespace value of SHARED was expected")
        }
    }
}
