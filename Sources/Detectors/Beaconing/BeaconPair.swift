/// What the beacon detector remembers about one source–destination pair: rings of the last callback intervals
/// and sizes, callbacks per hour for the last 24 hours, and the last few evidence ids. Memory is bounded by the
/// configured history size whatever the pair's traffic.
struct BeaconPair: Sendable {
    var source: String
    var sourceIsHost: Bool
    var destination: String
    var destinationIsHost: Bool
    var destinationIP: String?
    var port: Int32
    var user: String?

    var firstSeen: Int64
    var lastSeen: Int64
    /// Start of the latest callback (first connection of its burst).
    var lastCallback: Int64
    var callbacks: Int32 = 0
    var connections: Int32 = 0
    var lastScoredAt: Int32 = 0
    var lastAlert: Int64 = Int64.min
    var sizeKnown = false

    /// Ring of intervals between callbacks, milliseconds.
    var intervals: [UInt32] = []
    var intervalPos: Int32 = 0
    /// Ring of bytes sent per callback (saturating).
    var sizes: [UInt32] = []
    var sizePos: Int32 = 0
    /// Index in `sizes` of the current callback, to which burst connections add their bytes.
    var currentSizeSlot: Int32 = -1
    /// Callbacks per hour for the 24 hours up to `lastHour`, indexed by absolute hour modulo 24 (saturating).
    var hourly: [UInt8] = []
    var lastHour: Int64 = 0
    var firstHour: Int64 = 0
    /// Ring of the latest evidence event ids.
    var evidence: [String] = []
    var evidencePos: Int32 = 0

    init(source: String, sourceIsHost: Bool, destination: String, destinationIsHost: Bool, destinationIP: String?, port: Int32,
         time: Int64) {
        self.source = source
        self.sourceIsHost = sourceIsHost
        self.destination = destination
        self.destinationIsHost = destinationIsHost
        self.destinationIP = destinationIP
        self.port = port
        firstSeen = time
        lastSeen = time
        lastCallback = time
        firstHour = time / 3_600_000
        lastHour = firstHour
    }

    @inline(__always)
    static func push<T>(_ value: T, into ring: inout [T], pos: inout Int32, capacity: Int) -> Int32 {
        if ring.count < capacity {
            // A pair that reaches eight entries is worth its full ring: reserve it once instead of doubling into slack.
            if ring.count == 8 { ring.reserveCapacity(capacity) }
            ring.append(value)
            return Int32(ring.count - 1)
        }
        let slot = pos
        ring[Int(slot)] = value
        pos = (pos + 1) % Int32(capacity)
        return slot
    }

    /// Records one connection at `time`; returns whether it started a new callback.
    mutating func record(time: Int64, bytes: Int64?, eventID: String, user: String?, config: BeaconConfiguration) -> Bool {
        connections &+= 1
        if let user { self.user = user }
        pushEvidence(eventID, kept: config.evidenceKept)
        let sizeValue = UInt32(clamping: max(0, bytes ?? 0))
        if bytes != nil { sizeKnown = true }
        // Part of the current burst (or a little late): one callback, bytes added up.
        if callbacks > 0, time - lastCallback <= config.burstGap {
            lastSeen = max(lastSeen, time)
            if currentSizeSlot >= 0 {
                let (sum, overflow) = sizes[Int(currentSizeSlot)].addingReportingOverflow(sizeValue)
                sizes[Int(currentSizeSlot)] = overflow ? UInt32.max : sum
            }
            return false
        }
        if callbacks > 0, time < lastCallback {
            // Out of order beyond the burst gap: counted, but it says nothing reliable about spacing.
            return false
        }
        if callbacks > 0 {
            let gap = UInt32(clamping: time - lastCallback)
            _ = Self.push(gap, into: &intervals, pos: &intervalPos, capacity: config.historySize)
        }
        currentSizeSlot = Self.push(sizeValue, into: &sizes, pos: &sizePos, capacity: config.historySize + 1)
        countHour(time)
        callbacks &+= 1
        lastCallback = time
        lastSeen = max(lastSeen, time)
        return true
    }

    private mutating func countHour(_ time: Int64) {
        if hourly.isEmpty { hourly = [UInt8](repeating: 0, count: 24) }
        let h = time / 3_600_000
        if h > lastHour {
            let clearFrom = max(lastHour + 1, h - 23)
            var k = clearFrom
            while k <= h { hourly[Int(k % 24)] = 0; k += 1 }
            lastHour = h
        }
        if h > lastHour - 24 {
            let i = Int(((h % 24) + 24) % 24)
            if hourly[i] < UInt8.max { hourly[i] += 1 }
        }
    }

    private mutating func pushEvidence(_ id: String, kept: Int) {
        guard kept > 0 else { return }
        _ = Self.push(id, into: &evidence, pos: &evidencePos, capacity: kept)
    }

    /// Callbacks per completed hour, oldest first, for the completed hours since the pair was first seen (at most
    /// 24), as of `now`.
    func completedHourCounts(now: Int64) -> [Int] {
        guard !hourly.isEmpty else { return [] }
        let current = now / 3_600_000
        let first = max(firstHour, current - 24)
        guard current > first else { return [] }
        var out: [Int] = []
        out.reserveCapacity(Int(current - first))
        var h = first
        while h < current {
            // Hours after the last callback and before now were silent; hours older than the ring are gone.
            if h > lastHour || h <= lastHour - 24 { out.append(0) } else { out.append(Int(hourly[Int(h % 24)])) }
            h += 1
        }
        return out
    }

    /// Evidence ids oldest first.
    var orderedEvidence: [String] {
        guard evidence.count > 1, evidencePos > 0 else { return evidence }
        return Array(evidence[Int(evidencePos)...] + evidence[..<Int(evidencePos)])
    }
}
