/// A streaming multiplicative Holt-Winters model of hourly event counts: a level times an hour-of-day profile,
/// with separate profiles for working days and weekends, and a running overdispersion for prediction intervals.
///
/// This is the online counterpart of ``Forecaster`` (which fits its parameters on a history): one update per hour
/// per log source, about 250 bytes of state, so thousands of sources cost nothing. Learning rates start at 1/n so
/// the first observations set the profile directly, then settle at the configured constants.
public struct OnlineSeasonalRate: Sendable, Hashable {
    /// Deseasonalised events per hour.
    public private(set) var level: Float = 0
    /// Hour-of-day factors: 0–23 working days, 24–47 weekends.
    private var profile = [Float](repeating: 1, count: 48)
    /// Observations per profile slot (saturating).
    private var slotUpdates = [UInt8](repeating: 0, count: 48)
    /// Relative variance beyond Poisson: Var = e + φ e².
    public private(set) var overdispersion: Float = 0.05
    /// Hours observed.
    public private(set) var hours: Int = 0

    public var levelRate: Float = 0.05
    public var profileRate: Float = 0.1
    public var dispersionRate: Float = 0.02

    public init() {}

    /// The profile slot of the hour starting at `hourStart` (epoch ms, UTC shifted by `utcOffsetMinutes`).
    public static func slot(hourStart: Int64, utcOffsetMinutes: Int = 0) -> Int {
        let t = hourStart + Int64(utcOffsetMinutes) * 60_000
        let day = t >= 0 ? t / 86_400_000 : (t - 86_399_999) / 86_400_000
        let hour = Int(((t % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000)
        let weekday = Int(((day % 7) + 11) % 7)  // 0 = Sunday
        return (weekday == 0 || weekday == 6 ? 24 : 0) + hour
    }

    /// Observations behind the slot's factor.
    public func updates(slot: Int) -> Int { Int(slotUpdates[slot]) }

    /// Expected events in an hour of `slot`. A weekend slot never observed borrows the working-day factor.
    public func expected(slot: Int) -> Double {
        var factor = profile[slot]
        if slotUpdates[slot] == 0, slot >= 24, slotUpdates[slot - 24] > 0 { factor = profile[slot - 24] }
        return Double(max(0, level * factor))
    }

    /// Standard deviation of an hour's count around `expected`.
    public func deviation(expected e: Double) -> Double {
        (e + Double(overdispersion) * e * e).squareRoot()
    }

    /// Adds a completed hour with `count` events. `robust` clips the update to three times (or a third of) the
    /// expectation, so an outage or a flood does not teach the model that it is normal.
    public mutating func update(slot: Int, count: Double, robust: Bool) {
        hours += 1
        if hours == 1 || level <= 0 {
            level = Float(max(count, 0.1))
            profile[slot] = 1
            slotUpdates[slot] = 1
            return
        }
        let e = expected(slot: slot)
        var c = count
        if robust, e > 1 { c = min(max(c, e / 3), e * 3) }
        // Overdispersion from the residual, when the expectation is meaningful; each hour's contribution is capped
        // so that the outage being judged does not widen its own interval.
        if e >= 5, slotUpdates[slot] >= 2 {
            let r = (count - e) * (count - e) - e
            let phi = max(0, min(0.25, r / (e * e)))
            overdispersion += dispersionRate * (Float(phi) - overdispersion)
        }
        let factor = slotUpdates[slot] == 0 && slot >= 24 && slotUpdates[slot - 24] > 0 ? profile[slot - 24] : profile[slot]
        let n = Float(slotUpdates[slot])
        let a = max(levelRate, 1 / Float(min(hours, 1000)))
        let deseasonalised = Float(c) / max(factor, 0.01)
        level += a * (deseasonalised - level)
        let g = max(profileRate, 1 / (n + 1))
        let target = Float(c) / max(level, 0.01)
        profile[slot] = (slotUpdates[slot] == 0 ? factor : profile[slot]) + g * (target - (slotUpdates[slot] == 0 ? factor : profile[slot]))
        profile[slot] = max(0.001, profile[slot])
        if slotUpdates[slot] < UInt8.max { slotUpdates[slot] += 1 }
    }
}
