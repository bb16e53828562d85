import VigilCore

/// Deterministic k-means on dense vectors: k-means++ seeding from a ``SeededRandom``, Lloyd iterations, warm
/// starts from previous centroids, and hysteresis so that members only move when clearly closer elsewhere.
struct KMeans: Sendable {
    let dimensions: Int

    /// Squared Euclidean distance between row `i` of `x` and centroid `c` of `centroids`.
    @inline(__always)
    static func distance2(_ x: UnsafeBufferPointer<Float>, _ i: Int, _ centroids: UnsafeBufferPointer<Float>, _ c: Int, _ d: Int) -> Float {
        var s: Float = 0
        let a = i * d, b = c * d
        for j in 0..<d {
            let t = x[a + j] - centroids[b + j]
            s += t * t
        }
        return s
    }

    /// k-means++ seeding: the first centre uniformly, the next ones with probability proportional to the squared
    /// distance to the nearest centre chosen so far.
    func seed(_ x: [Float], count n: Int, k: Int, random: inout SeededRandom) -> [Float] {
        let d = dimensions
        var centroids = [Float](repeating: 0, count: k * d)
        guard n > 0 else { return centroids }
        var nearest = [Float](repeating: .infinity, count: n)
        var chosen = random.next() % UInt64(n)
        for c in 0..<k {
            let src = Int(chosen) * d
            for j in 0..<d { centroids[c * d + j] = x[src + j] }
            var total: Double = 0
            x.withUnsafeBufferPointer { xp in
                centroids.withUnsafeBufferPointer { cp in
                    for i in 0..<n {
                        let dist = Self.distance2(xp, i, cp, c, d)
                        if dist < nearest[i] { nearest[i] = dist }
                        total += Double(nearest[i])
                    }
                }
            }
            guard total > 0 else { chosen = UInt64(c % n); continue }
            var target = random.nextUnit() * total
            var pick = n - 1
            for i in 0..<n {
                target -= Double(nearest[i])
                if target <= 0 { pick = i; break }
            }
            chosen = UInt64(pick)
        }
        return centroids
    }

    /// Lloyd iterations from `centroids`. `previous[i]` is each row's former group (−1 for none): a row stays
    /// there unless the nearest centroid is closer by more than `hysteresis` (relative distance).
    /// Returns the assignment.
    func fit(_ x: [Float], count n: Int, centroids: inout [Float], k: Int, previous: [Int], hysteresis: Float,
             iterations: Int) -> [Int] {
        let d = dimensions
        var assign = [Int](repeating: 0, count: n)
        for iteration in 0..<max(1, iterations) {
            var changed = 0
            x.withUnsafeBufferPointer { xp in
                centroids.withUnsafeBufferPointer { cp in
                    for i in 0..<n {
                        var best = 0
                        var bestD = Float.infinity
                        for c in 0..<k {
                            let dist = Self.distance2(xp, i, cp, c, d)
                            if dist < bestD { bestD = dist; best = c }
                        }
                        let p = previous.isEmpty ? -1 : previous[i]
                        if p >= 0, p < k, p != best {
                            let own = Self.distance2(xp, i, cp, p, d).squareRoot()
                            if bestD.squareRoot() > (1 - hysteresis) * own { best = p }
                        }
                        if iteration == 0 || assign[i] != best { changed += 1 }
                        assign[i] = best
                    }
                }
            }
            // Update centroids; an emptied group takes the row farthest from its centre, deterministically.
            var sums = [Float](repeating: 0, count: k * d)
            var sizes = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let c = assign[i]
                sizes[c] += 1
                for j in 0..<d { sums[c * d + j] += x[i * d + j] }
            }
            for c in 0..<k {
                if sizes[c] > 0 {
                    for j in 0..<d { centroids[c * d + j] = sums[c * d + j] / Float(sizes[c]) }
                } else if n > 0 {
                    var far = 0
                    var farD: Float = -1
                    x.withUnsafeBufferPointer { xp in
                        centroids.withUnsafeBufferPointer { cp in
                            for i in 0..<n {
                                let dist = Self.distance2(xp, i, cp, assign[i], d)
                                if dist > farD { farD = dist; far = i }
                            }
                        }
                    }
                    for j in 0..<d { centroids[c * d + j] = x[far * d + j] }
                }
            }
            if changed == 0 && iteration > 0 { break }
        }
        return assign
    }

    /// Mean silhouette of an assignment over a deterministic sample of rows (at most `sample`).
    func silhouette(_ x: [Float], count n: Int, assign: [Int], k: Int, sample: Int) -> Double {
        guard k > 1, n > k else { return -1 }
        let d = dimensions
        let step = max(1, n / max(1, sample))
        let rows = Array(Swift.stride(from: 0, to: n, by: step))
        var total = 0.0
        var counted = 0
        x.withUnsafeBufferPointer { xp in
            for i in rows {
                var sum = [Double](repeating: 0, count: k)
                var cnt = [Int](repeating: 0, count: k)
                for j in rows where j != i {
                    var s: Float = 0
                    for t in 0..<d {
                        let v = xp[i * d + t] - xp[j * d + t]
                        s += v * v
                    }
                    sum[assign[j]] += Double(s.squareRoot())
                    cnt[assign[j]] += 1
                }
                let own = assign[i]
                guard cnt[own] > 0 else { continue }
                let a = sum[own] / Double(cnt[own])
                var b = Double.infinity
                for c in 0..<k where c != own && cnt[c] > 0 { b = min(b, sum[c] / Double(cnt[c])) }
                guard b.isFinite else { continue }
                total += (b - a) / max(a, b, 1e-9)
                counted += 1
            }
        }
        return counted > 0 ? total / Double(counted) : -1
    }
}
