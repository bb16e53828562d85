/// One compiled Sigma string value: Sigma's wildcards (`*` any run, `?` one character, `\` escapes) over
/// ASCII-lowercased bytes, since Sigma string matching is case-insensitive unless the rule says `cased`.
///
/// The common shapes (`contains`, `startswith`, `endswith`, exact) compile to a plain byte comparison; only values
/// with inner wildcards run the glob matcher.
struct SigmaPattern: Sendable, Hashable {
    enum Shape: Sendable, Hashable {
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case contains([UInt8])
        case glob([GlobToken])
        /// `*` alone: any value that is present.
        case anything
    }

    enum GlobToken: Sendable, Hashable {
        case literal([UInt8])
        case anyRun
        case anyOne
    }

    let shape: Shape
    /// Whether case matters (`|cased`); otherwise the pattern is lowercased and so must the value be.
    let cased: Bool

    /// Compiles `text` as written in a rule, with wildcards wrapped around it (`contains` = `*text*`).
    init(_ text: String, leadingWildcard: Bool = false, trailingWildcard: Bool = false, cased: Bool = false) {
        self.cased = cased
        var tokens: [GlobToken] = leadingWildcard ? [.anyRun] : []
        var literal: [UInt8] = []
        var bytes = Array(text.utf8)
        if !cased { bytes = bytes.map(SigmaPattern.lower) }
        var i = 0
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count, [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "\\")].contains(bytes[i + 1]) {
                // Sigma: `\*`, `\?` and `\\` are the literal characters; a lone backslash stays a backslash.
                literal.append(bytes[i + 1])
                i += 2
                continue
            }
            if b == UInt8(ascii: "*") {
                flush()
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            } else if b == UInt8(ascii: "?") {
                flush()
                tokens.append(.anyOne)
            } else {
                literal.append(b)
            }
            i += 1
        }
        flush()
        if trailingWildcard, tokens.last != .anyRun { tokens.append(.anyRun) }
        shape = SigmaPattern.simplify(tokens)
    }

    private static func simplify(_ tokens: [GlobToken]) -> Shape {
        switch tokens.count {
        case 0: return .exact([])
        case 1:
            if case .literal(let l) = tokens[0] { return .exact(l) }
            if case .anyRun = tokens[0] { return .anything }
        case 2:
            if case .literal(let l) = tokens[0], case .anyRun = tokens[1] { return .prefix(l) }
            if case .anyRun = tokens[0], case .literal(let l) = tokens[1] { return .suffix(l) }
        case 3:
            if case .anyRun = tokens[0], case .literal(let l) = tokens[1], case .anyRun = tokens[2] { return .contains(l) }
        default: break
        }
        return .glob(tokens)
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b >= 65 && b <= 90 ? b | 0x20 : b
    }

    /// Whether `value` (already lowercased unless the pattern is cased) matches.
    func matches(_ value: [UInt8]) -> Bool {
        switch shape {
        case .anything: return true
        case .exact(let l): return value == l
        case .prefix(let l): return value.count >= l.count && value.starts(with: l)
        case .suffix(let l): return value.count >= l.count && value[(value.count - l.count)...].elementsEqual(l)
        case .contains(let l): return SigmaPattern.find(l, in: value[...]) != nil
        case .glob(let tokens): return SigmaPattern.glob(tokens[...], value[...])
        }
    }

    /// First index of `needle` in `hay`, if any.
    static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first else { return hay.startIndex }
        guard hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Glob match: literals and `?` anchored in order, each `*` taking the earliest place its following literal
    /// fits, backtracking only to the last `*` (linear in practice, never exponential).
    static func glob(_ tokens: ArraySlice<GlobToken>, _ value: ArraySlice<UInt8>) -> Bool {
        var t = tokens.startIndex
        var v = value.startIndex
        var starToken: Int? = nil
        var starValue = 0
        while v < value.endIndex || t < tokens.endIndex {
            if t < tokens.endIndex {
                switch tokens[t] {
                case .anyRun:
                    starToken = t
                    starValue = v
                    t += 1
                    continue
                case .anyOne:
                    if v < value.endIndex { t += 1; v += 1; continue }
                case .literal(let l):
                    if value.endIndex - v >= l.count, value[v..<(v + l.count)].elementsEqual(l) {
                        t += 1
                        v += l.count
                        continue
                    }
                }
            }
            guard let star = starToken, starValue < value.endIndex else { return false }
            starValue += 1
            v = starValue
            t = star + 1
        }
        return true
    }
}
