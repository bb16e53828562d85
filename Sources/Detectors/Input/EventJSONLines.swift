#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VigilCore

/// Reads VigilCore ``Event``s written one JSON object per line (the `jsonl` replay format: what the simulator and
/// `JSONEncoder` write for `Event`). This is the only file of the module that uses Foundation, at the input edge.
public struct EventJSONLinesReader: Sendable {
    /// Lines read (including blanks).
    public private(set) var linesRead = 0
    /// Events produced.
    public private(set) var eventsParsed = 0
    /// Lines that could not be read.
    public private(set) var errorCount = 0
    /// The first errors, for the report.
    public private(set) var errors: [InputLineError] = []
    public var maximumKeptErrors = 100

    public init() {}

    /// Parses a whole file's text.
    public mutating func parse(text: String) -> [Event] {
        var out: [Event] = []
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if let e = parse(line: String(line), lineNumber: n) { out.append(e) }
        }
        return out
    }

    /// Parses one line; nil for blank lines and errors (counted).
    public mutating func parse(line: String, lineNumber: Int) -> Event? {
        linesRead += 1
        let trimmed = line.trimmingSpaces
        if trimmed.isEmpty { return nil }
        do {
            let event = try JSONDecoder().decode(Event.self, from: Data(trimmed.utf8))
            eventsParsed += 1
            return event
        } catch let DecodingError.keyNotFound(key, _) {
            return fail(lineNumber, "missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            return fail(lineNumber, "wrong type at \(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            return fail(lineNumber, "null at \(Self.path(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            return fail(lineNumber, context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch {
            return fail(lineNumber, "cannot decode event: \(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private mutating func fail(_ line: Int, _ message: String) -> Event? {
        errorCount += 1
        if errors.count < maximumKeptErrors { errors.append(InputLineError(line: line, message: message)) }
        return nil
    }
}
