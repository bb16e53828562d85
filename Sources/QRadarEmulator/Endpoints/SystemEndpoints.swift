import VigilCore
import EmulatorEngine

/// Assets, log sources, servers and logout (QRADAR.md §6, §1.1, §10).
extension EmulatorAPI {
    static let logSourceFields: Set<String> = [
        "id", "name", "description", "type_id", "protocol_type_id", "protocol_parameters", "enabled", "gateway", "internal",
        "credibility", "target_event_collector_id", "disconnected_log_collector_id", "coalesce_events", "store_event_payload",
        "log_source_extension_id", "language_id", "group_ids", "requires_deploy", "status", "auto_discovered", "average_eps",
        "creation_date", "modified_date", "last_event_time", "wincollect_internal_destination_id",
        "wincollect_external_destination_ids", "legacy_bulk_group_name", "sending_ip", "parsing_order",
    ]
    static let logSourceTypeFields: Set<String> = [
        "id", "name", "internal", "custom", "protocol_types", "default_protocol_id", "log_source_extension_id",
        "supported_language_ids", "version", "latest_version",
    ]
    static let assetFields: Set<String> = [
        "id", "domain_id", "vulnerability_count", "risk_score_sum", "hostnames", "interfaces", "products", "properties", "users",
    ]

    static func systemEndpoints(hostName: String) -> [Endpoint] {
        let serverError = EndpointErrorDoc(status: 500, code: 1020, description: "An error occurred during the attempt to retrieve the data.")
        let logSources = ListBehaviour(filterCode: 1001, sortCode: 1000, fields: logSourceFields)
        let logSourceTypes = ListBehaviour(filterCode: 1001, sortCode: 1000, fields: logSourceTypeFields)
        let server: JSONValue = [
            "hostname": .string(hostName), "managed_host_id": 53, "private_ip": "127.0.0.1", "server_id": 53, "status": "ACTIVE",
        ]

        return [
            Endpoint(
                method: "GET", path: "/asset_model/assets",
                summary: "List all assets found in the model.",
                parameters: [.range, .filter, .fields, .sort],
                success: [(200, "The assets were retrieved.")],
                errors: [EndpointErrorDoc(status: 422, code: 1010, description: "The filter parameter is not valid."), serverError],
                responseDescription: "An array of Asset objects.",
                list: ListBehaviour(filterCode: 1010, sortCode: 1030, fields: assetFields)
            ) { call in
                try call.list(call.engine.assets())
            },
            Endpoint(
                method: "GET", path: "/config/event_sources/log_source_management/log_sources",
                summary: "Retrieves a list of log sources.",
                parameters: [.range, .filter, .fields, .sort],
                success: [(200, "The log sources were retrieved.")],
                errors: [EndpointErrorDoc(status: 422, code: 1001, description: "The filter parameter is not valid."),
                         EndpointErrorDoc(status: 422, code: 1000, description: "The sort parameter is not valid."), serverError],
                responseDescription: "An array of LogSource objects.",
                list: logSources
            ) { call in
                try call.list(call.engine.logSources())
            },
            Endpoint(
                method: "GET", path: "/config/event_sources/log_source_management/log_sources/{id}",
                summary: "Retrieves a log source.",
                parameters: [.path("id", "Number", "Required - The ID of the log source."), .fields],
                success: [(200, "The log source was retrieved.")],
                errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The log source does not exist."), serverError],
                responseDescription: "A LogSource object.",
                list: logSources
            ) { call in
                try call.object(try call.engine.logSource(id: try call.pathInt64("id")))
            },
            Endpoint(
                method: "GET", path: "/config/event_sources/log_source_management/log_source_types",
                summary: "Retrieves a list of log source types.",
                parameters: [.range, .filter, .fields, .sort],
                success: [(200, "The log source types were retrieved.")],
                errors: [EndpointErrorDoc(status: 422, code: 1001, description: "The filter parameter is not valid."), serverError],
                responseDescription: "An array of LogSourceType objects.",
                list: logSourceTypes
            ) { call in
                try call.list(call.engine.logSourceTypes())
            },
            Endpoint(
                method: "GET", path: "/config/event_sources/log_source_management/log_source_types/{id}",
                summary: "Retrieves a log source type.",
                parameters: [.path("id", "Number", "Required - The ID of the log source type."), .fields],
                success: [(200, "The log source type was retrieved.")],
                errors: [EndpointErrorDoc(status: 404, code: 1002, description: "The log source type does not exist."), serverError],
                responseDescription: "A LogSourceType object.",
                list: logSourceTypes
            ) { call in
                let id = try call.pathInt64("id")
                guard let type = call.engine.logSourceTypes().first(where: { $0["id"]?.intValue == id }) else {
                    throw APIError(status: 404, code: 1002, message: "The log source type with ID \(id) does not exist.", description: "The log source type does not exist.")
                }
                return try call.object(type)
            },
            Endpoint(
                method: "GET", path: "/system/servers",
                summary: "Retrieves a list of all server hosts in the deployment.",
                parameters: [.range, .filter, .fields],
                success: [(200, "The server records were retrieved.")],
                errors: [serverError],
                responseDescription: "An array of server records.",
                list: ListBehaviour(fields: ["hostname", "managed_host_id", "private_ip", "server_id", "status"])
            ) { call in
                try call.list([server])
            },
            Endpoint(
                method: "POST", path: "/auth/logout",
                summary: "Invoke this method as an authorized user and your session will be invalidated.",
                parameters: [],
                success: [(200, "The session was invalidated.")],
                errors: [],
                responseDescription: "true.",
                list: nil
            ) { call in
                // Ends a Basic-auth session; authorized-service tokens have no session and stay valid.
                _ = call.api.authenticator.logout(call.request)
                return .json(true)
            },
        ]
    }

    /// Every endpoint under `/api`, in the order `/help/endpoints` lists them.
    static func apiEndpoints(hostName: String) -> [Endpoint] {
        helpEndpoints() + siemEndpoints() + arielEndpoints() + referenceDataEndpoints() + systemEndpoints(hostName: hostName)
    }
}
