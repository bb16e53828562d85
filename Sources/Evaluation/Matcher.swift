import Simulation
import VigilCore

/// Which labels an alert belongs to.
struct MatchResult: Sendable {
    /// Campaigns the alert detects.
    var campaigns: [Int] = []
    /// Campaign steps it detects.
    var steps: [(campaign: Int, step: Int)] = []
    /// The benign look-alike it was raised on, when it detects no campaign.
    var lookalike: Int?
}

/// Matches alerts to labels: an alert detects a campaign step when its evidence includes one of the step's events,
/// or when it is about one of the step's entities and falls between an hour before the step's first event and a
/// day after its last. The same test against a look-alike's entities and window attributes a false alert to it.
enum Matcher {
    static let before: EpochMillis = EpochMillis.hour
    static let after: EpochMillis = EpochMillis.day

    static func match(_ a: AlertRecord, truth: [String: GroundTruth], campaigns: [CampaignTruth], lookalikes: [LookalikeTruth]) -> MatchResult {
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
