#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// An hourly series with its name and where it starts.
public struct NamedSeries: Sendable, Hashable {
    public var name: String
    public var description: String
    /// Epoch milliseconds of the first hour.
    public var start: Int64
    public var values: [Double]
    /// Indices (hour offsets) of the first hour of each public holiday in the series.
    public var holidays: [Int]
}

/// Realistic hourly log-source and alert volumes, deterministic for a seed: an office-hours daily shape, quieter
/// weekends, a Monday-morning peak where it fits, nightly batch jobs, proportional noise and Poisson counting, rare
/// heavy-tailed bursts (Pareto), a public holiday that looks like a Sunday, and growth in one series.
public enum SyntheticVolumes {
    /// Monday 2026-01-05 00:00 UTC.
    public static let defaultStart: Int64 = 20_458 * 86_400_000

    struct Profile {
        var name: String
        var description: String
        var base: Double
        var night: Double
        var weekend: Double
        var noise: Double
        var burstProbability: Double
        var burstScale: Double
        var mondayPeak: Double = 1
        var lunchFactor: Double = 0.9
        var batchHour: Int? = nil
        var batchFactor: Double = 1
        var growth: Double = 0
        /// Day offsets of holidays.
        var holidayDays: [Int] = []
        var eveningTail: Double = 1.0
    }

    static func profiles(weeks: Int) -> [Profile] {
        let trainHoliday = min(weeks * 7 - 1, 3 * 7 + 2)  // Wednesday of week 4
        let testHoliday = max(0, (weeks - 1) * 7)  // Monday of the last week
        return [
            Profile(name: "dc-security", description: "Windows Security log of a domain controller (events/h)", base: 9_000, night: 0.35,
                    weekend: 0.45, noise: 0.05, burstProbability: 0.004, burstScale: 1.5, holidayDays: [trainHoliday]),
            Profile(name: "vpn", description: "VPN concentrator (events/h), with a public holiday in the test week", base: 600, night: 0.04,
                    weekend: 0.15, noise: 0.08, burstProbability: 0.003, burstScale: 1.0, mondayPeak: 1.3,
                    holidayDays: [trainHoliday, testHoliday]),
            Profile(name: "web-proxy", description: "Web proxy (requests/h), heavy-tailed bursts", base: 40_000, night: 0.08, weekend: 0.25,
                    noise: 0.07, burstProbability: 0.012, burstScale: 2.5, lunchFactor: 1.15, holidayDays: [trainHoliday]),
            Profile(name: "database-audit", description: "Database audit log (events/h), nightly batch at 02:00", base: 2_500, night: 0.5,
                    weekend: 0.7, noise: 0.06, burstProbability: 0.004, burstScale: 1.2, batchHour: 2, batchFactor: 4,
                    holidayDays: [trainHoliday]),
            Profile(name: "firewall-flows", description: "Perimeter firewall (flows/h), 8 % growth over the period", base: 120_000, night: 0.6,
                    weekend: 0.85, noise: 0.04, burstProbability: 0.006, burstScale: 1.0, growth: 0.08, holidayDays: [trainHoliday],
                    eveningTail: 1.2),
            Profile(name: "alert-volume", description: "SIEM alerts raised (alerts/h): small counts, alert storms", base: 9, night: 0.3,
                    weekend: 0.4, noise: 0.15, burstProbability: 0.01, burstScale: 4, holidayDays: [trainHoliday]),
        ]
    }

    /// The series, `weeks` long (at least 3), hourly from `start` (which should be a Monday midnight UTC).
    public static func generate(seed: UInt64, weeks: Int = 6, start: Int64 = defaultStart) -> [NamedSeries] {
        let w = max(3, weeks)
        let root = SeededRandom(seed: seed)
        return profiles(weeks: w).enumerated().map { index, p in
            var random = root.derived(UInt64(index + 1))
            return series(p, weeks: w, start: start, random: &random)
        }
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// Office-hours shape in [night, 1]: a rise around 08:00, a fall around 18:00, a lunch change, evening tail.
    static func dailyShape(_ hour: Double, _ p: Profile) -> Double {
        let day = logistic((hour - 8) / 0.8) - logistic((hour - 18) / (1.0 * p.eveningTail))
        var v = p.night + (1 - p.night) * max(0, day)
        if hour >= 12 && hour < 13 { v *= p.lunchFactor }
        return v
    }

    static func series(_ p: Profile, weeks: Int, start: Int64, random: inout SeededRandom) -> NamedSeries {
        let hours = weeks * 168
        var values = [Double](repeating: 0, count: hours)
        var burst = 0.0
        for t in 0..<hours {
            let day = t / 24, hour = t % 24
            let weekday = day % 7  // 0 = Monday
            let holiday = p.holidayDays.contains(day)
            var mean = p.base * dailyShape(Double(hour) + 0.5, p)
            if weekday >= 5 || holiday {
                // Nights as usual, daytime only up to the weekend level.
                let shape = (dailyShape(Double(hour) + 0.5, p) - p.night) / (1 - p.night)
                mean = p.base * (p.night + (p.weekend - p.night) * shape)
            }
            if weekday == 0, !holiday, (8...10).contains(hour) { mean *= p.mondayPeak }
            if let b = p.batchHour, hour == b { mean *= p.batchFactor }
            mean *= 1 + p.growth * Double(t) / Double(hours)
            // Proportional noise (log-normal), then a burst that decays over a few hours.
            mean *= exp(p.noise * random.nextGaussian() - p.noise * p.noise / 2)
            if random.nextUnit() < p.burstProbability {
                // Pareto(α = 1.5) multiplier: most bursts are modest, a few are huge.
                let u = max(1e-12, random.nextUnit())
                burst = max(burst, p.burstScale * (pow(u, -1 / 1.5) - 1))
            }
            mean *= 1 + burst
            burst *= 0.35
            values[t] = poisson(mean, random: &random)
        }
        return NamedSeries(name: p.name, description: p.description, start: start, values: values, holidays: p.holidayDays.map { $0 * 24 })
    }

    /// A Poisson draw: Knuth's product method for small means, the normal approximation above 50.
    static func poisson(_ lambda: Double, random: inout SeededRandom) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda > 50 { return max(0, (lambda + lambda.squareRoot() * random.nextGaussian()).rounded()) }
        let limit = exp(-lambda)
        var k = 0.0, p = 1.0
        repeat {
            k += 1
            p *= random.nextUnit()
        } while p > limit
        return k - 1
    }
}
