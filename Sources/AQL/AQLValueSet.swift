/// A set of values with AQL's loose equality: text matches text exactly, numbers match numbers (and
/// numeric text) numerically, booleans match booleans and `'true'`/`'false'`. Backs IN lists and
/// `IN (SELECT …)`.
struct AQLValueSet: Sendable {
    private var strings: Set<String> = []
    private var numbers: Set<Double> = []
    /// Numbers spelled as text in the set (`IN ('22', '80')`), matched by numeric values.
    private var numericStrings: Set<Double> = []
    private var bools: Set<Bool> = []

    init<S: Sequence>(_ values: S) where S.Element == AQLValue {
        for v in values { insert(v) }
    }

    mutating func insert(_ v: AQLValue) {
        switch v {
        case .null: break
        case .string(let s):
            strings.insert(s)
            if let d = AQLNumberParsing.parseDouble(s) { numericStrings.insert(d) }
            if let b = v.boolValue { bools.insert(b) }
        case .long(let x): numbers.insert(Double(x))
        case .double(let d): numbers.insert(d)
        case .bool(let b): bools.insert(b)
        case .array(let items): for i in items { insert(i) }
        }
    }

    func contains(_ v: AQLValue) -> Bool {
        switch v {
        case .null: return false
        case .string(let s):
            if strings.contains(s) { return true }
            if !numbers.isEmpty, let d = AQLNumberParsing.parseDouble(s) { return numbers.contains(d) }
            return false
        case .long(let x): return numbers.contains(Double(x)) || numericStrings.contains(Double(x))
        case .double(let d): return numbers.contains(d) || numericStrings.contains(d)
        case .bool(let b): return bools.contains(b)
        case .array(let items): return items.contains { contains($0) }
        }
    }
}
