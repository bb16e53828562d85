/// Event ids that reveal nothing about the event: a keyed scramble of the hour and the event's position in the
/// time-ordered hour, the same for attack, look-alike and everyday events.
enum EventID {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let mask: UInt64 = (1 << 60) - 1

    /// 15 lower-case hex digits (60 bits): short enough for Swift's inline small-string storage, so making an id
    /// never allocates. Every step is a bijection on 60-bit values (xor with a key, multiplication by an odd
    /// constant, xor-shift), so distinct (hour, position) pairs can never collide, and the seed keys the scramble
    /// so ids differ between runs.
    @inline(__always)
    static func make(seed: UInt64, hour: Int, position: Int) -> String {
        let key = RandomStreams.mix(seed ^ 0xA24B_AED4_963E_E407)
        var x = (UInt64(truncatingIfNeeded: hour) << 32 | UInt64(truncatingIfNeeded: position) & 0xFFFF_FFFF) & mask
        for round in 0..<3 {
            x = (x ^ (key >> UInt64(round * 2))) & mask
            x = (x &* 0x9E37_79B9_7F4A_7C15) & mask
            x ^= x >> 29
            x = (x &* 0xBF58_476D_1CE4_E5B9) & mask
            x ^= x >> 31
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { buffer in
            for i in 0..<15 { buffer[i] = digits[Int((x >> UInt64(4 * i)) & 0xF)] }
            return String(decoding: buffer, as: UTF8.self)
        }
    }
}
