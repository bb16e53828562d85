import VigilCore

/// The engine's JSON text (JSONL loading, rules files, persistence): `VigilCore`'s one parser and writer, with the
/// engine's nesting limit and QRadar's way of writing whole doubles (`12.0`).
enum JSONText {
    struct ParseError: Error, Sendable, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "\(message) at byte \(offset)" }
    }

    /// The engine reads its own files and QRadar-shaped records; nothing legitimate nests deeper.
    static let maxDepth = 64

    static let writer = JSONWriter(indent: nil, wholeDoubles: .withFraction)

    /// Parses one JSON document (surrounding whitespace allowed).
    static func parse(_ text: String) throws(ParseError) -> JSONValue {
        do {
            return try JSONParser.parse(text, maxDepth: maxDepth)
        } catch {
            throw ParseError(offset: error.offset, message: error.reason)
        }
    }

    /// Compact text, keys sorted.
    static func encode(_ value: JSONValue) -> String { writer.text(value) }

    /// Appends a quoted, escaped string.
    static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        JSONWriter.writeString(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
