/// A note on an offense (QRADAR.md §2.4). `create_time` is epoch milliseconds.
public struct OffenseNote: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var createTime: Int64?
    /// `"API_user: <service name>"` for notes written with a token.
    public var username: String?
    public var noteText: String?

    public init(id: Int, createTime: Int64? = nil, username: String? = nil, noteText: String? = nil) {
        self.id = id
        self.createTime = createTime
        self.username = username
        self.noteText = noteText
    }

    enum CodingKeys: String, CodingKey {
        case id, username
        case createTime = "create_time"
        case noteText = "note_text"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        createTime = c.lenient(.createTime)
        username = c.lenient(.username)
        noteText = c.lenient(.noteText)
    }
}
