/// UTF-8 well-formedness check over raw bytes (Unicode Table 3-7), so invalid input is rejected once, up front,
/// and field strings can then be created without a second validating copy.
enum UTF8Validation {
    /// The offset of the first byte that starts an ill-formed sequence, or nil when all of `range` is valid.
    static func firstInvalidOffset(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        // Skip ASCII eight bytes at a time.
        while i < end {
            if i + 8 <= end {
                let word = UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = buf[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let need: Int
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0:
                need = 2
                lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED:
                need = 2
                hi = 0x9F
            case 0xF0:
                need = 3
                lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4:
                need = 3
                hi = 0x8F
            default: return i
            }
            guard i + need < end else { return i }
            let b1 = buf[i + 1]
            guard b1 >= lo, b1 <= hi else { return i }
            for k in stride(from: 2, through: need, by: 1) where buf[i + k] & 0xC0 != 0x80 { return i }
            i += need + 1
        }
        return nil
    }
}
