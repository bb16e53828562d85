import VigilCore

/// Per-entity behavioural state for every entity, structure-of-arrays: entity `i` owns slot `i` of every table.
///
/// Memory per entity is fixed by the configuration (about 2.6 KB with the defaults, see ``bytesPerEntity``) and
/// nothing is allocated per event. Forgetting is applied lazily: when an entity is touched on a later day than
/// before, its counts are scaled by `0.5^(days / half-life)` once.
struct EntityStore: Sendable {
    private(set) var refs: [EntityRef] = []
    private var index: [EntityRef: Int32] = [:]

    var hours = HourOfWeekTable()
    var tables: [CategoricalTable]
    var volumes = VolumeTable()

    // Scalars, one element per entity.
    /// Epoch day the entity's counts were last decayed to.
    var decayedDay: [Int32] = []
    /// Epoch day of the entity's last event.
    var activeDay: [Int32] = []
    /// Cached UTC offset (minutes) and the interval over which it holds.
    var tzOffset: [Int16] = []
    var tzFrom: [Int64] = []
    var tzUntil: [Int64] = []
    var tzRule: [TimeZoneRule?] = []
    /// Last known location (latitude, longitude) and when the entity was last active there.
    var lastLat: [Float] = []
    var lastLon: [Float] = []
    var lastLocated: [Int64] = []
    /// Short-term failure counter (decayed with a short half-life) and when it was last updated.
    var failureBurst: [Float] = []
    var failureTime: [Int64] = []
    /// Long-term failures and attempts (decayed with the baselines).
    var failures: [Float] = []
    var attempts: [Float] = []
    /// Failures today, and the decayed mean of daily failures.
    var failuresToday: [Float] = []
    var failuresPerDay: [Float] = []
    /// Ring of the last first-time events' times, and how many first-time events a day are usual.
    var firstTimes: [Int64] = []
    var firstTimeCounts: [UInt8] = []
    var firstTimesToday: [Float] = []
    var firstTimesPerDay: [Float] = []
    var activeDays: [Float] = []
    /// Events in the current absolute local hour, for hour-of-week explanations.
    var currentHour: [Int32] = []
    var currentHourEvents: [Float] = []
    /// Learned peer group (index into the peer-group model) and HR group.
    var peerGroup: [Int16] = []
    var hrGroup: [Int16] = []
    /// Events ever seen (not decayed), for cold-start decisions.
    var lifetimeEvents: [UInt32] = []
    /// Epoch day the entity was first seen.
    var firstDay: [Int32] = []

    static let firstTimeRing = 8

    init(configuration c: AnalyticsConfiguration) {
        var t: [CategoricalTable] = []
        for d in Dimension.categorical {
            let width: Int
            switch d {
            case .country: width = c.countrySlots
            case .city: width = c.citySlots
            case .network: width = c.networkSlots
            case .device: width = c.deviceSlots
            case .action: width = c.actionSlots
            case .resource: width = c.resourceSlots
            case .application: width = c.applicationSlots
            default: width = c.commandSlots
            }
            t.append(CategoricalTable(width: max(1, min(255, width))))
        }
        tables = t
    }

    /// Position of a categorical dimension in ``tables``.
    @inline(__always)
    static func table(_ d: Dimension) -> Int {
        switch d {
        case .country: 0
        case .city: 1
        case .network: 2
        case .device: 3
        case .action: 4
        case .resource: 5
        case .application: 6
        case .command: 7
        default: preconditionFailure("not a categorical dimension")
        }
    }

    var count: Int { refs.count }

    /// Reserves room for `n` entities so that the arrays do not over-allocate while growing.
    mutating func reserve(entities n: Int) {
        refs.reserveCapacity(n)
        index.reserveCapacity(n)
        hours.reserve(entities: n)
        for k in tables.indices { tables[k].reserve(entities: n) }
        volumes.reserve(entities: n)
        decayedDay.reserveCapacity(n); activeDay.reserveCapacity(n); tzOffset.reserveCapacity(n); tzFrom.reserveCapacity(n)
        tzUntil.reserveCapacity(n); tzRule.reserveCapacity(n); lastLat.reserveCapacity(n); lastLon.reserveCapacity(n)
        lastLocated.reserveCapacity(n); failureBurst.reserveCapacity(n); failureTime.reserveCapacity(n); failures.reserveCapacity(n)
        attempts.reserveCapacity(n); failuresToday.reserveCapacity(n); failuresPerDay.reserveCapacity(n)
        firstTimes.reserveCapacity(n * Self.firstTimeRing); firstTimeCounts.reserveCapacity(n * Self.firstTimeRing)
        firstTimesToday.reserveCapacity(n); firstTimesPerDay.reserveCapacity(n); activeDays.reserveCapacity(n)
        currentHour.reserveCapacity(n); currentHourEvents.reserveCapacity(n); peerGroup.reserveCapacity(n); hrGroup.reserveCapacity(n)
        lifetimeEvents.reserveCapacity(n); firstDay.reserveCapacity(n)
    }

    func slot(of entity: EntityRef) -> Int? { index[entity].map(Int.init) }

    /// The entity's slot, created on first sight.
    mutating func slot(for entity: EntityRef, day: Int32, rule: TimeZoneRule?, hrGroup group: Int16) -> (slot: Int, isNew: Bool) {
        if let i = index[entity] { return (Int(i), false) }
        let i = refs.count
        index[entity] = Int32(i)
        refs.append(entity)
        hours.addEntity()
        for k in tables.indices { tables[k].addEntity() }
        volumes.addEntity()
        decayedDay.append(day)
        activeDay.append(day)
        tzOffset.append(0)
        tzFrom.append(.max)
        tzUntil.append(.min)
        tzRule.append(rule)
        lastLat.append(0)
        lastLon.append(0)
        lastLocated.append(.min)
        failureBurst.append(0)
        failureTime.append(0)
        failures.append(0)
        attempts.append(0)
        failuresToday.append(0)
        failuresPerDay.append(0)
        firstTimes.append(contentsOf: repeatElement(Int64.min, count: Self.firstTimeRing))
        firstTimeCounts.append(contentsOf: repeatElement(0, count: Self.firstTimeRing))
        firstTimesToday.append(0)
        firstTimesPerDay.append(0)
        activeDays.append(0)
        currentHour.append(-1)
        currentHourEvents.append(0)
        peerGroup.append(-1)
        hrGroup.append(group)
        lifetimeEvents.append(0)
        firstDay.append(day)
        return (i, true)
    }

    /// Applies forgetting for the days since the entity was last decayed.
    mutating func decay(_ e: Int, to day: Int32, halfLifeDays: Double) {
        let elapsed = Int(day) - Int(decayedDay[e])
        guard elapsed > 0 else { return }
        decayedDay[e] = day
        let f = Float(pow(0.5, Double(elapsed) / halfLifeDays))
        hours.scale(e, by: f)
        for k in tables.indices { tables[k].scale(e, by: f) }
        volumes.scale(e, by: f)
        failures[e] *= f
        attempts[e] *= f
    }

    /// The entity's UTC offset at `t`, cached until the next daylight-saving transition.
    @inline(__always)
    mutating func offsetMinutes(_ e: Int, at t: EpochMillis, fallback: TimeZoneRule) -> Int {
        if t >= tzFrom[e], t < tzUntil[e] { return Int(tzOffset[e]) }
        let rule = tzRule[e] ?? fallback
        let span = rule.daylightSpan(containing: t)
        let off = rule.standardOffsetMinutes + (span.daylight ? 60 : 0)
        tzOffset[e] = Int16(off)
        tzFrom[e] = span.from
        tzUntil[e] = span.until
        return off
    }

    /// Records an event that brought `values` first-time values, replacing the oldest entry of the ring.
    mutating func recordFirstTime(_ e: Int, at t: EpochMillis, values: Int) {
        let base = e * Self.firstTimeRing
        var oldest = base
        for j in base..<(base + Self.firstTimeRing) where firstTimes[j] < firstTimes[oldest] { oldest = j }
        firstTimes[oldest] = t
        firstTimeCounts[oldest] = UInt8(min(255, values))
        firstTimesToday[e] += Float(values)
    }

    /// Bytes held by the baselines (array capacities), excluding the entity-name index.
    var tableBytes: Int {
        var b = hours.memoryBytes + volumes.memoryBytes
        for t in tables { b += t.memoryBytes }
        b += decayedDay.capacity * 4 + activeDay.capacity * 4 + tzOffset.capacity * 2 + tzFrom.capacity * 8 + tzUntil.capacity * 8
        b += tzRule.capacity * MemoryLayout<TimeZoneRule?>.stride
        b += lastLat.capacity * 4 + lastLon.capacity * 4 + lastLocated.capacity * 8
        b += failureBurst.capacity * 4 + failureTime.capacity * 8 + failures.capacity * 4 + attempts.capacity * 4
        b += failuresToday.capacity * 4 + failuresPerDay.capacity * 4
        b += firstTimes.capacity * 8 + firstTimeCounts.capacity + firstTimesToday.capacity * 4 + firstTimesPerDay.capacity * 4 + activeDays.capacity * 4
        b += currentHour.capacity * 4 + currentHourEvents.capacity * 4 + peerGroup.capacity * 2 + hrGroup.capacity * 2
        b += lifetimeEvents.capacity * 4 + firstDay.capacity * 4
        return b
    }

    /// Approximate bytes of the name index: the dictionary's buckets and the names' heap storage.
    var indexBytes: Int {
        var b = index.capacity * (MemoryLayout<EntityRef>.stride + 4 + 1) + refs.capacity * MemoryLayout<EntityRef>.stride
        for r in refs where r.id.utf8.count > 15 { b += r.id.utf8.count + 32 }
        return b
    }

    /// Bytes of baseline state per entity with this configuration, independent of how many entities exist.
    static func bytesPerEntity(_ c: AnalyticsConfiguration) -> Int {
        let slots = c.resourceSlots + c.applicationSlots + c.deviceSlots + c.countrySlots + c.citySlots + c.networkSlots
            + c.actionSlots + c.commandSlots
        let tables = slots * 8 + Dimension.categorical.count * 5
        let hours = HourOfWeekTable.hours * 4 + 4
        let volumes = VolumeTable.classes * VolumeTable.stride * 4
        let scalars = 4 + 4 + 2 + 8 + 8 + MemoryLayout<TimeZoneRule?>.stride + 4 + 4 + 8 + 4 + 8 + 4 + 4 + 4 + 4
            + firstTimeRing * 9 + 4 + 4 + 4 + 4 + 4 + 2 + 2 + 4 + 4
        return tables + hours + volumes + scalars
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
