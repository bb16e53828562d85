/// An open-addressing map from non-zero 64-bit keys to floats: the peer groups' usage tables, looked up for every
/// dimension of every event, so it avoids `Dictionary`'s per-lookup hashing and indirection.
struct FlatFloatMap: Sendable {
    private(set) var keys: [UInt64]
    private(set) var values: [Float]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 16) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Float](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: FeatureHash.mix(key)) & mask }

    /// The value of a key, 0 when absent.
    @inline(__always)
    subscript(key: UInt64) -> Float {
        var i = slot(key)
        return keys.withUnsafeBufferPointer { k in
            while true {
                let x = k[i]
                if x == key { return values[i] }
                if x == 0 { return 0 }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `delta` to a key's value (inserting it when absent). Key 0 is reserved and ignored.
    mutating func add(_ key: UInt64, _ delta: Float) {
        guard key != 0 else { return }
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while true {
            let x = keys[i]
            if x == key { values[i] += delta; return }
            if x == 0 {
                keys[i] = key
                values[i] = delta
                count += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Float](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { add(k, v) }
    }

    mutating func scaleAll(_ f: Float) {
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] *= f }
        }
    }

    func forEach(_ body: (UInt64, Float) -> Void) {
        for i in keys.indices where keys[i] != 0 { body(keys[i], values[i]) }
    }

    var memoryBytes: Int { keys.capacity * 8 + values.capacity * 4 }
}
