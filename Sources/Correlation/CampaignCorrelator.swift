import VigilCore

/// The correlation stage: links observations (detector signals and entity-risk alerts) that share an entity into
/// campaigns that live up to ``CorrelationConfiguration/windowDays`` and grow, orders them into ATT&CK stages,
/// scores them as a sum of named, decaying contributions, and says when a campaign is raised and when a raised one
/// grows. Pure and deterministic; part of the triage core.
///
/// **Linking.** An observation names its subject and related entities (the destination host, the account used, the
/// address beaconed to). It joins the open campaigns that any of those entities already belongs to; when it links
/// several, they are merged into the oldest. Hub entities — mentioned by observations of more than
/// ``CorrelationConfiguration/hubDegree`` distinct subjects within a window, such as a domain controller or a
/// popular SaaS domain — stay members but link nothing, so unrelated users do not merge through them.
///
/// **Raising.** A campaign is raised when its evidence is strong (an entity's own composite risk crossed its
/// threshold) or diverse (its score reaches ``CorrelationConfiguration/raiseScore`` with several tactics in ATT&CK
/// order, or several linked users and hosts and at least two tactics).
///
/// **De-duplication.** A behaviour seen again (same detector, subject and technique) extends its contribution
/// instead of adding one; a raised campaign is reported again only when it gains a stage or an entity, or its
/// severity rises.
public struct CampaignCorrelator: Sendable {
    public let configuration: CorrelationConfiguration

    struct State: Sendable {
        var campaign: Campaign
        /// Contribution index by behaviour key.
        var byKey: [String: Int] = [:]
        /// Points per entity (for the primary entity and ordering).
        var weight: [EntityRef: Double] = [:]
        var emittedTactics = Set<Tactic>()
        var emittedEntities = Set<EntityRef>()
        var emittedSeverity: Severity = .informational
        /// Entities that are the subject of at least one contribution.
        var subjects = Set<EntityRef>()
    }

    private var states: [String: State] = [:]
    /// The campaign in which each entity was last the subject of an observation (it behaved anomalously itself).
    private var subjects: [EntityRef: String] = [:]
    /// The campaign in which each (non-hub) entity was last named by an observation without being its subject.
    private var mentioned: [EntityRef: String] = [:]
    /// Distinct subjects whose observations mentioned an entity in the current hub epoch (bounded at hubDegree + 1).
    private var mentions: [EntityRef: Set<EntityRef>] = [:]
    private var hubs = Set<EntityRef>()
    private var hubEpoch: Int64 = .min
    private var lastSweep: EpochMillis = .min
    /// The latest observation or clock time seen.
    public private(set) var now: EpochMillis = .min
    /// Campaigns forgotten because their window passed or the limit was reached.
    public private(set) var expired = 0
    /// Campaigns raised so far.
    public private(set) var raised = 0

    public init(configuration: CorrelationConfiguration = CorrelationConfiguration()) {
        self.configuration = configuration
    }

    private var window: EpochMillis { EpochMillis(configuration.windowDays) * EpochMillis.day }

    /// Campaigns currently open (raised or not).
    public var openCampaigns: Int { states.count }
    /// Entities that currently link to a campaign.
    public var linkedEntities: Int { subjects.count + mentioned.count }
    /// Entities currently treated as hubs.
    public var hubCount: Int { hubs.count }

    /// A campaign by id.
    public func campaign(id: String) -> Campaign? { states[id]?.campaign }

    /// Raised campaigns that an entity belongs to.
    public func raisedCampaigns(involving entity: EntityRef) -> [Campaign] {
        states.values.map(\.campaign).filter { $0.raisedAt != nil && $0.entities.contains(entity) }.sorted { $0.id < $1.id }
    }

    /// Every campaign, raised or not, ordered by id (for tests and state reports).
    public var allCampaigns: [Campaign] { states.values.map(\.campaign).sorted { $0.id < $1.id } }

    /// What makes two observations the same behaviour: detector, subject and technique (and whether it is an
    /// entity-risk alert). A repeat extends the contribution instead of adding one.
    static func behaviourKey(_ signal: Signal, strong: Bool) -> String {
        signal.detector + "\u{1F}" + signal.entity.description + "\u{1F}" + (signal.technique ?? "") + (strong ? "\u{1F}strong" : "")
    }

    /// Detectors whose signals are low-severity risk observations by design (a Sigma rule match scores 0.02–0.3 by
    /// its level), with the least score observed: medium-level Sigma matches and above join campaigns, adding their
    /// ATT&CK stage at their small weight, and link only through their own subject (below ``linkScore``).
    public static let riskObservationFloors: [String: Double] = ["sigma": 0.1]

    /// The weight of a detector's observations: an entity-risk alert stands for several signals already.
    static func weight(of detector: String, strong: Bool) -> Double { strong ? 1.5 : 1 }

    // MARK: - Observing

    /// Observes a signal. `strong` marks an entity-risk alert (the entity's own composite risk crossed its
    /// threshold); `tactics` adds the stages it stands for beyond its own technique (an alert's contributions).
    /// Returns the raised and grown campaigns, at most a few.
    public mutating func observe(_ signal: Signal, strong: Bool = false, tactics extra: [Tactic] = []) -> [CampaignUpdate] {
        let floor = Self.riskObservationFloors[signal.detector] ?? configuration.minimumScore
        guard strong || signal.score >= floor, !signal.entity.id.isEmpty else { return [] }
        let t = signal.time
        now = max(now, t)
        rollHubEpoch(at: t)
        var keys: [EntityRef] = [signal.entity]
        for e in signal.related where !e.id.isEmpty && !keys.contains(e) && keys.count < configuration.maximumEntities { keys.append(e) }
        for k in keys.dropFirst() { mention(k, by: signal.entity) }

        // Campaigns this observation links to, oldest first. A link needs evidence on one side at least: the shared
        // entity is the subject of an observation here or there (it behaved anomalously itself). Two observations
        // that merely name the same entity link only through an address (hosts beaconing to one destination), and
        // a broad observation (one account to many hosts) links through its subject alone.
        let linkable = strong || signal.score >= configuration.linkScore
            ? Self.linkable(keys.dropFirst(), fanOut: configuration.maximumFanOut).filter { !hubs.contains($0) } : []
        var linked: [String] = []
        func consider(_ id: String?) {
            guard let id, let s = states[id], !linked.contains(id) else { return }
            if t - s.campaign.end > window || s.campaign.status == .closedFalsePositive || s.campaign.status == .closedBenign { return }
            linked.append(id)
        }
        consider(subjects[signal.entity])
        consider(mentioned[signal.entity])
        for k in linkable {
            consider(subjects[k])
            // Naming the same address links only while few subjects name it: a rare destination shared by two hosts
            // is a lead, a destination shared by a fleet is an agent.
            if k.kind == .ip, (mentions[k]?.count ?? 0) <= 2 { consider(mentioned[k]) }
        }
        // A campaign already spanning many subjects takes no new subject (it would only grow by coincidence).
        linked.removeAll { id in
            guard let s = states[id] else { return true }
            return s.subjects.count >= configuration.maximumSubjects && !s.subjects.contains(signal.entity)
        }
        // The survivor of a merge: a raised campaign before any other (its finding goes on; the earliest raised
        // first), else the oldest.
        linked.sort {
            let a = states[$0]!.campaign, b = states[$1]!.campaign
            return (a.raisedAt ?? .max, a.start, a.id) < (b.raisedAt ?? .max, b.start, b.id)
        }

        var updates: [CampaignUpdate] = []
        let id: String
        var mergedReasons: [String] = []
        if let first = linked.first {
            id = first
            for other in linked.dropFirst() {
                guard let absorbed = states[other],
                      states[id]!.subjects.union(absorbed.subjects).count <= configuration.maximumSubjects else { continue }
                if let retired = merge(other, into: id) { updates.append(retired) }
                mergedReasons.append("merged campaign \(other)")
            }
        } else {
            id = stableID("campaign", signal.id)
            states[id] = State(campaign: Campaign(
                id: id, status: .open, primaryEntity: signal.entity, entities: [], stages: [], contributions: [], score: 0,
                confidence: 0, severity: .low, start: t, end: t, revision: 0, raisedAt: nil, raisedBecause: nil, history: [], mergedFrom: []))
        }
        var tactics: [Tactic] = []
        if let own = Tactic.of(signal) { tactics.append(own) }
        for x in extra where !tactics.contains(x) { tactics.append(x) }
        add(signal, strong: strong, tactics: tactics, entities: keys, linkable: linkable, to: id)
        if let u = decide(id, at: t, extraReasons: mergedReasons) { updates.append(u) }
        evictIfNeeded()
        return updates
    }

    /// Takes back raised campaigns as they were last stored (after a restart: the sidecar keeps each raised
    /// campaign in its finding, verdicts included), so later observations grow them under the same id instead of
    /// raising them again. A campaign the correlator already holds, or whose window has passed at `time`, is
    /// skipped. Entity weights are rebuilt from the contributions; observations below the raise threshold that
    /// never made a campaign visible are not kept across a restart. Returns how many were restored.
    @discardableResult
    public mutating func restore(_ campaigns: [Campaign], at time: EpochMillis) -> Int {
        var restored = 0
        for campaign in campaigns.sorted(by: { ($0.start, $0.id) < ($1.start, $1.id) }) {
            guard states[campaign.id] == nil, campaign.raisedAt != nil, campaign.status != .merged, time - campaign.end <= window else { continue }
            var s = State(campaign: campaign)
            for (i, x) in campaign.contributions.enumerated() {
                let key = Self.behaviourKey(x.signal, strong: x.strong)
                s.byKey[key] = i
                s.weight[x.signal.entity, default: 0] += x.points
                s.subjects.insert(x.signal.entity)
            }
            // Linked entities that were never a subject keep their rank below the subjects.
            for e in campaign.entities where s.weight[e] == nil { s.weight[e] = 0.5 }
            s.emittedTactics = Set(campaign.stages.map(\.tactic))
            s.emittedEntities = Set(campaign.entities.filter { $0.kind == .user || $0.kind == .host })
            s.emittedSeverity = campaign.severity
            states[campaign.id] = s
            let closed = campaign.status == .closedFalsePositive || campaign.status == .closedBenign
            if !closed {
                for e in s.subjects { subjects[e] = campaign.id }
                for e in campaign.entities where !s.subjects.contains(e) { mentioned[e] = campaign.id }
            }
            now = max(now, campaign.end)
            restored += 1
        }
        raised += restored
        return restored
    }

    /// Moves the clock: campaigns whose newest observation left the window are forgotten.
    public mutating func advance(to time: EpochMillis) {
        now = max(now, time)
        if lastSweep != .min, time - lastSweep < EpochMillis.hour { return }
        lastSweep = time
        rollHubEpoch(at: time)
        let stale = states.filter { time - $0.value.campaign.end > window }.map(\.key)
        for id in stale { forget(id) }
        expired += stale.count
    }

    /// Applies an analyst's verdict on a campaign. A false positive or benign verdict closes it and resets every
    /// contribution to 0 (kept in the record, with the reset in the history); its entities link afresh. A true
    /// positive confirms it. Returns nil for an unknown campaign.
    public mutating func verdict(_ verdict: CampaignVerdict, on id: String, at time: EpochMillis, by actor: String) -> CampaignUpdate? {
        guard var s = states[id] else { return nil }
        let before = s.campaign.score
        switch verdict {
        case .truePositive:
            s.campaign.status = .confirmed
            s.campaign.history.append(CampaignScoreChange(time: time, from: before, to: before, reason: "confirmed as a true positive by \(actor)"))
        case .falsePositive, .benign:
            s.campaign.status = verdict == .benign ? .closedBenign : .closedFalsePositive
            for i in s.campaign.contributions.indices { s.campaign.contributions[i].reset = true }
            s.campaign.score = 0
            s.campaign.history.append(CampaignScoreChange(
                time: time, from: before, to: 0, reason: "reset: closed as \(verdict == .benign ? "benign" : "a false positive") by \(actor)"))
            unlink(id, entities: s.weight.keys)
        }
        trimHistory(&s.campaign)
        states[id] = s
        return CampaignUpdate(kind: .verdict, campaign: s.campaign, reasons: [s.campaign.history.last!.reason])
    }

    // MARK: - Internals

    private mutating func add(_ signal: Signal, strong: Bool, tactics: [Tactic], entities: [EntityRef], linkable: [EntityRef], to id: String) {
        var s = states[id]!
        let t = signal.time
        let points = signal.score * Self.weight(of: signal.detector, strong: strong)
        let before = s.campaign.score
        let key = Self.behaviourKey(signal, strong: strong)
        var reason: String?
        if let i = s.byKey[key] {
            var c = s.campaign.contributions[i]
            // The very signal already counted (a batch read again after a restart) is not a repeat.
            if c.signal.id != signal.id { c.repeats += 1 }
            c.last = max(c.last, t)
            if points > c.points { c.points = points }
            s.campaign.contributions[i] = c
        } else {
            s.campaign.contributions.append(CampaignContribution(
                signal: signal, tactic: tactics.first, strong: strong, points: points, first: t, last: t, repeats: 1, reset: false))
            s.byKey[key] = s.campaign.contributions.count - 1
            reason = "\(signal.title) (\(signal.detector), +\(CampaignMath.decimal(points)))"
            // An alert standing for several stages records each as a stage of its own.
            for extra in tactics.dropFirst() { s.campaign.stages.append(CampaignStage(tactic: extra, name: extra.name, start: t, end: t, signalIDs: [], entities: [])) }
        }
        // Members: the subject and the related entities it may link through (a broad observation's many
        // destinations stay in its evidence, not in the campaign's entity list).
        s.weight[signal.entity, default: 0] += points
        for e in linkable { s.weight[e, default: 0] += points / 2 }
        s.subjects.insert(signal.entity)
        subjects[signal.entity] = id
        for e in linkable { mentioned[e] = id }
        s.campaign.start = min(s.campaign.start, t)
        s.campaign.end = max(s.campaign.end, t)
        if let tactic = tactics.first {
            if let i = s.campaign.stages.firstIndex(where: { $0.tactic == tactic }) {
                s.campaign.stages[i].start = min(s.campaign.stages[i].start, t)
                s.campaign.stages[i].end = max(s.campaign.stages[i].end, t)
                if !s.campaign.stages[i].signalIDs.contains(signal.id), s.campaign.stages[i].signalIDs.count < 64 {
                    s.campaign.stages[i].signalIDs.append(signal.id)
                }
                if !s.campaign.stages[i].entities.contains(signal.entity), s.campaign.stages[i].entities.count < 16 {
                    s.campaign.stages[i].entities.append(signal.entity)
                }
            } else {
                s.campaign.stages.append(CampaignStage(tactic: tactic, name: tactic.name, start: t, end: t, signalIDs: [signal.id], entities: [signal.entity]))
            }
        }
        consolidate(&s, at: t)
        if let reason {
            s.campaign.history.append(CampaignScoreChange(time: t, from: before, to: s.campaign.score, reason: reason))
            trimHistory(&s.campaign)
        }
        states[id] = s
    }

    /// Recomputes the derived parts of a campaign: stage order, entities by weight, score, confidence, severity;
    /// drops the weakest contributions beyond the limit.
    private func consolidate(_ s: inout State, at t: EpochMillis) {
        let c = configuration
        if s.campaign.contributions.count > c.maximumContributions {
            let keep = s.campaign.contributions.enumerated().sorted {
                let a = $0.element.value(at: t, ageHalfLifeDays: c.ageHalfLifeDays), b = $1.element.value(at: t, ageHalfLifeDays: c.ageHalfLifeDays)
                return a != b ? a > b : $0.offset < $1.offset
            }.prefix(c.maximumContributions).map(\.offset).sorted()
            s.campaign.contributions = keep.map { s.campaign.contributions[$0] }
            s.byKey = [:]
            for (i, x) in s.campaign.contributions.enumerated() {
                let key = Self.behaviourKey(x.signal, strong: x.strong)
                s.byKey[key] = i
            }
        }
        s.campaign.stages.sort { $0.start != $1.start ? $0.start < $1.start : $0.tactic < $1.tactic }
        // Merge duplicate stages (an extra tactic recorded before its own observation arrived).
        var stages: [CampaignStage] = []
        for st in s.campaign.stages {
            if let i = stages.firstIndex(where: { $0.tactic == st.tactic }) {
                stages[i].start = min(stages[i].start, st.start)
                stages[i].end = max(stages[i].end, st.end)
                for id in st.signalIDs where !stages[i].signalIDs.contains(id) && stages[i].signalIDs.count < 64 { stages[i].signalIDs.append(id) }
                for e in st.entities where !stages[i].entities.contains(e) && stages[i].entities.count < 16 { stages[i].entities.append(e) }
            } else {
                stages.append(st)
            }
        }
        s.campaign.stages = stages
        if s.weight.count > 4 * c.maximumEntities {
            // Bound the membership: the weakest entities leave (and stop linking to this campaign).
            let weakest = s.weight.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key.description < $1.key.description }
            for (e, _) in weakest.prefix(s.weight.count - 2 * c.maximumEntities) { s.weight[e] = nil }
        }
        let ranked = s.weight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.description < $1.key.description }
        s.campaign.entities = ranked.prefix(c.maximumEntities).map(\.key)
        // The primary entity: the user or host with the most points (QRadar indexes offenses on them), else the top.
        s.campaign.primaryEntity = ranked.first { $0.key.kind == .user || $0.key.kind == .host }?.key ?? ranked.first?.key ?? s.campaign.primaryEntity
        s.campaign.score = s.campaign.contributions.reduce(0) { $0 + $1.value(at: t, ageHalfLifeDays: c.ageHalfLifeDays) }
        var strongest: [String: Double] = [:]
        for x in s.campaign.contributions where !x.reset {
            let key = x.tactic?.name ?? x.signal.detector
            strongest[key] = max(strongest[key] ?? 0, min(1, x.signal.score) * CampaignMath.halving(t - x.last, halfLifeDays: c.ageHalfLifeDays))
        }
        s.campaign.confidence = 1 - strongest.values.reduce(1) { $0 * (1 - min(0.95, $1)) }
        s.campaign.severity = severity(of: s.campaign)
    }

    private func severity(of campaign: Campaign) -> Severity {
        let ordered = orderedTactics(campaign)
        let strong = campaign.contributions.contains { $0.strong && !$0.reset }
        let tactics = Set(campaign.stages.map(\.tactic))
        if ordered >= 4 || (ordered >= 3 && (tactics.contains(.exfiltration) || tactics.contains(.impact))) { return .critical }
        if ordered >= configuration.minimumTactics || (strong && tactics.count >= 2) || campaign.linkedAccountsAndHosts >= configuration.minimumEntities {
            return .high
        }
        if strong { return .medium }
        return .low
    }

    private func orderedTactics(_ campaign: Campaign) -> Int {
        CampaignMath.orderedTactics(campaign.stages.map { ($0.tactic, $0.start) })
    }

    /// Whether the campaign is raised now or grew since it was last reported.
    private mutating func decide(_ id: String, at t: EpochMillis, extraReasons: [String]) -> CampaignUpdate? {
        guard var s = states[id], s.campaign.status == .open || s.campaign.status == .confirmed else { return nil }
        let c = configuration
        let campaign = s.campaign
        let strong = campaign.contributions.contains { $0.strong && !$0.reset }
        let ordered = orderedTactics(campaign)
        let tactics = Set(campaign.stages.map(\.tactic))
        let linked = campaign.linkedAccountsAndHosts
        var because: String?
        if strong {
            because = "one strong observation (an entity's risk crossed its threshold)"
        } else if campaign.score >= c.raiseScore, ordered >= c.minimumTactics {
            because = "\(ordered) tactics in ATT&CK order, score \(CampaignMath.decimal(campaign.score))"
        } else if campaign.score >= c.raiseScore, linked >= c.minimumEntities, tactics.count >= 2 {
            because = "\(linked) linked users and hosts over \(tactics.count) tactics, score \(CampaignMath.decimal(campaign.score))"
        }
        let kind: CampaignUpdate.Kind
        var reasons: [String] = []
        if campaign.raisedAt == nil {
            guard let because else { return nil }
            s.campaign.raisedAt = t
            s.campaign.raisedBecause = because
            s.campaign.revision = 1
            raised += 1
            kind = .raised
            reasons.append("raised: " + because)
        } else {
            for tactic in tactics.sorted() where !s.emittedTactics.contains(tactic) { reasons.append("new stage \(tactic.name)") }
            for e in campaign.entities where (e.kind == .user || e.kind == .host) && !s.emittedEntities.contains(e) {
                reasons.append("new entity \(e)")
            }
            if campaign.severity > s.emittedSeverity { reasons.append("severity \(s.emittedSeverity.name) → \(campaign.severity.name)") }
            reasons += extraReasons
            guard !reasons.isEmpty else { return nil }
            s.campaign.revision += 1
            kind = .grew
        }
        s.emittedTactics = tactics
        s.emittedEntities = Set(campaign.entities.filter { $0.kind == .user || $0.kind == .host })
        s.emittedSeverity = campaign.severity
        states[id] = s
        return CampaignUpdate(kind: kind, campaign: s.campaign, reasons: reasons)
    }

    /// Merges `other` into `id`. Returns the final report of `other` when it had been raised (its finding closes,
    /// pointing at the survivor), nil otherwise.
    @discardableResult
    private mutating func merge(_ other: String, into id: String) -> CampaignUpdate? {
        guard let absorbed = states[other], var s = states[id] else { return nil }
        for x in absorbed.campaign.contributions {
            let key = Self.behaviourKey(x.signal, strong: x.strong)
            if let i = s.byKey[key] {
                s.campaign.contributions[i].repeats += x.repeats
                s.campaign.contributions[i].first = min(s.campaign.contributions[i].first, x.first)
                s.campaign.contributions[i].last = max(s.campaign.contributions[i].last, x.last)
                s.campaign.contributions[i].points = max(s.campaign.contributions[i].points, x.points)
            } else {
                s.campaign.contributions.append(x)
                s.byKey[key] = s.campaign.contributions.count - 1
            }
        }
        s.campaign.stages += absorbed.campaign.stages
        for (e, w) in absorbed.weight { s.weight[e, default: 0] += w }
        s.subjects.formUnion(absorbed.subjects)
        s.campaign.start = min(s.campaign.start, absorbed.campaign.start)
        s.campaign.end = max(s.campaign.end, absorbed.campaign.end)
        s.campaign.mergedFrom.append(other)
        s.campaign.mergedFrom += absorbed.campaign.mergedFrom
        if s.campaign.raisedAt == nil, let r = absorbed.campaign.raisedAt {
            // The absorbed one had been raised: the survivor carries its finding on.
            s.campaign.raisedAt = r
            s.campaign.raisedBecause = absorbed.campaign.raisedBecause
            s.campaign.revision = absorbed.campaign.revision
            s.emittedTactics = absorbed.emittedTactics
            s.emittedEntities = absorbed.emittedEntities
            s.emittedSeverity = absorbed.emittedSeverity
        }
        s.campaign.history += absorbed.campaign.history
        s.campaign.history.sort { $0.time < $1.time }
        trimHistory(&s.campaign)
        states[other] = nil
        for e in absorbed.weight.keys {
            if subjects[e] == other { subjects[e] = id }
            if mentioned[e] == other { mentioned[e] = id }
        }
        consolidate(&s, at: s.campaign.end)
        states[id] = s
        guard absorbed.campaign.raisedAt != nil else { return nil }
        var retired = absorbed.campaign
        retired.status = .merged
        retired.mergedInto = id
        retired.revision += 1
        retired.history.append(CampaignScoreChange(time: s.campaign.end, from: retired.score, to: retired.score,
                                                   reason: "merged into campaign \(id)"))
        trimHistory(&retired)
        return CampaignUpdate(kind: .merged, campaign: retired, reasons: ["merged into campaign \(id)"])
    }

    private mutating func forget(_ id: String) {
        guard let s = states.removeValue(forKey: id) else { return }
        unlink(id, entities: s.weight.keys)
    }

    private mutating func evictIfNeeded() {
        let limit = configuration.maximumCampaigns
        guard states.count > limit + limit / 20 else { return }
        let victims = states.values.filter { $0.campaign.raisedAt == nil }.sorted {
            $0.campaign.end != $1.campaign.end ? $0.campaign.end < $1.campaign.end : $0.campaign.id < $1.campaign.id
        }.prefix(states.count - limit).map(\.campaign.id)
        for id in victims { forget(id) }
        expired += victims.count
    }

    /// Hub statistics restart every window, so an entity that was busy a month ago can link again.
    private mutating func rollHubEpoch(at t: EpochMillis) {
        let epoch = t / max(window, 1)
        guard epoch != hubEpoch else { return }
        hubEpoch = epoch
        mentions.removeAll(keepingCapacity: true)
        hubs.removeAll(keepingCapacity: true)
    }

    private mutating func mention(_ entity: EntityRef, by subject: EntityRef) {
        guard !hubs.contains(entity), entity != subject else { return }
        var set = mentions[entity] ?? []
        set.insert(subject)
        if set.count > configuration.hubDegree {
            hubs.insert(entity)
            mentions[entity] = nil
            self.mentioned[entity] = nil
        } else {
            mentions[entity] = set
        }
    }

    private mutating func unlink(_ id: String, entities: some Sequence<EntityRef>) {
        for e in entities {
            if subjects[e] == id { subjects[e] = nil }
            if mentioned[e] == id { mentioned[e] = nil }
        }
    }

    /// The related entities an observation may link through: all of them unless it names more than `fanOut` of one
    /// kind (an account that touched forty hosts says little about each).
    static func linkable(_ related: ArraySlice<EntityRef>, fanOut: Int) -> [EntityRef] {
        var perKind: [EntityKind: Int] = [:]
        for e in related { perKind[e.kind, default: 0] += 1 }
        return related.filter { (perKind[$0.kind] ?? 0) <= fanOut }
    }

    private func trimHistory(_ c: inout Campaign) {
        if c.history.count > 64 { c.history.removeFirst(c.history.count - 64) }
    }
}
