/// Why a line could not be decoded as LEEF.
///
/// A struct wrapping an open set of codes (rather than a bare enum) so that codes can be added without breaking
/// callers that switch over them; compare with `error.code == .badDelimiter`.
public struct LEEFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of the failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case notLEEF, badVersion, truncatedHeader, missingFields, badDelimiter, invalidUTF8, lineTooLong
            case badSyslogHeader
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The line has no `LEEF:` header where one is expected.
        public static let notLEEF = Code(.notLEEF)
        /// `LEEF:` is followed by a version other than 1.0 or 2.0.
        public static let badVersion = Code(.badVersion)
        /// The line ends inside the LEEF or syslog header.
        public static let truncatedHeader = Code(.truncatedHeader)
        /// A required header field (vendor, product, event ID) is empty.
        public static let missingFields = Code(.missingFields)
        /// The LEEF 2.0 delimiter field is not one usable ASCII character or hex code.
        public static let badDelimiter = Code(.badDelimiter)
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// The line is longer than the allowed maximum.
        public static let lineTooLong = Code(.lineTooLong)
        /// The syslog header (RFC 3164 / RFC 5424) is malformed: bad priority, timestamp or structured data.
        public static let badSyslogHeader = Code(.badSyslogHeader)

        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A human-readable explanation, safe to log (it never quotes the line itself).
    public var reason: String
    /// Byte offset into the line where the problem was found, when known.
    public var offset: Int?

    public init(_ code: Code, _ reason: String, offset: Int? = nil) {
        self.code = code
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(code): \(reason) (at byte \(offset))" }
        return "\(code): \(reason)"
    }
}
