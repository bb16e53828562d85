/// A reference set (QRADAR.md §5.1). `data` is present only on `GET /reference_data/sets/{name}`.
public struct ReferenceSet: Codable, Sendable, Hashable, Identifiable {
    public var name: String
    public var elementType: ReferenceSetElementType?
    public var numberOfElements: Int?
    public var creationTime: Int64?
    /// `FIRST_SEEN`, `LAST_SEEN` or `UNKNOWN`.
    public var timeoutType: ReferenceSetTimeoutType?
    /// As QRadar renders it, e.g. `"1 mons 0 days 0 hours 0 mins 0.00 secs"`.
    public var timeToLive: String?
    public var collectionID: Int?
    public var namespace: String?
    public var data: [ReferenceSetElement]?

    public var id: String { name }

    public init(name: String, elementType: ReferenceSetElementType? = nil) {
        self.name = name
        self.elementType = elementType
    }

    enum CodingKeys: String, CodingKey {
        case name, namespace, data
        case elementType = "element_type"
        case numberOfElements = "number_of_elements"
        case creationTime = "creation_time"
        case timeoutType = "timeout_type"
        case timeToLive = "time_to_live"
        case collectionID = "collection_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        elementType = c.lenient(.elementType)
        numberOfElements = c.lenient(.numberOfElements)
        creationTime = c.lenient(.creationTime)
        timeoutType = c.lenient(.timeoutType)
        timeToLive = c.lenientText(.timeToLive)
        collectionID = c.lenient(.collectionID)
        namespace = c.lenient(.namespace)
        data = c.lenient(.data)
    }
}

/// One value in a reference set.
public struct ReferenceSetElement: Codable, Sendable, Hashable {
    /// The value as text (numbers and dates included).
    public var value: String
    public var source: String?
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    public var domainID: Int?

    public init(value: String, source: String? = nil, firstSeen: Int64? = nil, lastSeen: Int64? = nil, domainID: Int? = nil) {
        self.value = value
        self.source = source
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.domainID = domainID
    }

    enum CodingKeys: String, CodingKey {
        case value, source
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case domainID = "domain_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let text = c.lenientText(.value) else {
            throw DecodingError.keyNotFound(CodingKeys.value, .init(codingPath: c.codingPath, debugDescription: "element without value"))
        }
        value = text
        source = c.lenient(.source)
        firstSeen = c.lenient(.firstSeen)
        lastSeen = c.lenient(.lastSeen)
        domainID = c.lenient(.domainID)
    }
}

/// `ALN`, `ALNIC`, `IP`, `NUM`, `PORT`, `DATE` (and `CIDR` from 7.5).
public struct ReferenceSetElementType: QRadarStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Alphanumeric.
    public static let alphanumeric: ReferenceSetElementType = "ALN"
    /// Alphanumeric, case-insensitive.
    public static let alphanumericIgnoreCase: ReferenceSetElementType = "ALNIC"
    public static let ip: ReferenceSetElementType = "IP"
    public static let numeric: ReferenceSetElementType = "NUM"
    public static let port: ReferenceSetElementType = "PORT"
    /// Epoch milliseconds.
    public static let date: ReferenceSetElementType = "DATE"
    public static let cidr: ReferenceSetElementType = "CIDR"
}

/// When a reference set's time to live starts counting.
public struct ReferenceSetTimeoutType: QRadarStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let firstSeen: ReferenceSetTimeoutType = "FIRST_SEEN"
    public static let lastSeen: ReferenceSetTimeoutType = "LAST_SEEN"
    public static let unknown: ReferenceSetTimeoutType = "UNKNOWN"
}

/// The asynchronous task QRadar starts for `DELETE /reference_data/sets/{name}`.
public struct ReferenceDataDeletionTask: Codable, Sendable, Hashable {
    public var id: Int?
    public var name: String?
    /// e.g. `QUEUED`, `PROCESSING`, `COMPLETED`, `EXCEPTION`.
    public var status: String?
    public var message: String?
    public var created: Int64?
    public var createdBy: String?
    public var modified: Int64?
    public var started: Int64?
    public var completed: Int64?

    public init(id: Int? = nil, status: String? = nil) {
        self.id = id
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, message, created, modified, started, completed
        case createdBy = "created_by"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        name = c.lenient(.name)
        status = c.lenient(.status)
        message = c.lenient(.message)
        created = c.lenient(.created)
        createdBy = c.lenient(.createdBy)
        modified = c.lenient(.modified)
        started = c.lenient(.started)
        completed = c.lenient(.completed)
    }
}
