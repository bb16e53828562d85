import Crypto
import VigilCore

/// What Vigil keeps about an API token: never the token itself, only its SHA-256.
public struct APITokenRecord: Sendable, Hashable, Codable, Identifiable {
    /// Public lookup id, also embedded in the token text (`vgl_<id>_<secret>`).
    public var id: String
    /// What the token is for (`"soar-playbook"`, `"alice laptop"`).
    public var name: String
    public var role: Role
    /// SHA-256 of the whole token text, lower-case hex.
    public var hash: String
    public var createdAt: EpochMillis
    /// Who issued it.
    public var createdBy: String
    /// After this time the token is refused; `nil` for no expiry.
    public var expiresAt: EpochMillis?
    /// When it was revoked, if it was.
    public var revokedAt: EpochMillis?

    public init(id: String, name: String, role: Role, hash: String, createdAt: EpochMillis, createdBy: String,
                expiresAt: EpochMillis? = nil, revokedAt: EpochMillis? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token may be used at `time`.
    public func isActive(at time: EpochMillis) -> Bool {
        revokedAt == nil && (expiresAt.map { time < $0 } ?? true)
    }
}

/// A freshly issued token: `token` is shown once to whoever asked for it and never stored.
public struct IssuedAPIToken: Sendable {
    public var token: String
    public var record: APITokenRecord
}

/// The authenticated caller behind a token.
public struct APIPrincipal: Sendable, Hashable {
    public var tokenID: String
    public var name: String
    public var role: Role

    public init(tokenID: String, name: String, role: Role) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
    }
}

/// Issuing and checking API tokens.
///
/// A token is `vgl_` + a 16-hex-digit id + `_` + 32 random bytes in base64url. The id finds the record; the
/// SHA-256 of the whole text is compared in constant time. A fast hash is enough here (unlike for passwords): the
/// secret has 256 bits of entropy, so there is nothing to brute-force.
public enum APITokens {
    static let prefix = "vgl_"

    /// Issues a token. Use `SystemRandomNumberGenerator` (a CSPRNG) in production; tests pass a seeded one.
    public static func issue<R: RandomNumberGenerator>(name: String, role: Role, createdBy: String, now: EpochMillis,
                                                       lifetime: Int64?, using rng: inout R) throws -> IssuedAPIToken {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw GovernanceError.invalidArgument("a token needs a name") }
        if let lifetime, lifetime <= 0 { throw GovernanceError.invalidArgument("a token's lifetime must be positive") }
        let idBytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let id = Bytes.hex(idBytes)
        let token = prefix + id + "_" + Bytes.base64URL(secret)
        let record = APITokenRecord(id: id, name: trimmed, role: role, hash: hash(token), createdAt: now, createdBy: createdBy,
                                    expiresAt: lifetime.map { now + $0 })
        return IssuedAPIToken(token: token, record: record)
    }

    /// Issues a token with the system's CSPRNG.
    public static func issue(name: String, role: Role, createdBy: String, now: EpochMillis, lifetime: Int64?) throws -> IssuedAPIToken {
        var rng = SystemRandomNumberGenerator()
        return try issue(name: name, role: role, createdBy: createdBy, now: now, lifetime: lifetime, using: &rng)
    }

    /// SHA-256 of the token text, lower-case hex.
    public static func hash(_ token: String) -> String {
        Bytes.hex(SHA256.hash(data: Array(token.utf8)))
    }

    /// The id embedded in a token, or `nil` when the text is not shaped like a Vigil token.
    public static func tokenID(of presented: String) -> String? {
        let utf8 = Array(presented.utf8)
        let p = Array(prefix.utf8)
        guard utf8.count == p.count + 16 + 1 + 43, Array(utf8[0..<p.count]) == p, utf8[p.count + 16] == UInt8(ascii: "_") else {
            return nil
        }
        let id = String(decoding: utf8[p.count..<(p.count + 16)], as: UTF8.self)
        guard Bytes.fromHex(id) != nil else { return nil }
        return id
    }

    /// Whether `presented` is the token `record` was issued for and is usable at `now`. The hash comparison takes
    /// the same time wherever the first differing byte is.
    public static func verify(_ presented: String, against record: APITokenRecord, now: EpochMillis) -> Bool {
        guard let expected = Bytes.fromHex(record.hash), let given = Bytes.fromHex(hash(presented)) else { return false }
        let matches = Bytes.constantTimeEqual(given, expected)
        return matches && record.isActive(at: now)
    }
}

/// Where token records live.
public protocol APITokenStore: Sendable {
    /// Stores a new token record (its id must be new).
    func saveToken(_ record: APITokenRecord) async throws
    func token(id: String) async throws -> APITokenRecord?
    /// All records, newest first.
    func tokens() async throws -> [APITokenRecord]
    /// Marks a token revoked; returns `false` when no such token exists or it was already revoked.
    func revokeToken(id: String, at time: EpochMillis) async throws -> Bool
}

/// Resolves a presented bearer token to its principal.
public struct APITokenAuthenticator: Sendable {
    private let store: any APITokenStore
    private let clock: any EpochClock

    public init(store: any APITokenStore, clock: any EpochClock) {
        self.store = store
        self.clock = clock
    }

    /// The principal for `presented`, or ``GovernanceError/unauthenticated`` for a malformed, unknown, expired or
    /// revoked token — one error for all, so a caller learns nothing about which.
    public func authenticate(_ presented: String) async throws -> APIPrincipal {
        guard let id = APITokens.tokenID(of: presented), let record = try await store.token(id: id),
              APITokens.verify(presented, against: record, now: clock.now()) else {
            throw GovernanceError.unauthenticated
        }
        return APIPrincipal(tokenID: record.id, name: record.name, role: record.role)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
