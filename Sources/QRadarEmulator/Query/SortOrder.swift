import VigilCore
import EmulatorEngine

/// A parsed `sort` parameter: `+id`, `-start_time`, several comma-separated, `\` escaping `,()\` in names
/// (QRADAR.md §1.6). A key without a sign sorts ascending.
struct SortOrder: Sendable, Hashable {
    struct Key: Sendable, Hashable {
        var field: FieldPath
        var ascending: Bool
    }

    var keys: [Key]

    static func parse(_ text: String?) -> Result<SortOrder?, FilterSyntaxError> {
        guard let text, !text.trimmingSpaces().isEmpty else { return .success(nil) }
        var keys: [Key] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        var parts: [String] = []
        for c in text.unicodeScalars {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "," { parts.append(String(current)); current = .init(); continue }
            current.append(c)
        }
        parts.append(String(current))
        for raw in parts {
            var part = raw.trimmingSpaces()
            var ascending = true
            if part.hasPrefix("+") { part.removeFirst() } else if part.hasPrefix("-") { ascending = false; part.removeFirst() }
            part = part.trimmingSpaces()
            guard !part.isEmpty else { return .failure(FilterSyntaxError(message: "The sort parameter \"\(text)\" names an empty field.")) }
            // `duration(days)` sorts by a sub-field.
            var components: [String] = []
            var rest = Substring(part)
            while let open = rest.firstIndex(of: "(") {
                components.append(String(rest[..<open]).trimmingSpaces())
                rest = rest[rest.index(after: open)...]
            }
            components.append(String(rest.filter { $0 != ")" }).trimmingSpaces())
            guard !components.contains(where: \.isEmpty) else {
                return .failure(FilterSyntaxError(message: "The sort parameter \"\(text)\" is not valid."))
            }
            keys.append(Key(field: FieldPath(components: components), ascending: ascending))
        }
        return .success(SortOrder(keys: keys))
    }

    /// Sorts stably; nulls and absent values sort first ascending (last descending).
    func sorted(_ values: [JSONValue]) -> [JSONValue] {
        struct Decorated {
            var index: Int
            var value: JSONValue
            var sortKeys: [JSONValue]
        }
        let decorated = values.enumerated().map { offset, element in
            Decorated(index: offset, value: element, sortKeys: keys.map { FilterEvaluator.resolve($0.field, in: element) ?? .null })
        }
        return decorated.sorted { a, b in
            for (i, key) in keys.enumerated() {
                let c = Self.compare(a.sortKeys[i], b.sortKeys[i])
                if c != 0 { return key.ascending ? c < 0 : c > 0 }
            }
            return a.index < b.index
        }.map { $0.value }
    }

    /// A total order over JSON values: null < booleans < numbers < strings < lists < objects.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        func rank(_ v: JSONValue) -> Int {
            switch v {
            case .null: return 0
            case .bool: return 1
            case .int, .double: return 2
            case .string: return 3
            case .array: return 4
            case .object: return 5
            }
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.array(let x), .array(let y)):
            for (u, v) in zip(x, y) { let c = compare(u, v); if c != 0 { return c } }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.object, .object): return 0
        default:
            let x = a.doubleValue ?? 0, y = b.doubleValue ?? 0
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }
}
