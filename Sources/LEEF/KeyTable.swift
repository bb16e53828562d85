/// Interned `String`s for the predefined LEEF keys (plus a few common custom ones), so decoding a typical line
/// reuses existing key strings instead of validating and building a new one per attribute.
enum KeyTable {
    private static let maxLength = 24

    /// Keys grouped by UTF-8 length.
    private static let buckets: [[(bytes: [UInt8], string: String)]] = {
        var buckets = [[(bytes: [UInt8], string: String)]](repeating: [], count: maxLength + 1)
        let extra = ["msg", "outcome", "action", "devTimeZone", "severity", "reason", "app", "host", "process"]
        for key in LEEFKey.all + extra where key.utf8.count <= maxLength {
            buckets[key.utf8.count].append((Array(key.utf8), key))
        }
        return buckets
    }()

    /// The interned string for the bytes in `range`, if they spell a known key.
    @inline(__always)
    static func lookup(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let n = range.count
        guard n > 0, n <= maxLength else { return nil }
        let first = buf[range.lowerBound]
        for candidate in buckets[n] where candidate.bytes[0] == first {
            var equal = true
            var k = 1
            while k < n {
                if candidate.bytes[k] != buf[range.lowerBound + k] {
                    equal = false
                    break
                }
                k += 1
            }
            if equal { return candidate.string }
        }
        return nil
    }
}
