/// One entry of `GET /help/versions` (QRADAR.md §1.2).
public struct APIVersion: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    /// e.g. `"20.0"`.
    public var version: String?
    public var deprecated: Bool?
    public var removed: Bool?
    public var rootResourceIDs: [Int]?

    public init(id: Int, version: String? = nil, deprecated: Bool? = nil, removed: Bool? = nil) {
        self.id = id
        self.version = version
        self.deprecated = deprecated
        self.removed = removed
    }

    enum CodingKeys: String, CodingKey {
        case id, version, deprecated, removed
        case rootResourceIDs = "root_resource_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        version = c.lenientText(.version)
        deprecated = c.lenient(.deprecated)
        removed = c.lenient(.removed)
        rootResourceIDs = c.lenient(.rootResourceIDs)
    }
}
