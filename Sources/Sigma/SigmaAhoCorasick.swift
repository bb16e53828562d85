/// Aho–Corasick over bytes: finds which of many literals occur in a text in one pass, for the rule prefilter.
struct SigmaAhoCorasick: Sendable {
    /// Per node: its edges as a range of `edgeBytes`/`edgeTargets`, sorted by byte.
    private var edgeStart: [Int32] = [0]
    private var edgeCount: [Int32] = [0]
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    /// The root's transitions, dense (most bytes of a text stay at or return to the root).
    private var rootNext = [Int32](repeating: 0, count: 256)
    private var fail: [Int32] = [0]
    /// Literal ids ending at each node, including those reached through failure links.
    private var outputs: [[Int32]] = [[]]

    init(literals: [[UInt8]]) {
        // Build the trie with temporary dictionaries, then flatten.
        var children: [[UInt8: Int32]] = [[:]]
        var ends: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() where !literal.isEmpty {
            var node: Int32 = 0
            for b in literal {
                if let next = children[Int(node)][b] {
                    node = next
                } else {
                    children.append([:])
                    ends.append([])
                    let next = Int32(children.count - 1)
                    children[Int(node)][b] = next
                    node = next
                }
            }
            ends[Int(node)].append(Int32(id))
        }
        let n = children.count
        edgeStart = []
        edgeCount = []
        edgeStart.reserveCapacity(n)
        edgeCount.reserveCapacity(n)
        for c in children {
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(Int32(c.count))
            for (b, t) in c.sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(b)
                edgeTargets.append(t)
            }
        }
        for (b, t) in children[0] { rootNext[Int(b)] = t }
        // Breadth-first failure links.
        fail = [Int32](repeating: 0, count: n)
        outputs = ends
        var queue: [Int32] = Array(children[0].values)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (b, child) in children[Int(node)] {
                var f = fail[Int(node)]
                var target: Int32 = 0
                while true {
                    if let t = f == 0 ? (rootNext[Int(b)] == 0 ? nil : rootNext[Int(b)]) : children[Int(f)][b], t != child {
                        target = t
                        break
                    }
                    if f == 0 { break }
                    f = fail[Int(f)]
                }
                fail[Int(child)] = target
                outputs[Int(child)] += outputs[Int(target)]
                queue.append(child)
            }
        }
    }

    private func next(_ node: Int32, _ b: UInt8) -> Int32? {
        if node == 0 {
            let t = rootNext[Int(b)]
            return t == 0 ? nil : t
        }
        let start = Int(edgeStart[Int(node)])
        let end = start + Int(edgeCount[Int(node)])
        var i = start
        while i < end {
            let e = edgeBytes[i]
            if e == b { return edgeTargets[i] }
            if e > b { return nil }
            i += 1
        }
        return nil
    }

    /// Calls `found` with the id of every literal occurring in `text` (an id may be reported more than once).
    func scan(_ text: [UInt8], _ found: (Int32) -> Void) {
        var node: Int32 = 0
        for b in text {
            while true {
                if let t = next(node, b) {
                    node = t
                    break
                }
                if node == 0 { break }
                node = fail[Int(node)]
            }
            for id in outputs[Int(node)] { found(id) }
        }
    }
}
