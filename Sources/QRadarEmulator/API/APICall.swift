#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import EmulatorEngine

/// One authenticated request on its way through an endpoint handler: the request, the resolved endpoint and
/// path parameters, the caller, the API version, and helpers that read parameters and shape responses the
/// way QRadar does.
struct APICall: Sendable {
    let request: APIRequest
    let endpoint: Endpoint
    let pathParameters: [String: String]
    let identity: EmulatorIdentity
    let version: APIVersion
    /// The API serving the request (authenticator, documentation, counters).
    let api: EmulatorAPI
    var engine: QRadarEngine { api.engine }
    /// The negotiated response media type.
    let responseType: String
    /// Query parameters followed by form-body parameters (servlet containers merge both).
    let parameters: [(name: String, value: String)]

    init(request: APIRequest, endpoint: Endpoint, pathParameters: [String: String], identity: EmulatorIdentity,
         version: APIVersion, api: EmulatorAPI, responseType: String) {
        self.request = request
        self.endpoint = endpoint
        self.pathParameters = pathParameters
        self.identity = identity
        self.version = version
        self.api = api
        self.responseType = responseType
        self.parameters = request.query + request.formParameters
    }

    // MARK: Parameters

    /// A query or form parameter; empty values count as given.
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// A required parameter: missing or empty is 422/8.
    func required(_ name: String) throws(APIError) -> String {
        guard let value = parameter(name), !value.isEmpty else { throw .missingParameter(name) }
        return value
    }

    /// An optional integer parameter; a non-integer is 422/11.
    func int64(_ name: String) throws(APIError) -> Int64? {
        guard let raw = parameter(name)?.trimmingSpaces(), !raw.isEmpty else { return nil }
        guard let value = Int64(raw) else { throw .untransformable(name) }
        return value
    }

    /// An optional boolean parameter (`true`/`false`, any case); anything else is 422/11.
    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let raw = parameter(name)?.trimmingSpaces(), !raw.isEmpty else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .untransformable(name)
        }
    }

    /// An optional enumerated parameter, matched case-sensitively as QRadar's enums are; others are 422/11.
    func enumeration(_ name: String, _ allowed: [String]) throws(APIError) -> String? {
        guard let raw = parameter(name)?.trimmingSpaces(), !raw.isEmpty else { return nil }
        guard allowed.contains(raw) else { throw .untransformable(name) }
        return raw
    }

    /// A path parameter as text (already percent-decoded).
    func path(_ name: String) -> String {
        pathParameters[name] ?? ""
    }

    /// A numeric path parameter; anything else is 422/11.
    func pathInt64(_ name: String) throws(APIError) -> Int64 {
        guard let value = Int64(path(name)) else { throw .untransformablePath(name) }
        return value
    }

    /// The `fields` selector, from the query or (on endpoints with a body) from the `fields` header.
    var fieldsText: String? {
        parameter("fields") ?? request.header("fields")
    }

    /// The body parsed as JSON; nil when the body is empty.
    func jsonBody() throws(APIError) -> JSONValue? {
        guard !request.body.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw APIError(status: 400, code: 1001, message: "The request body is not valid JSON.", description: "The JSON in the request body was invalid.")
        }
    }

    // MARK: Responses

    /// One object, projected by `fields`.
    func object(_ value: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = []) throws(APIError) -> APIResponse {
        guard let selection = try FieldSelection.parse(fieldsText) else {
            return .json(value, status: status, headers: headers)
        }
        let known = Set(value.objectValue?.keys.map { $0 } ?? []).union(endpoint.list?.fields ?? [])
        try selection.validate(known: known, sample: [value])
        return .json(selection.project(value), status: status, headers: headers)
    }

    /// A list, with `filter`, `sort`, `Range` and `fields` applied as QRadar applies them.
    func list(_ items: [JSONValue]) throws(APIError) -> APIResponse {
        let page = try ListQuery(call: self).apply(to: items)
        return .json(.array(page.items), headers: [("Content-Range", page.contentRange)])
    }
}

/// `filter`, `sort`, `Range` and `fields` of one list request.
struct ListQuery {
    let behaviour: ListBehaviour
    let filter: FilterExpression?
    let sort: SortOrder?
    let range: ItemRange?
    let fields: FieldSelection?

    init(call: APICall) throws(APIError) {
        let behaviour = call.endpoint.list ?? ListBehaviour()
        self.behaviour = behaviour
        self.range = try ItemRange.parse(call.request.header("Range"))
        if let text = call.parameter("filter"), !text.trimmingSpaces().isEmpty {
            do {
                self.filter = try FilterParser.parse(text)
            } catch {
                throw APIError(status: 422, code: behaviour.filterCode, message: error.message, description: "The filter parameter is not valid.")
            }
        } else {
            self.filter = nil
        }
        switch SortOrder.parse(call.parameter("sort")) {
        case .success(let order): self.sort = order
        case .failure(let error):
            throw APIError(status: 422, code: behaviour.sortCode, message: error.message, description: "The sort parameter is not valid.")
        }
        self.fields = try FieldSelection.parse(call.fieldsText)
    }

    /// The fields objects of this list have: the documented ones plus what the first objects carry.
    private func knownFields(_ items: [JSONValue]) -> Set<String> {
        var known = behaviour.fields
        for item in items.prefix(16) {
            if case .object(let members) = item { known.formUnion(members.keys) }
        }
        return known
    }

    private func check(_ path: FieldPath, known: Set<String>, code: Int, what: String) throws(APIError) {
        guard let first = path.components.first else {
            if behaviour.scalarItems { return }
            throw APIError(status: 422, code: code, message: "\".\" can only be used on lists of simple values.", description: "The \(what) parameter is not valid.")
        }
        guard !behaviour.scalarItems, known.contains(first) else {
            throw APIError(status: 422, code: code, message: "The field \"\(first)\" is not recognized by this endpoint.", description: "The \(what) parameter is not valid.")
        }
    }

    func apply(to items: [JSONValue]) throws(APIError) -> (items: [JSONValue], contentRange: String) {
        let known = knownFields(items)
        var result = items
        if let filter {
            for path in filter.topLevelFields { try check(path, known: known, code: behaviour.filterCode, what: "filter") }
            for path in filter.orderedFields {
                if let first = path.components.first, behaviour.unorderedFields.contains(first) {
                    throw APIError(
                        status: 422, code: behaviour.filterCode,
                        message: "The field \"\(first)\" does not support the operators <, >, <=, >= or between.",
                        description: "The filter parameter is not valid."
                    )
                }
            }
            result = result.filter { FilterEvaluator.matches(filter, $0) }
        }
        if let sort {
            for key in sort.keys { try check(key.field, known: known, code: behaviour.sortCode, what: "sort") }
            result = sort.sorted(result)
        }
        try fields?.validate(known: known, sample: Array(items.prefix(16)))
        let page = Page(result, range: range)
        let projected = fields.map { selection in page.items.map(selection.project) } ?? Array(page.items)
        return (projected, page.contentRange)
    }
}
