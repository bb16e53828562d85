import VigilCore

/// A peer group: entities that behave alike (learned) or share an HR department and role (before learning).
public struct PeerGroup: Sendable, Hashable, Codable {
    public var id: Int
    /// Display name from the dominant HR department and role (`"Finance/finance-analyst"`).
    public var name: String
    /// Whether the group was learned from behaviour (false: an HR group used for cold start).
    public var isLearned: Bool
    public var size: Int
    /// The most common HR department among members and its share.
    public var department: String?
    public var departmentShare: Double
    /// The most common role among members and its share.
    public var role: String?
    public var roleShare: Double
    /// Resources most members use and the organisation mostly does not, with member shares.
    public var commonResources: [String]
    /// What the members have in common, in one line.
    public var summary: String
}

/// A member whose learned group is dominated by another HR department ("a developer who behaves like finance").
public struct PeerMismatch: Sendable, Hashable, Codable {
    public var entity: EntityRef
    public var hrDepartment: String
    public var group: String
    public var groupDepartment: String
    public var groupDepartmentShare: Double
}

/// The outcome of one peer-group recomputation.
public struct PeerGroupReport: Sendable, Hashable {
    public var time: EpochMillis
    public var groups: [PeerGroup]
    /// Entities clustered (those with enough history).
    public var clustered: Int
    /// Mean silhouette of the clustering (−1…1).
    public var silhouette: Double
    /// Members that changed group since the previous recomputation.
    public var moved: Int
    /// Share of clustered entities whose group's dominant department is their own (1 = groups are departments).
    public var departmentPurity: Double
    /// Entities in a group dominated by another department.
    public var mismatches: [PeerMismatch]

    /// A plain-text summary.
    public var text: String {
        var s = "Peer groups (\(groups.count), \(clustered) entities, silhouette \(Format.decimal(silhouette, 2)), moved \(moved), "
        s += "department purity \(Format.percent(departmentPurity)))\n"
        for g in groups {
            s += "  [\(g.id)] \(g.name): \(g.size) members — \(g.summary)\n"
        }
        if !mismatches.isEmpty {
            s += "  Behaving like another department: \(mismatches.count)\n"
            for m in mismatches.prefix(10) {
                s += "    \(m.entity): HR \(m.hrDepartment), behaves like \(m.group) (\(Format.percent(m.groupDepartmentShare)) \(m.groupDepartment))\n"
            }
        }
        return s
    }
}

/// What a peer group looks like, for scoring its members and explaining deviations against it.
struct PeerStats: Sendable {
    var size: Float = 0
    /// Smoothed share of the group's activity at each hour of the week (sums to 1).
    var hourShare = [Float](repeating: 1.0 / 168, count: 168)
    /// Average smoothed count per member at each hour of the week.
    var hourCount = [Float](repeating: 0, count: 168)
    /// Share of members that use a value, keyed by dimension and value.
    var usage = FlatFloatMap()
    /// Mean and standard deviation of members' per-transfer and daily log volumes, per class.
    var transferMean = [Float](repeating: 0, count: VolumeTable.classes)
    var transferSD = [Float](repeating: 1, count: VolumeTable.classes)
    var dailyMean = [Float](repeating: 0, count: VolumeTable.classes)
    var dailySD = [Float](repeating: 1, count: VolumeTable.classes)
    var volumeMembers = [Float](repeating: 0, count: VolumeTable.classes)
    var failuresPerDay: Float = 0
    var firstTimesPerDay: Float = 0

    @inline(__always)
    static func usageKey(_ d: Dimension, _ key: UInt32) -> UInt64 { UInt64(d.rawValue) << 32 | UInt64(key) }

    @inline(__always)
    func share(_ d: Dimension, _ key: UInt32) -> Float { usage[Self.usageKey(d, key)] }

    var memoryBytes: Int { (hourShare.capacity + hourCount.capacity) * 4 + usage.memoryBytes + 5 * 8 * 4 }
}

/// The peer groups of the organisation: HR groups for cold start and behaviour-learned groups, with the statistics
/// deviations are stated against.
struct PeerModel: Sendable {
    var hrNames: [String] = []
    var hrIndex: [String: Int16] = [:]
    var hrStats: [PeerStats] = []
    var learned: [PeerGroup] = []
    var learnedStats: [PeerStats] = []
    var centroids: [Float] = []
    var k = 0
    var report: PeerGroupReport?
    /// Whether the member is currently reported as behaving like another department.
    var mismatched: Set<Int> = []

    static let resourceDims = 64
    static let actionDims = 16
    static let hourDims = 28
    static let volumeDims = VolumeTable.classes
    static var dimensions: Int { resourceDims + actionDims + hourDims + volumeDims }

    mutating func hrGroup(named name: String) -> Int16 {
        if let i = hrIndex[name] { return i }
        let i = Int16(hrNames.count)
        hrNames.append(name)
        hrIndex[name] = i
        hrStats.append(PeerStats())
        return i
    }

    /// Which group's statistics apply to an entity: its learned group, or its HR group before it has one.
    enum GroupRef: Sendable, Hashable {
        case learned(Int)
        case hr(Int)
    }

    /// An entity's effective peer group, as a reference (reading a group's statistics through it copies nothing).
    @inline(__always)
    func ref(of e: Int, store: EntityStore) -> GroupRef? {
        let g = Int(store.peerGroup[e])
        if g >= 0, g < learnedStats.count { return .learned(g) }
        let h = Int(store.hrGroup[e])
        if h >= 0, h < hrStats.count { return .hr(h) }
        return nil
    }

    @inline(__always)
    func stats(_ r: GroupRef) -> PeerStats {
        switch r {
        case let .learned(g): learnedStats[g]
        case let .hr(h): hrStats[h]
        }
    }

    func name(_ r: GroupRef) -> String {
        switch r {
        case let .learned(g): learned[g].name
        case let .hr(h): hrNames[h]
        }
    }

    /// The statistics and name of an entity's effective peer group (copies the statistics: not for hot paths).
    func group(of e: Int, store: EntityStore) -> (stats: PeerStats, name: String)? {
        ref(of: e, store: store).map { (stats($0), name($0)) }
    }

    // Hot-path readers that touch only the values they need.
    @inline(__always)
    func hourShare(_ r: GroupRef?, _ h: Int) -> Float {
        switch r {
        case let .learned(g)?: learnedStats[g].hourShare[h]
        case let .hr(i)?: hrStats[i].hourShare[h]
        case nil: 1.0 / 168
        }
    }

    /// Per-transfer and daily log-volume statistics of a class, and how many members have a baseline for it.
    @inline(__always)
    func volume(_ r: GroupRef?, _ c: Int) -> (transferMean: Float, transferSD: Float, dailyMean: Float, dailySD: Float, members: Float)? {
        switch r {
        case let .learned(g)?:
            let s = learnedStats[g]
            return (s.transferMean[c], s.transferSD[c], s.dailyMean[c], s.dailySD[c], s.volumeMembers[c])
        case let .hr(i)?:
            let s = hrStats[i]
            return (s.transferMean[c], s.transferSD[c], s.dailyMean[c], s.dailySD[c], s.volumeMembers[c])
        case nil:
            return nil
        }
    }

    /// Failures and first-time values per day of an average member.
    @inline(__always)
    func rates(_ r: GroupRef?) -> (failures: Float, firstTimes: Float)? {
        switch r {
        case let .learned(g)?: (learnedStats[g].failuresPerDay, learnedStats[g].firstTimesPerDay)
        case let .hr(i)?: (hrStats[i].failuresPerDay, hrStats[i].firstTimesPerDay)
        case nil: nil
        }
    }

    @inline(__always)
    func share(_ r: GroupRef?, _ d: Dimension, _ key: UInt32) -> Float {
        switch r {
        case let .learned(g)?: learnedStats[g].usage[PeerStats.usageKey(d, key)]
        case let .hr(i)?: hrStats[i].usage[PeerStats.usageKey(d, key)]
        case nil: 0
        }
    }

    /// Aggregates member baselines into group statistics.
    static func stats(members: [Int], store: EntityStore, kernel: [Float], today: Int32) -> PeerStats {
        var s = PeerStats()
        guard !members.isEmpty else { return s }
        s.size = Float(members.count)
        var hour = [Float](repeating: 0, count: 168)
        var count = [Float](repeating: 0, count: 168)
        var tm = [Double](repeating: 0, count: VolumeTable.classes), tm2 = tm, tw = tm
        var dm = tm, dm2 = tm, dw = tm
        var failures: Float = 0, firstTimes: Float = 0, settled: Float = 0
        for e in members {
            let total = store.hours.total(e)
            let weeks = Self.weeks(e, store: store, today: today)
            if total > 0 {
                for h in 0..<168 {
                    let v = store.hours.raw(e, h)
                    hour[h] += v / total
                    count[h] += v / weeks
                }
            }
            for (t, d) in Dimension.categorical.enumerated() {
                store.tables[t].forEach(e) { key, c in
                    if c >= 0.5 { s.usage.add(PeerStats.usageKey(d, key), 1) }
                }
            }
            for c in VolumeClass.allCases {
                let x = store.volumes.transfer(e, c)
                if x.weight >= 1 {
                    tm[c.rawValue] += Double(x.mean); tm2[c.rawValue] += Double(x.mean * x.mean); tw[c.rawValue] += 1
                }
                let y = store.volumes.daily(e, c)
                if y.weight >= 1 {
                    dm[c.rawValue] += Double(y.mean); dm2[c.rawValue] += Double(y.mean * y.mean); dw[c.rawValue] += 1
                }
            }
            failures += store.failuresPerDay[e]
            if store.activeDays[e] >= 4 {
                firstTimes += store.firstTimesPerDay[e]
                settled += 1
            }
        }
        let n = Float(members.count)
        s.usage.scaleAll(1 / n)
        // Smooth the group's hour profile with the same kernel as members'.
        let totalHour = hour.reduce(0, +)
        for h in 0..<168 {
            var v = kernel[0] * hour[h], w = kernel[0] * count[h]
            for j in 1..<kernel.count {
                v += kernel[j] * (hour[(h + j) % 168] + hour[(h - j + 168) % 168])
                w += kernel[j] * (count[(h + j) % 168] + count[(h - j + 168) % 168])
            }
            s.hourShare[h] = totalHour > 0 ? v / totalHour : 1.0 / 168
            s.hourCount[h] = w / n
        }
        for c in 0..<VolumeTable.classes {
            if tw[c] > 0 {
                let m = tm[c] / tw[c]
                s.transferMean[c] = Float(m)
                s.transferSD[c] = Float(max(0.5, (max(0, tm2[c] / tw[c] - m * m)).squareRoot() + 0.8))
            }
            if dw[c] > 0 {
                let m = dm[c] / dw[c]
                s.dailyMean[c] = Float(m)
                s.dailySD[c] = Float(max(0.5, (max(0, dm2[c] / dw[c] - m * m)).squareRoot() + 0.5))
            }
            s.volumeMembers[c] = Float(max(tw[c], dw[c]))
        }
        s.failuresPerDay = failures / n
        s.firstTimesPerDay = settled > 0 ? firstTimes / settled : 3
        return s
    }

    /// Weeks of history behind an entity's hour counts (forgetting caps it at the half-life's mean age).
    static func weeks(_ e: Int, store: EntityStore, today: Int32) -> Float {
        let days = Float(max(1, Int(today) - Int(store.firstDay[e]) + 1))
        return max(1, min(days, 43.3) / 7)
    }

    /// The behaviour vector of an entity: hashed resources, actions and applications (weighted by rarity), the
    /// hour-of-week profile in 6-hour blocks, and standardised log volumes.
    static func vector(_ e: Int, store: EntityStore, orgUsers: Float, usage: (Dimension, UInt32) -> Float,
                       volumeNorm: [(mean: Float, sd: Float)], into out: inout [Float], at offset: Int) {
        let d = dimensions
        for j in 0..<d { out[offset + j] = 0 }
        func addHashed(_ dim: Dimension, base: Int, width: Int, weight: Float) {
            let t = EntityStore.table(dim)
            let total = max(store.tables[t].total(e), 1)
            var norm: Float = 0
            store.tables[t].forEach(e) { key, c in
                let users = usage(dim, key)
                let idf = logf((orgUsers + 1) / (users + 1)) + 0.1
                let h = FeatureHash.mix(UInt64(key) &+ UInt64(dim.rawValue))
                let slot = Int(h % UInt64(width))
                let sign: Float = (h >> 63) == 0 ? 1 : -1
                out[offset + base + slot] += sign * (c / total).squareRoot() * idf
            }
            for j in 0..<width { norm += out[offset + base + j] * out[offset + base + j] }
            if norm > 0 {
                let f = weight / norm.squareRoot()
                for j in 0..<width { out[offset + base + j] *= f }
            }
        }
        addHashed(.resource, base: 0, width: resourceDims, weight: 1)
        addHashed(.action, base: resourceDims, width: actionDims / 2, weight: 0.35)
        addHashed(.application, base: resourceDims + actionDims / 2, width: actionDims / 2, weight: 0.35)
        let hb = resourceDims + actionDims
        let total = store.hours.total(e)
        if total > 0 {
            var norm: Float = 0
            for h in 0..<168 {
                let block = (h / 24) * 4 + (h % 24) / 6
                out[offset + hb + block] += store.hours.raw(e, h) / total
            }
            for j in 0..<hourDims {
                out[offset + hb + j] = out[offset + hb + j].squareRoot()
                norm += out[offset + hb + j] * out[offset + hb + j]
            }
            if norm > 0 { for j in 0..<hourDims { out[offset + hb + j] *= 0.7 / norm.squareRoot() } }
        }
        let vb = hb + hourDims
        for c in VolumeClass.allCases {
            let y = store.volumes.daily(e, c)
            guard y.weight >= 1 else { continue }
            let n = volumeNorm[c.rawValue]
            let z = min(3, max(-3, (y.mean - n.mean) / max(n.sd, 0.1)))
            out[offset + vb + c.rawValue] = 0.4 * z / 3 / Float(VolumeTable.classes).squareRoot() * 2
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
