#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Settings of ``PrivilegedSequenceDetector``.
public struct PrivilegedSequenceConfiguration: Sendable {
    /// Commands of the same user on the same host closer than this belong to one session.
    public var sessionGap: Int64 = 30 * 60_000
    /// User (any case) → role, e.g. from the HR or identity system. The event's `role` property wins over it.
    public var roles: [String: String] = ["system": "system", "local service": "system", "network service": "system"]
    /// Account class (``Event/accountClassProperty``, read by the privacy gate from the clear name and the directory
    /// before pseudonymisation) → role. This is what works in the sidecar, where names are pseudonyms.
    public var classRoles: [String: String] = ["admin": "admin", "service": "service", "system": "system", "machine": "system"]
    /// Account name prefixes → role, for accounts the map does not name (clear names only: `vigil replay` of
    /// un-pseudonymised events).
    public var rolePrefixes: [(prefix: String, role: String)] = [("adm-", "admin"), ("admin-", "admin"), ("svc_", "service"),
                                                                  ("svc-", "service")]
    /// Role of everyone else (nil: users without a role are not modelled).
    public var defaultRole: String? = "user"
    /// Whether the default role is scored. Off: "everyone else" is a mix of jobs, not a role, and its sessions
    /// are learned but not raised.
    public var scoreDefaultRole: Bool = false
    /// Roles whose sessions are scored (nil: all); other roles are still learned.
    public var scoredRoles: Set<String>?
    /// Transitions per window.
    public var window: Int = 3
    public var tokenMode: CommandTokenMode = .commandsAndParameters
    /// Sessions a role's model needs before it scores.
    public var minimumRoleSessions: Int = 30
    /// Rarity (−log10 of the rarest window's geometric-mean transition probability) at which a session is always
    /// raised: its window's transitions average one in a hundred.
    public var rarityThreshold: Double = 2.0
    /// Below ``rarityThreshold``, a session is raised when it is rarer than ``relativeQuantile`` of the role's own
    /// recent sessions by ``relativeMargin``, and at least this rare. Small roles have small vocabularies, where even
    /// never-seen commands cannot reach the absolute threshold; their own distribution calibrates them.
    public var minimumRarity: Double = 0.9
    /// Quantile of the role's recent session rarities used as the relative threshold.
    public var relativeQuantile: Double = 0.99
    /// Margin above that quantile.
    public var relativeMargin: Double = 0.2
    /// Scored sessions a role needs before the relative threshold applies.
    public var minimumCalibrationSessions: Int = 20
    /// Distinct users that make a transition established practice in the role (nil: plain Laplace model).
    public var minimumUserSupport: Int? = 3
    /// Least probability of an established transition.
    public var establishedFloor: Double = 0.1
    /// Commands per session at most; a longer session is scored in parts.
    public var maximumSessionLength: Int = 200
    /// Open sessions at most (LRU beyond: the evicted session is scored then).
    public var maximumOpenSessions: Int = 50_000
    /// Distinct tokens per role at most.
    public var maximumVocabulary: Int = 20_000
    /// Whether a session that raised a signal is learned (so the same routine is not raised every time).
    public var learnFromAlerts: Bool = true

    public init() {}
}

/// Counters of the sequence detector.
public struct PrivilegedSequenceStatistics: Sendable, Hashable {
    public var commands = 0
    public var sessionsClosed = 0
    public var sessionsScored = 0
    public var sessionsEvicted = 0
    public var signals = 0
}

/// An open session: the tokens so far and the event behind each.
struct CommandSession: Sendable {
    var user: String
    var host: String?
    var role: String
    var tokens: [String] = []
    var eventIDs: [String] = []
    var commands: [String] = []
    var first: Int64
    var last: Int64
}

/// Scores privileged command sessions against a Markov model of their role's sessions: a session whose rarest
/// window of transitions is far less likely than anything the role does is raised, with the rare transition.
///
/// Sessions are built from process events (`kind == .process` with a `command`): same user on the same host with
/// gaps under ``PrivilegedSequenceConfiguration/sessionGap``. Each closed session is scored (when its role has a
/// trained model), then learned.
public struct PrivilegedSequenceDetector: DrainableDetector {
    public let id = "privileged-sequence"
    public var configuration: PrivilegedSequenceConfiguration
    public private(set) var statistics = PrivilegedSequenceStatistics()

    private var models: [String: CommandSequenceModel] = [:]
    /// Per role: rarities of recent scored sessions (a ring of 1,000), the calibration of the relative threshold and
    /// the baseline in explanations.
    private var calibration: [String: RarityRing] = [:]

    struct RarityRing: Sendable {
        var values: [Float] = []
        var position = 0

        mutating func add(_ v: Double) {
            if values.count < 1000 { values.append(Float(v)) } else { values[position] = Float(v); position = (position + 1) % 1000 }
        }

        func quantile(_ q: Double) -> Double { RobustStatistics.quantile(sorted: values.map(Double.init).sorted(), q) }
        var median: Double { quantile(0.5) }
    }
    private var open: BoundedLRU<UInt64, CommandSession>
    private var now: Int64 = Int64.min

    public init(configuration: PrivilegedSequenceConfiguration = PrivilegedSequenceConfiguration()) {
        self.configuration = configuration
        open = BoundedLRU(capacity: configuration.maximumOpenSessions)
    }

    /// The model of `role`, if any session of it was learned.
    public func model(for role: String) -> CommandSequenceModel? { models[role] }

    /// Open sessions.
    public var openSessions: Int { open.count }

    /// The role of `user` for an event carrying `property` (the event's `role` property) and the account class
    /// `accountClass`.
    public func role(of user: String, property: String?, accountClass: String? = nil) -> String? {
        if let p = property, !p.isEmpty { return p }
        if let c = accountClass, let r = configuration.classRoles[c] { return r }
        let lower = user.lowercased()
        if let r = configuration.roles[lower] ?? configuration.roles[user] { return r }
        for (prefix, role) in configuration.rolePrefixes where lower.hasPrefix(prefix.lowercased()) { return role }
        return configuration.defaultRole
    }

    public mutating func process(_ event: Event) -> [Signal] {
        now = max(now, event.time)
        var out = closeIdle()
        guard event.kind == .process, let command = event.command, !command.isEmpty, let user = event.user,
              let role = role(of: user, property: event.properties["role"], accountClass: event.properties[Event.accountClassProperty])
        else { return out }
        let tokens = CommandTokenizer.tokens(command, mode: configuration.tokenMode)
        guard !tokens.isEmpty else { return out }
        statistics.commands += 1
        let host = event.sourceHost ?? event.device ?? event.destinationHost ?? event.sourceIP
        let key = stableHash(stableHash(user.lowercased()), stableHash((host ?? "").lowercased()))

        // A session past its gap closes before the new command opens the next one.
        if let existing = open.peek(key), event.time - existing.last > configuration.sessionGap {
            open.remove(key)
            if let s = close(existing) { out.append(s) }
        }
        let maximum = configuration.maximumSessionLength
        var full: CommandSession?
        let r = open.update(key, make: { CommandSession(user: user, host: host, role: role, first: event.time, last: event.time) }) { s in
            for t in tokens {
                s.tokens.append(t)
                s.eventIDs.append(event.id)
            }
            if s.commands.count < 64 { s.commands.append(command) }
            s.last = max(s.last, event.time)
            if s.tokens.count >= maximum {
                full = s
                s.tokens.removeAll(keepingCapacity: true)
                s.eventIDs.removeAll(keepingCapacity: true)
                s.commands.removeAll(keepingCapacity: true)
                s.first = event.time
            }
        }
        if let evicted = r.evicted {
            statistics.sessionsEvicted += 1
            if let s = close(evicted.value) { out.append(s) }
        }
        if let full, let s = close(full) { out.append(s) }
        return out
    }

    public mutating func advance(to time: EpochMillis) -> [Signal] {
        now = max(now, time)
        return closeIdle()
    }

    public mutating func drain() -> [Signal] {
        var out: [Signal] = []
        while let oldest = open.removeOldest() {
            if let s = close(oldest.value) { out.append(s) }
        }
        return out
    }

    private mutating func closeIdle() -> [Signal] {
        var out: [Signal] = []
        while let oldest = open.oldest, now - oldest.value.last > configuration.sessionGap {
            open.removeOldest()
            if let s = close(oldest.value) { out.append(s) }
        }
        return out
    }

    /// Scores (when the role's model is trained) and learns a finished session.
    private mutating func close(_ session: CommandSession) -> Signal? {
        guard !session.tokens.isEmpty else { return nil }
        statistics.sessionsClosed += 1
        let c = configuration
        var model = models[session.role] ?? CommandSequenceModel(
            minimumUserSupport: c.minimumUserSupport, establishedFloor: c.establishedFloor, maximumVocabulary: c.maximumVocabulary)
        var signal: Signal?
        let scored = c.scoredRoles?.contains(session.role) ?? (c.scoreDefaultRole || session.role != c.defaultRole)
        if model.sessions >= c.minimumRoleSessions, scored {
            statistics.sessionsScored += 1
            let score = model.score(session.tokens, window: c.window)
            var ring = calibration[session.role] ?? RarityRing()
            var cut = c.rarityThreshold
            if ring.values.count >= c.minimumCalibrationSessions {
                cut = min(cut, max(c.minimumRarity, ring.quantile(c.relativeQuantile) + c.relativeMargin))
            }
            if score.rarity >= cut {
                signal = makeSignal(session, score: score, model: model, baselineRarity: ring.values.isEmpty ? nil : ring.median, cut: cut)
                statistics.signals += 1
            }
            ring.add(score.rarity)
            calibration[session.role] = ring
        }
        if signal == nil || c.learnFromAlerts {
            model.learn(session.tokens, user: session.user)
        }
        models[session.role] = model
        return signal
    }

    private func makeSignal(_ s: CommandSession, score: SequenceScore, model: CommandSequenceModel, baselineRarity: Double?, cut: Double) -> Signal {
        let labels = [CommandSequenceModel.startToken] + s.tokens + [CommandSequenceModel.endToken]
        let windowTokens = labels[score.rarestWindowStart...(score.rarestWindowStart + score.windowLength)]
        let shown = windowTokens.map { $0 == CommandSequenceModel.startToken ? "(start)" : $0 == CommandSequenceModel.endToken ? "(end)" : $0 }
        let rare = score.rarestTransition
        let rareText = "\(display(rare.from)) → \(display(rare.to))"
        // Transitions i…i+w-1 involve tokens i…i+w; token k (1-based in labels) is s.tokens[k-1].
        var evidence: [String] = []
        for k in score.rarestWindowStart...(score.rarestWindowStart + score.windowLength) where k >= 1 && k <= s.eventIDs.count {
            let id = s.eventIDs[k - 1]
            if !evidence.contains(id) { evidence.append(id) }
        }
        for id in s.eventIDs where evidence.count < 16 && !evidence.contains(id) { evidence.append(id) }
        var deviations: [FeatureDeviation] = [
            FeatureDeviation(
                feature: "rarest_window", observed: score.rarestWindowGeometricMean,
                baseline: baselineRarity.map { pow(10, -$0) }, peerGroup: s.role, unit: "geometric-mean transition probability",
                detail: "Rarest window \(shown.joined(separator: " → ")): its transitions average \(Format.number(score.rarestWindowGeometricMean, digits: 5)) "
                    + "(rarity \(Format.number(score.rarity, digits: 2)))"
                    + (baselineRarity.map { "; the role's sessions have median rarity \(Format.number($0, digits: 2))" } ?? "")
                    + ", raised from \(Format.number(cut, digits: 2))."),
            FeatureDeviation(
                feature: "rare_transition", observed: rare.probability, baseline: Double(model.support(from: rare.from, to: rare.to)),
                peerGroup: s.role, unit: "probability (baseline: users of the role who made it)",
                detail: "\(rareText) has probability \(Format.number(rare.probability, digits: 5)) in role \(s.role) "
                    + "(\(model.support(from: rare.from, to: rare.to)) user(s) of the role made it before; \(model.sessions) sessions learned)."),
            FeatureDeviation(
                feature: "session_likelihood", observed: score.sessionLog10Likelihood, unit: "log10",
                detail: "The whole session of \(s.tokens.count) command(s) has log10 likelihood \(Format.number(score.sessionLog10Likelihood, digits: 2))."),
        ]
        if !score.unseenTokens.isEmpty {
            deviations.append(FeatureDeviation(
                feature: "unseen_commands", observed: Double(score.unseenTokens.count), baseline: 0, peerGroup: s.role, unit: "commands",
                detail: "Never typed by anyone in role \(s.role): \(score.unseenTokens.prefix(6).joined(separator: "; "))."))
        }
        let value = min(1, max(0, 0.5 + 0.25 * (score.rarity - cut)))
        return Signal(
            id: stableID(id, s.user, s.host ?? "", String(s.first)), detector: id, entity: EntityRef(.user, s.user),
            related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: s.last, score: value,
            title: "Rare command sequence for role \(s.role): \(s.user)\(s.host.map { " on " + $0 } ?? "") ran \(rareText)",
            deviations: deviations, evidence: evidence, technique: "T1059")
    }

    private func display(_ token: String) -> String {
        token == CommandSequenceModel.startToken ? "(start)" : token == CommandSequenceModel.endToken ? "(end)" : token
    }
}
