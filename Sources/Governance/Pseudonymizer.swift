import Crypto

/// What kind of identifier a pseudonym stands for; its raw value is the pseudonym's prefix.
public enum PseudonymKind: String, Sendable, Hashable, Codable, CaseIterable {
    case user = "u"
    case host = "h"
    case ip = "ip"
    case device = "d"
    case email = "e"
    case other = "x"
}

/// One version of the pseudonymisation key.
public struct PseudonymKey: Sendable {
    public let version: Int
    let key: SymmetricKey

    /// `secret` must be at least 32 bytes of key material (e.g. from a secrets manager); `version` ≥ 1.
    public init(version: Int, secret: [UInt8]) throws {
        guard version >= 1 else { throw GovernanceError.invalidKey("key versions start at 1") }
        guard secret.count >= 32 else { throw GovernanceError.invalidKey("a pseudonymisation key must be at least 32 bytes") }
        self.version = version
        self.key = SymmetricKey(data: secret)
    }
}

/// The pseudonymisation keys: the current one for new values, older ones kept so that existing pseudonyms can
/// still be recomputed and checked during and after a rotation.
public struct PseudonymKeyRing: Sendable {
    public let current: Int
    private let keys: [Int: PseudonymKey]
    let currentKey: PseudonymKey

    public init(keys: [PseudonymKey], current: Int) throws {
        var map: [Int: PseudonymKey] = [:]
        for k in keys {
            guard map[k.version] == nil else { throw GovernanceError.invalidKey("key version \(k.version) appears twice") }
            map[k.version] = k
        }
        guard let currentKey = map[current] else { throw GovernanceError.unknownKeyVersion(current) }
        self.keys = map
        self.currentKey = currentKey
        self.current = current
    }

    /// The versions held, ascending.
    public var versions: [Int] { keys.keys.sorted() }

    func key(_ version: Int) throws -> PseudonymKey {
        guard let k = keys[version] else { throw GovernanceError.unknownKeyVersion(version) }
        return k
    }
}

/// A pseudonym: `<kind prefix>_v<key version>_<32 hex digits>`, e.g. `u_v1_3f9a0c1e5b7d9e2f4a6c8b0d1e2f3a4b`.
/// The prefix shows what it stands for and the version shows which key made it, so a rotation is visible in the
/// data. The digits are the first 128 bits of an HMAC-SHA256: collisions are out of reach at any estate size.
public struct Pseudonym: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: PseudonymKind
    public var keyVersion: Int
    public var digest: String

    public var text: String { "\(kind.rawValue)_v\(keyVersion)_\(digest)" }
    public var description: String { text }

    public init(kind: PseudonymKind, keyVersion: Int, digest: String) {
        self.kind = kind
        self.keyVersion = keyVersion
        self.digest = digest
    }

    /// Parses pseudonym text; `nil` when it is not one.
    public init?(parsing text: String) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = PseudonymKind(rawValue: String(parts[0])), parts[1].hasPrefix("v"),
              let version = Int(parts[1].dropFirst()), version >= 1, parts[1].count <= 10,
              parts[2].utf8.count == 32, parts[2].utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        self.init(kind: kind, keyVersion: version, digest: String(parts[2]))
    }

    /// Whether `text` looks like a pseudonym (so it is not pseudonymised twice).
    public static func isPseudonym(_ text: String) -> Bool { Pseudonym(parsing: text) != nil }
}

/// Keyed, deterministic pseudonymisation: the same identifier (after ``IdentifierNormalization``) and key
/// version always give the same pseudonym, different kinds give unrelated pseudonyms (the kind is part of the
/// HMAC input), and without the key a pseudonym cannot be reversed or recomputed from a guessed name.
public struct Pseudonymizer: Sendable {
    public let keyRing: PseudonymKeyRing
    public let normalization: IdentifierNormalization

    public init(keyRing: PseudonymKeyRing, normalization: IdentifierNormalization = IdentifierNormalization()) {
        self.keyRing = keyRing
        self.normalization = normalization
    }

    /// The pseudonym of `value` under the current key.
    public func pseudonym(for value: String, kind: PseudonymKind) -> Pseudonym {
        Self.compute(normalized: normalization.normalize(value, as: kind), kind: kind, key: keyRing.currentKey)
    }

    /// The pseudonym of `value` under a given key version (for lookups of data pseudonymised before a rotation).
    public func pseudonym(for value: String, kind: PseudonymKind, keyVersion: Int) throws -> Pseudonym {
        let key = try keyRing.key(keyVersion)
        return Self.compute(normalized: normalization.normalize(value, as: kind), kind: kind, key: key)
    }

    /// The pseudonym of an already normalised value.
    func pseudonym(normalized: String, kind: PseudonymKind, keyVersion: Int) throws -> Pseudonym {
        Self.compute(normalized: normalized, kind: kind, key: try keyRing.key(keyVersion))
    }

    static func compute(normalized: String, kind: PseudonymKind, key: PseudonymKey) -> Pseudonym {
        var input: [UInt8] = []
        input.reserveCapacity(32 + normalized.utf8.count)
        Bytes.appendField("vigil.pseudonym.v1", to: &input)
        Bytes.appendField(kind.rawValue, to: &input)
        Bytes.appendField(normalized, to: &input)
        let mac = HMAC<SHA256>.authenticationCode(for: input, using: key.key)
        return Pseudonym(kind: kind, keyVersion: key.version, digest: Bytes.hex(Array(mac).prefix(16)))
    }
}
