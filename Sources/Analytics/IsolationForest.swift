import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An isolation forest (Liu, Ting & Zhou, 2008): random axis-parallel splits isolate unusual points in fewer
/// steps than ordinary ones. Deterministic for a seed, with per-feature contributions to explain each score.
///
/// Contribution of a feature to one score: along the point's path in every tree, each split on that feature
/// earns `log2(n_parent / n_child)`, the bits of isolation the split achieved (a split that leaves the point
/// alone out of 200 earns 7.6, one that halves the sample earns 1). Shares are normalised to sum to 1.
public struct IsolationForest: Sendable {
    /// One node, flattened: internal nodes split `feature` at `threshold`; leaves have `feature == -1`.
    struct Node: Sendable {
        var feature: Int32
        var left: Int32
        var right: Int32
        var size: Int32
        var threshold: Double
    }

    public let dimensions: Int
    public let sampleSize: Int
    private(set) var trees: [[Node]] = []

    /// Trains a forest on `rows` (each of length `dimensions`).
    /// - Parameters:
    ///   - trees: number of trees (100 as in the paper and scikit-learn).
    ///   - sampleSize: sub-sample per tree (256).
    ///   - seed: makes the forest reproducible.
    public init(rows input: [[Double]], trees: Int = 100, sampleSize: Int = 256, seed: UInt64) {
        let d = input.first?.count ?? 0
        // Rows of another length, or with non-finite values, cannot be split on; they are left out.
        let rows = input.filter { $0.count == d && $0.allSatisfy(\.isFinite) }
        self.dimensions = d
        let psi = max(2, min(sampleSize, rows.count))
        self.sampleSize = psi
        guard !rows.isEmpty, d > 0 else { return }
        let maxDepth = Int(ceil(log2(Double(psi))))
        var random = SeededRandom(seed: seed)
        var forest: [[Node]] = []
        forest.reserveCapacity(trees)
        for _ in 0..<max(1, trees) {
            // Sample without replacement (partial Fisher–Yates over the row indices).
            var idx = Array(0..<rows.count)
            for i in 0..<psi {
                let j = i + Int(random.next() % UInt64(rows.count - i))
                idx.swapAt(i, j)
            }
            var sample = Array(idx[0..<psi])
            var nodes: [Node] = []
            nodes.reserveCapacity(2 * psi)
            Self.build(rows, &sample, 0, psi, depth: 0, maxDepth: maxDepth, nodes: &nodes, random: &random, d: d)
            forest.append(nodes)
        }
        self.trees = forest
    }

    @discardableResult
    private static func build(_ rows: [[Double]], _ sample: inout [Int], _ lo: Int, _ hi: Int, depth: Int, maxDepth: Int,
                              nodes: inout [Node], random: inout SeededRandom, d: Int) -> Int32 {
        let me = Int32(nodes.count)
        let n = hi - lo
        nodes.append(Node(feature: -1, left: -1, right: -1, size: Int32(n), threshold: 0))
        guard depth < maxDepth, n > 1 else { return me }
        // Pick a feature that is not constant on this node (as scikit-learn does, try features at random).
        var feature = -1
        var lowV = 0.0, highV = 0.0
        var tried = 0
        while tried < d {
            let f = Int(random.next() % UInt64(d))
            var a = Double.infinity, b = -Double.infinity
            for i in lo..<hi {
                let v = rows[sample[i]][f]
                if v < a { a = v }
                if v > b { b = v }
            }
            tried += 1
            if b > a { feature = f; lowV = a; highV = b; break }
        }
        guard feature >= 0 else { return me }
        let threshold = lowV + random.nextUnit() * (highV - lowV)
        // Partition [lo, hi) so that values < threshold come first.
        var i = lo, j = hi - 1
        while i <= j {
            if rows[sample[i]][feature] < threshold {
                i += 1
            } else {
                sample.swapAt(i, j)
                j -= 1
            }
        }
        let mid = max(lo + 1, min(hi - 1, i))
        let left = build(rows, &sample, lo, mid, depth: depth + 1, maxDepth: maxDepth, nodes: &nodes, random: &random, d: d)
        let right = build(rows, &sample, mid, hi, depth: depth + 1, maxDepth: maxDepth, nodes: &nodes, random: &random, d: d)
        nodes[Int(me)].feature = Int32(feature)
        nodes[Int(me)].threshold = threshold
        nodes[Int(me)].left = left
        nodes[Int(me)].right = right
        return me
    }

    /// Average path length of an unsuccessful search in a binary search tree of `n` points: the depth a leaf
    /// holding `n` points would still need.
    public static func c(_ n: Int) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let h = log(Double(n - 1)) + 0.577_215_664_901_532_9
        return 2 * h - 2 * Double(n - 1) / Double(n)
    }

    /// Anomaly score in (0, 1): `2^(−E[h(x)] / c(ψ))`; about 0.5 for ordinary points, near 1 for isolated ones.
    public func score(_ x: [Double]) -> Double {
        guard !trees.isEmpty, x.count == dimensions else { return 0.5 }
        var total = 0.0
        for t in trees {
            var n = 0
            var depth = 0.0
            while t[n].feature >= 0 {
                n = x[Int(t[n].feature)] < t[n].threshold ? Int(t[n].left) : Int(t[n].right)
                depth += 1
            }
            total += depth + Self.c(Int(t[n].size))
        }
        let mean = total / Double(trees.count)
        return pow(2, -mean / Self.c(sampleSize))
    }

    /// The score and each feature's share of the isolation (shares sum to 1 when any split isolated the point).
    public func explain(_ x: [Double]) -> (score: Double, contributions: [Double]) {
        var share = [Double](repeating: 0, count: dimensions)
        guard !trees.isEmpty, x.count == dimensions else { return (0.5, share) }
        var total = 0.0
        for t in trees {
            var n = 0
            var depth = 0.0
            while t[n].feature >= 0 {
                let f = Int(t[n].feature)
                let next = x[f] < t[n].threshold ? Int(t[n].left) : Int(t[n].right)
                share[f] += log2(Double(t[n].size) / Double(max(1, t[next].size)))
                n = next
                depth += 1
            }
            total += depth + Self.c(Int(t[n].size))
        }
        let sum = share.reduce(0, +)
        if sum > 0 { for i in share.indices { share[i] /= sum } }
        return (pow(2, -(total / Double(trees.count)) / Self.c(sampleSize)), share)
    }

    /// Nodes in the forest (for memory accounting).
    public var nodeCount: Int { trees.reduce(0) { $0 + $1.count } }
}
