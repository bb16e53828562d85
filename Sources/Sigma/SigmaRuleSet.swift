import VigilCore

/// Compiled Sigma rules, indexed by the kind of event they are written for, with what could not be loaded.
public struct SigmaRuleSet: Sendable {
    public private(set) var rules: [SigmaRule] = []
    /// Rules not loaded, each with its reason (malformed ones must be reported to the operator, never ignored).
    public private(set) var rejected: [SigmaRuleRejection] = []
    public private(set) var fields: SigmaFieldTable
    /// Rule indices by log-source key (``SigmaEventClass/keys``).
    private(set) var index: [String: [Int]] = [:]

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
        for (i, rule) in unique.enumerated() {
            index[SigmaEventClass.key(rule.logSource), default: []].append(i)
        }
    }

    /// An empty set.
    public init() {
        fields = SigmaFieldTable()
    }

    mutating func addRejections(_ more: [SigmaRuleRejection]) { rejected += more }

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

    /// Calls `found` with the index of every rule that matches `event`.
    func evaluate(_ event: Event, _ found: (Int) -> Void) {
        guard !rules.isEmpty, let cls = SigmaEventClass(event) else { return }
        var view: SigmaEventView? = nil
        var candidates: [Int] = []
        for key in cls.keys { if let list = index[key] { candidates += list } }
        guard !candidates.isEmpty else { return }
        if candidates.count > 1 { candidates.sort() }
        for i in candidates {
            if view == nil { view = SigmaEventView(event, table: fields) }
            if SigmaMatcher.evaluate(rules[i].condition, rules[i].selections, &view!) { found(i) }
        }
    }
}

/// Evaluation of a compiled detection on one event.
enum SigmaMatcher {
    static func evaluate(_ c: SigmaCondition, _ selections: [SigmaSelection], _ view: inout SigmaEventView) -> Bool {
        switch c {
        case .selection(let i): return matches(selections[i], &view)
        case .not(let inner): return !evaluate(inner, selections, &view)
        case .and(let parts):
            for p in parts where !evaluate(p, selections, &view) { return false }
            return true
        case .or(let parts):
            for p in parts where evaluate(p, selections, &view) { return true }
            return false
        case .constant(let b): return b
        }
    }

    static func matches(_ s: SigmaSelection, _ view: inout SigmaEventView) -> Bool {
        alternatives: for alternative in s.alternatives {
            for test in alternative where !matches(test, &view) { continue alternatives }
            return true
        }
        return false
    }

    static func matches(_ t: SigmaFieldTest, _ view: inout SigmaEventView) -> Bool {
        if t.matchAll {
            for v in t.values where !matches(v, slot: t.slot, &view) { return false }
            return true
        }
        for v in t.values where matches(v, slot: t.slot, &view) { return true }
        return false
    }

    static func matches(_ v: SigmaValueTest, slot: Int, _ view: inout SigmaEventView) -> Bool {
        switch v {
        case .pattern(let p):
            guard let bytes = p.cased ? view.bytes(slot) : view.lowercased(slot) else { return false }
            return p.matches(bytes)
        case .null:
            return view.text(slot) == nil
        case .exists(let wanted):
            return (view.text(slot) != nil) == wanted
        case .regex(let r):
            guard let text = view.text(slot) else { return false }
            return r.matches(text)
        case .cidr(let c):
            guard let text = view.text(slot) else { return false }
            return c.contains(text)
        case .compare(let op, let n):
            guard let text = view.text(slot), let x = Double(text.hasPrefix("0x") ? String(Int(text.dropFirst(2), radix: 16) ?? 0) : text) else { return false }
            switch op {
            case .less: return x < n
            case .lessOrEqual: return x <= n
            case .greater: return x > n
            case .greaterOrEqual: return x >= n
            }
        case .fieldReference(let other):
            guard let a = view.lowercased(slot), let b = view.lowercased(other) else { return false }
            return a == b
        }
    }
}
