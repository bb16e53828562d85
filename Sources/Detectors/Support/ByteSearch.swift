/// Substring search over bytes (first-byte scan, then compare): Foundation-free and fast for short needles.
enum ByteSearch {
    @inline(__always)
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = haystack.count
        guard n > 0 else { return true }
        guard n <= h else { return false }
        return haystack.withUnsafeBufferPointer { hp in
            needle.withUnsafeBufferPointer { np in
                let first = np[0]
                var i = 0
                let last = h - n
                while i <= last {
                    if hp[i] == first {
                        var j = 1
                        while j < n, hp[i + j] == np[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
