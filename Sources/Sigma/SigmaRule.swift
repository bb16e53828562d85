import VigilCore

/// A Sigma rule as Vigil runs it: its metadata and its detection compiled for matching against ``Event``s.
///
/// Sigma (https://github.com/SigmaHQ/sigma-specification) is the public format of detection rules; SigmaHQ's rules
/// are under the Detection Rule License 1.1. In Vigil a match is a low-severity *risk observation* that feeds the
/// entity's composite risk and the campaign correlation, never an alert of its own (``SigmaDetector``).
public struct SigmaRule: Sendable {
    /// The rule's `id` (a UUID in SigmaHQ's rules); the file name when the rule has none.
    public var id: String
    public var title: String
    /// `informational`, `low`, `medium`, `high` or `critical`.
    public var level: SigmaLevel
    /// `stable`, `test`, `experimental`, `deprecated`, `unsupported` (empty when absent).
    public var status: String
    /// ATT&CK technique ids from the `attack.tNNNN[.NNN]` tags, upper-case, in rule order.
    public var techniques: [String]
    /// All tags as written.
    public var tags: [String]
    public var logSource: SigmaLogSource
    /// Where the rule came from (file path), for reports.
    public var source: String
    let condition: SigmaCondition
    let selections: [SigmaSelection]
    /// Field slots (see ``SigmaFieldTable``) this rule reads.
    let fieldSlots: [Int]
}

/// A rule's `level`, ordered.
public enum SigmaLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    case informational, low, medium, high, critical

    public static func < (a: SigmaLevel, b: SigmaLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A rule's `logsource`: which events it is written for.
public struct SigmaLogSource: Sendable, Hashable {
    public var product: String?
    public var category: String?
    public var service: String?

    public init(product: String? = nil, category: String? = nil, service: String? = nil) {
        self.product = product
        self.category = category
        self.service = service
    }

    public var description: String {
        [product.map { "product \($0)" }, category.map { "category \($0)" }, service.map { "service \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// A rule that was not loaded, and why.
public struct SigmaRuleRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Not valid YAML, or not a valid Sigma rule (no detection, a condition naming no selection, a bad modifier
        /// or regular expression).
        case malformed
        /// Valid, but uses what Vigil does not evaluate (aggregations, correlation rules, placeholders).
        case unsupported
        /// Valid, for a log source Vigil does not read (cloud, macOS, proxies...).
        case otherLogSource
        /// Deprecated or excluded by the load options (level or status).
        case excluded
    }

    public var source: String
    public var ruleID: String?
    public var kind: Kind
    public var reason: String

    public init(source: String, ruleID: String? = nil, kind: Kind, reason: String) {
        self.source = source
        self.ruleID = ruleID
        self.kind = kind
        self.reason = reason
    }

    public var description: String {
        "\(source)\(ruleID.map { " (\($0))" } ?? ""): \(kind.rawValue): \(reason)"
    }
}

/// A named search of a rule's `detection`: OR over alternatives, each an AND of field tests (or keywords).
struct SigmaSelection: Sendable {
    var name: String
    /// OR over these; each is an AND over its tests.
    var alternatives: [[SigmaFieldTest]]
}

/// One `Field|modifiers: values` line, compiled.
struct SigmaFieldTest: Sendable {
    /// Slot of the field in ``SigmaFieldTable`` (keyword searches use ``SigmaFieldTable/keywordSlot``).
    var slot: Int
    /// `|all`: every value must match; otherwise one is enough.
    var matchAll: Bool
    var values: [SigmaValueTest]
}

/// One value of a field test.
enum SigmaValueTest: Sendable {
    case pattern(SigmaPattern)
    /// `null`: the field is absent or empty.
    case null
    case regex(SigmaRegex)
    case cidr(SigmaCIDR)
    case compare(SigmaComparison, Double)
    case exists(Bool)
    /// `|fieldref`: equal (case-insensitively) to another field of the same event.
    case fieldReference(Int)
}

enum SigmaComparison: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual
}
