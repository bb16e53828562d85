import VigilCore

/// Compiled Sigma rules, indexed by the kind of event they are written for, with what could not be loaded.
public struct SigmaRuleSet: Sendable {
    public private(set) var rules: [SigmaRule] = []
    /// Rules not loaded, each with its reason (malformed ones must be reported to the operator, never ignored).
    public private(set) var rejected: [SigmaRuleRejection] = []
    public private(set) var fields: SigmaFieldTable
    /// Which rules an event can match: by log source, and by the file name of the image a rule requires.
    private(set) var index = SigmaAnchorIndex(rules: [])

    /// What to load.
    public struct Options: Sendable, Hashable {
        /// Rules below this level are excluded.
        public var minimumLevel: SigmaLevel = .low
        /// Statuses excluded (`deprecated` and `unsupported` rules are not meant to run).
        public var excludedStatuses: Set<String> = ["deprecated", "unsupported"]
        public init() {}
    }

    /// Compiles rule texts (`source` names each, e.g. its path).
    public init(texts: [(source: String, yaml: String)], options: Options = Options()) {
        var parser = SigmaRuleParser()
        var rules: [SigmaRule] = []
        var rejected: [SigmaRuleRejection] = []
        for (source, yaml) in texts {
            do {
                let rule = try parser.parse(yaml, source: source)
                if let why = SigmaEventClass.unsupportedReason(rule.logSource) {
                    rejected.append(SigmaRuleRejection(source: source, ruleID: rule.id, kind: .otherLogSource, reason: why))
                } else if rule.level < options.minimumLevel {
                    rejected.append(SigmaRuleRejection(source: source, ruleID: rule.id, kind: .excluded, reason: "level \(rule.level.rawValue) is below \(options.minimumLevel.rawValue)"))
                } else if options.excludedStatuses.contains(rule.status) {
                    rejected.append(SigmaRuleRejection(source: source, ruleID: rule.id, kind: .excluded, reason: "status \(rule.status)"))
                } else {
                    rules.append(rule)
                }
            } catch {
                rejected.append(error)
            }
        }
        var seen: Set<String> = []
        var unique: [SigmaRule] = []
        for rule in rules {
            if seen.insert(rule.id).inserted { unique.append(rule) } else {
                rejected.append(SigmaRuleRejection(source: rule.source, ruleID: rule.id, kind: .malformed, reason: "duplicate rule id"))
            }
        }
        self.rules = unique
        self.rejected = rejected
        self.fields = parser.fields
        index = SigmaAnchorIndex(rules: unique)
    }

    /// An empty set.
    public init() {
        fields = SigmaFieldTable()
    }

    mutating func addRejections(_ more: [SigmaRuleRejection]) { rejected += more }

    /// Rules the prefilter files under literals they require (the rest run for every event of their log source).
    public var anchoredRuleCount: Int { index.anchoredRuleCount }

    /// Rejections by kind.
    public var rejectedCounts: [SigmaRuleRejection.Kind: Int] {
        rejected.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    /// The rules that match `event`, in load order.
    public func matches(_ event: Event) -> [SigmaRule] {
        var out: [SigmaRule] = []
        evaluate(event) { out.append(rules[$0]) }
        return out
    }

    /// The rules that match `event`, every rule of its log source evaluated (the prefilter's reference).
    public func matchesWithoutPrefilter(_ event: Event) -> [SigmaRule] {
        guard let cls = SigmaEventClass(event) else { return [] }
        let source = index.source(cls)
        var view = SigmaEventView(event, table: fields)
        return rules.indices.filter { i in
            index.applies(i, to: source) && SigmaMatcher.evaluate(rules[i].condition, rules[i].selections, &view)
        }.map { rules[$0] }
    }

    /// Calls `found` with the index of every rule that matches `event`; returns how many rules were evaluated.
    @discardableResult
    func evaluate(_ event: Event, _ found: (Int) -> Void) -> Int {
        guard !rules.isEmpty, let cls = SigmaEventClass(event) else { return 0 }
        let source = index.source(cls)
        guard source.product >= 0 else { return 0 }
        var candidates: [Int] = []
        for i in index.unanchored where index.applies(i, to: source) { candidates.append(i) }
        var view = SigmaEventView(event, table: fields)
        for slotIndex in index.slots where slotIndex.sources.contains(where: { SigmaAnchorIndex.applies($0, to: source) }) {
            guard let text = view.lowercased(slotIndex.slot) else { continue }
            slotIndex.automaton.scan(text) { literal in
                for i in slotIndex.rules[Int(literal)] where index.applies(Int(i), to: source) { candidates.append(Int(i)) }
            }
        }
        guard !candidates.isEmpty else { return 0 }
        if candidates.count > 1 {
            candidates.sort()
            var last = -1
            candidates.removeAll { i in defer { last = i }; return i == last }
        }
        for i in candidates where SigmaMatcher.evaluate(rules[i].condition, rules[i].selections, &view) { found(i) }
        return candidates.count
    }
}
