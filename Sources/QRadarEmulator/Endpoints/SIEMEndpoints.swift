import EmulatorEngine

/// `/siem`: offenses, notes, closing reasons, offense types, source and local-destination addresses (QRADAR.md §2).
extension EmulatorAPI {
    static let offenseFields: Set<String> = [
        "id", "description", "assigned_to", "categories", "category_count", "policy_category_count",
        "security_category_count", "close_time", "closing_user", "closing_reason_id", "credibility", "relevance",
        "severity", "magnitude", "destination_networks", "source_network", "device_count", "event_count",
        "flow_count", "inactive", "last_updated_time", "last_persisted_time", "first_persisted_time",
        "local_destination_count", "offense_source", "offense_type", "protected", "follow_up",
        "remote_destination_count", "source_count", "start_time", "status", "username_count",
        "source_address_ids", "local_destination_address_ids", "domain_id", "rules", "log_sources",
    ]

    static func siemEndpoints() -> [Endpoint] {
        let offenseList = ListBehaviour(filterCode: 1010, sortCode: 1030, fields: offenseFields, unorderedFields: ["status"])
        let notFound = { (what: String) in EndpointErrorDoc(status: 404, code: 1002, description: what) }
        let badParameter = EndpointErrorDoc(status: 422, code: 1005, description: "A request parameter is not valid.")
        let serverError = { (what: String) in EndpointErrorDoc(status: 500, code: 1020, description: what) }
        let badFilter = EndpointErrorDoc(status: 422, code: 1010, description: "The filter parameter is not valid.")

        return [
            Endpoint(
                method: "GET", path: "/siem/offenses",
                summary: "Retrieve a list of offenses currently in the system.",
                parameters: [.sort, .range, .filter, .fields],
                success: [(200, "The offense list was retrieved.")],
                errors: [badParameter, EndpointErrorDoc(status: 422, code: 1030, description: "The sort parameter is not valid."), badFilter,
                         serverError("An error occurred while the offense list was being retrieved.")],
                responseDescription: "An array of Offense objects.",
                list: offenseList
            ) { call in
                try call.list(call.engine.offenses())
            },
            Endpoint(
                method: "GET", path: "/siem/offenses/{offense_id}",
                summary: "Retrieve an offense structure that describes properties of an offense.",
                parameters: [.path("offense_id", "Number", "Required - The offense ID."), .fields],
                success: [(200, "The offense was retrieved.")],
                errors: [notFound("No offense was found for the provided offense_id."), badParameter,
                         serverError("An error occurred while the offense was being retrieved.")],
                responseDescription: "An Offense object.",
                list: offenseList
            ) { call in
                try call.object(try call.engine.offense(id: try call.pathInt64("offense_id")))
            },
            Endpoint(
                method: "POST", path: "/siem/offenses/{offense_id}",
                summary: "Update an offense.",
                parameters: [
                    .path("offense_id", "Number", "Required - The ID of the offense to update."),
                    .query("protected", "Boolean", "Optional - Set to true to protect the offense."),
                    .query("follow_up", "Boolean", "Optional - Set to true to set the follow up flag on the offense."),
                    .query("status", "String", "Optional - The new status for the offense. Set to one of: OPEN, HIDDEN, CLOSED. When the status of an offense is being set to CLOSED, a valid closing_reason_id must be provided."),
                    .query("closing_reason_id", "Number", "Optional - The ID of a closing reason. You must provide a valid closing_reason_id when you close an offense."),
                    .query("assigned_to", "String", "Optional - A user to assign the offense to."),
                    .fields,
                ],
                success: [(200, "The offense was updated.")],
                errors: [EndpointErrorDoc(status: 403, code: 1009, description: "User does not have the required capability to assign an offense."),
                         notFound("No offense was found for the provided offense_id."),
                         EndpointErrorDoc(status: 409, code: 1008, description: "Request cannot be completed due to the state of the offense."),
                         badParameter, serverError("An error occurred while the offense was being updated.")],
                responseDescription: "An updated Offense object.",
                list: offenseList
            ) { call in
                // Query parameters (or a form body) carry the update; a JSON body, as Ansible sends one, is ignored.
                let id = try call.pathInt64("offense_id")
                let status = try call.enumeration("status", ["OPEN", "HIDDEN", "CLOSED"])
                let closingReason = try call.int64("closing_reason_id")
                if status == "CLOSED" && closingReason == nil {
                    throw APIError(status: 422, code: 1005, message: "closing_reason_id must be provided when closing an offense.", description: "A request parameter is not valid.")
                }
                let updated = try call.engine.updateOffense(
                    id: id, status: status, closingReasonID: closingReason, assignedTo: call.parameter("assigned_to"),
                    followUp: try call.bool("follow_up"), protected: try call.bool("protected"), user: call.identity.displayName
                )
                return try call.object(updated)
            },
            Endpoint(
                method: "GET", path: "/siem/offenses/{offense_id}/notes",
                summary: "Retrieve a list of notes for an offense.",
                parameters: [.path("offense_id", "Number", "Required - The offense ID to retrieve the notes for."), .range, .filter, .fields],
                success: [(200, "The note list was retrieved.")],
                errors: [notFound("The offense does not exist."), badParameter, serverError("An error occurred while the note list was being retrieved.")],
                responseDescription: "An array of Note objects.",
                list: ListBehaviour(filterCode: 1010, sortCode: 1030, fields: ["id", "create_time", "username", "note_text"])
            ) { call in
                try call.list(call.engine.offenseNotes(offenseID: try call.pathInt64("offense_id")))
            },
            Endpoint(
                method: "POST", path: "/siem/offenses/{offense_id}/notes",
                summary: "Create a note on an offense.",
                parameters: [.path("offense_id", "Number", "Required - The offense ID to add the note to."),
                             .query("note_text", "String", "Required - The note text.", required: true), .fields],
                success: [(201, "The note was created.")],
                errors: [notFound("The offense does not exist."), badParameter, serverError("An error occurred while the note was being created.")],
                responseDescription: "The Note object that was created.",
                list: ListBehaviour(fields: ["id", "create_time", "username", "note_text"])
            ) { call in
                let id = try call.pathInt64("offense_id")
                let text = try call.required("note_text")
                return try call.object(try call.engine.addOffenseNote(offenseID: id, text: text, user: call.identity.displayName), status: 201)
            },
            Endpoint(
                method: "GET", path: "/siem/offenses/{offense_id}/notes/{note_id}",
                summary: "Retrieve a note for an offense.",
                parameters: [.path("offense_id", "Number", "Required - The offense ID to retrieve the note from."),
                             .path("note_id", "Number", "Required - The note ID."), .fields],
                success: [(200, "The note was retrieved.")],
                errors: [notFound("The offense does not exist."), EndpointErrorDoc(status: 404, code: 1003, description: "The note does not exist."),
                         badParameter, serverError("An error occurred while the note was being retrieved.")],
                responseDescription: "A Note object.",
                list: ListBehaviour(fields: ["id", "create_time", "username", "note_text"])
            ) { call in
                try call.object(try call.engine.offenseNote(offenseID: try call.pathInt64("offense_id"), noteID: try call.pathInt64("note_id")))
            },
            Endpoint(
                method: "GET", path: "/siem/offense_closing_reasons",
                summary: "Retrieve a list of all offense closing reasons.",
                parameters: [.query("include_reserved", "Boolean", "Optional - If true, reserved closing reasons are included in the response.", default: "false"),
                             .query("include_deleted", "Boolean", "Optional - If true, deleted closing reasons are included in the response.", default: "false"),
                             .range, .filter, .fields],
                success: [(200, "The closing reasons were retrieved.")],
                errors: [serverError("An error occurred while the closing reasons were being retrieved.")],
                responseDescription: "An array of ClosingReason objects.",
                list: ListBehaviour(fields: ["id", "text", "is_deleted", "is_reserved"])
            ) { call in
                try call.list(call.engine.closingReasons(
                    includeReserved: try call.bool("include_reserved") ?? false,
                    includeDeleted: try call.bool("include_deleted") ?? false
                ))
            },
            Endpoint(
                method: "POST", path: "/siem/offense_closing_reasons",
                summary: "Create an offense closing reason.",
                parameters: [.query("reason", "String", "Required - The text of the offense closing reason; 5 to 60 characters.", required: true), .fields],
                success: [(201, "The closing reason was created.")],
                errors: [EndpointErrorDoc(status: 409, code: 1004, description: "The closing reason already exists."), badParameter,
                         serverError("An error occurred while the closing reason was being created.")],
                responseDescription: "The ClosingReason object that was created.",
                list: ListBehaviour(fields: ["id", "text", "is_deleted", "is_reserved"])
            ) { call in
                try call.object(try call.engine.addClosingReason(text: try call.required("reason")), status: 201)
            },
            Endpoint(
                method: "GET", path: "/siem/offense_closing_reasons/{closing_reason_id}",
                summary: "Retrieve an offense closing reason.",
                parameters: [.path("closing_reason_id", "Number", "Required - The closing reason ID."), .fields],
                success: [(200, "The closing reason was retrieved.")],
                errors: [notFound("The closing reason does not exist."), serverError("An error occurred while the closing reason was being retrieved.")],
                responseDescription: "A ClosingReason object.",
                list: ListBehaviour(fields: ["id", "text", "is_deleted", "is_reserved"])
            ) { call in
                try call.object(try call.engine.closingReason(id: try call.pathInt64("closing_reason_id")))
            },
            Endpoint(
                method: "GET", path: "/siem/offense_types",
                summary: "Retrieve all offense types.",
                parameters: [.sort, .range, .filter, .fields],
                success: [(200, "The offense types were retrieved.")],
                errors: [EndpointErrorDoc(status: 422, code: 1030, description: "The sort parameter is not valid."), badFilter,
                         serverError("An error occurred while the offense types were being retrieved.")],
                responseDescription: "An array of OffenseType objects.",
                list: ListBehaviour(filterCode: 1010, sortCode: 1030, fields: ["id", "property_name", "name", "database_type", "custom"])
            ) { call in
                try call.list(call.engine.offenseTypes())
            },
            Endpoint(
                method: "GET", path: "/siem/offense_types/{offense_type_id}",
                summary: "Retrieve an offense type.",
                parameters: [.path("offense_type_id", "Number", "Required - The offense type ID."), .fields],
                success: [(200, "The offense type was retrieved.")],
                errors: [notFound("The offense type does not exist."), serverError("An error occurred while the offense type was being retrieved.")],
                responseDescription: "An OffenseType object.",
                list: ListBehaviour(fields: ["id", "property_name", "name", "database_type", "custom"])
            ) { call in
                try call.object(try call.engine.offenseType(id: try call.pathInt64("offense_type_id")))
            },
            Endpoint(
                method: "GET", path: "/siem/source_addresses",
                summary: "Retrieve a list of offense source addresses currently in the system.",
                parameters: [.range, .filter, .fields],
                success: [(200, "The source addresses were retrieved.")],
                errors: [badFilter, serverError("An error occurred while the source addresses were being retrieved.")],
                responseDescription: "An array of SourceAddress objects.",
                list: ListBehaviour(filterCode: 1010, sortCode: 1030, fields: [
                    "id", "source_ip", "magnitude", "network", "offense_ids", "local_destination_address_ids", "event_flow_count",
                    "first_event_flow_seen", "last_event_flow_seen", "domain_id",
                ])
            ) { call in
                try call.list(call.engine.sourceAddresses())
            },
            Endpoint(
                method: "GET", path: "/siem/source_addresses/{source_address_id}",
                summary: "Retrieve an offense source address.",
                parameters: [.path("source_address_id", "Number", "Required - The source address ID."), .fields],
                success: [(200, "The source address was retrieved.")],
                errors: [notFound("The source address does not exist."), serverError("An error occurred while the source address was being retrieved.")],
                responseDescription: "A SourceAddress object."
            ) { call in
                try call.object(try call.engine.sourceAddress(id: try call.pathInt64("source_address_id")))
            },
            Endpoint(
                method: "GET", path: "/siem/local_destination_addresses",
                summary: "Retrieve a list of offense local destination addresses currently in the system.",
                parameters: [.range, .filter, .fields],
                success: [(200, "The local destination addresses were retrieved.")],
                errors: [badFilter, serverError("An error occurred while the local destination addresses were being retrieved.")],
                responseDescription: "An array of LocalDestinationAddress objects.",
                list: ListBehaviour(filterCode: 1010, sortCode: 1030, fields: [
                    "id", "local_destination_ip", "magnitude", "network", "offense_ids", "source_address_ids", "event_flow_count",
                    "first_event_flow_seen", "last_event_flow_seen", "domain_id",
                ])
            ) { call in
                try call.list(call.engine.localDestinationAddresses())
            },
            Endpoint(
                method: "GET", path: "/siem/local_destination_addresses/{local_destination_address_id}",
                summary: "Retrieve an offense local destination address.",
                parameters: [.path("local_destination_address_id", "Number", "Required - The local destination address ID."), .fields],
                success: [(200, "The local destination address was retrieved.")],
                errors: [notFound("The local destination address does not exist."), serverError("An error occurred while the local destination address was being retrieved.")],
                responseDescription: "A LocalDestinationAddress object."
            ) { call in
                try call.object(try call.engine.localDestinationAddress(id: try call.pathInt64("local_destination_address_id")))
            },
        ]
    }
}
