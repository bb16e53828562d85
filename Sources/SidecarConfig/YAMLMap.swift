import Foundation
import Yams

/// A YAML mapping at a key path, read field by field; type errors become issues naming the key.
final class YAMLMap {
    let path: String
    let mapping: Node.Mapping?
    let node: Node?
    let context: LoadContext

    init(path: String, node: Node?, context: LoadContext) {
        self.path = path
        self.node = node
        self.mapping = node?.mapping
        self.context = context
    }

    /// An empty (absent) section: every read returns nil, so defaults apply.
    static func absent(_ path: String, context: LoadContext) -> YAMLMap {
        YAMLMap(path: path, node: nil, context: context)
    }

    var isPresent: Bool { mapping != nil }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// The keys present, in file order.
    var keys: [(name: String, node: Node)] {
        guard let mapping else { return [] }
        return mapping.map { (Self.scalarText($0.key) ?? "?", $0.key) }
    }

    /// Reports every key not in `allowed`, suggesting the nearest allowed key for a likely typo.
    func checkKeys(_ allowed: [String], hints: [String: String] = [:]) {
        for (name, keyNode) in keys where !allowed.contains(name) {
            if let hint = hints[name] {
                context.fail(key(name), hint, at: keyNode)
            } else if let suggestion = Suggestion.nearest(to: name, in: allowed) {
                context.fail(key(name), "unknown key (did you mean '\(suggestion)'?)", at: keyNode)
            } else {
                context.fail(key(name), "unknown key (allowed here: \(allowed.joined(separator: ", ")))", at: keyNode)
            }
        }
    }

    /// The value node, nil when absent or null.
    func value(_ name: String) -> Node? {
        guard let mapping else { return nil }
        for (k, v) in mapping where Self.scalarText(k) == name {
            return Self.isNull(v) ? nil : v
        }
        return nil
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL")
    }

    static func scalarText(_ node: Node) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func string(_ name: String) -> String? {
        guard let v = value(name) else { return nil }
        guard let s = Self.scalarText(v) else {
            context.fail(key(name), "expected a text value, got \(Self.kindName(v))", at: v)
            return nil
        }
        return s
    }

    /// A required non-empty string.
    func nonEmptyString(_ name: String) -> String? {
        guard let s = string(name) else { return nil }
        if s.trimmingSpacesAndTabs().isEmpty {
            context.fail(key(name), "must not be empty", at: value(name))
            return nil
        }
        return s
    }

    func bool(_ name: String) -> Bool? {
        guard let v = value(name) else { return nil }
        if let s = Self.scalarText(v), case .scalar(let sc) = v, sc.style == .plain {
            switch s.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        context.fail(key(name), "expected true or false, got \(Self.describe(v))", at: v)
        return nil
    }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let v = value(name) else { return nil }
        guard let s = Self.scalarText(v), let i = Int(s.replacingOccurrences(of: "_", with: "")) else {
            context.fail(key(name), "expected a whole number, got \(Self.describe(v))", at: v)
            return nil
        }
        if let range, !range.contains(i) {
            context.fail(key(name), "must be between \(range.lowerBound) and \(range.upperBound); got \(i)", at: v)
            return nil
        }
        return i
    }

    func double(_ name: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let v = value(name) else { return nil }
        guard let s = Self.scalarText(v), let d = Double(s), d.isFinite else {
            context.fail(key(name), "expected a number, got \(Self.describe(v))", at: v)
            return nil
        }
        if let range, !range.contains(d) {
            context.fail(key(name), "must be between \(range.lowerBound) and \(range.upperBound); got \(s)", at: v)
            return nil
        }
        return d
    }

    /// A duration in milliseconds (integers are seconds).
    func duration(_ name: String, positive: Bool = false) -> Int64? {
        guard let v = value(name) else { return nil }
        guard let s = Self.scalarText(v) else {
            context.fail(key(name), "expected a duration, got \(Self.kindName(v))", at: v)
            return nil
        }
        switch ConfigDuration.parseMillis(s) {
        case .success(let ms):
            if positive && ms <= 0 {
                context.fail(key(name), "must be longer than zero; got '\(s)'", at: v)
                return nil
            }
            return ms
        case .failure(let error):
            context.fail(key(name), error.description, at: v)
            return nil
        }
    }

    /// A list of strings; a single string is taken as a one-element list.
    func stringList(_ name: String) -> [String]? {
        guard let v = value(name) else { return nil }
        switch v {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            var out: [String] = []
            for (i, item) in seq.enumerated() {
                guard let s = Self.scalarText(item) else {
                    context.fail("\(key(name))[\(i)]", "expected a text value, got \(Self.kindName(item))", at: item)
                    continue
                }
                out.append(s)
            }
            return out
        default:
            context.fail(key(name), "expected a list, got \(Self.kindName(v))", at: v)
            return nil
        }
    }

    /// A nested mapping; absent (or null) gives an absent section whose reads return nil.
    func section(_ name: String) -> YAMLMap {
        guard let v = value(name) else { return .absent(key(name), context: context) }
        guard v.mapping != nil else {
            context.fail(key(name), "expected a mapping (key: value lines), got \(Self.kindName(v))", at: v)
            return .absent(key(name), context: context)
        }
        return YAMLMap(path: key(name), node: v, context: context)
    }

    /// A list of nodes; nil when absent.
    func list(_ name: String) -> [Node]? {
        guard let v = value(name) else { return nil }
        guard case .sequence(let seq) = v else {
            context.fail(key(name), "expected a list, got \(Self.kindName(v))", at: v)
            return nil
        }
        return Array(seq)
    }

    /// Short text for a value in an error message; long values are cut.
    static func describe(_ node: Node) -> String {
        guard let s = scalarText(node) else { return kindName(node) }
        return "'\(s.count > 60 ? String(s.prefix(60)) + "…" : s)'"
    }
}
