import Simulation
import VigilCore

/// Which labels a finding belongs to.
struct MatchResult: Sendable {
    /// Campaigns the finding detects.
    var campaigns: [Int] = []
    /// Campaign steps it detects.
    var steps: [(campaign: Int, step: Int)] = []
    /// The benign look-alike it was raised on, when it detects no campaign.
    var lookalike: Int?
}

/// The time window within which a finding about one of a step's (or a look-alike's) entities counts as about it.
public enum MatchWindow: String, Sendable, Hashable, CaseIterable {
    /// The step's own span, from its first to its last event, plus at most one hour after. The default: every
    /// published figure uses it.
    case strict
    /// From 1 h before the step's first event to 24 h after its last: the historical definition, reported beside
    /// the strict figures for comparison only, never in their place.
    case lenient

    /// How long before the first event a finding may be.
    public var before: EpochMillis {
        switch self {
        case .strict: 0
        case .lenient: EpochMillis.hour
        }
    }

    /// How long after the last event a finding may be.
    public var after: EpochMillis {
        switch self {
        case .strict: EpochMillis.hour
        case .lenient: EpochMillis.day
        }
    }

    /// The definition in words, as the report prints it.
    public var definition: String {
        switch self {
        case .strict: "within the step's own span, from its first to its last event, plus at most 1 h after"
        case .lenient: "1 h before to 24 h after"
        }
    }
}

/// Matches findings to labels: a finding detects a campaign step when its evidence cites one of the step's events,
/// or when it is about one of the step's entities and falls within the step's window (``MatchWindow``; strict by
/// default: the step's own span plus at most one hour after). The same test against a look-alike's entities and
/// window attributes a false finding to it.
enum Matcher {
    static func match(_ a: AlertRecord, truth: [String: GroundTruth], campaigns: [CampaignTruth], lookalikes: [LookalikeTruth],
                      window: MatchWindow = .strict) -> MatchResult {
        let before = window.before, after = window.after
        var r = MatchResult()
        var benign: Int?
        for id in a.evidence {
            switch truth[id] {
            case let .malicious(c, s)?:
                if !r.steps.contains(where: { $0.campaign == c && $0.step == s }) { r.steps.append((c, s)) }
            case let .benign(l)?:
                if benign == nil { benign = l }
            case nil:
                break
            }
        }
        for (c, campaign) in campaigns.enumerated() {
            for (s, step) in campaign.steps.enumerated() where step.start <= step.end {
                guard a.time >= step.start - before, a.time <= step.end + after, step.entities.contains(a.entity) else { continue }
                if !r.steps.contains(where: { $0.campaign == c && $0.step == s }) { r.steps.append((c, s)) }
            }
        }
        for s in r.steps where !r.campaigns.contains(s.campaign) { r.campaigns.append(s.campaign) }
        r.campaigns.sort()
        guard r.campaigns.isEmpty else { return r }
        if let benign {
            r.lookalike = benign
            return r
        }
        for (l, look) in lookalikes.enumerated() where look.start <= look.end {
            if a.time >= look.start - before, a.time <= look.end + after, look.entities.contains(a.entity) {
                r.lookalike = l
                break
            }
        }
        return r
    }
}
