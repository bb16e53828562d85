import VigilCore
import EmulatorEngine

/// A parsed `fields` selector: `id,status,rules(id,type)` (QRADAR.md §1.6).
///
/// Names may escape `,`, `(`, `)` and `\` with a backslash; spaces around names are ignored (the PyPI `qradar`
/// client sends `http_method, path`).
struct FieldSelection: Sendable, Hashable {
    struct Item: Sendable, Hashable {
        var name: String
        var subfields: FieldSelection?
    }

    var items: [Item]

    /// Parses a selector; nil or blank means "all fields".
    static func parse(_ text: String?) throws(APIError) -> FieldSelection? {
        guard let text, !text.trimmingSpaces().isEmpty else { return nil }
        var scalars = Array(text.unicodeScalars)[...]
        let selection = try parseList(&scalars, nested: false)
        guard scalars.isEmpty else { throw APIError(status: 422, code: 30, message: "Failed to parse the fields parameter \"\(text)\".") }
        return selection
    }

    private static func parseList(_ s: inout ArraySlice<Unicode.Scalar>, nested: Bool) throws(APIError) -> FieldSelection {
        var items: [Item] = []
        while true {
            var name = String.UnicodeScalarView()
            var escaped = false
            while let c = s.first {
                if escaped { name.append(c); escaped = false; s = s.dropFirst(); continue }
                if c == "\\" { escaped = true; s = s.dropFirst(); continue }
                if c == "," || c == "(" || c == ")" { break }
                name.append(c)
                s = s.dropFirst()
            }
            let trimmed = String(name).trimmingSpaces()
            var sub: FieldSelection?
            if s.first == "(" {
                s = s.dropFirst()
                sub = try parseList(&s, nested: true)
                guard s.first == ")" else { throw APIError(status: 422, code: 30, message: "Unbalanced parentheses in the fields parameter.") }
                s = s.dropFirst()
                while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
            }
            if !trimmed.isEmpty {
                items.append(Item(name: trimmed, subfields: sub))
            } else if sub != nil {
                throw APIError(status: 422, code: 30, message: "A sub-field list in the fields parameter has no field name.")
            }
            guard let c = s.first else { break }
            if c == "," { s = s.dropFirst(); continue }
            if c == ")" {
                guard nested else { throw APIError(status: 422, code: 30, message: "Unbalanced parentheses in the fields parameter.") }
                break
            }
        }
        return FieldSelection(items: items)
    }

    /// Checks every named field against what the endpoint's objects have.
    ///
    /// Top-level names are checked against `known`; sub-field names against the nested objects in `sample`
    /// (when the sample has any, since an empty list teaches nothing about nested shapes).
    func validate(known: Set<String>, sample: [JSONValue]) throws(APIError) {
        for item in items {
            guard known.contains(item.name) else { throw .unknownField(item.name) }
            guard let sub = item.subfields else { continue }
            let nested = sample.flatMap { Self.objects(in: $0[item.name]) }
            if nested.isEmpty { continue }
            let nestedKnown = Set(nested.flatMap { $0.objectValue.map { Array($0.keys) } ?? [] })
            try sub.validate(known: nestedKnown, sample: nested)
        }
    }

    private static func objects(in value: JSONValue?) -> [JSONValue] {
        switch value {
        case .object(let members)?: return [.object(members)]
        case .array(let elements)?: return elements.filter { $0.objectValue != nil }
        default: return []
        }
    }

    /// Keeps only the selected fields (recursively into objects and lists of objects).
    func project(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            kept.reserveCapacity(items.count)
            for item in items {
                guard let member = members[item.name] else { continue }
                kept[item.name] = item.subfields.map { $0.project(member) } ?? member
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map(project))
        default:
            return value
        }
    }
}
