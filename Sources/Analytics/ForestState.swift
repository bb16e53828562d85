import VigilCore

/// The isolation-forest layer: per-entity accumulators for the current day's window, a reservoir of closed
/// windows to train on, and the trained forest with the score distribution that calibrates it.
struct ForestState: Sendable {
    /// Window features, in order.
    static let featureNames = [
        "events", "hour_evidence", "location_evidence", "identity_evidence", "access_evidence", "volume_evidence",
        "failure_evidence", "novelty_evidence", "first_time_values", "total_excess_evidence", "deviating_families",
        "off_hours_share",
    ]
    static var featureCount: Int { featureNames.count }
    /// Accumulator layout per entity: the features above, plus the count of off-hours events.
    static let stride = 13
    static let evidenceSlots = 3

    var values: [Float] = []
    var evidenceIDs: [String] = []
    var evidenceScores: [Float] = []
    var reservoir: [[Double]] = []
    var reservoirNext = 0
    var seen = 0
    var forest: IsolationForest?
    /// Scores of the reservoir under the current forest, ascending, for calibration.
    var referenceScores: [Double] = []
    /// Median of each feature over the reservoir, for explanations.
    var medians: [Double] = []
    var lastTraining: Int32 = .min

    mutating func reserve(entities n: Int) {
        values.reserveCapacity(n * Self.stride)
        evidenceIDs.reserveCapacity(n * Self.evidenceSlots)
        evidenceScores.reserveCapacity(n * Self.evidenceSlots)
    }

    mutating func ensure(_ e: Int) {
        while values.count < (e + 1) * Self.stride {
            values.append(contentsOf: repeatElement(0, count: Self.stride))
            evidenceIDs.append(contentsOf: repeatElement("", count: Self.evidenceSlots))
            evidenceScores.append(contentsOf: repeatElement(0, count: Self.evidenceSlots))
        }
    }

    /// Folds one scored event into the entity's window.
    mutating func accumulate(_ e: Int, scores: [DimensionScore], eventID: String, store: EntityStore) {
        ensure(e)
        let b = e * Self.stride
        values[b] += 1
        var total: Float = 0
        for s in scores {
            let ev = Float(s.evidence)
            total += ev
            let slot: Int
            switch s.dimension.family {
            case .time: slot = 1
            case .location: slot = 2
            case .identity: slot = 3
            case .access: slot = 4
            case .volume: slot = 5
            case .failure: slot = 6
            case .novelty: slot = 7
            default: continue
            }
            if ev > values[b + slot] { values[b + slot] = ev }
            if s.isNew { values[b + 8] += 1 }
            if ev > 2 { values[b + 9] += ev - 2 }
            if s.dimension == .hour, ev >= 2 { values[b + 12] += 1 }
        }
        guard total > 0 else { return }
        let eb = e * Self.evidenceSlots
        var minSlot = eb
        for j in eb..<(eb + Self.evidenceSlots) where evidenceScores[j] < evidenceScores[minSlot] { minSlot = j }
        if total > evidenceScores[minSlot] {
            evidenceScores[minSlot] = total
            evidenceIDs[minSlot] = eventID
        }
    }

    /// Closes an entity's window: returns its feature vector and evidence, and resets the accumulator.
    mutating func close(_ e: Int) -> (features: [Double], evidence: [String])? {
        guard values.count >= (e + 1) * Self.stride else { return nil }
        let b = e * Self.stride
        let events = values[b]
        guard events > 0 else { return nil }
        var f = [Double](repeating: 0, count: Self.featureCount)
        f[0] = Double(log1pf(events))
        for j in 1...7 { f[j] = Double(values[b + j]) }
        f[8] = Double(log1pf(values[b + 8]))
        f[9] = Double(log1pf(values[b + 9]))
        var families = 0.0
        for j in 1...7 where values[b + j] >= 2.5 { families += 1 }
        f[10] = families
        f[11] = Double(values[b + 12] / events)
        let eb = e * Self.evidenceSlots
        var ev: [(String, Float)] = []
        for j in eb..<(eb + Self.evidenceSlots) where !evidenceIDs[j].isEmpty { ev.append((evidenceIDs[j], evidenceScores[j])) }
        ev.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for j in b..<(b + Self.stride) { values[j] = 0 }
        for j in eb..<(eb + Self.evidenceSlots) { evidenceIDs[j] = ""; evidenceScores[j] = 0 }
        return (f, ev.map(\.0))
    }

    /// Adds a closed window to the training reservoir (reservoir sampling keeps a uniform sample of all windows
    /// once it is full; the replacement index comes from a hash, so the sample is deterministic).
    mutating func remember(_ x: [Double], capacity: Int, salt: UInt64) {
        seen += 1
        if reservoir.count < capacity {
            reservoir.append(x)
        } else {
            let j = Int(FeatureHash.mix(UInt64(seen) ^ salt) % UInt64(seen))
            if j < capacity { reservoir[j] = x }
        }
    }

    /// Trains on the reservoir and recomputes the reference scores and medians.
    mutating func train(trees: Int, sampleSize: Int, seed: UInt64, day: Int32) {
        guard reservoir.count >= 32 else { return }
        let f = IsolationForest(rows: reservoir, trees: trees, sampleSize: sampleSize, seed: seed ^ UInt64(bitPattern: Int64(day)))
        forest = f
        referenceScores = reservoir.map { f.score($0) }.sorted()
        medians = (0..<Self.featureCount).map { j in
            let col = reservoir.map { $0[j] }.sorted()
            return col[col.count / 2]
        }
        lastTraining = day
    }

    /// −log10 of the share of reference windows scoring at least `s`.
    func evidence(_ s: Double) -> Double {
        guard !referenceScores.isEmpty else { return 0 }
        var lo = 0, hi = referenceScores.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if referenceScores[mid] < s { lo = mid + 1 } else { hi = mid }
        }
        let above = Double(referenceScores.count - lo)
        return -log10((above + 1) / Double(referenceScores.count + 1))
    }

    var memoryBytes: Int {
        var b = values.capacity * 4 + evidenceScores.capacity * 4 + evidenceIDs.capacity * 16
        b += reservoir.count * (Self.featureCount * 8 + 32) + referenceScores.capacity * 8
        b += (forest?.nodeCount ?? 0) * MemoryLayout<IsolationForest.Node>.stride
        return b
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
