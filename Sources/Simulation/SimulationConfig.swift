import VigilCore

/// Which files ``SimulationWriter`` produces.
public struct SimulationOutputs: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `events.jsonl`: VigilCore `Event` JSON.
    public static let events = SimulationOutputs(rawValue: 1)
    /// `leef/events.leef`: LEEF 2.0 with RFC 5424 syslog headers.
    public static let leef = SimulationOutputs(rawValue: 2)
    /// `ariel/events.jsonl` and `ariel/flows.jsonl`: the emulator's Ariel JSONL load format.
    public static let ariel = SimulationOutputs(rawValue: 4)
    /// `context/*.json`: CMDB, QRadar assets, vulnerabilities, HR, threat intelligence.
    public static let context = SimulationOutputs(rawValue: 8)
    /// `labels.json`: campaigns and look-alikes with their event ids.
    public static let labels = SimulationOutputs(rawValue: 16)

    public static let all: SimulationOutputs = [.events, .leef, .ariel, .context, .labels]
}

/// What to simulate. Everything not given comes from the scenario's defaults.
public struct SimulationConfig: Sendable, Hashable, Codable {
    /// The largest head count: office LANs are /16s and the VPN pool is 10.248.0.0/13, which stay collision-free
    /// up to here.
    public static let maximumUsers = 200_000

    /// 2026-10-01T00:00:00Z: the default first instant, so runs never depend on the wall clock.
    public static let defaultStart: EpochMillis = 1_790_812_800_000

    /// Head count, including service accounts (scenario default when nil: 500, or 10,000 for `large`);
    /// at most ``maximumUsers``.
    public var users: Int?
    /// Number of days (scenario default when nil: 30).
    public var days: Int?
    /// The seed every random stream derives from.
    public var seed: UInt64
    /// A registered scenario name (``ScenarioRegistry``).
    public var scenario: String
    /// First instant simulated, epoch milliseconds; must fall on a whole hour.
    public var start: EpochMillis
    /// Attack volume multiplier: more sessions, files, hosts and bytes. 1 is the default; 0.25 is a whisper.
    public var intensity: Double
    /// 0 = noisy adversary (off-hours, foreign infrastructure, big and fast, known-bad indicators);
    /// 1 = careful adversary (business hours, domestic hosting, small and slow, jittered, no indicator hits).
    public var stealth: Double
    /// Day (0-based) the attacks begin; nil = a quarter into the run, leaving a baseline period before it.
    public var attackStartDay: Int?
    /// Length of the multi-stage campaign in days; nil = up to 21 days, within the run.
    public var campaignDays: Int?
    /// Whether the scenario's benign look-alikes are generated (on by default; turning them off leaves only
    /// everyday behaviour and the attacks).
    public var benignLookalikes: Bool
    /// Which files the writer produces.
    public var outputs: SimulationOutputs

    public init(
        users: Int? = nil, days: Int? = nil, seed: UInt64 = 1, scenario: String = "campaign",
        start: EpochMillis = SimulationConfig.defaultStart, intensity: Double = 1, stealth: Double = 0.5,
        attackStartDay: Int? = nil, campaignDays: Int? = nil, benignLookalikes: Bool = true, outputs: SimulationOutputs = .all
    ) {
        self.users = users
        self.days = days
        self.seed = seed
        self.scenario = scenario
        self.start = start
        self.intensity = intensity
        self.stealth = stealth
        self.attackStartDay = attackStartDay
        self.campaignDays = campaignDays
        self.benignLookalikes = benignLookalikes
        self.outputs = outputs
    }

    /// Validates the configuration against its scenario and fills in the defaults.
    public func resolved() throws(SimulationError) -> ResolvedSimulationConfig {
        guard let definition = ScenarioRegistry.scenario(named: scenario) else {
            throw .unknownScenario(scenario, available: ScenarioRegistry.names)
        }
        let users = self.users ?? definition.defaultUsers
        let days = self.days ?? definition.defaultDays
        guard users >= Enterprise.minimumPeople, users <= Self.maximumUsers else {
            throw .invalidConfiguration("users must be between \(Enterprise.minimumPeople) and \(Self.maximumUsers) (got \(users))")
        }
        guard (1...366).contains(days) else { throw .invalidConfiguration("days must be between 1 and 366 (got \(days))") }
        guard start % EpochMillis.hour == 0 else { throw .invalidConfiguration("start must fall on a whole hour (got \(start))") }
        guard start >= 0, start < 7_258_118_400_000 else { throw .invalidConfiguration("start must be between 1970 and 2200") }
        guard intensity.isFinite, intensity > 0, intensity <= 20 else {
            throw .invalidConfiguration("intensity must be in (0, 20] (got \(intensity))")
        }
        guard stealth.isFinite, (0...1).contains(stealth) else { throw .invalidConfiguration("stealth must be in [0, 1] (got \(stealth))") }
        let attackStart = attackStartDay ?? (days > 1 ? max(1, days / 4) : 0)
        guard attackStart >= 0, attackStart < days else {
            throw .invalidConfiguration("attackStartDay must be within the run (0..<\(days), got \(attackStart))")
        }
        let room = max(1, days - attackStart - 1)
        let campaign = min(campaignDays ?? 21, room)
        guard campaign >= 1 else { throw .invalidConfiguration("campaignDays must be at least 1") }
        return ResolvedSimulationConfig(users: users, days: days, seed: seed, scenario: definition, start: start, intensity: intensity,
                                        stealth: stealth, attackStartDay: attackStart, campaignDays: campaign,
                                        benignLookalikes: benignLookalikes, outputs: outputs)
    }
}

/// A validated configuration with every default filled in.
public struct ResolvedSimulationConfig: Sendable {
    public let users: Int
    public let days: Int
    public let seed: UInt64
    public let scenario: Scenario
    public let start: EpochMillis
    public let intensity: Double
    public let stealth: Double
    public let attackStartDay: Int
    public let campaignDays: Int
    public let benignLookalikes: Bool
    public let outputs: SimulationOutputs

    /// One past the last instant simulated.
    public var end: EpochMillis { start + EpochMillis(days) * EpochMillis.day }
    /// Number of hours simulated.
    public var hours: Int { days * 24 }
}

/// Why a simulation could not run.
public enum SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownScenario(String, available: [String])
    case invalidConfiguration(String)
    case io(path: String, reason: String)
    case scenario(module: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownScenario(name, available):
            "unknown scenario \"\(name)\"; available: \(available.joined(separator: ", "))"
        case let .invalidConfiguration(reason):
            "invalid simulation configuration: \(reason)"
        case let .io(path, reason):
            "cannot write \(path): \(reason)"
        case let .scenario(module, reason):
            "scenario module \(module) failed: \(reason)"
        }
    }
}
