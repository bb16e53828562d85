/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let w = word.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, c.lowercased())
            if best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        guard let (c, d) = best else { return nil }
        let limit = max(2, min(w.count, c.count) / 3)
        return d <= limit ? c : nil
    }

    /// Damerau–Levenshtein (optimal string alignment): a swap of two neighbours counts as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
