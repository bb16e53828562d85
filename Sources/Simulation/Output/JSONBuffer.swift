import VigilCore

/// A byte buffer with hand-written JSON output: keys in a fixed order, no locale, no Foundation, the same bytes on
/// every machine, and fast enough to serialise millions of events a minute.
struct JSONBuffer {
    var bytes: [UInt8] = []
    /// Whether the next member of the current object needs a comma.
    private var needsComma: [Bool] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma.removeAll(keepingCapacity: true)
    }

    // MARK: Structure

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    mutating func newline() { bytes.append(0x0A) }

    /// Writes `"name":` (with a comma before it when needed).
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        suppressNext = true
    }

    /// Writes a dynamic key.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        suppressNext = true
    }

    private var suppressNext = false

    @inline(__always)
    private mutating func separate() {
        if suppressNext {
            suppressNext = false
            return
        }
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    // MARK: Values

    mutating func string(_ s: String) {
        separate()
        appendQuoted(s)
    }

    mutating func int(_ v: Int64) {
        separate()
        appendInt(v)
    }

    mutating func int(_ v: Int) { int(Int64(v)) }

    mutating func double(_ v: Double) {
        separate()
        if v.isFinite {
            if v == v.rounded(), abs(v) < 1e15 {
                appendInt(Int64(v))
                bytes.append(contentsOf: ".0".utf8)
            } else {
                bytes.append(contentsOf: String(v).utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    mutating func bool(_ v: Bool) {
        separate()
        bytes.append(contentsOf: (v ? "true" : "false").utf8)
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    // MARK: Members (key + value, skipped when nil)

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    mutating func member(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(Int64(value))
    }

    mutating func member(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        double(value)
    }

    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// A member whose name is only known at run time.
    mutating func property(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// An object of string values with keys in sorted order (dictionaries have no stable order of their own).
    mutating func sortedObject(_ dictionary: [String: String]) {
        beginObject()
        for k in dictionary.keys.sorted() {
            key(k)
            string(dictionary[k]!)
        }
        endObject()
    }

    // MARK: Encoding

    @inline(__always)
    mutating func appendInt(_ v: Int64) {
        if v >= 0, v < 10 {
            bytes.append(UInt8(48 + v))
            return
        }
        var n = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            } while n > 0
        }
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { buffer in
            var i = count - 1
            while i >= 0 {
                bytes.append(buffer[i])
                i -= 1
            }
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    /// Bytes that must be escaped inside a JSON string.
    private static let needsEscape: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    /// A string value given as UTF-8 bytes.
    mutating func string(bytes: [UInt8]) {
        separate()
        bytes.withUnsafeBufferPointer { appendQuoted(utf8: $0) }
    }

    mutating func appendQuoted(_ s: String) {
        var s = s
        s.withUTF8 { appendQuoted(utf8: $0) }
    }

    mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var clean = true
        Self.needsEscape.withUnsafeBufferPointer { table in
            for b in utf8 where table[Int(b)] {
                clean = false
                break
            }
        }
        if clean {
            bytes.append(contentsOf: utf8)
        } else {
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
