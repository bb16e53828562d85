import VigilCore

/// The simulator: builds the organisation, plans the scenario, and streams time-ordered, labelled events hour by
/// hour without holding the run in memory.
///
/// ```swift
/// let sim = try Simulator(config: SimulationConfig(users: 500, days: 30, seed: 7, scenario: "campaign"))
/// for hour in sim.hours() { for e in hour.events { … } }
/// // or everything to disk:
/// let summary = try Simulator.run(config: config, outputDirectory: "/tmp/sim", progress: { print($0) })
/// ```
public struct Simulator: Sendable {
    /// The validated configuration.
    public let config: ResolvedSimulationConfig
    /// The organisation (including any external destinations the scenario added).
    public var enterprise: Enterprise { model.enterprise }
    /// The labels as planned: campaigns, steps and look-alikes with their windows; event ids are filled in by
    /// ``SimulationWriter`` as events are written (or by ``labelsWithEvents()``).
    public var plannedLabels: LabelBook { model.plan.labels }
    /// Threat-intelligence indicators (noise plus whatever the attacks chose to leave in feeds).
    public var indicators: [ThreatIndicator] { model.plan.indicators }

    let model: SimulationModel

    /// Builds the organisation and plans the scenario. Throws for an invalid configuration or a failing module.
    public init(config: SimulationConfig) throws(SimulationError) {
        let resolved = try config.resolved()
        let firstDay = SimTime.epochDay(resolved.start)
        let lastDay = SimTime.epochDay(resolved.end - 1)
        let enterprise = Enterprise.build(people: resolved.users, seed: resolved.seed, firstDay: firstDay, lastDay: lastDay)
        var context = ScenarioContext(config: resolved, enterprise: enterprise)
        let modules = resolved.scenario.modules.filter { resolved.benignLookalikes || $0.kind == .attack }
        let ordered = modules.filter { $0.kind == .attack } + modules.filter { $0.kind == .lookalike }
        for module in ordered {
            context.moduleName = module.name
            context.random = context.streams.stream(named: module.name)
            do {
                try module.plan(&context)
            } catch let error as SimulationError {
                throw error
            } catch {
                throw .scenario(module: module.name, reason: String(describing: error))
            }
        }
        // Ordinary life (leavers, hiccups, broken sources, adoptions, deployments) in every scenario, after the
        // modules so their people are already reserved.
        context.moduleName = EverydayBackground.name
        EverydayBackground.plan(&context)
        context.random = context.streams.stream(.context)
        context.addNoiseIndicators()
        var plan = context.plan
        plan.background.reservedAddresses = context.usedAdversaryAddresses
        var scripted: [SimulatedEvent] = []
        for emitter in context.emitters { scripted.append(contentsOf: emitter.events) }
        for i in scripted.indices { scripted[i].ordinal = i }
        scripted.sort { a, b in a.event.time != b.event.time ? a.event.time < b.event.time : a.ordinal < b.ordinal }
        plan.scripted = scripted
        plan.overriddenPeople.sort()
        self.config = resolved
        self.model = SimulationModel(config: resolved, enterprise: context.enterprise, plan: plan)
    }

    /// The run, one hour at a time, in time order.
    public func hours() -> HourStream { HourStream(model: model) }

    /// Every event of the run, in time order.
    public func events() -> some Sequence<SimulatedEvent> { hours().lazy.flatMap { $0.events } }

    /// Generates the whole run in memory and returns the labels with their event ids. Meant for tests and small
    /// runs; use ``SimulationWriter`` for anything large.
    public func labelsWithEvents() -> (events: [SimulatedEvent], labels: LabelBook) {
        var labels = model.plan.labels
        var all: [SimulatedEvent] = []
        for hour in hours() {
            for e in hour.events {
                if let truth = e.truth { labels.record(truth, id: e.event.id, time: e.event.time) }
                all.append(e)
            }
        }
        return (all, labels)
    }

    /// Generates a scenario and writes every output file into `outputDirectory` (created if needed).
    /// `progress` is called after each simulated day.
    @discardableResult
    public static func run(config: SimulationConfig, outputDirectory: String,
                           progress: ((SimulationProgress) -> Void)? = nil) throws(SimulationError) -> SimulationSummary {
        let simulator = try Simulator(config: config)
        return try SimulationWriter(simulator: simulator).write(to: outputDirectory, progress: progress)
    }
}

/// One hour of the run.
public struct SimulatedHour: Sendable {
    /// Hour index from the start of the run.
    public let index: Int
    /// First instant of the hour.
    public let start: EpochMillis
    /// The hour's events, sorted by time.
    public let events: [SimulatedEvent]
}

/// The run as a sequence of hours, generated on demand.
public struct HourStream: Sequence, IteratorProtocol {
    private var generator: HourGenerator
    private var nextIndex = 0
    private let count: Int

    init(model: SimulationModel) {
        generator = HourGenerator(model: model)
        count = model.config.hours
    }

    public mutating func next() -> SimulatedHour? {
        guard nextIndex < count else { return nil }
        let index = nextIndex
        nextIndex += 1
        let start = generator.model.config.start + EpochMillis(index) * EpochMillis.hour
        return SimulatedHour(index: index, start: start, events: generator.events(hour: index))
    }
}

/// Where a run is, reported after each simulated day.
public struct SimulationProgress: Sendable, CustomStringConvertible {
    public let day: Int
    public let days: Int
    public let events: Int
    public let bytesWritten: Int64

    public var description: String { "day \(day)/\(days): \(events) events, \(bytesWritten / 1_000_000) MB" }
}

extension ScenarioContext {
    /// Indicators that match nothing in the run (feeds are mostly noise), plus two low-confidence entries for
    /// popular services people really use (feeds have false positives too).
    mutating func addNoiseIndicators() {
        let count = 120 + config.users / 50
        for i in 0..<count {
            let seen = start - EpochMillis(random.int(1...200)) * EpochMillis.day
            switch i % 3 {
            case 0:
                var ip = ""
                for _ in 0..<50 {
                    ip = random.pick(["198.51.100.", "192.0.2.", "203.0.113."]) + String(random.int(2...254))
                    if ip.hasPrefix("203.0.113.") && Int(ip.split(separator: ".").last ?? "0") ?? 0 < 64 { continue }
                    if !usedAdversaryAddresses.contains(ip) { break }
                }
                guard !usedAdversaryAddresses.contains(ip) else { continue }
                usedAdversaryAddresses.insert(ip)
                addIndicator(ThreatIndicator(indicator: ip, type: "ipv4", threat: random.pick(["scanner", "botnet", "anonymizer"]),
                                             confidence: random.int(20...90), source: random.pick(["OSINT IP Blocklist", "Partner ISAC"]),
                                             firstSeen: seen, lastSeen: seen + EpochMillis(random.int(0...30)) * EpochMillis.day,
                                             description: "Reported malicious activity"))
            case 1:
                addIndicator(ThreatIndicator(indicator: c2Domain(), type: "domain", threat: random.pick(["phishing", "command-and-control", "malware"]),
                                             confidence: random.int(30...95), source: random.pick(["Malware C2 Feed", "Phishing Feed"]),
                                             firstSeen: seen, lastSeen: seen + EpochMillis(random.int(0...30)) * EpochMillis.day,
                                             description: "Domain observed in malicious campaigns"))
            default:
                addIndicator(ThreatIndicator(indicator: random.hex(64), type: "sha256", threat: "malware", confidence: random.int(50...100),
                                             source: "Malware Hash Feed", firstSeen: seen, lastSeen: seen, description: "Known malicious file"))
            }
        }
        let popular = ["www.dropbox.com", "stackoverflow.com"]
        for domain in popular {
            guard let d = enterprise.destinationByDomain[domain] else { continue }
            let dest = enterprise.destinations[d]
            addIndicator(ThreatIndicator(indicator: dest.ip, type: "ipv4", threat: "scanner", confidence: 15, source: "Partner ISAC",
                                         firstSeen: start - 90 * EpochMillis.day, lastSeen: start - 30 * EpochMillis.day,
                                         description: "Shared CDN address once reported for scanning (low confidence)"))
        }
    }
}
