/// Finds the first of up to three byte values, eight bytes at a time (SWAR), for the attribute scanner.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte in `from..<to` equal to `a`, `b` or `c`, or `to` when there is none.
    @inline(__always)
    static func first(_ p: UnsafePointer<UInt8>, from: Int, to end: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        var i = from
        #if _endian(little)
        let ma = UInt64(a) &* ones
        let mb = UInt64(b) &* ones
        let mc = UInt64(c) &* ones
        while i + 8 <= end {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            // A zero byte in w ^ m marks a match; the lowest flagged byte is always a true match (borrows only
            // create false positives above a real one), and on little-endian it is the first in memory.
            let xa = w ^ ma
            let xb = w ^ mb
            let xc = w ^ mc
            let hits =
                ((xa &- ones) & ~xa) | ((xb &- ones) & ~xb) | ((xc &- ones) & ~xc)
            let flagged = hits & highs
            if flagged != 0 { return i + flagged.trailingZeroBitCount >> 3 }
            i += 8
        }
        #endif
        while i < end {
            let v = p[i]
            if v == a || v == b || v == c { return i }
            i += 1
        }
        return end
    }
}
