import VigilCore

/// Text helpers for narratives and notes, without Foundation (deterministic, locale-free).
public enum NarrativeText {
    /// `3.14` with `places` decimals; `n/a` for NaN.
    public static func decimal(_ v: Double, _ places: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "n/a" : (v > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        guard r < 9e17 else { return v > 0 ? "inf" : "-inf" }
        let whole = Int64(r) / Int64(scale)
        var s = String(whole)
        if places > 0 {
            var frac = String(Int64(r) % Int64(scale))
            while frac.count < places { frac = "0" + frac }
            s += "." + frac
        }
        return (v < 0 && r != 0 ? "-" : "") + s
    }

    /// A ratio in words: `14x` at 10 and above (whole), `2.5x` below.
    public static func ratio(_ r: Double) -> String {
        guard r.isFinite else { return "many times" }
        return decimal(r, r >= 10 ? 0 : 1) + "x"
    }

    /// `1.2 GB`, `340 KB` (decimal units, as QRadar shows byte counts).
    public static func bytes(_ b: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var v = b.isFinite ? max(0, b) : 0
        var u = 0
        while v >= 1000, u < units.count - 1 { v /= 1000; u += 1 }
        return decimal(v, v < 10 && u > 0 ? 1 : 0) + " " + units[u]
    }

    /// `42%`, or `0.4%` below one percent.
    public static func percent(_ share: Double) -> String {
        let p = share * 100
        if p > 0, p < 1 { return decimal(p, 1) + "%" }
        return decimal(p, 0) + "%"
    }

    /// A quantity with its unit, readable: bytes scaled, other units appended.
    public static func quantity(_ v: Double, unit: String?) -> String {
        switch unit {
        case "bytes": return bytes(v)
        case nil, "": return decimal(v, v.rounded() == v ? 0 : 1)
        case let u?: return decimal(v, v.rounded() == v || abs(v) >= 100 ? 0 : 1) + " " + u
        }
    }

    /// ISO 8601 UTC time with seconds: `2026-11-20T02:14:05Z`.
    public static func isoTime(_ t: EpochMillis) -> String {
        let day = floorDiv(t, EpochMillis.day)
        let ms = t - day * EpochMillis.day
        let (y, m, d) = civil(day)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var year = String(y)
        while year.count < 4 { year = "0" + year }
        return "\(year)-\(two(m))-\(two(d))T\(two(ms / 3_600_000)):\(two(ms / 60_000 % 60)):\(two(ms / 1000 % 60))Z"
    }

    /// Collapses line breaks and runs of spaces, and shortens to `limit` characters with `…`.
    public static func singleLine(_ text: String, limit: Int) -> String {
        var out = ""
        var lastSpace = false
        for ch in text {
            let space = ch.isWhitespace
            if space { if !lastSpace, !out.isEmpty { out.append(" ") } } else { out.append(ch) }
            lastSpace = space
        }
        while out.last == " " { out.removeLast() }
        guard out.count > limit, limit > 0 else { return out }
        var cut = String(out.prefix(limit - 1))
        // Never cut inside a word: half a pseudonym can be neither re-identified nor hidden, and would reach QRadar
        // as it is (the reliability check caught `… as u_v1_9726…` in a note). Back up to the last space.
        let next = out[out.index(out.startIndex, offsetBy: limit - 1)]
        if !next.isWhitespace, let space = cut.lastIndex(of: " ") {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// Joins whole lines with newlines while they fit in `maxLength` Unicode scalars; when a line had to be left
    /// out, a last `…` line marks the cut. A first line longer than the limit is itself cut with `…`.
    public static func fit(_ lines: [String], maxLength: Int) -> String {
        guard maxLength > 0 else { return "" }
        let all = lines.joined(separator: "\n")
        if all.unicodeScalars.count <= maxLength { return all }
        var out = ""
        var used = 0
        for line in lines {
            let cost = line.unicodeScalars.count + (out.isEmpty ? 0 : 1)
            // Room must remain for the "\n…" marker.
            if used + cost + 2 > maxLength { break }
            if !out.isEmpty { out += "\n" }
            out += line
            used += cost
        }
        if out.isEmpty {
            // The first line alone is too long: cut it inside, keeping whole characters.
            var cut = ""
            var n = 0
            for ch in lines.first ?? "" {
                let c = ch.unicodeScalars.count
                if n + c + 1 > maxLength { break }
                cut.append(ch)
                n += c
            }
            return cut + "…"
        }
        return out + "\n…"
    }

    /// An AQL string literal: single quotes around, single quotes inside doubled.
    public static func aqlString(_ value: String) -> String {
        var out = "'"
        for ch in value {
            if ch == "'" { out += "''" } else { out.append(ch) }
        }
        return out + "'"
    }

    /// An AQL field name in double quotes (custom properties), double quotes inside doubled.
    public static func aqlField(_ name: String) -> String {
        var out = "\""
        for ch in name {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        return out + "\""
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Civil date of a day count since 1970-01-01 (`VigilCore.CivilDate`).
    static func civil(_ z0: Int64) -> (Int64, Int64, Int64) { CivilDate.civil(fromDays: z0) }
}
