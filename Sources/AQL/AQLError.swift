/// An invalid-AQL error in the shape QRadar reports with code 2000: where (line, column, byte offset),
/// what the parser expected and what it found.
///
/// `description` reads like QRadar's messages, e.g.
/// `Encountered "FORM" at line 1, column 10. Was expecting one of: FROM`.
public struct AQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line of the offending token.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending token.
    public var column: Int
    /// 0-based UTF-8 byte offset of the offending token.
    public var offset: Int
    /// What would have been accepted here, if the error is a syntax error.
    public var expected: String?
    /// The text found instead (`<EOF>` at the end of input).
    public var found: String?
    /// The human-readable message (without the position prefix).
    public var message: String

    /// QRadar's code for invalid AQL (`422` with `code: 2000` from `POST /ariel/searches`).
    public var code: Int { 2000 }

    public init(line: Int, column: Int, offset: Int, expected: String? = nil, found: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.expected = expected
        self.found = found
        self.message = message
    }

    /// An error at a source position.
    public init(at position: AQLSourcePosition, expected: String? = nil, found: String? = nil, message: String) {
        self.init(line: position.line, column: position.column, offset: position.offset,
                  expected: expected, found: found, message: message)
    }

    /// `line:column: message`, the form `vigil aql check` prints.
    public var description: String { "\(line):\(column): \(message)" }

    /// The message with its position spelled out, as QRadar words the `message` of a 422/2000 response:
    /// `Encountered "FORM" at line 1, column 10. Was expecting one of: ",", AS, FROM.`
    public var qradarMessage: String {
        let position = "at line \(line), column \(column)"
        if let found, message.hasPrefix("Encountered \(found).") {
            return "Encountered \(found) \(position)." + message.dropFirst("Encountered \(found).".count)
        }
        return message + " (\(position))"
    }
}

/// A place in the query text. Positions never take part in AST equality or hashing: two queries that
/// differ only in layout are equal, so `parse(print(q)) == q` holds.
public struct AQLSourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// 0-based UTF-8 byte offset.
    public var offset: Int
    /// 1-based line.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The position of a node built in code rather than parsed.
    public static let synthesized = AQLSourcePosition(offset: 0, line: 0, column: 0)

    public static func == (lhs: AQLSourcePosition, rhs: AQLSourcePosition) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "\(line):\(column)" }
}
