/// An offense type: the property an offense is indexed on (QRADAR.md §2.6), e.g. id 0 "Source IP".
public struct OffenseType: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var propertyName: String?
    public var name: String?
    /// `EVENTS`, `FLOWS` or `COMMON`.
    public var databaseType: String?
    public var custom: Bool?

    public init(id: Int, propertyName: String? = nil, name: String? = nil, databaseType: String? = nil, custom: Bool? = nil) {
        self.id = id
        self.propertyName = propertyName
        self.name = name
        self.databaseType = databaseType
        self.custom = custom
    }

    enum CodingKeys: String, CodingKey {
        case id, name, custom
        case propertyName = "property_name"
        case databaseType = "database_type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        propertyName = c.lenient(.propertyName)
        name = c.lenient(.name)
        databaseType = c.lenient(.databaseType)
        custom = c.lenient(.custom)
    }
}
