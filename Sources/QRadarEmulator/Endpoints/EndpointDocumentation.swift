import VigilCore
import EmulatorEngine

/// `/help/versions`, `/help/resources` and `/help/endpoints`, generated from the same ``Endpoint`` table that
/// routes requests, so the documentation lists exactly what is served, with its parameters and responses.
///
/// Every emulated endpoint exists in every supported version, as the endpoints clients use have since 6.0.
struct EndpointDocumentation: Sendable {
    let versions: [JSONValue]
    let resources: [JSONValue]
    let endpoints: [JSONValue]

    init(endpoints routeEndpoints: [Endpoint]) {
        var versions: [JSONValue] = []
        var resources: [JSONValue] = []
        var endpoints: [JSONValue] = []
        var nextResourceID: Int64 = 1
        var nextEndpointID: Int64 = 1

        for (versionIndex, version) in APIVersion.supported.enumerated() {
            let versionText = version.description
            // Resource tree of this version: one node per path prefix.
            var resourceIDs: [String: Int64] = [:]
            var order: [String] = []
            var parents: [String: String] = [:]
            var children: [String: [String]] = [:]
            var endpointIDs: [String: [Int64]] = [:]
            for endpoint in routeEndpoints {
                let parts = endpoint.path.split(separator: "/").map(String.init)
                var prefix = ""
                var parent: String?
                for part in parts {
                    prefix += "/" + part
                    if resourceIDs[prefix] == nil {
                        resourceIDs[prefix] = nextResourceID
                        nextResourceID += 1
                        order.append(prefix)
                        if let parent {
                            parents[prefix] = parent
                            children[parent, default: []].append(prefix)
                        }
                    }
                    parent = prefix
                }
                let id = nextEndpointID
                nextEndpointID += 1
                endpointIDs[endpoint.path, default: []].append(id)
                endpoints.append(Self.document(endpoint, id: id, version: version, resourceID: resourceIDs[endpoint.path] ?? 0))
            }
            var roots: [JSONValue] = []
            for path in order {
                let id = resourceIDs[path] ?? 0
                if parents[path] == nil { roots.append(.int(id)) }
                resources.append([
                    "id": .int(id),
                    "resource": .string(String(path.split(separator: "/").last ?? "")),
                    "path": .string(path),
                    "version": .string(versionText),
                    "parent_resource_id": parents[path].flatMap { resourceIDs[$0] }.map { JSONValue.int($0) } ?? .null,
                    "child_resource_ids": .array((children[path] ?? []).compactMap { resourceIDs[$0] }.map { .int($0) }),
                    "endpoint_ids": .array((endpointIDs[path] ?? []).map { .int($0) }),
                ])
            }
            versions.append([
                "id": .int(Int64(versionIndex + 1)),
                "version": .string(versionText),
                "deprecated": .bool(version.isDeprecated),
                "removed": false,
                "root_resource_ids": .array(roots),
            ])
        }
        for (offset, version) in APIVersion.removed.enumerated() {
            versions.append([
                "id": .int(Int64(APIVersion.supported.count + offset + 1)),
                "version": .string(version.description),
                "deprecated": true,
                "removed": true,
                "root_resource_ids": [],
            ])
        }
        self.versions = versions
        self.resources = resources
        self.endpoints = endpoints
    }

    private static func document(_ endpoint: Endpoint, id: Int64, version: APIVersion, resourceID: Int64) -> JSONValue {
        let parameters: [JSONValue] = endpoint.parameters.map { p in
            [
                "parameter_name": .string(p.name),
                "type": .string(p.place.rawValue),
                "description": .string(p.description),
                "default_value": .optional(p.defaultValue),
                "mime_types": [[
                    "mime_type": p.place == .body ? "application/json" : "text/plain",
                    "data_type": .string(p.dataType),
                    "sample": .null,
                ]],
            ]
        }
        return [
            "id": .int(id),
            "version": .string(version.description),
            "http_method": .string(endpoint.method),
            "path": .string(endpoint.path),
            "summary": .string(endpoint.summary),
            "description": .string(endpoint.summary),
            "deprecated": .bool(version.isDeprecated),
            "caller_has_access": true,
            "last_modified_version": .string(version.description),
            "resource_id": .int(resourceID),
            "parameters": .array(parameters),
            "success_responses": .array(endpoint.success.map { s in
                ["response_code": .int(Int64(s.status)), "description": .string(s.description), "response_code_description": .string(reason(s.status))]
            }),
            "error_responses": .array(endpoint.errors.map { e in
                [
                    "response_code": .int(Int64(e.status)), "unique_code": .int(Int64(e.code)),
                    "description": .string(e.description), "response_code_description": .string(reason(e.status)),
                ]
            }),
            "response_description": .string(endpoint.responseDescription),
            "response_mime_types": .array(endpoint.responseTypes.map { type in
                ["mime_type": .string(type), "media_type": .string(type), "sample": .null]
            }),
        ]
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 206: return "Partial Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 422: return "Unprocessable Entity"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}

extension EmulatorAPI {
    static func helpEndpoints() -> [Endpoint] {
        func byID(_ list: @escaping @Sendable (EndpointDocumentation) -> [JSONValue], _ parameter: String, _ what: String) -> Endpoint.Handler {
            { call in
                let id = try call.pathInt64(parameter)
                guard let item = list(call.api.documentation).first(where: { $0["id"]?.intValue == id }) else {
                    throw APIError(status: 404, code: 1002, message: "The \(what) with ID \(id) does not exist.", description: "The \(what) does not exist.")
                }
                return try call.object(item)
            }
        }
        let serverError = EndpointErrorDoc(status: 500, code: 1020, description: "An unexpected error has occurred.")
        return [
            Endpoint(
                method: "GET", path: "/help/versions", summary: "Retrieves a list of API versions.",
                parameters: [.range, .filter, .fields], success: [(200, "The version list was retrieved.")], errors: [serverError],
                responseDescription: "An array of version objects.",
                list: ListBehaviour(fields: ["id", "version", "deprecated", "removed", "root_resource_ids"])
            ) { call in try call.list(call.api.documentation.versions) },
            Endpoint(
                method: "GET", path: "/help/versions/{version_id}", summary: "Retrieves a single API version.",
                parameters: [.path("version_id", "Number", "Required - The ID of the version."), .fields],
                success: [(200, "The version was retrieved.")], errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The version does not exist."), serverError],
                responseDescription: "A version object.", list: nil,
                handler: byID({ $0.versions }, "version_id", "version")
            ),
            Endpoint(
                method: "GET", path: "/help/resources", summary: "Retrieves a list of resource documentation objects that are currently in the system.",
                parameters: [.range, .filter, .fields], success: [(200, "The resource documentation list was retrieved.")], errors: [serverError],
                responseDescription: "An array of resource documentation objects.",
                list: ListBehaviour(fields: ["id", "resource", "path", "version", "parent_resource_id", "child_resource_ids", "endpoint_ids"])
            ) { call in try call.list(call.api.documentation.resources) },
            Endpoint(
                method: "GET", path: "/help/resources/{resource_id}", summary: "Retrieves a single resource documentation object.",
                parameters: [.path("resource_id", "Number", "Required - The ID of the resource documentation object."), .fields],
                success: [(200, "The resource documentation was retrieved.")], errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The resource does not exist."), serverError],
                responseDescription: "A resource documentation object.", list: nil,
                handler: byID({ $0.resources }, "resource_id", "resource")
            ),
            Endpoint(
                method: "GET", path: "/help/endpoints", summary: "Retrieves a list of endpoint documentation objects that are currently in the system.",
                parameters: [.range, .filter, .fields], success: [(200, "The endpoint documentation list was retrieved.")], errors: [serverError],
                responseDescription: "An array of endpoint documentation objects.",
                list: ListBehaviour(fields: [
                    "id", "version", "http_method", "path", "summary", "description", "deprecated", "caller_has_access",
                    "last_modified_version", "resource_id", "parameters", "success_responses", "error_responses",
                    "response_description", "response_mime_types",
                ])
            ) { call in try call.list(call.api.documentation.endpoints) },
            Endpoint(
                method: "GET", path: "/help/endpoints/{endpoint_id}", summary: "Retrieves a single endpoint documentation object.",
                parameters: [.path("endpoint_id", "Number", "Required - The ID of the endpoint documentation object."), .fields],
                success: [(200, "The endpoint documentation was retrieved.")], errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The endpoint does not exist."), serverError],
                responseDescription: "An endpoint documentation object.", list: nil,
                handler: byID({ $0.endpoints }, "endpoint_id", "endpoint")
            ),
        ]
    }
}
