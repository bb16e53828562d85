/// A prefilter over rules. Almost every rule can only match when some field holds some literal: the image's file
/// name (`Image|endswith: '\certutil.exe'`), a command-line fragment (`CommandLine|contains: 'urlcache'`), a
/// registry path. Each rule is filed under such a set of (field, literal) anchors — one of which must occur for the
/// rule to match — and one Aho–Corasick pass per field finds the anchors an event holds; only their rules are
/// evaluated. Rules without anchors (`not` only, regular expressions, numeric tests) run for every event of their
/// log source. The prefilter never changes a result, only skips rules that cannot match.
struct SigmaAnchorIndex: Sendable {
    struct SlotIndex: Sendable {
        var slot: Int
        var automaton: SigmaAhoCorasick
        /// Literal id → rules anchored on it.
        var rules: [[Int32]]
        /// The distinct log sources (product, category, service ids) of those rules: a field is scanned only for
        /// events one of them applies to (reading and scanning the keyword text of every event would cost more
        /// than all the rules).
        var sources: [SIMD3<Int32>]
    }

    private(set) var slots: [SlotIndex] = []
    /// Rules with no anchor.
    private(set) var unanchored: [Int] = []
    private(set) var anchoredRuleCount = 0
    /// Each rule's log source as interned ids (-1: any), so the per-event check compares integers.
    private var ruleProduct: [Int32] = []
    private var ruleCategory: [Int32] = []
    private var ruleService: [Int32] = []
    private var vocabulary: [String: Int32] = [:]

    /// An event's log source as interned ids (-2: a value no rule names).
    struct EventSource {
        var product: Int32
        var categories: (Int32, Int32, Int32)
        var service: Int32
    }

    init(rules: [SigmaRule]) {
        func intern(_ s: String?) -> Int32 {
            guard let s else { return -1 }
            if let id = vocabulary[s] { return id }
            let id = Int32(vocabulary.count)
            vocabulary[s] = id
            return id
        }
        for r in rules {
            ruleProduct.append(intern(r.logSource.product))
            ruleCategory.append(intern(r.logSource.category))
            ruleService.append(intern(r.logSource.service))
        }
        var literalsBySlot: [Int: [[UInt8]: Int]] = [:]
        var rulesBySlot: [Int: [[Int32]]] = [:]
        for (i, rule) in rules.enumerated() {
            guard let anchors = Self.anchors(rule.condition, rule.selections), !anchors.isEmpty else {
                unanchored.append(i)
                continue
            }
            anchoredRuleCount += 1
            for a in anchors {
                var ids = literalsBySlot[a.slot] ?? [:]
                let id: Int
                if let existing = ids[a.literal] { id = existing } else {
                    id = ids.count
                    ids[a.literal] = id
                    rulesBySlot[a.slot, default: []].append([])
                }
                literalsBySlot[a.slot] = ids
                rulesBySlot[a.slot]![id].append(Int32(i))
            }
        }
        for slot in literalsBySlot.keys.sorted() {
            let ids = literalsBySlot[slot]!
            var literals = [[UInt8]](repeating: [], count: ids.count)
            for (literal, id) in ids { literals[id] = literal }
            let slotRules = rulesBySlot[slot]!
            let sources = Set(slotRules.flatMap { $0 }.map { SIMD3(ruleProduct[Int($0)], ruleCategory[Int($0)], ruleService[Int($0)]) })
            slots.append(SlotIndex(slot: slot, automaton: SigmaAhoCorasick(literals: literals), rules: slotRules,
                                   sources: sources.sorted { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }))
        }
    }

    /// The event's log source in the rules' ids.
    func source(_ c: SigmaEventClass) -> EventSource {
        func id(_ s: String?) -> Int32 { s.flatMap { vocabulary[$0] } ?? -2 }
        let cats = c.categories
        return EventSource(product: id(c.product), categories: (id(cats.first), cats.count > 1 ? id(cats[1]) : -2, cats.count > 2 ? id(cats[2]) : -2),
                           service: id(c.service))
    }

    /// Whether rule `i` is written for events of this log source.
    @inline(__always) func applies(_ i: Int, to e: EventSource) -> Bool {
        Self.applies(SIMD3(ruleProduct[i], ruleCategory[i], ruleService[i]), to: e)
    }

    /// Whether a log source (product, category, service ids; -1 any) covers the event's.
    @inline(__always) static func applies(_ r: SIMD3<Int32>, to e: EventSource) -> Bool {
        (r.x == -1 || r.x == e.product) && (r.z == -1 || r.z == e.service)
            && (r.y == -1 || r.y == e.categories.0 || r.y == e.categories.1 || r.y == e.categories.2)
    }

    struct Anchor: Hashable {
        var slot: Int
        var literal: [UInt8]
    }

    /// A set of anchors one of which must occur for the condition to be true, or nil when there is none. Among
    /// choices, the one whose shortest literal is longest (fewest chance hits), then the smallest.
    static func anchors(_ c: SigmaCondition, _ selections: [SigmaSelection]) -> Set<Anchor>? {
        switch c {
        case .selection(let i):
            var out: Set<Anchor> = []
            for alternative in selections[i].alternatives {
                var best: Set<Anchor>? = nil
                for test in alternative {
                    if let a = anchors(test), better(a, than: best) { best = a }
                }
                guard let best else { return nil }
                out.formUnion(best)
            }
            return out
        case .and(let parts):
            var best: Set<Anchor>? = nil
            for p in parts {
                if let a = anchors(p, selections), better(a, than: best) { best = a }
            }
            return best
        case .or(let parts):
            var out: Set<Anchor> = []
            for p in parts {
                guard let a = anchors(p, selections) else { return nil }
                out.formUnion(a)
            }
            return out
        case .not:
            return nil
        }
    }

    private static func better(_ a: Set<Anchor>, than b: Set<Anchor>?) -> Bool {
        guard let b else { return true }
        let ma = a.map(\.literal.count).min() ?? 0, mb = b.map(\.literal.count).min() ?? 0
        if min(ma, 6) != min(mb, 6) { return ma > mb }
        return a.count < b.count
    }

    /// The literals a field test requires (one per value; for `|all`, the longest value's), or nil.
    static func anchors(_ t: SigmaFieldTest) -> Set<Anchor>? {
        guard !t.values.isEmpty else { return nil }
        var literals: [[UInt8]] = []
        for v in t.values {
            let literal: [UInt8]?
            switch v {
            case .pattern(let p): literal = requiredLiteral(p)
            case .regex(let r):
                // Every alternative's literal is an anchor of its own.
                if let all = r.requiredLiterals, !t.matchAll {
                    literals += all
                    continue
                }
                literal = r.requiredLiterals?.count == 1 ? r.requiredLiterals![0] : nil
            default: literal = nil
            }
            guard let l = literal else {
                if t.matchAll { continue }
                return nil
            }
            literals.append(l)
        }
        if t.matchAll {
            guard let longest = literals.max(by: { $0.count < $1.count }) else { return nil }
            return [Anchor(slot: t.slot, literal: longest)]
        }
        return Set(literals.map { Anchor(slot: t.slot, literal: $0) })
    }

    /// A lowercased literal every match of the pattern contains.
    static func requiredLiteral(_ p: SigmaPattern) -> [UInt8]? {
        let l: [UInt8]
        switch p.shape {
        case .exact(let x), .prefix(let x), .suffix(let x), .contains(let x): l = x
        case .glob(let tokens):
            var longest: [UInt8] = []
            for case .literal(let x) in tokens where x.count > longest.count { longest = x }
            l = longest
        case .anything: return nil
        }
        guard !l.isEmpty else { return nil }
        return p.cased ? l.map(SigmaPattern.lower) : l
    }

    /// Lowercased literals one of which every match of a regular expression contains (each at least 3 long):
    /// one per top-level alternative. Nil when some alternative has none. Conservative: groups, classes, escapes
    /// for classes, anchors and wildcards end a run, and a quantifier that allows zero repeats drops the character
    /// before it.
    static func requiredLiterals(regex: String) -> [[UInt8]]? {
        var branches: [[UInt8]] = []
        var current: [UInt8] = []
        var depth = 0, inClass = false
        let chars = Array(regex.utf8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "\\"), i + 1 < chars.count {
                current += [c, chars[i + 1]]
                i += 2
                continue
            }
            if inClass {
                if c == UInt8(ascii: "]") { inClass = false }
            } else if c == UInt8(ascii: "[") {
                inClass = true
            } else if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
            } else if c == UInt8(ascii: "|"), depth == 0 {
                branches.append(current)
                current = []
                i += 1
                continue
            }
            current.append(c)
            i += 1
        }
        branches.append(current)
        var out: [[UInt8]] = []
        for b in branches {
            guard let l = requiredLiteral(branch: b) else { return nil }
            out.append(l)
        }
        return out
    }

    /// The longest literal run of one alternative (no top-level `|`), or nil when shorter than 3.
    static func requiredLiteral(branch chars: [UInt8]) -> [UInt8]? {
        var best: [UInt8] = []
        var run: [UInt8] = []
        var depth = 0
        var inClass = false
        func end() {
            if run.count > best.count { best = run }
            run = []
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inClass {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "]") { inClass = false }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < chars.count else { return nil }
                let n = chars[i + 1]
                let isLetterOrDigit = (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || (n >= 48 && n <= 57)
                if depth == 0, !isLetterOrDigit { run.append(SigmaPattern.lower(n)) } else { end() }
                i += 2
                continue
            case UInt8(ascii: "("):
                end(); depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth < 0 { return nil }
            case UInt8(ascii: "["):
                end(); inClass = true
            case UInt8(ascii: "?"), UInt8(ascii: "*"):
                if depth == 0, !run.isEmpty { run.removeLast() }
                end()
            case UInt8(ascii: "{"):
                // `{0,…}` may remove the character before; `{n,…}` with n ≥ 1 keeps it but ends the run.
                if depth == 0, i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "0"), !run.isEmpty { run.removeLast() }
                end()
                while i < chars.count, chars[i] != UInt8(ascii: "}") { i += 1 }
            case UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "|"):
                end()
            default:
                if depth == 0 { run.append(SigmaPattern.lower(c)) }
            }
            i += 1
        }
        end()
        return best.count >= 3 ? best : nil
    }
}
