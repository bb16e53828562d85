/// A `|re` value. Swift's `Regex` is immutable once built, but not declared `Sendable` for the type-erased
/// output, hence the box.
final class SigmaRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    let pattern: String
    /// Lowercased literals one of which every match contains (``SigmaAnchorIndex/requiredLiterals(regex:)``): a
    /// text without any cannot match, and checking costs far less than running the expression.
    let requiredLiterals: [[UInt8]]?
    private let required: [SigmaPattern]

    init(_ pattern: String, ignoreCase: Bool, multiline: Bool, dotAll: Bool) throws {
        var r = try Regex(pattern)
        if ignoreCase { r = r.ignoresCase() }
        if multiline { r = r.anchorsMatchLineEndings() }
        if dotAll { r = r.dotMatchesNewlines() }
        regex = r
        self.pattern = pattern
        requiredLiterals = SigmaAnchorIndex.requiredLiterals(regex: pattern)
        required = (requiredLiterals ?? []).map {
            SigmaPattern(String(decoding: $0, as: UTF8.self).replacingWildcardsEscaped(), leadingWildcard: true, trailingWildcard: true)
        }
    }

    /// Sigma's regular expressions search (they are not anchored unless they say so).
    func matches(_ value: String) -> Bool {
        (try? regex.firstMatch(in: value)) != nil
    }

    /// The same, with the value's lowercased bytes at hand for the literal check.
    func matches(_ value: String, lowercased: [UInt8]) -> Bool {
        if !required.isEmpty, !required.contains(where: { $0.matches(lowercased) }) { return false }
        return matches(value)
    }
}

extension String {
    /// The text with Sigma's wildcard characters escaped, so it compiles to a plain literal.
    func replacingWildcardsEscaped() -> String {
        var out = ""
        for c in self {
            if c == "*" || c == "?" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
