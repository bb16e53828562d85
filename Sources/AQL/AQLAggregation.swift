#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The aggregate functions the evaluator computes.
enum AQLAggregateKind: Sendable {
    case countAll, count, sum, avg, min, max, first, last, uniqueCount, stdev, stdevp

    init?(name: String) {
        switch name {
        case "COUNT": self = .count
        case "SUM": self = .sum
        case "AVG": self = .avg
        case "MIN": self = .min
        case "MAX": self = .max
        case "FIRST": self = .first
        case "LAST": self = .last
        case "UNIQUECOUNT", "DISTINCTCOUNT": self = .uniqueCount
        case "STDEV": self = .stdev
        case "STDEVP": self = .stdevp
        default: return nil
        }
    }
}

/// One aggregate call of a grouped query: what to compute over which argument.
struct AQLAggregateSlot {
    let kind: AQLAggregateKind
    let distinct: Bool
    /// Row-level argument (nil for COUNT(*)).
    let argument: ((Int) -> AQLValue)?
}

/// Running state of one aggregate in one group. Kept small and updated in place.
struct AQLAggregateState {
    var count: Int64 = 0
    var longSum: Int64 = 0
    var doubleSum: Double = 0
    var allLong = true
    var mean: Double = 0
    var m2: Double = 0
    var value: AQLValue = .null
    var seen: Set<AQLValue>?

    @inline(__always) mutating func update(_ slot: AQLAggregateSlot, row: Int) {
        if slot.kind == .countAll {
            count &+= 1
            return
        }
        guard let argument = slot.argument else { return }
        let v = argument(row)
        if slot.distinct || slot.kind == .uniqueCount {
            if case .null = v { return }
            if seen == nil { seen = [] }
            seen!.insert(v)
            return
        }
        switch slot.kind {
        case .countAll:
            break
        case .count:
            if !v.isNull { count &+= 1 }
        case .sum, .avg, .stdev, .stdevp:
            accumulate(v)
        case .min:
            if !v.isNull, value.isNull || AQLValueSemantics.sortCompare(v, value) < 0 { value = v }
        case .max:
            if !v.isNull, value.isNull || AQLValueSemantics.sortCompare(v, value) > 0 { value = v }
        case .first:
            if count == 0 { value = v }
            count &+= 1
        case .last:
            value = v
            count &+= 1
        case .uniqueCount:
            break
        }
    }

    @inline(__always) mutating func accumulate(_ v: AQLValue) {
        let d: Double
        switch v {
        case .long(let x):
            d = Double(x)
            if allLong {
                let (s, o) = longSum.addingReportingOverflow(x)
                if o { allLong = false } else { longSum = s }
            }
        case .null:
            return
        default:
            guard let x = v.doubleValue else { return }
            d = x
            allLong = false
        }
        count &+= 1
        doubleSum += d
        let delta = d - mean
        mean += delta / Double(count)
        m2 += delta * (d - mean)
    }

    func result(_ slot: AQLAggregateSlot) -> AQLValue {
        if let seen, slot.distinct || slot.kind == .uniqueCount {
            switch slot.kind {
            case .count, .uniqueCount, .countAll: return .long(Int64(seen.count))
            default:
                // SUM(DISTINCT x) etc.: aggregate the distinct values.
                var s = AQLAggregateState()
                let plain = AQLAggregateSlot(kind: slot.kind, distinct: false, argument: nil)
                for v in seen.sorted(by: { AQLValueSemantics.sortCompare($0, $1) < 0 }) {
                    s.updateValue(plain, v)
                }
                return s.result(plain)
            }
        }
        switch slot.kind {
        case .countAll, .count:
            return .long(count)
        case .uniqueCount:
            return .long(0)
        case .sum:
            if count == 0 { return .null }
            return allLong ? .long(longSum) : .double(doubleSum)
        case .avg:
            return count == 0 ? .null : .double(doubleSum / Double(count))
        case .stdev:
            return count < 2 ? .null : .double(sqrt(m2 / Double(count - 1)))
        case .stdevp:
            return count == 0 ? .null : .double(sqrt(m2 / Double(count)))
        case .min, .max, .first, .last:
            return value
        }
    }

    /// Feeds one value directly (used for DISTINCT variants).
    mutating func updateValue(_ slot: AQLAggregateSlot, _ v: AQLValue) {
        switch slot.kind {
        case .sum, .avg, .stdev, .stdevp: accumulate(v)
        case .min: if !v.isNull, value.isNull || AQLValueSemantics.sortCompare(v, value) < 0 { value = v }
        case .max: if !v.isNull, value.isNull || AQLValueSemantics.sortCompare(v, value) > 0 { value = v }
        case .first: if count == 0 { value = v }; count &+= 1
        case .last: value = v; count &+= 1
        case .count, .countAll: if !v.isNull { count &+= 1 }
        case .uniqueCount: break
        }
    }
}
