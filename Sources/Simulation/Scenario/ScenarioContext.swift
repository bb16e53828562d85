import VigilCore

/// What a ``ScenarioModule`` plans against: the organisation, the run's timing and parameters, and the means to
/// add labelled events, behaviour changes, silences, indicators and HR facts.
public struct ScenarioContext {
    public let config: ResolvedSimulationConfig
    public internal(set) var enterprise: Enterprise
    /// The current module's random stream.
    public var random: SeededRandom
    var plan = ScenarioPlan()
    let streams: RandomStreams
    /// Scripted-event emitters, one per label (ids are assigned later, when hours are assembled).
    var emitters: [Emitter] = []
    var emitterIndexByLabel: [String: Int] = [:]
    /// People already given a part, so modules do not trip over each other.
    var reserved: Set<Int> = []
    /// The module being planned.
    var moduleName = ""
    /// Adversary addresses handed out so far.
    var usedAdversaryAddresses: Set<String> = []

    init(config: ResolvedSimulationConfig, enterprise: Enterprise) {
        self.config = config
        self.enterprise = enterprise
        self.streams = RandomStreams(seed: config.seed)
        self.random = streams.stream(.scenario)
    }

    // MARK: Time

    /// First instant of the run.
    public var start: EpochMillis { config.start }
    /// One past the last instant.
    public var end: EpochMillis { config.end }
    public var days: Int { config.days }
    /// Epoch day of the run's first day.
    public var firstEpochDay: Int { SimTime.epochDay(config.start) }

    /// UTC midnight of a run day (0-based).
    public func midnight(day: Int) -> EpochMillis { SimTime.midnight(epochDay: firstEpochDay + day) }

    /// A wall-clock time in a person's home zone on a run day.
    public func localTime(_ person: Person, day: Int, hour: Int, minute: Int = 0) -> EpochMillis {
        enterprise.office(of: person).place.zone.utc(localDay: firstEpochDay + day, minuteOfDay: hour * 60 + minute)
    }

    /// A wall-clock time in a zone on a run day.
    public func localTime(_ zone: ZoneRule, day: Int, hour: Int, minute: Int = 0) -> EpochMillis {
        zone.utc(localDay: firstEpochDay + day, minuteOfDay: hour * 60 + minute)
    }

    /// Whether a run day is a working day for a person (weekday, not a holiday in their country).
    public func isWorkday(_ person: Person, day: Int) -> Bool {
        let epochDay = firstEpochDay + day
        return CivilDate.weekday(epochDay: epochDay) < 5
            && !enterprise.holidays.isHoliday(country: enterprise.office(of: person).place.country, epochDay: epochDay)
    }

    /// The next working day of a person at or after `day`, within the run.
    public func workday(_ person: Person, onOrAfter day: Int) -> Int {
        var d = max(0, day)
        while d < days - 1, !isWorkday(person, day: d) { d += 1 }
        return min(d, days - 1)
    }

    /// Attack timing: the first attack day and the campaign length, from the configuration.
    public var attackStartDay: Int { config.attackStartDay }
    public var campaignDays: Int { config.campaignDays }

    // MARK: People

    /// People matching a predicate who have no part yet, in index order.
    public func candidates(_ predicate: (Person) -> Bool) -> [Person] {
        enterprise.people.filter { !reserved.contains($0.index) && $0.startDay <= firstEpochDay && predicate($0) }
    }

    /// Picks one unreserved person matching a predicate, reserves them, and returns them.
    public mutating func pickPerson(_ predicate: (Person) -> Bool) -> Person? {
        let pool = candidates(predicate)
        guard !pool.isEmpty else { return nil }
        let chosen = pool[random.below(pool.count)]
        reserved.insert(chosen.index)
        return chosen
    }

    /// Marks a person as having a part.
    public mutating func reserve(_ person: Person) { reserved.insert(person.index) }

    /// The log source index of a host's own log (nil for an unknown host).
    public func logSourceIndex(host: String) -> Int? { enterprise.asset(named: host)?.logSource }

    // MARK: Labels

    /// Starts a campaign and returns its index.
    public mutating func addCampaign(kind: String, name: String, description: String, entities: [EntityRef]) -> Int {
        let index = plan.labels.campaigns.count
        plan.labels.campaigns.append(CampaignLabel(id: "C\(index + 1)", kind: kind, name: name, description: description,
                                                   entities: entities, steps: [], start: .max, end: .min))
        return index
    }

    /// Adds a step to a campaign and returns its index. `start`/`end` are the planned window.
    public mutating func addStep(campaign: Int, stage: String, tactic: String, technique: String, techniqueName: String,
                                 description: String, entities: [EntityRef], start: EpochMillis, end: EpochMillis) -> Int {
        let step = CampaignStep(stage: stage, tactic: tactic, technique: technique, techniqueName: techniqueName,
                                description: description, entities: entities, start: start, end: end)
        plan.labels.campaigns[campaign].steps.append(step)
        plan.labels.campaigns[campaign].start = min(plan.labels.campaigns[campaign].start, start)
        plan.labels.campaigns[campaign].end = max(plan.labels.campaigns[campaign].end, end)
        for e in entities where !plan.labels.campaigns[campaign].entities.contains(e) {
            plan.labels.campaigns[campaign].entities.append(e)
        }
        return plan.labels.campaigns[campaign].steps.count - 1
    }

    /// Adds a benign look-alike and returns its index.
    public mutating func addLookalike(kind: BenignKind, description: String, entities: [EntityRef], start: EpochMillis, end: EpochMillis) -> Int {
        let index = plan.labels.lookalikes.count
        plan.labels.lookalikes.append(LookalikeLabel(id: "B\(index + 1)", kind: kind, description: description, entities: entities,
                                                     start: start, end: end))
        return index
    }

    /// Records an event a module built itself, with its label. The event's id is replaced (ids are assigned when
    /// the hour is assembled). `logSource` is an index into ``Enterprise/logSources``.
    public mutating func record(_ event: Event, logSource: Int, truth: GroundTruth) {
        script(truth) { emitter in
            var e = event
            e.id = emitter.nextID()
            emitter.append(e, logSource: logSource)
        }
    }

    /// Runs `body` with the emitter of a label, so the events it emits carry that label.
    mutating func script(_ truth: GroundTruth, _ body: (inout Emitter) -> Void) {
        let key: String
        switch truth {
        case let .malicious(c, _): key = plan.labels.campaigns[c].id
        case let .benign(l): key = plan.labels.lookalikes[l].id
        }
        let index: Int
        if let existing = emitterIndexByLabel[key] {
            index = existing
        } else {
            index = emitters.count
            emitters.append(Emitter(enterprise: enterprise))
            emitterIndexByLabel[key] = index
        }
        emitters[index].truth = truth
        body(&emitters[index])
    }

    /// Makes a log source send nothing between two instants as part of a benign look-alike (a reboot).
    mutating func silence(logSource: Int, from: EpochMillis, until: EpochMillis, lookalike: Int) {
        plan.silences.append(Silence(logSource: logSource, start: from, end: until))
        plan.labels.lookalikes[lookalike].gaps.append(LogSourceGap(logSource: enterprise.logSources[logSource].name, start: from, end: until))
        plan.labels.lookalikes[lookalike].end = max(plan.labels.lookalikes[lookalike].end, until)
    }

    /// Makes a log source send nothing between two instants, as part of a campaign step.
    public mutating func silence(logSource: Int, from: EpochMillis, until: EpochMillis, campaign: Int, step: Int) {
        plan.silences.append(Silence(logSource: logSource, start: from, end: until))
        plan.labels.campaigns[campaign].steps[step].gaps.append(
            LogSourceGap(logSource: enterprise.logSources[logSource].name, start: from, end: until))
        plan.labels.campaigns[campaign].steps[step].end = max(plan.labels.campaigns[campaign].steps[step].end, until)
        plan.labels.campaigns[campaign].end = max(plan.labels.campaigns[campaign].end, until)
    }

    /// Adds a threat-intelligence indicator to the context file.
    public mutating func addIndicator(_ indicator: ThreatIndicator) {
        if !plan.indicators.contains(where: { $0.indicator == indicator.indicator }) { plan.indicators.append(indicator) }
    }

    /// Adds an HR fact about a person.
    public mutating func addHRChange(_ person: Person, date: EpochMillis, kind: String, detail: String) {
        plan.hrChanges[person.index, default: []].append(
            HRChange(date: CivilDate(epochDay: SimTime.epochDay(date)).description, kind: kind, detail: detail))
    }

    /// Adds a structured HR fact (the directory file carries the fields; hr.json the detail text).
    mutating func addHRChange(_ person: Person, _ change: HRChange) {
        plan.hrChanges[person.index, default: []].append(change)
    }

    /// A resignation: the HR fact, the notice and last day, and no work after the last day (epoch days).
    mutating func resign(_ person: Person, noticeEpochDay: Int, lastEpochDay: Int) {
        let last = CivilDate(epochDay: lastEpochDay).description
        addHRChange(person, HRChange(date: CivilDate(epochDay: noticeEpochDay).description, kind: "resignation",
                                     detail: "Resignation received; notice period ends \(last)", lastDay: last))
        plan.resignations[person.index] = (noticeEpochDay, lastEpochDay)
        override(person.index) { $0.lastDay = lastEpochDay }
    }

    /// Adds an external destination (attacker infrastructure) and returns it.
    mutating func addDestination(_ d: ExternalDestination) -> ExternalDestination {
        let i = enterprise.addDestination(d)
        return enterprise.destinations[i]
    }

    mutating func override(_ person: Int, _ body: (inout PersonOverride) -> Void) {
        if plan.overrides[person] == nil {
            plan.overrides[person] = PersonOverride()
            plan.overriddenPeople.append(person)
        }
        body(&plan.overrides[person]!)
    }

    // MARK: Actors

    /// A person acting from their own device, in the office or on VPN.
    func actor(_ person: Person, remote: Bool, account: String? = nil) -> Actor {
        let device = enterprise.device(of: person)
        let ip = remote ? enterprise.vpnAddress(of: person.index) : (device?.ip ?? enterprise.vpnAddress(of: person.index))
        return Actor(account: account ?? person.username, device: device, ip: ip, dc: enterprise.domainController(for: person.index))
    }

    /// Whether a person normally works from home on VPN.
    func worksRemotely(_ person: Person) -> Bool { person.pattern == .remote || person.remoteShare > 0.5 }
}
