import EmulatorEngine

/// One documented parameter of an endpoint, as `/help/endpoints` reports it.
struct EndpointParameter: Sendable {
    var name: String
    var place: ParameterPlace
    var dataType: String
    var description: String
    var required: Bool
    var defaultValue: String?

    static func query(_ name: String, _ type: String = "String", _ description: String, required: Bool = false, default value: String? = nil) -> Self {
        .init(name: name, place: .query, dataType: type, description: description, required: required, defaultValue: value)
    }

    static func path(_ name: String, _ type: String, _ description: String) -> Self {
        .init(name: name, place: .path, dataType: type, description: description, required: true, defaultValue: nil)
    }

    static func header(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name: name, place: .header, dataType: "String", description: description, required: required, defaultValue: nil)
    }

    static func body(_ name: String, _ type: String, _ description: String) -> Self {
        .init(name: name, place: .body, dataType: type, description: description, required: true, defaultValue: nil)
    }

    static let range = header("Range", "Optional - Use this parameter to restrict the number of elements that are returned in the list to a specified range. The list is indexed starting at zero.")
    static let filter = query("filter", "String", "Optional - This parameter is used to restrict the elements in a list based on the contents of various fields.")
    static let fields = query("fields", "String", "Optional - Use this parameter to specify which fields you would like to get back in the response. Fields that are not named are excluded. Specify subfields in brackets and multiple fields in the same object are separated by commas.")
    static let fieldsHeader = header("fields", "Optional - Use this parameter to specify which fields you would like to get back in the response. Fields that are not named are excluded. Specify subfields in brackets and multiple fields in the same object are separated by commas.")
    static let sort = query("sort", "String", "Optional - This parameter is used to sort the elements in a list.")
}

/// An error an endpoint documents: HTTP status, unique code, what it means.
struct EndpointErrorDoc: Sendable {
    var status: Int
    var code: Int
    var description: String
}

/// How a list endpoint filters and sorts: the unique codes it answers bad `filter`/`sort` with, the fields its
/// objects have (even when the list is empty), and fields that only take `=`/`!=`/`in` (offense `status`).
struct ListBehaviour: Sendable {
    var filterCode: Int = 1010
    var sortCode: Int = 1030
    var fields: Set<String> = []
    var unorderedFields: Set<String> = []
    /// Whether the items are bare strings (`/ariel/searches`, `/ariel/databases`), filtered with `.`.
    var scalarItems = false
}

/// One endpoint of the emulated `/api`: the single source for routing and for `/help/endpoints`.
struct Endpoint: Sendable {
    typealias Handler = @Sendable (APICall) async throws -> APIResponse

    var method: String
    /// Template below `/api`, e.g. `/siem/offenses/{offense_id}`.
    var path: String
    var summary: String
    var parameters: [EndpointParameter]
    /// Successful statuses with their meaning.
    var success: [(status: Int, description: String)]
    var errors: [EndpointErrorDoc]
    /// Media types the endpoint can answer with; the first is the default.
    var responseTypes: [String] = ["application/json"]
    var responseDescription: String
    var list: ListBehaviour?
    var handler: Handler

    /// Literal segments and `{name}` parameters.
    var segments: [Segment] {
        path.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }
}

/// Matches request paths to endpoints.
struct RouteTable: Sendable {
    let endpoints: [Endpoint]
    private let compiled: [[Endpoint.Segment]]

    init(_ endpoints: [Endpoint]) {
        self.endpoints = endpoints
        self.compiled = endpoints.map(\.segments)
    }

    enum Resolution {
        case found(Endpoint, parameters: [String: String])
        case methodNotAllowed
        case notFound
    }

    /// Finds the endpoint for a method and decoded path segments.
    ///
    /// Among the endpoints with this method whose template matches, the one with the most literal segments wins
    /// (`/reference_data/sets/bulk_load/{name}` over `/reference_data/sets/{name}/{value}`).
    func resolve(method: String, segments: [String]) -> Resolution {
        var best: (index: Int, literals: Int, parameters: [String: String])?
        var pathMatched = false
        for (index, template) in compiled.enumerated() where template.count == segments.count {
            var parameters: [String: String] = [:]
            var literals = 0
            var ok = true
            for (part, segment) in zip(template, segments) {
                switch part {
                case .literal(let l):
                    if l != segment { ok = false } else { literals += 1 }
                case .parameter(let name):
                    parameters[name] = segment
                }
                if !ok { break }
            }
            guard ok else { continue }
            pathMatched = true
            guard endpoints[index].method == method else { continue }
            if let current = best, literals <= current.literals { continue }
            best = (index, literals, parameters)
        }
        if let best { return .found(endpoints[best.index], parameters: best.parameters) }
        return pathMatched ? .methodNotAllowed : .notFound
    }
}
