import VigilCore

/// A parsed `Content-Range: items x-y/total` header (QRADAR.md §1.4).
///
/// QRadar answers a request past the end with `items */total`: no items, total known.
public struct QRadarContentRange: Sendable, Hashable {
    /// First and last (inclusive) zero-based item index in this page; `nil` for `*` (no items).
    public var first: Int?
    public var last: Int?
    /// Total number of items; `nil` when QRadar sends `*`.
    public var total: Int?

    public init(first: Int?, last: Int?, total: Int?) {
        self.first = first
        self.last = last
        self.total = total
    }

    /// Parses `items 0-49/120`, `items */3`, `items 0-9/*`; `nil` for anything else.
    public init?(header: String) {
        var text = Substring(header.trimmingWhitespace())
        guard text.lowercased().hasPrefix("items") else { return nil }
        text = text.dropFirst(5)
        while text.first == " " || text.first == "=" { text.removeFirst() }
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let span = text[..<slash].trimmingCharacters()
        let totalText = text[text.index(after: slash)...].trimmingCharacters()
        if totalText == "*" {
            total = nil
        } else if let value = Int(totalText), value >= 0 {
            total = value
        } else {
            return nil
        }
        if span == "*" {
            first = nil
            last = nil
        } else {
            let bounds = span.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 0, high >= low else { return nil }
            first = low
            last = high
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}

/// Parses the IMF-fixdate form of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), as `Retry-After` may carry.
enum HTTPDate {
    static func epochMillis(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (`VigilCore.CivilDate`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int { CivilDate(year: year, month: month, day: day).epochDay }
}
