import VigilCore

/// A log source from `GET /config/event_sources/log_source_management/log_sources` (QRADAR.md §6.1).
public struct LogSource: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var name: String?
    public var description: String?
    public var typeID: Int?
    public var protocolTypeID: Int?
    public var protocolParameters: [LogSourceProtocolParameter]?
    public var enabled: Bool?
    public var gateway: Bool?
    public var isInternal: Bool?
    public var credibility: Int?
    public var targetEventCollectorID: Int?
    public var disconnectedLogCollectorID: Int?
    public var coalesceEvents: Bool?
    public var storeEventPayload: Bool?
    public var logSourceExtensionID: Int?
    public var languageID: Int?
    public var groupIDs: [Int]?
    public var requiresDeploy: Bool?
    public var status: LogSourceStatus?
    public var autoDiscovered: Bool?
    public var averageEPS: Double?
    public var creationDate: Int64?
    public var modifiedDate: Int64?
    public var lastEventTime: Int64?
    public var wincollectInternalDestinationID: Int?
    public var wincollectExternalDestinationIDs: [Int]?
    public var legacyBulkGroupName: String?
    public var sendingIP: String?
    public var parsingOrder: Int?

    public init(id: Int, name: String? = nil) {
        self.id = id
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, enabled, gateway, credibility, status
        case typeID = "type_id"
        case protocolTypeID = "protocol_type_id"
        case protocolParameters = "protocol_parameters"
        case isInternal = "internal"
        case targetEventCollectorID = "target_event_collector_id"
        case disconnectedLogCollectorID = "disconnected_log_collector_id"
        case coalesceEvents = "coalesce_events"
        case storeEventPayload = "store_event_payload"
        case logSourceExtensionID = "log_source_extension_id"
        case languageID = "language_id"
        case groupIDs = "group_ids"
        case requiresDeploy = "requires_deploy"
        case autoDiscovered = "auto_discovered"
        case averageEPS = "average_eps"
        case creationDate = "creation_date"
        case modifiedDate = "modified_date"
        case lastEventTime = "last_event_time"
        case wincollectInternalDestinationID = "wincollect_internal_destination_id"
        case wincollectExternalDestinationIDs = "wincollect_external_destination_ids"
        case legacyBulkGroupName = "legacy_bulk_group_name"
        case sendingIP = "sending_ip"
        case parsingOrder = "parsing_order"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        name = c.lenient(.name)
        description = c.lenient(.description)
        typeID = c.lenient(.typeID)
        protocolTypeID = c.lenient(.protocolTypeID)
        protocolParameters = c.lenient(.protocolParameters)
        enabled = c.lenient(.enabled)
        gateway = c.lenient(.gateway)
        isInternal = c.lenient(.isInternal)
        credibility = c.lenient(.credibility)
        targetEventCollectorID = c.lenient(.targetEventCollectorID)
        disconnectedLogCollectorID = c.lenient(.disconnectedLogCollectorID)
        coalesceEvents = c.lenient(.coalesceEvents)
        storeEventPayload = c.lenient(.storeEventPayload)
        logSourceExtensionID = c.lenient(.logSourceExtensionID)
        languageID = c.lenient(.languageID)
        groupIDs = c.lenient(.groupIDs)
        requiresDeploy = c.lenient(.requiresDeploy)
        status = c.lenient(.status)
        autoDiscovered = c.lenient(.autoDiscovered)
        averageEPS = c.lenient(.averageEPS)
        creationDate = c.lenient(.creationDate)
        modifiedDate = c.lenient(.modifiedDate)
        lastEventTime = c.lenient(.lastEventTime)
        wincollectInternalDestinationID = c.lenient(.wincollectInternalDestinationID)
        wincollectExternalDestinationIDs = c.lenient(.wincollectExternalDestinationIDs)
        legacyBulkGroupName = c.lenient(.legacyBulkGroupName)
        sendingIP = c.lenient(.sendingIP)
        parsingOrder = c.lenient(.parsingOrder)
    }
}

/// One protocol parameter of a log source, e.g. `identifier`.
public struct LogSourceProtocolParameter: Codable, Sendable, Hashable {
    public var id: Int?
    public var name: String?
    /// Any JSON value; usually a string.
    public var value: JSONValue?

    public init(id: Int? = nil, name: String? = nil, value: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.value = value
    }

    enum CodingKeys: String, CodingKey { case id, name, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        name = c.lenient(.name)
        value = c.lenient(.value)
    }
}

/// A log source's health: `N/A`, `SUCCESS`, `WARN`, `ERROR` or `DISABLED`, with messages.
public struct LogSourceStatus: Codable, Sendable, Hashable {
    public var status: String?
    public var lastUpdated: Int64?
    public var messages: [LogSourceStatusMessage]?

    public init(status: String? = nil, lastUpdated: Int64? = nil, messages: [LogSourceStatusMessage]? = nil) {
        self.status = status
        self.lastUpdated = lastUpdated
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case status, messages
        case lastUpdated = "last_updated"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenient(.status)
        lastUpdated = c.lenient(.lastUpdated)
        messages = c.lenient(.messages)
    }
}

public struct LogSourceStatusMessage: Codable, Sendable, Hashable {
    /// `INFO`, `WARN` or `ERROR`.
    public var severity: String?
    public var text: String?
    public var timestamp: Int64?

    public init(severity: String? = nil, text: String? = nil, timestamp: Int64? = nil) {
        self.severity = severity
        self.text = text
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey { case severity, text, timestamp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        severity = c.lenient(.severity)
        text = c.lenient(.text)
        timestamp = c.lenient(.timestamp)
    }
}
