import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a campaign stands.
public enum CampaignStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Growing or waiting for more evidence.
    case open
    /// An analyst (or QRadar's closing reason) confirmed it as a real attack; it keeps growing.
    case confirmed
    /// Closed as a false positive: its contributions are reset and its entities link afresh.
    case closedFalsePositive = "closed-false-positive"
    /// Closed as real but benign (an authorised change, a pentest): reset as for a false positive.
    case closedBenign = "closed-benign"
    /// Found to be part of another raised campaign and merged into it (``Campaign/mergedInto``); its finding is
    /// closed and the story goes on in the other's.
    case merged
}

/// An analyst's verdict on a whole campaign.
public enum CampaignVerdict: String, Sendable, Hashable, Codable {
    case truePositive = "true-positive"
    case falsePositive = "false-positive"
    case benign
}

/// One named part of a campaign's score: an observed behaviour (the first signal of it, repeats extend it), the
/// detector that saw it, its weight and how it has decayed. The score is the sum of these and nothing else.
public struct CampaignContribution: Sendable, Hashable, Codable {
    /// The first signal of this behaviour (the subject of feedback and the narrative's evidence).
    public var signal: Signal
    /// The ATT&CK stage it stands for, when it says one.
    public var tactic: Tactic?
    /// An entity's composite risk crossed its own threshold (one strong observation raises a campaign alone).
    public var strong: Bool
    /// Points when observed: the signal's calibrated score times the detector's weight; a stronger repeat raises
    /// it, a weaker one does not.
    public var points: Double
    /// First and latest time the behaviour was seen.
    public var first: EpochMillis
    public var last: EpochMillis
    /// How many times it was seen (repeats extend the contribution instead of adding points).
    public var repeats: Int
    /// Set when an analyst's verdict reset the campaign: the contribution stays in the record at 0 points.
    public var reset: Bool

    /// The contribution's value at `time`: points halved every `ageHalfLifeDays` since it was last seen (0 once
    /// reset).
    public func value(at time: EpochMillis, ageHalfLifeDays: Double) -> Double {
        guard !reset else { return 0 }
        return points * CampaignMath.halving(time - last, halfLifeDays: ageHalfLifeDays)
    }

    /// Evidence ids of the contribution (the signal's).
    public var evidence: [String] { signal.evidence }
}

/// One recorded change of a campaign's score, so an analyst can read back why it moved ("rose from 1.2 to 3.1 on
/// Dec 3 because lateral movement by user u to 4 hosts (+1.9)").
public struct CampaignScoreChange: Sendable, Hashable, Codable {
    public var time: EpochMillis
    public var from: Double
    public var to: Double
    public var reason: String
}

/// One stage of a campaign: the observations of one ATT&CK tactic, from its first to its latest.
public struct CampaignStage: Codable, Sendable, Hashable {
    public var tactic: Tactic
    /// The tactic's short name (`"lateral-movement"`).
    public var name: String
    public var start: EpochMillis
    public var end: EpochMillis
    /// Signals that make up the stage.
    public var signalIDs: [String]
    /// Entities the stage's observations are about.
    public var entities: [EntityRef]
}

/// Observations linked across entities and days into one story: its stages in ATT&CK order, its entities, a
/// score that is the sum of named contributions, a confidence, a severity and the history of its score.
public struct Campaign: Codable, Sendable, Hashable, Identifiable {
    /// Deterministic: from the first observation's signal id, so a replay gives the same ids.
    public var id: String
    public var status: CampaignStatus
    /// The entity that carries the most points (what QRadar's offense for the campaign is indexed on).
    public var primaryEntity: EntityRef
    /// Every entity linked into the campaign, strongest first.
    public var entities: [EntityRef]
    /// Stages in the order they started.
    public var stages: [CampaignStage]
    public var contributions: [CampaignContribution]
    /// Sum of the contributions' values at ``end`` (points).
    public var score: Double
    /// 0...1: noisy-or over the strongest observation of each stage.
    public var confidence: Double
    public var severity: Severity
    /// First and latest observation.
    public var start: EpochMillis
    public var end: EpochMillis
    /// 0 until the campaign is raised; then 1, and one more for each growth an analyst is told about.
    public var revision: Int
    /// When it was raised, if it was.
    public var raisedAt: EpochMillis?
    /// Why it was raised (`"one strong observation"`, `"3 tactics in order"`, `"4 linked entities, 2 tactics"`).
    public var raisedBecause: String?
    /// How the score moved, newest last (bounded).
    public var history: [CampaignScoreChange]
    /// Campaigns that turned out to be part of this one and were merged into it.
    public var mergedFrom: [String]
    /// The campaign this one was merged into (status ``CampaignStatus/merged``).
    public var mergedInto: String?

    /// The id of the finding that reports a campaign. The narrative names a finding `stableID("finding", alert id)`
    /// and a campaign's alert carries the campaign id (a test in TriageTests holds the two together), so a QRadar
    /// offense indexed on the campaign id, or an API call naming it, leads to its finding.
    public static func findingID(of campaignID: String) -> String { stableID("finding", campaignID) }

    /// Distinct tactics in ATT&CK order.
    public var tactics: [Tactic] { Array(Set(stages.map(\.tactic))).sorted() }

    /// Evidence ids of all contributions, oldest first, at most `limit`.
    public func evidence(limit: Int = 200) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for c in contributions.sorted(by: { $0.first != $1.first ? $0.first < $1.first : $0.signal.id < $1.signal.id }) {
            for e in c.evidence where seen.insert(e).inserted {
                out.append(e)
                if out.count >= limit { return out }
            }
        }
        return out
    }

    /// Users and hosts linked (the entities an analyst counts as "involved").
    public var linkedAccountsAndHosts: Int { entities.filter { $0.kind == .user || $0.kind == .host }.count }

    /// A one-line title: the stages in order and the entities.
    public var title: String {
        let path = stages.map(\.name).joined(separator: " → ")
        let who = entities.prefix(3).map(\.description).joined(separator: ", ") + (entities.count > 3 ? " and \(entities.count - 3) more" : "")
        let days = max(1, Int((end - start + EpochMillis.day - 1) / EpochMillis.day))
        return "Campaign: \(path.isEmpty ? "unstaged activity" : path) — \(who), over \(days) day\(days == 1 ? "" : "s")"
    }

    /// The timeline in plain lines, oldest first: when, which stage, what, and the points it carries now.
    public func timeline(limit: Int = 12, ageHalfLifeDays: Double) -> [String] {
        let ordered = contributions.sorted { $0.first != $1.first ? $0.first < $1.first : $0.signal.id < $1.signal.id }
        var lines: [String] = []
        for c in ordered.prefix(limit) {
            let stage = c.tactic?.name ?? "unstaged"
            let value = c.value(at: end, ageHalfLifeDays: ageHalfLifeDays)
            let seen = c.repeats > 1 ? ", seen \(c.repeats) times until \(UTCTime.iso8601Seconds(c.last))" : ""
            lines.append("\(UTCTime.iso8601Seconds(c.first)) [\(stage)] \(c.signal.title) (\(c.signal.detector), +\(CampaignMath.decimal(value))\(seen))")
        }
        if ordered.count > limit { lines.append("… and \(ordered.count - limit) more observations") }
        return lines
    }
}

/// What changed in a campaign, as the correlator reports it.
public struct CampaignUpdate: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// It crossed the bar for the first time: a new finding.
        case raised
        /// A raised campaign gained a stage or an entity, or its severity rose: the same finding, updated.
        case grew
        /// An analyst's verdict was applied.
        case verdict
        /// A raised campaign was merged into another raised one: its finding closes, pointing at the other.
        case merged
    }

    public var kind: Kind
    public var campaign: Campaign
    /// Why, in words (`"new stage lateral-movement"`, `"new entity host:h_…"`).
    public var reasons: [String]

    public init(kind: Kind, campaign: Campaign, reasons: [String]) {
        self.kind = kind
        self.campaign = campaign
        self.reasons = reasons
    }
}

/// Small numeric helpers shared by the correlation types.
enum CampaignMath {
    /// 0.5^(age / half-life), 1 for a non-positive age.
    static func halving(_ age: EpochMillis, halfLifeDays: Double) -> Double {
        guard age > 0 else { return 1 }
        let halfLife = halfLifeDays * Double(EpochMillis.day)
        return exp2(-Double(age) / halfLife)
    }

    static func decimal(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Length of the longest run of distinct tactics whose first appearances are in ATT&CK order.
    static func orderedTactics(_ firsts: [(tactic: Tactic, time: EpochMillis)]) -> Int {
        let seq = firsts.sorted { $0.time != $1.time ? $0.time < $1.time : $0.tactic < $1.tactic }.map(\.tactic.rawValue)
        // Longest strictly increasing subsequence (n is at most 14).
        var best = [Int](repeating: 1, count: seq.count)
        for i in seq.indices {
            for j in 0..<i where seq[j] < seq[i] { best[i] = max(best[i], best[j] + 1) }
        }
        return best.max() ?? 0
    }
}
