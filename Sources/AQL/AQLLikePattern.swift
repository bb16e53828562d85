/// A compiled SQL LIKE pattern: `%` matches any run of characters, `_` exactly one character (Unicode
/// scalar). There is no escape character — QRadar's LIKE treats backslashes literally (pySigma's AQL
/// backend emits Windows paths such as `'%\cmd.exe'` unescaped).
///
/// Matching runs over UTF-8 bytes. Case-insensitive matching (ILIKE) folds ASCII byte-wise and falls back
/// to full Unicode lower-casing only for non-ASCII input.
struct AQLLikePattern: Sendable {
    private enum Shape: Sendable {
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case contains([UInt8])
        case general([Token])
    }

    private enum Token: Sendable, Equatable {
        case byte(UInt8)
        case one
        case any
    }

    private let shape: Shape
    let caseInsensitive: Bool
    private let asciiPattern: Bool

    init(_ pattern: String, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        let source = caseInsensitive ? pattern.lowercased() : pattern
        let bytes = Array(source.utf8)
        asciiPattern = bytes.allSatisfy { $0 < 0x80 }
        let hasOne = bytes.contains(UInt8(ascii: "_"))
        let percentCount = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "%") ? 1 : 0) }
        let pct = UInt8(ascii: "%")
        if !hasOne {
            if percentCount == 0 {
                shape = .exact(bytes)
                return
            }
            if percentCount == 1, bytes.last == pct {
                shape = .prefix(Array(bytes.dropLast()))
                return
            }
            if percentCount == 1, bytes.first == pct {
                shape = .suffix(Array(bytes.dropFirst()))
                return
            }
            if percentCount == 2, bytes.count >= 2, bytes.first == pct, bytes.last == pct {
                shape = .contains(Array(bytes.dropFirst().dropLast()))
                return
            }
        }
        var tokens: [Token] = []
        for b in bytes {
            switch b {
            case pct:
                if tokens.last != .any { tokens.append(.any) }
            case UInt8(ascii: "_"): tokens.append(.one)
            default: tokens.append(.byte(b))
            }
        }
        shape = .general(tokens)
    }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: String) -> Bool {
        if caseInsensitive {
            var t = text
            let ascii = t.withUTF8 { buf in buf.allSatisfy { $0 < 0x80 } }
            if ascii {
                return t.withUTF8 { match($0, fold: true) }
            }
            var lowered = text.lowercased()
            return lowered.withUTF8 { match($0, fold: false) }
        }
        var t = text
        return t.withUTF8 { match($0, fold: false) }
    }

    @inline(__always) private static func fold(_ b: UInt8, _ on: Bool) -> UInt8 {
        on && b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }

    private func equalAt(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int, _ lit: [UInt8], fold: Bool) -> Bool {
        if offset < 0 || offset + lit.count > text.count { return false }
        var i = 0
        while i < lit.count {
            if AQLLikePattern.fold(text[offset + i], fold) != lit[i] { return false }
            i += 1
        }
        return true
    }

    private func match(_ text: UnsafeBufferPointer<UInt8>, fold: Bool) -> Bool {
        switch shape {
        case .exact(let lit):
            return text.count == lit.count && equalAt(text, 0, lit, fold: fold)
        case .prefix(let lit):
            return equalAt(text, 0, lit, fold: fold)
        case .suffix(let lit):
            return equalAt(text, text.count - lit.count, lit, fold: fold)
        case .contains(let lit):
            if lit.isEmpty { return true }
            if lit.count > text.count { return false }
            let first = lit[0]
            var i = 0
            let last = text.count - lit.count
            while i <= last {
                if AQLLikePattern.fold(text[i], fold) == first, equalAt(text, i, lit, fold: fold) { return true }
                i += 1
            }
            return false
        case .general(let tokens):
            return AQLLikePattern.glob(tokens, text, fold: fold)
        }
    }

    /// Iterative wildcard matching with single-star backtracking: linear in practice, O(n·m) worst case,
    /// no recursion.
    private static func glob(_ p: [Token], _ t: UnsafeBufferPointer<UInt8>, fold: Bool) -> Bool {
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count {
                switch p[pi] {
                case .byte(let b):
                    if AQLLikePattern.fold(t[ti], fold) == b {
                        pi += 1
                        ti += 1
                        continue
                    }
                case .one:
                    pi += 1
                    ti += scalarLength(t, ti)
                    continue
                case .any:
                    starP = pi
                    pi += 1
                    starT = ti
                    continue
                }
            }
            guard starP >= 0 else { return false }
            pi = starP + 1
            starT += scalarLength(t, starT)
            ti = starT
        }
        while pi < p.count, p[pi] == .any { pi += 1 }
        return pi == p.count
    }

    /// Bytes in the UTF-8 sequence starting at `i` (1 for malformed bytes).
    @inline(__always) private static func scalarLength(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = t[i]
        let n: Int
        if b < 0x80 { n = 1 } else if b >= 0xF0 { n = 4 } else if b >= 0xE0 { n = 3 } else if b >= 0xC0 { n = 2 } else { n = 1 }
        return min(n, t.count - i)
    }
}
