import VigilCore

extension KeyedDecodingContainer {
    /// The value for `key`, or `nil` when the key is missing, `null`, or holds a value of another type.
    ///
    /// QRadar adds fields between versions and `fields=` projections drop them, so every non-identifying field is
    /// decoded this way: one odd field never makes a whole object unreadable.
    func lenient<T: Decodable>(_ key: Key, as type: T.Type = T.self) -> T? {
        (try? decodeIfPresent(T.self, forKey: key)) ?? nil
    }

    /// A scalar that QRadar sends as a string in some versions and a number in others, as text.
    func lenientText(_ key: Key) -> String? {
        guard let value = lenient(key, as: JSONValue.self) else { return nil }
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}

/// Declares an open set of string constants that decodes any value, so a value added in a later QRadar version is
/// kept rather than failing the decode.
public protocol QRadarStringEnum: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible where RawValue == String
{
    init(rawValue: String)
}

extension QRadarStringEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}
