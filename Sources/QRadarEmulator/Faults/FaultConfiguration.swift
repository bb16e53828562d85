import VigilCore
import EmulatorEngine

/// What goes wrong on purpose. Everything is off by default.
///
/// Faults hit `/api` only, never the `/__emulator` admin hooks, so a test can always switch them off again.
public struct FaultConfiguration: Sendable, Hashable {
    /// Added latency per request, milliseconds.
    public var latencyMillis: Int
    /// Up to this many extra milliseconds, drawn uniformly per request.
    public var latencyJitterMillis: Int
    /// Share of requests answered 503 with QRadar's error body (0…1).
    public var errorRate: Double
    /// Share of connections closed without any response (0…1): the client sees EOF / connection reset.
    public var dropRate: Double
    /// Share of successful answers to reads (GET) whose JSON body is cut off halfway (0…1): a malformed response,
    /// as a broken proxy or a console under memory pressure produces.
    public var garbleRate: Double
    /// Seed of the generator that decides which requests fail, so a run can be replayed exactly.
    public var seed: UInt64

    public init(latencyMillis: Int = 0, latencyJitterMillis: Int = 0, errorRate: Double = 0, dropRate: Double = 0,
                garbleRate: Double = 0, seed: UInt64 = 0x5EED) {
        self.latencyMillis = max(0, latencyMillis)
        self.latencyJitterMillis = max(0, latencyJitterMillis)
        self.errorRate = min(1, max(0, errorRate))
        self.dropRate = min(1, max(0, dropRate))
        self.garbleRate = min(1, max(0, garbleRate))
        self.seed = seed
    }

    /// No faults.
    public static let none = FaultConfiguration()

    /// Whether any fault is switched on.
    public var isActive: Bool { latencyMillis > 0 || latencyJitterMillis > 0 || errorRate > 0 || dropRate > 0 || garbleRate > 0 }

    var json: JSONValue {
        [
            "latency_ms": .int(Int64(latencyMillis)),
            "latency_jitter_ms": .int(Int64(latencyJitterMillis)),
            "error_rate": .double(errorRate),
            "drop_rate": .double(dropRate),
            "garble_rate": .double(garbleRate),
            "seed": .int(Int64(bitPattern: seed)),
        ]
    }

    /// Applies the keys present in a JSON object or form (`latency_ms`, `latency_jitter_ms`, `error_rate`,
    /// `drop_rate`, `garble_rate`, `seed`; `reset=true` first returns to ``none``).
    func updated(with values: [String: JSONValue]) throws(APIError) -> FaultConfiguration {
        var next = self
        if values["reset"]?.boolValue == true || values["reset"]?.stringValue == "true" { next = .none }
        func number(_ key: String) throws(APIError) -> Double? {
            guard let value = values[key] else { return nil }
            if let d = value.doubleValue { return d }
            if let s = value.stringValue, let d = Double(s) { return d }
            throw APIError(status: 422, code: 11, message: "Failed to transform user query parameter \"\(key)\" with a content type of \"TEXT_PLAIN\"")
        }
        if let v = try number("latency_ms") { next.latencyMillis = max(0, Int(v)) }
        if let v = try number("latency_jitter_ms") { next.latencyJitterMillis = max(0, Int(v)) }
        if let v = try number("error_rate") { next.errorRate = min(1, max(0, v)) }
        if let v = try number("drop_rate") { next.dropRate = min(1, max(0, v)) }
        if let v = try number("garble_rate") { next.garbleRate = min(1, max(0, v)) }
        if let value = values["seed"] {
            if let i = value.intValue { next.seed = UInt64(bitPattern: i) } else if let s = value.stringValue, let u = UInt64(s) { next.seed = u } else {
                throw APIError(status: 422, code: 11, message: "Failed to transform user query parameter \"seed\" with a content type of \"TEXT_PLAIN\"")
            }
        }
        return next
    }
}
