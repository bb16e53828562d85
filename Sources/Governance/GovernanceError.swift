/// Why a governance operation was refused. Messages name what was wrong, never a secret or a clear identifier.
public enum GovernanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The role does not hold the permission the operation needs.
    case forbidden(role: Role, permission: Permission)
    /// A re-identification (or another sensitive operation) was asked for without a reason.
    case reasonRequired
    /// The text is not a Vigil pseudonym.
    case invalidPseudonym(String)
    /// No protected mapping exists for the pseudonym.
    case unknownPseudonym(String)
    /// A key needed to compute or open a value is not in the key ring.
    case unknownKeyVersion(Int)
    /// A key is too short or a key ring is inconsistent.
    case invalidKey(String)
    /// A sealed mapping could not be opened (wrong key, or the blob was altered).
    case mappingUndecryptable(String)
    /// A presented API token is malformed, unknown, expired or revoked. Deliberately says no more.
    case unauthenticated
    /// A value given to a governance function is not acceptable.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .forbidden(let role, let permission):
            return "role '\(role.rawValue)' may not \(permission.rawValue)"
        case .reasonRequired:
            return "a reason is required"
        case .invalidPseudonym(let text):
            return "not a Vigil pseudonym: '\(text.prefix(80))'"
        case .unknownPseudonym(let text):
            return "no protected mapping for pseudonym '\(text.prefix(80))'"
        case .unknownKeyVersion(let version):
            return "key version \(version) is not in the key ring"
        case .invalidKey(let why):
            return "invalid key: \(why)"
        case .mappingUndecryptable(let pseudonym):
            return "the protected mapping for '\(pseudonym.prefix(80))' cannot be decrypted (wrong key or altered)"
        case .unauthenticated:
            return "unauthenticated"
        case .invalidArgument(let why):
            return why
        }
    }
}
