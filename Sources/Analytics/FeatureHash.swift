/// Fast, stable 64-bit hashing of feature values (resource names, countries, devices), independent of Swift's
/// per-process randomised `Hasher`, so that sketches, hashed feature vectors and replays are reproducible.
public enum FeatureHash {
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hash of raw bytes with a seed (one seed per feature dimension keeps dimensions apart in shared sketches).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (seed &* 0xFF51_AFD7_ED55_8CCD) ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ w) &* 0x0000_0100_0000_01B3 &+ 0x2545_F491_4F6C_DD1D
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x0000_0100_0000_01B3 &+ 0x2545_F491_4F6C_DD1D
        }
        return mix(h)
    }

    /// Hash of a string's UTF-8 bytes.
    @inline(__always)
    public static func hash(_ s: String, seed: UInt64 = 0) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable({ hash($0, seed: seed) }) { return h }
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { hash($0, seed: seed) }
    }

    /// Hash of the part of a path before its last `\` or `/` (the folder of a file), or of the whole string.
    @inline(__always)
    static func hashFolder(_ s: String, seed: UInt64) -> UInt64 {
        let h = s.utf8.withContiguousStorageIfAvailable { buf -> UInt64 in
            var end = buf.count
            while end > 0 {
                let b = buf[end - 1]
                if b == 92 || b == 47 { break }
                end -= 1
            }
            let n = end > 1 ? end - 1 : buf.count
            return hash(UnsafeBufferPointer(rebasing: buf[0..<n]), seed: seed)
        }
        if let h { return h }
        var copy = s
        copy.makeContiguousUTF8()
        return hashFolder(copy, seed: seed)
    }

    /// A non-zero 32-bit key for compact per-entity tables.
    @inline(__always)
    static func key32(_ h: UInt64) -> UInt32 {
        let k = UInt32(truncatingIfNeeded: h >> 32) ^ UInt32(truncatingIfNeeded: h)
        return k == 0 ? 1 : k
    }

    /// Folder part of a path, as a string (for explanations).
    static func folder(of s: String) -> String {
        guard let i = s.lastIndex(where: { $0 == "\\" || $0 == "/" }), i > s.startIndex else { return s }
        return String(s[..<i])
    }
}
