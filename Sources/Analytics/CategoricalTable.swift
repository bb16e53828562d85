/// Per-entity bounded maps from a feature value (32-bit key) to a decayed count, stored structure-of-arrays: one
/// flat array for every entity's slots, so an entity costs `width × 8` bytes plus two scalars and no allocation.
///
/// When an entity's slots are full, a new value replaces the least-used one (so long-forgotten values can look
/// new again, which is what forgetting means). Counts decay with the entity's other baselines.
struct CategoricalTable: Sendable {
    let width: Int
    private(set) var keys: [UInt32] = []
    private(set) var counts: [Float] = []
    /// Decayed number of observations per entity.
    private(set) var totals: [Float] = []
    /// Occupied slots per entity.
    private(set) var distinct: [UInt8] = []

    /// Entries whose decayed count falls below this are forgotten.
    static let pruneBelow: Float = 0.05

    init(width: Int) {
        precondition(width > 0 && width <= 255, "table width must be 1…255")
        self.width = width
    }

    var entityCount: Int { totals.count }

    mutating func addEntity() {
        keys.append(contentsOf: repeatElement(0, count: width))
        counts.append(contentsOf: repeatElement(0, count: width))
        totals.append(0)
        distinct.append(0)
    }

    mutating func reserve(entities n: Int) {
        keys.reserveCapacity(n * width)
        counts.reserveCapacity(n * width)
        totals.reserveCapacity(n)
        distinct.reserveCapacity(n)
    }

    /// The decayed count of a value for an entity (0 when unseen or forgotten).
    @inline(__always)
    func count(_ e: Int, _ key: UInt32) -> Float {
        let base = e * width
        return keys.withUnsafeBufferPointer { k in
            for j in 0..<width where k[base + j] == key { return counts[base + j] }
            return 0
        }
    }

    @inline(__always) func total(_ e: Int) -> Float { totals[e] }
    @inline(__always) func distinctCount(_ e: Int) -> Int { Int(distinct[e]) }

    /// Records one observation; returns the count before it (0 means the value is new to the entity).
    @discardableResult
    mutating func observe(_ e: Int, _ key: UInt32, weight: Float = 1) -> Float {
        let base = e * width
        totals[e] += weight
        let w = width
        return keys.withUnsafeMutableBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                var empty = -1
                var minSlot = base
                var minCount = Float.infinity
                for j in base..<(base + w) {
                    let kj = k[j]
                    if kj == key {
                        let before = c[j]
                        c[j] = before + weight
                        return before
                    }
                    if kj == 0 {
                        if empty < 0 { empty = j }
                    } else if c[j] < minCount {
                        minCount = c[j]; minSlot = j
                    }
                }
                if empty >= 0 {
                    k[empty] = key
                    c[empty] = weight
                    distinct[e] &+= 1
                } else {
                    k[minSlot] = key
                    c[minSlot] = weight
                }
                return 0
            }
        }
    }

    /// Multiplies an entity's counts by `factor` (forgetting) and drops values that fade away.
    mutating func scale(_ e: Int, by factor: Float) {
        let base = e * width
        totals[e] *= factor
        var d: UInt8 = 0
        for j in base..<(base + width) where keys[j] != 0 {
            let v = counts[j] * factor
            if v < Self.pruneBelow {
                keys[j] = 0; counts[j] = 0
            } else {
                counts[j] = v; d += 1
            }
        }
        distinct[e] = d
    }

    /// The occupied entries of an entity.
    func entries(_ e: Int) -> [(key: UInt32, count: Float)] {
        let base = e * width
        var out: [(key: UInt32, count: Float)] = []
        for j in base..<(base + width) where keys[j] != 0 { out.append((keys[j], counts[j])) }
        return out
    }

    /// Visits the occupied entries of an entity without allocating.
    @inline(__always)
    func forEach(_ e: Int, _ body: (UInt32, Float) -> Void) {
        let base = e * width
        for j in base..<(base + width) where keys[j] != 0 { body(keys[j], counts[j]) }
    }

    /// Bytes held (capacity, not just count), for memory accounting.
    var memoryBytes: Int {
        keys.capacity * 4 + counts.capacity * 4 + totals.capacity * 4 + distinct.capacity
    }
}

/// Per-entity hour-of-week activity (168 decayed counts in the entity's local time), structure-of-arrays.
struct HourOfWeekTable: Sendable {
    static let hours = 168
    private(set) var counts: [Float] = []
    private(set) var totals: [Float] = []

    mutating func addEntity() {
        counts.append(contentsOf: repeatElement(0, count: Self.hours))
        totals.append(0)
    }

    mutating func reserve(entities n: Int) {
        counts.reserveCapacity(n * Self.hours)
        totals.reserveCapacity(n)
    }

    @inline(__always)
    mutating func observe(_ e: Int, hour: Int, weight: Float = 1) {
        counts[e * Self.hours + hour] += weight
        totals[e] += weight
    }

    @inline(__always) func total(_ e: Int) -> Float { totals[e] }

    @inline(__always) func raw(_ e: Int, _ hour: Int) -> Float { counts[e * Self.hours + hour] }

    /// The circularly smoothed count at an hour of the week: the kernel spreads each hour's weight over its
    /// neighbours, wrapping from Sunday night to Monday morning.
    @inline(__always)
    func smoothed(_ e: Int, hour: Int, kernel: [Float]) -> Float {
        let base = e * Self.hours
        return counts.withUnsafeBufferPointer { c in
            var s = kernel[0] * c[base + hour]
            for k in 1..<kernel.count {
                let a = (hour + k) % Self.hours
                let b = (hour - k + Self.hours) % Self.hours
                s += kernel[k] * (c[base + a] + c[base + b])
            }
            return s
        }
    }

    mutating func scale(_ e: Int, by factor: Float) {
        let base = e * Self.hours
        counts.withUnsafeMutableBufferPointer { c in
            for j in base..<(base + Self.hours) { c[j] *= factor }
        }
        totals[e] *= factor
    }

    /// The entity's 168 counts, for peer-group vectors.
    func profile(_ e: Int) -> ArraySlice<Float> { counts[(e * Self.hours)..<((e + 1) * Self.hours)] }

    var memoryBytes: Int { counts.capacity * 4 + totals.capacity * 4 }
}
