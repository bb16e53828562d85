import VigilCore

/// Number and time formatting for explanations, without Foundation.
enum Format {
    /// `x` with at most `digits` decimals, trailing zeros dropped (`12.5`, `0.07`, `270`).
    static func number(_ x: Double, digits: Int = 2) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        var p = 1.0
        for _ in 0..<max(0, digits) { p *= 10 }
        let r = (x * p).rounded() / p
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        var s = String(r)
        if s.contains("e") { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A percentage with one decimal (`4.4 %`).
    static func percent(_ fraction: Double) -> String { number(fraction * 100, digits: 1) + " %" }

    /// A duration in the most readable unit (`45 s`, `12 min`, `3.5 h`, `2 d`).
    static func duration(milliseconds ms: Double) -> String {
        let s = ms / 1000
        if abs(s) < 120 { return number(s, digits: 1) + " s" }
        if abs(s) < 7200 { return number(s / 60, digits: 1) + " min" }
        if abs(s) < 172_800 { return number(s / 3600, digits: 1) + " h" }
        return number(s / 86400, digits: 1) + " d"
    }

    /// Bytes in B / KB / MB.
    static func bytes(_ b: Double) -> String {
        if b < 10_000 { return number(b, digits: 0) + " B" }
        if b < 10_000_000 { return number(b / 1000, digits: 1) + " KB" }
        return number(b / 1_000_000, digits: 1) + " MB"
    }

    /// Epoch milliseconds as an ISO 8601 UTC timestamp (`2026-03-02T14:05:09Z`).
    static func timestamp(_ t: Int64) -> String {
        let (date, secondOfDay) = civil(t)
        let h = secondOfDay / 3600, m = (secondOfDay / 60) % 60, s = secondOfDay % 60
        return date + "T" + pad(h) + ":" + pad(m) + ":" + pad(s) + "Z"
    }

    /// The civil date (`yyyy-mm-dd`) and second of day of an epoch-millisecond instant, in UTC.
    static func civil(_ t: Int64) -> (String, Int64) {
        var days = t / 86_400_000
        var rem = t % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y, m, d) = CivilDate.civil(fromDays: days)
        return (String(y) + "-" + pad(m) + "-" + pad(d), rem / 1000)
    }

    static func pad(_ v: Int64) -> String { v < 10 ? "0" + String(v) : String(v) }
}
