/// The kind of thing a signal or a campaign is about.
public enum EntityKind: String, Codable, Sendable, Hashable, CaseIterable {
    case user
    case host
    case ip
    case logSource
    case application
    case resource
}

/// A reference to one entity: a user, a host, an address or a log source.
public struct EntityRef: Codable, Sendable, Hashable, CustomStringConvertible {
    public var kind: EntityKind
    public var id: String

    public init(_ kind: EntityKind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue):\(id)" }
}
