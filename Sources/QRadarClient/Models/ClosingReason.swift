/// An offense closing reason (QRADAR.md §2.5). Reserved or deleted reasons cannot be used to close.
public struct ClosingReason: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var text: String?
    public var isDeleted: Bool?
    public var isReserved: Bool?

    public init(id: Int, text: String? = nil, isDeleted: Bool? = nil, isReserved: Bool? = nil) {
        self.id = id
        self.text = text
        self.isDeleted = isDeleted
        self.isReserved = isReserved
    }

    enum CodingKeys: String, CodingKey {
        case id, text
        case isDeleted = "is_deleted"
        case isReserved = "is_reserved"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        text = c.lenient(.text)
        isDeleted = c.lenient(.isDeleted)
        isReserved = c.lenient(.isReserved)
    }
}
