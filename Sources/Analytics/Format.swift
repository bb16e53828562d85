#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Number formatting for explanations, without Foundation.
public enum Format {
    /// `3.14` with `places` decimals.
    public static func decimal(_ v: Double, _ places: Int = 1) -> String {
        guard v.isFinite else { return v.isNaN ? "n/a" : (v > 0 ? "∞" : "-∞") }
        let p = pow(10.0, Double(places))
        let r = (abs(v) * p).rounded() / p
        var s = String(Int64(r))
        if places > 0 {
            let frac = Int64(((r - Double(Int64(r))) * p).rounded())
            var f = String(frac)
            while f.count < places { f = "0" + f }
            s += "." + f
        }
        return (v < 0 && r != 0 ? "-" : "") + s
    }

    /// `42%`, or `0.4%` below 1 %.
    public static func percent(_ share: Double) -> String {
        let p = share * 100
        if p > 0, p < 1 { return decimal(p, 1) + "%" }
        return decimal(p, 0) + "%"
    }

    /// `1.2 GB`, `340 KB`.
    public static func bytes(_ b: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = max(0, b)
        var u = 0
        while v >= 1000, u < units.count - 1 { v /= 1000; u += 1 }
        return decimal(v, v < 10 && u > 0 ? 1 : 0) + " " + units[u]
    }

    /// `14×`, `0.3×`.
    public static func ratio(_ r: Double) -> String {
        guard r.isFinite else { return "∞×" }
        if r >= 100 { return decimal(r, 0) + "×" }
        return decimal(r, r >= 10 ? 0 : 1) + "×"
    }

    /// How rare calibrated evidence `e` is: `"1 in 3,200 recent events"`.
    public static func rarity(_ e: Double, of what: String = "recent events") -> String {
        let n = pow(10, max(0, e))
        return "1 in " + grouped(n) + " " + what
    }

    /// An integer with thousands separators: `12,400`.
    public static func grouped(_ v: Double) -> String {
        guard v.isFinite, v < 1e15 else { return "many" }
        var digits = String(Int64(v.rounded()))
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    /// `Tue 03:00` for an hour of the week (Monday 00:00 = 0).
    public static func hourOfWeek(_ h: Int) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let hour = h % 24
        return days[(h / 24) % 7] + " " + (hour < 10 ? "0" : "") + String(hour) + ":00"
    }
}

/// Names of hashed feature values, recorded when a value is first seen so that peer groups can say which
/// resources they share. Bounded: once full, new names are not recorded (the hashes still work).
struct NameRegistry: Sendable {
    private(set) var names: [UInt64: String] = [:]
    let capacity: Int

    init(capacity: Int = 200_000) { self.capacity = capacity }

    mutating func record(_ key: UInt64, _ name: @autoclosure () -> String) {
        guard names.count < capacity, names[key] == nil else { return }
        names[key] = name()
    }

    func name(_ key: UInt64) -> String? { names[key] }

    var memoryBytes: Int {
        var b = names.capacity * 25
        for v in names.values where v.utf8.count > 15 { b += v.utf8.count + 32 }
        return b
    }
}
