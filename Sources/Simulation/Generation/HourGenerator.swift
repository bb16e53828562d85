import VigilCore

/// Everything generation reads, shared by reference and never mutated.
final class SimulationModel: Sendable {
    let config: ResolvedSimulationConfig
    let enterprise: Enterprise
    let plan: ScenarioPlan
    let streams: RandomStreams
    let planner: DayPlanner
    /// Extra sessions (on-call call-outs) by person, from the overrides.
    let extraSessions: [Int: [Session]]
    /// People with extra sessions, ascending.
    let extraPeople: [Int]
    /// Lists the everyday background reads every hour.
    let background: BackgroundIndex

    init(config: ResolvedSimulationConfig, enterprise: Enterprise, plan: ScenarioPlan) {
        self.config = config
        self.enterprise = enterprise
        self.plan = plan
        self.streams = RandomStreams(seed: config.seed)
        self.planner = DayPlanner(enterprise: enterprise, plan: plan, streams: streams)
        var extra: [Int: [Session]] = [:]
        var people: [Int] = []
        for p in plan.overriddenPeople {
            guard let windows = plan.overrides[p]?.extraWindows, !windows.isEmpty else { continue }
            let zone = enterprise.offices[enterprise.people[p].officeIndex].place.zone
            extra[p] = windows.map { w in
                var s = Session(start: w.start, end: w.end, remote: true, offsetMinutes: Int16(zone.offsetMinutes(at: w.start)))
                s.label = w.label.map(Int32.init) ?? -1
                s.adminOnly = w.adminOnly
                return s
            }
            people.append(p)
        }
        self.extraSessions = extra
        self.extraPeople = people.sorted()
        self.background = BackgroundIndex(enterprise: enterprise)
    }
}

/// Produces the events of one hour at a time, in time order: everyone's sessions, the machines, and the scenario's
/// scripted events, minus whatever a silenced log source would have sent.
struct HourGenerator {
    let model: SimulationModel
    private var plans: [Int: [DayPlan]] = [:]
    private var scriptedCursor = 0
    /// Events generated in an earlier hour whose time falls in a later one.
    private var pending: [SimulatedEvent] = []

    init(model: SimulationModel) { self.model = model }

    /// The events of run hour `hour` (0-based), sorted by time.
    mutating func events(hour: Int) -> [SimulatedEvent] {
        let h0 = model.config.start + EpochMillis(hour) * EpochMillis.hour
        let h1 = h0 + EpochMillis.hour
        let day = SimTime.epochDay(h0)
        for d in (day - 1)...(day + 1) where plans[d] == nil {
            plans[d] = model.enterprise.people.map { model.planner.plan(person: $0, epochDay: d) }
        }
        for d in plans.keys.sorted() where d < day - 1 { plans[d] = nil }

        var emitter = Emitter(enterprise: model.enterprise)
        emitter.events.reserveCapacity(model.enterprise.people.count * 4)
        let people = model.enterprise.people
        let previous = plans[day - 1]!, current = plans[day]!, next = plans[day + 1]!
        var extraIndex = 0
        // Who is working this hour, and from where (-1 not working, 0 office, 1 remote), for the background.
        var active = [Int8](repeating: -1, count: people.count)
        for p in people.indices where !people[p].isService {
            var random: SeededRandom?
            var started = false
            func begin(_ emitter: inout Emitter) {
                if !started {
                    started = true
                    random = model.streams.stream(.personHour, p, hour)
                }
            }
            // Unrolled on purpose: this runs for every person every hour, and array literals would allocate.
            func visit(_ session: Session?, _ emitter: inout Emitter) {
                guard let s = session, s.start < h1, s.end >= h0 else { return }
                if active[p] < 0 { active[p] = s.remote ? 1 : 0 }
                begin(&emitter)
                sessionHour(person: people[p], session: s, h0: h0, h1: h1, emitter: &emitter, random: &random!)
            }
            visit(previous[p].main, &emitter)
            visit(previous[p].evening, &emitter)
            visit(current[p].main, &emitter)
            visit(current[p].evening, &emitter)
            visit(next[p].main, &emitter)
            visit(next[p].evening, &emitter)
            while extraIndex < model.extraPeople.count, model.extraPeople[extraIndex] < p { extraIndex += 1 }
            if extraIndex < model.extraPeople.count, model.extraPeople[extraIndex] == p, let sessions = model.extraSessions[p] {
                for s in sessions where s.start < h1 && s.end >= h0 {
                    begin(&emitter)
                    sessionHour(person: people[p], session: s, h0: h0, h1: h1, emitter: &emitter, random: &random!)
                }
            }
        }

        emitter.truth = nil
        var infraRandom = model.streams.stream(.infrastructure, hour)
        infrastructureHour(h0: h0, hour: hour, emitter: &emitter, random: &infraRandom)
        var backgroundRandom = model.streams.stream(.background, hour)
        backgroundHour(h0: h0, hour: hour, active: active, emitter: &emitter, random: &backgroundRandom)

        // Records an activity leaves a little before its hour (a ticket before a logon) are clamped into the hour;
        // records after it (a logoff minutes later) wait for their own hour, so the output stays in time order.
        var events = emitter.events
        for i in events.indices where events[i].event.time < h0 { events[i].event.time = h0 }
        let base = events.count
        for (i, var e) in pending.enumerated() {
            e.ordinal = base + i
            events.append(e)
        }
        pending.removeAll(keepingCapacity: true)
        let scripted = model.plan.scripted
        while scriptedCursor < scripted.count, scripted[scriptedCursor].event.time < h1 {
            var e = scripted[scriptedCursor]
            if e.event.time >= model.config.start {
                e.ordinal = events.count
                events.append(e)
            }
            scriptedCursor += 1
        }
        // Every event here is at or after h0 (clamped, pending or scripted for this hour), so only silences that
        // end after h0 matter; usually none, so the per-event check stays cheap.
        let silences = model.plan.silences.filter { $0.end > h0 }
        if !silences.isEmpty {
            // A silenced source sends nothing it would normally send; garbage from a tampered forwarder still arrives.
            events.removeAll { e in
                e.malformedLine == nil
                    && silences.contains { $0.logSource == e.logSourceIndex && e.event.time >= $0.start && e.event.time < $0.end }
            }
        }
        let end = model.config.end
        var ready: [SimulatedEvent] = []
        ready.reserveCapacity(events.count)
        for e in events {
            if e.event.time < h1 {
                ready.append(e)
            } else if e.event.time < end {
                pending.append(e)
            }
        }
        // Sort keys rather than the (large) events themselves, then gather.
        var keys = ready.indices.map { (time: ready[$0].event.time, ordinal: ready[$0].ordinal, index: $0) }
        keys.sort { a, b in a.time != b.time ? a.time < b.time : a.ordinal < b.ordinal }
        var out = keys.map { ready[$0.index] }
        // Ids from the seed, the hour and the position in the time-ordered hour only: nothing about who or what
        // produced the event (labels live in labels.json and GroundTruth, never in the id).
        for i in out.indices { out[i].event.id = EventID.make(seed: model.config.seed, hour: hour, position: i) }
        return out
    }
}
