/// Value types used by the field catalogue and the function table.
public enum AQLType: String, Sendable, Hashable, CaseIterable {
    /// Integer (counts, ids, ports).
    case long
    /// Floating point.
    case double
    /// Text.
    case string
    /// An IPv4 or IPv6 address (rendered as a string).
    case ip
    /// `true`/`false`.
    case bool
    /// Epoch milliseconds.
    case time
    /// Raw bytes (`payload`): use `UTF8()` to read as text.
    case binary
    /// A list (`creEventList`, `devicegrouplist`).
    case array
    /// Unknown or mixed: accepted everywhere.
    case any

    /// Numbers and times.
    public var isNumeric: Bool { self == .long || self == .double || self == .time }

    /// Whether a value of this type may be passed where `expected` is required. IPs and numbers convert to
    /// strings implicitly in AQL, and `any` matches anything.
    public func conforms(to expected: AQLType) -> Bool {
        if self == expected || self == .any || expected == .any { return true }
        switch expected {
        case .long, .double, .time: return isNumeric || self == .bool
        case .string: return self != .array && self != .binary
        case .ip: return self == .string
        case .bool: return false
        case .array: return false
        case .binary: return self == .string
        case .any: return true
        }
    }
}
