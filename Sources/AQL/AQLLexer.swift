/// Splits AQL text (UTF-8 bytes) into tokens. Never traps on any input: unknown bytes and unterminated
/// quotes become `AQLError`s at their position.
struct AQLLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line: Int32 = 1
    private var column: Int32 = 1
    /// Offset up to which `line`/`column` are current.
    private var tracked = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Tokenizes the whole input; the last token is `.end`.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) throws(AQLError) -> [AQLToken] {
        var lexer = AQLLexer(bytes)
        var tokens: [AQLToken] = []
        tokens.reserveCapacity(bytes.count / 4 + 2)
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .end { return tokens }
        }
    }

    /// Advances line/column bookkeeping to `offset`, counting Unicode scalars (not bytes) for columns.
    private mutating func track(to offset: Int) {
        var i = tracked
        while i < offset {
            let b = bytes[i]
            if b == 0x0A {
                line &+= 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column &+= 1
            }
            i += 1
        }
        tracked = offset
    }

    /// The position of a byte offset (for errors inside tokens).
    mutating func position(at offset: Int) -> AQLSourcePosition {
        if offset < tracked {
            // Only ever needed for errors; recount from the start.
            tracked = 0
            line = 1
            column = 1
        }
        track(to: offset)
        return AQLSourcePosition(offset: offset, line: Int(line), column: Int(column))
    }

    private func make(_ kind: AQLTokenKind, _ start: Int, _ end: Int, _ keyword: AQLKeyword? = nil) -> AQLToken {
        AQLToken(kind: kind, keyword: keyword, start: start, end: end, line: line, column: column)
    }

    @inline(__always) static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
    }

    @inline(__always) static func isIdentifierPart(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || (b >= 0x30 && b <= 0x39)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func next() throws(AQLError) -> AQLToken {
        let n = bytes.count
        // Whitespace (ASCII space, tab, CR, LF, FF, VT and the non-breaking space U+00A0).
        while index < n {
            let b = bytes[index]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                index += 1
            } else if b == 0xC2, index + 1 < n, bytes[index + 1] == 0xA0 {
                index += 2
            } else {
                break
            }
        }
        track(to: index)
        let start = index
        guard index < n else { return make(.end, n, n) }
        let b = bytes[index]

        if AQLLexer.isIdentifierStart(b) {
            index += 1
            while true {
                while index < n, AQLLexer.isIdentifierPart(bytes[index]) { index += 1 }
                // GEO::LOOKUP and friends are single names.
                if index + 2 < n, bytes[index] == 0x3A, bytes[index + 1] == 0x3A, AQLLexer.isIdentifierStart(bytes[index + 2]) {
                    index += 2
                    continue
                }
                break
            }
            return make(.identifier, start, index, AQLKeyword.lookup(bytes, start, index))
        }
        if AQLLexer.isDigit(b) || (b == 0x2E && index + 1 < n && AQLLexer.isDigit(bytes[index + 1])) {
            return try number(start)
        }
        switch b {
        case 0x27: // '
            return try quoted(start, quote: 0x27, kind: .string)
        case 0x22: // "
            return try quoted(start, quote: 0x22, kind: .quotedIdentifier)
        case 0x28: index += 1; return make(.leftParen, start, index)
        case 0x29: index += 1; return make(.rightParen, start, index)
        case 0x2C: index += 1; return make(.comma, start, index)
        case 0x2E: index += 1; return make(.dot, start, index)
        case 0x2A: index += 1; return make(.star, start, index)
        case 0x2F: index += 1; return make(.slash, start, index)
        case 0x2B: index += 1; return make(.plus, start, index)
        case 0x2D: index += 1; return make(.minus, start, index)
        case 0x25: index += 1; return make(.percent, start, index)
        case 0x5E: index += 1; return make(.caret, start, index)
        case 0x26: index += 1; return make(.ampersand, start, index)
        case 0x7C: index += 1; return make(.pipe, start, index)
        case 0x3D: // = or ==
            index += 1
            if index < n, bytes[index] == 0x3D { index += 1; return make(.doubleEqual, start, index) }
            return make(.equal, start, index)
        case 0x21: // !=
            if index + 1 < n, bytes[index + 1] == 0x3D { index += 2; return make(.notEqual, start, index) }
        case 0x3C: // < <= <>
            index += 1
            if index < n, bytes[index] == 0x3D { index += 1; return make(.lessEqual, start, index) }
            if index < n, bytes[index] == 0x3E { index += 1; return make(.lessGreater, start, index) }
            return make(.less, start, index)
        case 0x3E: // > >=
            index += 1
            if index < n, bytes[index] == 0x3D { index += 1; return make(.greaterEqual, start, index) }
            return make(.greater, start, index)
        default:
            break
        }
        let found = AQLLexer.describeCharacter(bytes, at: start)
        throw AQLError(at: position(at: start), expected: nil, found: found,
                       message: "Lexical error: unexpected character \(found)")
    }

    /// Integer (`42`, `0xFF`), decimal (`1.5`, `.5`, `1e6`).
    private mutating func number(_ start: Int) throws(AQLError) -> AQLToken {
        let n = bytes.count
        if bytes[index] == 0x30, index + 2 < n, bytes[index + 1] | 0x20 == 0x78, AQLLexer.isHex(bytes[index + 2]) {
            index += 2
            while index < n, AQLLexer.isHex(bytes[index]) { index += 1 }
            try rejectTrailingLetters(start)
            return make(.integer, start, index)
        }
        var isDecimal = false
        while index < n, AQLLexer.isDigit(bytes[index]) { index += 1 }
        if index < n, bytes[index] == 0x2E, index + 1 < n, AQLLexer.isDigit(bytes[index + 1]) {
            isDecimal = true
            index += 1
            while index < n, AQLLexer.isDigit(bytes[index]) { index += 1 }
        } else if index < n, bytes[index] == 0x2E, index > start,
                  !(index + 1 < n && AQLLexer.isIdentifierStart(bytes[index + 1])) {
            // `5.` — a decimal with no fraction digits.
            isDecimal = true
            index += 1
        }
        if index < n, bytes[index] | 0x20 == 0x65 { // exponent
            var j = index + 1
            if j < n, bytes[j] == 0x2B || bytes[j] == 0x2D { j += 1 }
            if j < n, AQLLexer.isDigit(bytes[j]) {
                isDecimal = true
                index = j
                while index < n, AQLLexer.isDigit(bytes[index]) { index += 1 }
            }
        }
        try rejectTrailingLetters(start)
        return make(isDecimal ? .decimal : .integer, start, index)
    }

    /// `123abc` is one malformed token, not a number followed by a name.
    private mutating func rejectTrailingLetters(_ start: Int) throws(AQLError) {
        guard index < bytes.count, AQLLexer.isIdentifierStart(bytes[index]) else { return }
        var end = index
        while end < bytes.count, AQLLexer.isIdentifierPart(bytes[end]) { end += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        throw AQLError(at: position(at: start), expected: "a number", found: "\"\(text)\"",
                       message: "Lexical error: malformed number \"\(text)\"")
    }

    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }

    /// A quoted string or identifier; the quote doubled inside stands for itself.
    private mutating func quoted(_ start: Int, quote: UInt8, kind: AQLTokenKind) throws(AQLError) -> AQLToken {
        let n = bytes.count
        index += 1
        while index < n {
            if bytes[index] == quote {
                if index + 1 < n, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                index += 1
                return make(kind, start, index)
            }
            index += 1
        }
        let what = quote == 0x27 ? "string literal" : "quoted identifier"
        throw AQLError(at: position(at: start), expected: quote == 0x27 ? "'" : "\"", found: "<EOF>",
                       message: "Lexical error: unterminated \(what)")
    }

    /// A printable description of the character at `offset` for error messages.
    static func describeCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        if let scalar = s.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F || s == "\u{FFFD}" {
            return "<0x" + String(bytes[offset], radix: 16, uppercase: true) + ">"
        }
        return "\"" + s + "\""
    }
}
