import VigilCore

/// Why a finding was benign although the behaviour was real.
public enum BenignTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    case maintenanceWindow = "maintenance-window"
    case pentestAccount = "pentest-account"
    case vulnerabilityScanner = "vulnerability-scanner"
    case serviceAccount = "service-account"
    case backupJob = "backup-job"
    case approvedChange = "approved-change"
    case businessTravel = "business-travel"
    case unspecified
}

/// An analyst's (or QRadar's) verdict on a finding. How labels change models is the analytics side's business;
/// this is only the vocabulary.
public enum FeedbackLabel: Sendable, Hashable, Codable {
    /// The detection was wrong: the behaviour was not unusual or not what the finding claimed.
    case falsePositive
    /// The behaviour happened and was unusual, but was legitimate for a known reason.
    case benign(BenignTrigger)
    /// A real incident.
    case truePositive
    /// Not an attack, but against policy (shadow IT, sharing accounts).
    case policyViolation

    /// Stable text: `false-positive`, `benign:<trigger>`, `true-positive`, `policy-violation`.
    public var name: String {
        switch self {
        case .falsePositive: return "false-positive"
        case .benign(let t): return "benign:\(t.rawValue)"
        case .truePositive: return "true-positive"
        case .policyViolation: return "policy-violation"
        }
    }

    /// Parses ``name``.
    public init?(name: String) {
        switch name {
        case "false-positive": self = .falsePositive
        case "true-positive": self = .truePositive
        case "policy-violation": self = .policyViolation
        case "benign": self = .benign(.unspecified)
        default:
            guard name.hasPrefix("benign:"), let t = BenignTrigger(rawValue: String(name.dropFirst("benign:".count))) else { return nil }
            self = .benign(t)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let label = FeedbackLabel(name: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown feedback label '\(text)'")
        }
        self = label
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// Maps QRadar offense closing reasons to labels. Matching ignores case, spaces and punctuation, so
/// `False-Positive, Tuned` and `False-Positive (Tuned)` are the same reason.
public struct ClosingReasonMapping: Sendable, Hashable {
    private var table: [String: FeedbackLabel]

    /// QRadar's stock reasons: `Non-Issue` → benign (unspecified trigger: QRadar does not say why),
    /// `False-Positive, Tuned` → false positive, `Policy Violation` → policy violation.
    public static let qradarDefault = ClosingReasonMapping(reasons: [
        "Non-Issue": .benign(.unspecified),
        "False-Positive, Tuned": .falsePositive,
        "Policy Violation": .policyViolation,
    ])

    public init(reasons: [String: FeedbackLabel]) {
        table = [:]
        for (text, label) in reasons { table[Self.key(text)] = label }
    }

    /// Adds or replaces a (custom) closing reason, e.g. `"Confirmed Incident"` → `.truePositive`.
    public func adding(_ reason: String, as label: FeedbackLabel) -> ClosingReasonMapping {
        var copy = self
        copy.table[Self.key(reason)] = label
        return copy
    }

    /// The label for a closing reason's text, or `nil` for a reason the mapping does not know.
    public func label(forClosingReason text: String) -> FeedbackLabel? {
        table[Self.key(text)]
    }

    static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }
}

/// Where a label came from.
public enum FeedbackSource: String, Sendable, Hashable, Codable {
    /// An analyst in Vigil's console or API.
    case analyst
    /// A QRadar offense closed with a reason.
    case qradarClosure = "qradar-closure"
}

/// One verdict.
public struct FeedbackRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var findingID: String?
    public var offenseID: Int?
    /// The entity the finding was about.
    public var entity: EntityRef?
    /// The use case (detector id or campaign kind).
    public var useCase: String?
    public var label: FeedbackLabel
    public var source: FeedbackSource
    public var actor: String
    public var note: String?
    public var time: EpochMillis

    public init(id: String, findingID: String? = nil, offenseID: Int? = nil, entity: EntityRef? = nil, useCase: String? = nil,
                label: FeedbackLabel, source: FeedbackSource, actor: String, note: String? = nil, time: EpochMillis) {
        self.id = id
        self.findingID = findingID
        self.offenseID = offenseID
        self.entity = entity
        self.useCase = useCase
        self.label = label
        self.source = source
        self.actor = actor
        self.note = note
        self.time = time
    }
}

/// Where feedback lives.
public protocol FeedbackStore: Sendable {
    /// Stores a record (replacing one with the same id: a re-closed offense updates its label).
    func saveFeedback(_ record: FeedbackRecord) async throws
    /// Records with time in `[from, to)`, oldest first.
    func feedback(from: EpochMillis, to: EpochMillis) async throws -> [FeedbackRecord]
    /// Records about one finding, oldest first.
    func feedback(findingID: String) async throws -> [FeedbackRecord]
}
