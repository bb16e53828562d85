/// A secret read from a file or the environment (an API token, a key). It never prints itself: `description`,
/// `debugDescription`, `dump` and string interpolation all show `<redacted>`, so a configuration can be logged
/// or summarised without leaking it. Code that must use the value calls ``reveal()`` or ``bytes``.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: [UInt8]

    /// A secret from its text (UTF-8).
    public init(_ text: String) {
        value = Array(text.utf8)
    }

    /// A secret from raw bytes (a decoded key).
    public init(bytes: [UInt8]) {
        value = bytes
    }

    /// The secret as text (UTF-8; invalid sequences are repaired).
    public func reveal() -> String { String(decoding: value, as: UTF8.self) }

    /// The secret's raw bytes.
    public var bytes: [UInt8] { value }

    /// How many bytes the secret has (safe to show).
    public var count: Int { value.count }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    /// `dump` and `Mirror` see no children, only the redacted text.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
