/// The logic behind `vigil aql check [FILE]` and `vigil aql format`, as pure functions over text.
///
/// Input splitting: when any blank line separates two non-empty lines, the input is read as blocks
/// separated by blank lines (a query may then span several lines); otherwise every non-empty line is one
/// query. Lines starting with `#` are comments and are skipped in both modes, so annotated corpus files
/// check as they are.
public enum AQLChecker {
    /// One query of the input and the 1-based line it starts on.
    public struct Entry: Sendable, Hashable {
        public var text: String
        public var line: Int
    }

    /// The queries in `text`.
    public static func split(_ text: String) -> [Entry] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.last == "\r" ? line.dropLast() : line
        }
        func isBlank(_ s: Substring) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }
        func isComment(_ s: Substring) -> Bool { s.drop(while: { $0 == " " || $0 == "\t" }).first == "#" }
        // Blocks mode when a blank line sits between two content lines.
        var sawContent = false, sawBlankAfterContent = false, blocks = false
        for l in lines where !isComment(l) {
            if isBlank(l) {
                if sawContent { sawBlankAfterContent = true }
            } else {
                if sawBlankAfterContent { blocks = true; break }
                sawContent = true
            }
        }
        var out: [Entry] = []
        if !blocks {
            for (i, l) in lines.enumerated() where !isBlank(l) && !isComment(l) {
                out.append(Entry(text: String(l), line: i + 1))
            }
            return out
        }
        var current: [Substring] = []
        var start = 0
        for (i, l) in lines.enumerated() {
            if isComment(l) { continue }
            if isBlank(l) {
                if !current.isEmpty {
                    out.append(Entry(text: current.joined(separator: "\n"), line: start + 1))
                    current = []
                }
                continue
            }
            if current.isEmpty { start = i }
            current.append(l)
        }
        if !current.isEmpty { out.append(Entry(text: current.joined(separator: "\n"), line: start + 1)) }
        return out
    }

    /// Checks every query: `ok <canonical form>` or `error <line>:<column>: <message>` per query (lines
    /// and columns relative to the whole input). With a validator, its errors fail the query too and its
    /// warnings are printed as `warning <line>:<column>: <message>` after the `ok` line.
    public static func check(text: String, validator: AQLValidator? = nil) -> (output: String, failures: Int) {
        var output = ""
        var failures = 0
        for entry in split(text) {
            do {
                let query = try AQL.parse(entry.text)
                let diagnostics = validator?.validate(query) ?? []
                let errors = diagnostics.filter { $0.severity == .error }
                if let first = errors.first {
                    failures += 1
                    output += "error \(entry.line + first.position.line - 1):\(first.position.column): \(first.message)\n"
                    continue
                }
                output += "ok " + AQL.print(query) + "\n"
                for w in diagnostics where w.severity != .error {
                    output += "warning \(entry.line + w.position.line - 1):\(w.position.column): \(w.message)\n"
                }
            } catch {
                failures += 1
                output += "error \(entry.line + error.line - 1):\(error.column): \(error.message)\n"
            }
        }
        return (output, failures)
    }

    /// Pretty-prints every query (blank line between queries); unparsable ones become `error …` lines.
    public static func format(text: String) -> (output: String, failures: Int) {
        var parts: [String] = []
        var failures = 0
        for entry in split(text) {
            do {
                parts.append(AQL.format(try AQL.parse(entry.text)))
            } catch {
                failures += 1
                parts.append("error \(entry.line + error.line - 1):\(error.column): \(error.message)")
            }
        }
        return (parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n", failures)
    }
}
