import VigilCore
import Yams

/// Reads Sigma rules (YAML) into ``SigmaRule``s, compiling their detection against a ``SigmaFieldTable``.
public struct SigmaRuleParser: Sendable {
    public private(set) var fields = SigmaFieldTable()

    public init() {}

    /// One rule from the text of a `.yml` file. Throws a ``SigmaRuleRejection`` naming what is wrong.
    public mutating func parse(_ yaml: String, source: String) throws(SigmaRuleRejection) -> SigmaRule {
        var documents: [Node] = []
        do {
            // Document by document: `compose_all`'s lazy sequence stops quietly at a syntax error.
            let parser = try Parser(yaml: yaml)
            while let node = try parser.nextRoot() { documents.append(node) }
        } catch {
            throw SigmaRuleRejection(source: source, kind: .malformed, reason: "not valid YAML: \(Self.clip("\(error)"))")
        }
        guard documents.count == 1, let root = documents[0].mapping else {
            if documents.count > 1 {
                throw SigmaRuleRejection(source: source, kind: .unsupported, reason: "multi-document rule files (action: global, correlations) are not supported")
            }
            throw SigmaRuleRejection(source: source, kind: .malformed, reason: "a rule is a YAML mapping")
        }
        func string(_ key: String) -> String? { root[key]?.scalar?.string }
        let id = string("id") ?? source
        func reject(_ kind: SigmaRuleRejection.Kind, _ reason: String) -> SigmaRuleRejection {
            SigmaRuleRejection(source: source, ruleID: string("id"), kind: kind, reason: reason)
        }
        if root["correlation"] != nil || string("type") == "correlation" {
            throw reject(.unsupported, "correlation rules are not evaluated (Vigil's campaigns correlate observations)")
        }
        guard let title = string("title"), !title.isEmpty else { throw reject(.malformed, "no title") }
        let levelText = (string("level") ?? "informational").lowercased()
        guard let level = SigmaLevel(rawValue: levelText) else { throw reject(.malformed, "unknown level '\(levelText)'") }
        let tags = root["tags"]?.sequence?.compactMap { $0.scalar?.string } ?? []
        let techniques = tags.compactMap { tag -> String? in
            let t = tag.lowercased()
            guard t.hasPrefix("attack.t"), t.dropFirst(8).first?.isNumber == true else { return nil }
            return String(t.dropFirst(7)).uppercased()
        }
        let logsource = root["logsource"]?.mapping
        let logSource = SigmaLogSource(
            product: logsource?["product"]?.scalar?.string.lowercased(), category: logsource?["category"]?.scalar?.string.lowercased(),
            service: logsource?["service"]?.scalar?.string.lowercased())
        guard let detection = root["detection"]?.mapping else { throw reject(.malformed, "no detection") }

        var names: [String] = []
        var selections: [SigmaSelection] = []
        var slots: Set<Int> = []
        var conditionTexts: [String] = []
        for (keyNode, value) in detection {
            guard let key = keyNode.scalar?.string else { throw reject(.malformed, "a detection key is not a string") }
            if key == "condition" {
                if let s = value.scalar?.string {
                    conditionTexts = [s]
                } else if let list = value.sequence {
                    conditionTexts = list.compactMap { $0.scalar?.string }
                }
                continue
            }
            if key == "timeframe" { continue }
            do {
                let selection = try compileSelection(key, value, slots: &slots)
                names.append(key)
                selections.append(selection)
            } catch let error as SigmaCompileError {
                throw reject(error.kind, "selection '\(key)': \(error.reason)")
            } catch {
                throw reject(.malformed, "selection '\(key)': \(error)")
            }
        }
        guard !conditionTexts.isEmpty else { throw reject(.malformed, "detection has no condition") }
        var conditions: [SigmaCondition] = []
        for text in conditionTexts {
            do {
                conditions.append(try SigmaCondition.parse(text, names: names))
            } catch {
                throw reject(error.description.hasPrefix("aggregation") ? .unsupported : .malformed, error.description)
            }
        }
        return SigmaRule(
            id: id, title: title, level: level, status: (string("status") ?? "").lowercased(), techniques: techniques, tags: tags,
            logSource: logSource, source: source, condition: conditions.count == 1 ? conditions[0] : .or(conditions),
            selections: selections, fieldSlots: slots.sorted())
    }

    // MARK: - Selections

    private mutating func compileSelection(_ name: String, _ node: Node, slots: inout Set<Int>) throws -> SigmaSelection {
        switch node {
        case .mapping(let map):
            return SigmaSelection(name: name, alternatives: [try compileMap(map, slots: &slots)])
        case .sequence(let items):
            if items.allSatisfy({ $0.mapping != nil }) {
                var alternatives: [[SigmaFieldTest]] = []
                for item in items { alternatives.append(try compileMap(item.mapping!, slots: &slots)) }
                return SigmaSelection(name: name, alternatives: alternatives)
            }
            guard items.allSatisfy({ $0.scalar != nil }) else {
                throw SigmaCompileError(.malformed, "a list mixes field maps and keywords")
            }
            let values = items.map { SigmaValueTest.pattern(SigmaPattern($0.scalar!.string, leadingWildcard: true, trailingWildcard: true)) }
            return SigmaSelection(name: name, alternatives: [[SigmaFieldTest(slot: SigmaFieldTable.keywordSlot, matchAll: false, values: values)]])
        case .scalar(let s):
            let test = SigmaFieldTest(
                slot: SigmaFieldTable.keywordSlot, matchAll: false,
                values: [.pattern(SigmaPattern(s.string, leadingWildcard: true, trailingWildcard: true))])
            return SigmaSelection(name: name, alternatives: [[test]])
        default:
            throw SigmaCompileError(.malformed, "unsupported YAML node")
        }
    }

    private mutating func compileMap(_ map: Node.Mapping, slots: inout Set<Int>) throws -> [SigmaFieldTest] {
        var tests: [SigmaFieldTest] = []
        for (keyNode, value) in map {
            guard let key = keyNode.scalar?.string else { throw SigmaCompileError(.malformed, "a field name is not a string") }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let field = parts[0]
            let modifiers = parts.dropFirst().map { $0.lowercased() }
            let slot = field.isEmpty ? SigmaFieldTable.keywordSlot : fields.slot(forSigmaField: field)
            slots.insert(slot)
            let rawValues: [Node?]
            if let list = value.sequence { rawValues = list.map { $0 } } else { rawValues = [value] }
            var test = SigmaFieldTest(slot: slot, matchAll: modifiers.contains("all"), values: [])
            for raw in rawValues {
                test.values += try compileValue(raw, modifiers: modifiers, field: field)
            }
            if test.values.isEmpty { throw SigmaCompileError(.malformed, "field '\(field)' has no values") }
            if case .fieldReference = test.values[0] {
                // Resolve the referenced fields' slots now that the table may grow.
                test.values = try rawValues.map { raw in
                    guard let name = raw?.scalar?.string else { throw SigmaCompileError(.malformed, "fieldref needs field names") }
                    let s = fields.slot(forSigmaField: name)
                    slots.insert(s)
                    return .fieldReference(s)
                }
            }
            tests.append(test)
        }
        return tests
    }

    static let knownModifiers: Set<String> = [
        "contains", "startswith", "endswith", "all", "cased", "re", "i", "m", "s", "cidr", "exists", "windash", "base64",
        "base64offset", "wide", "utf16le", "utf16", "utf16be", "lt", "lte", "gt", "gte", "fieldref",
    ]

    private func compileValue(_ node: Node?, modifiers: [String], field: String) throws -> [SigmaValueTest] {
        for m in modifiers where !Self.knownModifiers.contains(m) {
            if m == "expand" { throw SigmaCompileError(.unsupported, "the 'expand' modifier needs placeholders Vigil does not define") }
            throw SigmaCompileError(.malformed, "unknown modifier '\(m)' on field '\(field)'")
        }
        let text: String?
        if let node {
            if case .scalar(let s) = node {
                let isNull = s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
                text = isNull ? nil : s.string
            } else {
                throw SigmaCompileError(.malformed, "field '\(field)' has a nested value")
            }
        } else {
            text = nil
        }
        let has = Set(modifiers)
        if has.contains("fieldref") { return [.fieldReference(0)] }
        guard let text else { return [.null] }
        if has.contains("exists") {
            switch text.lowercased() {
            case "true", "yes": return [.exists(true)]
            case "false", "no": return [.exists(false)]
            default: throw SigmaCompileError(.malformed, "'exists' takes true or false")
            }
        }
        for (modifier, op) in [("lt", SigmaComparison.less), ("lte", .lessOrEqual), ("gt", .greater), ("gte", .greaterOrEqual)]
        where has.contains(modifier) {
            guard let n = Double(text) else { throw SigmaCompileError(.malformed, "'\(modifier)' needs a number, not '\(text)'") }
            return [.compare(op, n)]
        }
        if has.contains("re") {
            do {
                return [.regex(try SigmaRegex(text, ignoreCase: has.contains("i"), multiline: has.contains("m"), dotAll: has.contains("s")))]
            } catch {
                throw SigmaCompileError(.malformed, "bad regular expression '\(Self.clip(text))'")
            }
        }
        if has.contains("cidr") {
            guard let cidr = SigmaCIDR(text) else { throw SigmaCompileError(.malformed, "bad network '\(text)'") }
            return [.cidr(cidr)]
        }
        let contains = has.contains("contains")
        let leading = contains || has.contains("endswith")
        let trailing = contains || has.contains("startswith")
        if has.contains("base64offset") || has.contains("base64") {
            var bytes = Array(text.utf8)
            if has.contains("wide") || has.contains("utf16le") || has.contains("utf16") {
                bytes = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            } else if has.contains("utf16be") {
                bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            }
            // Encoded text is case-sensitive; each encoding is searched as written.
            let encodings = has.contains("base64offset") ? SigmaBase64.offsets(bytes) : [SigmaBase64.encode(bytes)]
            return encodings.map { .pattern(SigmaPattern($0.replacingWildcardsEscaped(), leadingWildcard: leading || has.contains("base64offset"),
                                                         trailingWildcard: trailing || has.contains("base64offset"), cased: true)) }
        }
        let variants = has.contains("windash") ? Self.windashVariants(text) : [text]
        return variants.map { .pattern(SigmaPattern($0, leadingWildcard: leading, trailingWildcard: trailing, cased: has.contains("cased"))) }
    }

    /// The dash variants of a command-line flag Windows accepts: `-`, `/`, en dash, em dash, horizontal bar.
    static func windashVariants(_ text: String) -> [String] {
        let dashes: [Character] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]
        let chars = Array(text)
        var positions: [Int] = []
        for (i, c) in chars.enumerated() where c == "-" || c == "/" {
            if i == 0 || chars[i - 1] == " " { positions.append(i) }
        }
        guard !positions.isEmpty else { return [text] }
        return dashes.map { dash in
            var copy = chars
            for p in positions { copy[p] = dash }
            return String(copy)
        }
    }

    static func clip(_ s: String, _ n: Int = 160) -> String { s.count <= n ? s : String(s.prefix(n)) + "…" }
}

struct SigmaCompileError: Error {
    var kind: SigmaRuleRejection.Kind
    var reason: String
    init(_ kind: SigmaRuleRejection.Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// Base64 as Sigma's `base64` and `base64offset` modifiers use it.
enum SigmaBase64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The three encodings of `bytes` as they appear inside a longer base64 text, whatever their offset in it
    /// (the Sigma specification's `base64offset`): prefix padding removed and the characters that depend on
    /// neighbouring bytes trimmed.
    static func offsets(_ bytes: [UInt8]) -> [String] {
        let startTrim = [0, 2, 3]
        let endTrim = [0, -3, -2]
        return (0..<3).map { shift in
            let padded = Array(repeating: UInt8(ascii: " "), count: shift) + bytes
            let encoded = Array(encode(padded).utf8)
            let end = encoded.count - endTrim[(bytes.count + shift) % 3] * -1
            let slice = encoded[startTrim[shift]..<max(startTrim[shift], min(encoded.count, end))]
            return String(decoding: slice.filter { $0 != UInt8(ascii: "=") }, as: UTF8.self)
        }
    }
}
