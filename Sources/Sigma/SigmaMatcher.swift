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
            guard let text = view.text(slot), let lowered = view.lowercased(slot) else { return false }
            return r.matches(text, lowercased: lowered)
        case .cidr(let c):
            guard let text = view.text(slot) else { return false }
            return c.contains(text)
        case .compare(let op, let n):
            guard let text = view.text(slot), let x = number(text) else { return false }
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

    /// A field's number: decimal, or hexadecimal with `0x` (access masks, status codes); nil for anything else.
    static func number(_ text: String) -> Double? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16).map { Double($0) } }
        return Double(text)
    }
}
