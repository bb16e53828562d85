/// A period in which a log source may go quiet on purpose (patching, reboots, a planned outage).
public struct MaintenanceWindow: Sendable, Hashable {
    /// When the window is open.
    public enum Schedule: Sendable, Hashable {
        /// One period, epoch milliseconds.
        case once(start: Int64, end: Int64)
        /// Every day from `startMinute` (minutes after local midnight) for `durationMinutes`.
        case daily(startMinute: Int, durationMinutes: Int, utcOffsetMinutes: Int = 0)
        /// Every week on `weekday` (0 = Sunday … 6 = Saturday) from `startMinute` for `durationMinutes`.
        case weekly(weekday: Int, startMinute: Int, durationMinutes: Int, utcOffsetMinutes: Int = 0)
    }

    public var schedule: Schedule
    /// Log source names (case-insensitive substrings) the window applies to; empty means every source.
    public var sourcePatterns: [String]

    public init(_ schedule: Schedule, sources sourcePatterns: [String] = []) {
        self.schedule = schedule
        self.sourcePatterns = sourcePatterns.map { $0.lowercased() }
    }

    /// Whether the window applies to `source` (already lower-cased).
    func applies(toLowercased source: String) -> Bool {
        sourcePatterns.isEmpty || sourcePatterns.contains { source.contains($0) }
    }

    /// Occurrences of the window that overlap `[from, to]`, as `(start, end)` pairs.
    func occurrences(from: Int64, to: Int64) -> [(Int64, Int64)] {
        guard to >= from else { return [] }
        switch schedule {
        case let .once(start, end):
            return start <= to && end >= from ? [(start, end)] : []
        case let .daily(startMinute, duration, offset):
            return repeating(from: from, to: to, offset: offset, days: 1) { _ in (startMinute, duration) }
        case let .weekly(weekday, startMinute, duration, offset):
            return repeating(from: from, to: to, offset: offset, days: 1) { day in
                // 1970-01-01 was a Thursday (weekday 4).
                Int(((day % 7) + 11) % 7) == weekday ? (startMinute, duration) : nil
            }
        }
    }

    private func repeating(from: Int64, to: Int64, offset: Int, days: Int64, _ slot: (Int64) -> (Int, Int)?) -> [(Int64, Int64)] {
        let day: Int64 = 86_400_000
        let off = Int64(offset) * 60_000
        // Windows may start the day before and run past midnight, hence one extra day back.
        var d = floorDiv(from + off, day) - 1
        let last = floorDiv(to + off, day)
        var out: [(Int64, Int64)] = []
        // A gap longer than a few weeks is checked against its last few weeks only: enough to find the latest end.
        if last - d > 60 { d = last - 60 }
        while d <= last {
            if let (startMinute, duration) = slot(d) {
                let s = d * day + Int64(startMinute) * 60_000 - off
                let e = s + Int64(duration) * 60_000
                if s <= to && e >= from { out.append((s, e)) }
            }
            d += days
        }
        return out
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

extension Array where Element == MaintenanceWindow {
    /// Whether a window covering `source` is open at `time`.
    func covers(source lower: String, at time: Int64) -> Bool {
        contains { $0.applies(toLowercased: lower) && !$0.occurrences(from: time, to: time).isEmpty }
    }

    /// The latest end, not after `to`, of a window for `source` that overlaps `[from, to]`.
    func latestEnd(source lower: String, from: Int64, to: Int64) -> Int64? {
        var best: Int64?
        for w in self where w.applies(toLowercased: lower) {
            for (_, e) in w.occurrences(from: from, to: to) where e <= to {
                best = Swift.max(best ?? e, e)
            }
        }
        return best
    }
}
