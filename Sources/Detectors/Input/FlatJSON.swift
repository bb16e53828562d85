/// A small JSON reader for log lines (Zeek's JSON output): values are kept as text, nested objects are flattened
/// with dotted keys (`{"id": {"orig_h": …}}` → `id.orig_h`), arrays become comma-joined text. Pure Swift, so the
/// flow parser needs no Foundation.
enum FlatJSON {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    enum Value {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])

        var text: String? {
            switch self {
            case let .string(s): return s
            case let .number(n): return n
            case let .bool(b): return b ? "true" : "false"
            case .null: return nil
            case let .array(items): return items.compactMap(\.text).joined(separator: ",")
            case .object: return nil
            }
        }
    }

    /// Parses one JSON object into flattened key → value text (nulls are left out).
    static func parseObject(_ line: String) throws(Failure) -> [String: Value] {
        // Zero padding lets the scanner look a few bytes ahead without bounds checks on every step.
        var bytes = Array(line.utf8)
        let end = bytes.count
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 16))
        var i = 0
        skipSpace(bytes, &i)
        guard bytes[i] == UInt8(ascii: "{") else { throw Failure(message: "expected a JSON object", offset: i) }
        let value = try parseValue(bytes, &i, depth: 0, end: end)
        skipSpace(bytes, &i)
        guard i == end else { throw Failure(message: "unexpected text after the JSON object", offset: i) }
        var out: [String: Value] = [:]
        flatten(value, prefix: "", into: &out)
        return out
    }

    private static func flatten(_ v: Value, prefix: String, into out: inout [String: Value]) {
        if case let .object(members) = v {
            for (k, m) in members { flatten(m, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        } else if case .null = v {
            return
        } else {
            out[prefix] = v
        }
    }

    private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private static func parseValue(_ b: [UInt8], _ i: inout Int, depth: Int, end: Int) throws(Failure) -> Value {
        guard depth < 32 else { throw Failure(message: "nesting too deep", offset: i) }
        guard i < end else { throw Failure(message: "unexpected end of line", offset: i) }
        skipSpace(b, &i)
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(String, Value)] = []
            skipSpace(b, &i)
            if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace(b, &i)
                guard b[i] == UInt8(ascii: "\"") else { throw Failure(message: "expected a key", offset: i) }
                let key = try parseString(b, &i, end: end)
                skipSpace(b, &i)
                guard b[i] == UInt8(ascii: ":") else { throw Failure(message: "expected ':'", offset: i) }
                i += 1
                members.append((key, try parseValue(b, &i, depth: depth + 1, end: end)))
                skipSpace(b, &i)
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw Failure(message: "expected ',' or '}'", offset: i)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            skipSpace(b, &i)
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try parseValue(b, &i, depth: depth + 1, end: end))
                skipSpace(b, &i)
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw Failure(message: "expected ',' or ']'", offset: i)
            }
        case UInt8(ascii: "\""):
            return .string(try parseString(b, &i, end: end))
        case UInt8(ascii: "t"):
            try literal(b, &i, "true"); return .bool(true)
        case UInt8(ascii: "f"):
            try literal(b, &i, "false"); return .bool(false)
        case UInt8(ascii: "n"):
            try literal(b, &i, "null"); return .null
        default:
            let start = i
            if b[i] == UInt8(ascii: "-") { i += 1 }
            var digits = 0
            while (b[i] >= 48 && b[i] <= 57) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")
                || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                if b[i] >= 48 && b[i] <= 57 { digits += 1 }
                i += 1
            }
            guard digits > 0 else { throw Failure(message: "unexpected character", offset: start) }
            return .number(String(decoding: b[start..<i], as: UTF8.self))
        }
    }

    private static func literal(_ b: [UInt8], _ i: inout Int, _ word: StaticString) throws(Failure) {
        let w = word.withUTF8Buffer { Array($0) }
        for (k, c) in w.enumerated() where b[i + k] != c || b[i + k] == 0 {
            throw Failure(message: "invalid literal", offset: i)
        }
        i += w.count
    }

    private static func parseString(_ b: [UInt8], _ i: inout Int, end: Int) throws(Failure) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            let c = b[i]
            if i >= end { throw Failure(message: "unterminated string", offset: i) }
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c == UInt8(ascii: "\\") {
                i += 1
                switch b[i] {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var v: UInt32 = 0
                    for k in 1...4 {
                        guard let h = hex(b[i + k]) else { throw Failure(message: "bad \\u escape", offset: i) }
                        v = v << 4 | h
                    }
                    i += 4
                    // Surrogate pairs.
                    if v >= 0xD800 && v < 0xDC00, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") {
                        var lo: UInt32 = 0
                        var ok = true
                        for k in 3...6 { if let h = hex(b[i + k]) { lo = lo << 4 | h } else { ok = false } }
                        if ok, lo >= 0xDC00 && lo < 0xE000 {
                            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                            i += 6
                        }
                    }
                    out.append(contentsOf: String(Unicode.Scalar(v).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    guard i < end else { throw Failure(message: "unterminated escape", offset: i) }
                    out.append(b[i])
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: return UInt32(c - 48)
        case 65...70: return UInt32(c - 55)
        case 97...102: return UInt32(c - 87)
        default: return nil
        }
    }
}
