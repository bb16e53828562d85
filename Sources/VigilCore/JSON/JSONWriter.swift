/// The package's one JSON writer.
///
/// Object keys come out sorted by their UTF-8 bytes, so the same value always gives the same bytes (Governance's
/// audit chain hashes this text — see `Governance.JSONValue.canonicalText`; do not change the compact form).
/// Strings escape `"`, `\`, `\n`, `\r`, `\t`, `\b`, `\f` by name and other control characters as `\u00XX`;
/// everything else, including non-ASCII, is written as UTF-8. JSON has no NaN or infinity: they are written as `null`.
public struct JSONWriter: Sendable {
    /// How a `.double` with no fraction is written.
    public enum WholeDoubles: Sendable, Hashable {
        /// `12.0` → `12` (below 9e15 in magnitude): the canonical audit form.
        case asInteger
        /// `12.0` → `12.0` (below 1e15 in magnitude), as QRadar's Java serializer writes it.
        case withFraction
    }

    /// Spaces per indentation level, or `nil` for compact text.
    public var indent: Int?
    public var wholeDoubles: WholeDoubles

    public init(indent: Int? = nil, wholeDoubles: WholeDoubles = .asInteger) {
        self.indent = indent
        self.wholeDoubles = wholeDoubles
    }

    /// UTF-8 bytes of `value`.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(value, to: &out, level: 0)
        return out
    }

    /// Text of `value`.
    public func text(_ value: JSONValue) -> String { String(decoding: bytes(value), as: UTF8.self) }

    /// Appends `value` to `out`.
    public func write(_ value: JSONValue, to out: inout [UInt8]) { write(value, to: &out, level: 0) }

    private func write(_ value: JSONValue, to out: inout [UInt8], level: Int) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let b):
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i):
            Self.writeInteger(i, to: &out)
        case .double(let d):
            Self.writeDouble(d, wholeDoubles, to: &out)
        case .string(let s):
            Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]); return }
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level: level + 1)
                write(item, to: &out, level: level + 1)
            }
            newline(&out, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]); return }
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level: level + 1)
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(members[key]!, to: &out, level: level + 1)
            }
            newline(&out, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], level: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Decimal digits without going through `String` (result pages hold many integers).
    public static func writeInteger(_ value: Int64, to out: inout [UInt8]) {
        if value == .min {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var v = value
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            v = -v
        }
        if v < 10 {
            out.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Appends a double; non-finite values become `null`.
    public static func writeDouble(_ d: Double, _ wholeDoubles: WholeDoubles = .asInteger, to out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        switch wholeDoubles {
        case .asInteger where d.rounded() == d && abs(d) < 9.0e15:
            writeInteger(Int64(d), to: &out)
        case .withFraction where d.rounded() == d && abs(d) < 1e15:
            writeInteger(Int64(d), to: &out)
            out.append(contentsOf: ".0".utf8)
        default:
            out.append(contentsOf: d.description.utf8)
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a quoted, escaped string.
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact text, keys sorted by UTF-8 bytes, whole doubles as integers (``JSONWriter`` defaults).
    public var compactText: String { JSONWriter().text(self) }

    /// Indented text (two spaces, sorted keys) for people to read.
    public var prettyText: String { JSONWriter(indent: 2).text(self) }
}

extension JSONValue: CustomStringConvertible {
    /// ``compactText``.
    public var description: String { compactText }
}
