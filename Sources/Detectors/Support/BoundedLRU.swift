/// A map with a fixed capacity that forgets its least recently touched entry when full.
///
/// Detectors see events in time order, so "least recently touched" is also "idle the longest": the oldest entry
/// is both the eviction candidate and the first to check for idleness. Storage is a slab of slots linked into a
/// doubly linked list by index, so lookups, touches, inserts and evictions are O(1) and nothing is re-allocated
/// once the slab has grown to capacity.
public struct BoundedLRU<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    public let capacity: Int
    /// Entries dropped because the map was full.
    public private(set) var evictions: Int = 0

    private var slotOf: [Key: Int32] = [:]
    private var keys: [Key?] = []
    private var values: [Value?] = []
    private var prev: [Int32] = []
    private var next: [Int32] = []
    private var free: [Int32] = []
    /// Oldest entry.
    private var head: Int32 = -1
    /// Newest entry.
    private var tail: Int32 = -1

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Number of entries.
    public var count: Int { slotOf.count }

    /// Whether `key` is present (does not touch it).
    public func contains(_ key: Key) -> Bool { slotOf[key] != nil }

    /// The value for `key` without touching it.
    public func peek(_ key: Key) -> Value? {
        guard let s = slotOf[key] else { return nil }
        return values[Int(s)]
    }

    /// The oldest entry, without touching it.
    public var oldest: (key: Key, value: Value)? {
        guard head >= 0, let k = keys[Int(head)], let v = values[Int(head)] else { return nil }
        return (k, v)
    }

    /// Runs `body` on the value for `key`, creating it with `make` when absent, and marks it most recently used.
    /// Returns the body's result and the entry evicted to make room, if any.
    @discardableResult
    public mutating func update<R>(_ key: Key, make: () -> Value, _ body: (inout Value) -> R) -> (result: R, evicted: (key: Key, value: Value)?) {
        if let s = slotOf[key] {
            moveToTail(s)
            let r = body(&values[Int(s)]!)
            return (r, nil)
        }
        var evicted: (key: Key, value: Value)?
        if slotOf.count >= capacity, let old = removeOldest() {
            evicted = old
            evictions += 1
        }
        let s = allocate(key, make())
        let r = body(&values[Int(s)]!)
        return (r, evicted)
    }

    /// Mutates the value for `key` when present, without changing its recency.
    @discardableResult
    public mutating func modifyIfPresent<R>(_ key: Key, _ body: (inout Value) -> R) -> R? {
        guard let s = slotOf[key] else { return nil }
        return body(&values[Int(s)]!)
    }

    /// Removes and returns the oldest entry.
    @discardableResult
    public mutating func removeOldest() -> (key: Key, value: Value)? {
        guard head >= 0 else { return nil }
        let s = head
        guard let k = keys[Int(s)], let v = values[Int(s)] else { return nil }
        release(s)
        slotOf[k] = nil
        return (k, v)
    }

    /// Removes `key`; returns its value.
    @discardableResult
    public mutating func remove(_ key: Key) -> Value? {
        guard let s = slotOf[key] else { return nil }
        let v = values[Int(s)]
        release(s)
        slotOf[key] = nil
        return v
    }

    /// Calls `body` on every entry from oldest to newest.
    public func forEach(_ body: (Key, Value) -> Void) {
        var s = head
        while s >= 0 {
            if let k = keys[Int(s)], let v = values[Int(s)] { body(k, v) }
            s = next[Int(s)]
        }
    }

    /// Mutates every entry in place, oldest first, without changing recency.
    public mutating func mutateAll(_ body: (Key, inout Value) -> Void) {
        var s = head
        while s >= 0 {
            if let k = keys[Int(s)] { body(k, &values[Int(s)]!) }
            s = next[Int(s)]
        }
    }

    // MARK: - Slab and list

    private mutating func allocate(_ key: Key, _ value: Value) -> Int32 {
        let s: Int32
        if let f = free.popLast() {
            s = f
            keys[Int(s)] = key
            values[Int(s)] = value
        } else {
            s = Int32(keys.count)
            keys.append(key)
            values.append(value)
            prev.append(-1)
            next.append(-1)
        }
        slotOf[key] = s
        linkAtTail(s)
        return s
    }

    private mutating func release(_ s: Int32) {
        unlink(s)
        keys[Int(s)] = nil
        values[Int(s)] = nil
        free.append(s)
    }

    private mutating func linkAtTail(_ s: Int32) {
        prev[Int(s)] = tail
        next[Int(s)] = -1
        if tail >= 0 { next[Int(tail)] = s } else { head = s }
        tail = s
    }

    private mutating func unlink(_ s: Int32) {
        let p = prev[Int(s)], n = next[Int(s)]
        if p >= 0 { next[Int(p)] = n } else { head = n }
        if n >= 0 { prev[Int(n)] = p } else { tail = p }
        prev[Int(s)] = -1
        next[Int(s)] = -1
    }

    private mutating func moveToTail(_ s: Int32) {
        guard tail != s else { return }
        unlink(s)
        linkAtTail(s)
    }
}
