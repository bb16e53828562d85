import Correlation
import Testing
import VigilCore

private let day = EpochMillis.day
private let hour = EpochMillis.hour
private let t0: EpochMillis = 1_780_000_000_000

private func signal(_ id: String, _ detector: String, _ entity: EntityRef, related: [EntityRef] = [], at time: EpochMillis,
                    score: Double = 0.8, technique: String? = nil) -> Signal {
    Signal(id: id, detector: detector, entity: entity, related: related, time: time, score: score, title: "\(detector) on \(entity)",
           evidence: ["ev-" + id], technique: technique)
}

private let alice = EntityRef(.user, "alice")
private let bob = EntityRef(.user, "bob")
private let ws1 = EntityRef(.host, "ws1")
private let srv = EntityRef(.host, "srv")
private let c2 = EntityRef(.ip, "203.0.113.7")

@Suite("Campaign correlation")
struct CampaignCorrelatorTests {
    @Test("a Sigma match is a low-severity observation: it joins its host's campaign with its stage, while other detectors' weak signals stay out")
    func sigmaObservationsJoinCampaigns() {
        var c = CampaignCorrelator()
        _ = c.observe(signal("b1", "beaconing", ws1, related: [c2], at: t0))
        _ = c.observe(signal("s1", "sigma", ws1, related: [alice], at: t0 + 3_600_000, score: 0.12, technique: "T1003.001"))
        _ = c.observe(signal("w1", "behaviour.time", ws1, at: t0 + 7_200_000, score: 0.12))
        _ = c.observe(signal("s2", "sigma", ws1, at: t0 + 7_200_000, score: 0.05, technique: "T1082"))
        let campaign = c.allCampaigns.first { $0.entities.contains(ws1) }
        #expect(campaign?.contributions.map(\.signal.id).sorted() == ["b1", "s1"], "a low-level (0.05) Sigma match and a weak behaviour signal are not observed")
        #expect(campaign?.entities.contains(alice) == false, "a weak observation links only through its subject")
    }

    @Test("observations that share an entity link into one campaign; unrelated ones do not")
    func linking() {
        var c = CampaignCorrelator()
        _ = c.observe(signal("s1", "behaviour.location", alice, related: [ws1], at: t0, technique: "T1078"))
        _ = c.observe(signal("s2", "beaconing", ws1, related: [c2], at: t0 + 2 * day))
        _ = c.observe(signal("s3", "behaviour.time", bob, at: t0 + 2 * day))
        let all = c.allCampaigns
        #expect(all.count == 2)
        let joined = all.first { $0.entities.contains(alice) }
        #expect(joined?.entities.contains(ws1) == true)
        #expect(joined?.entities.contains(c2) == true)
        #expect(joined?.entities.contains(bob) == false)
    }

    @Test("stages are ordered by time and the campaign is raised on three tactics in ATT&CK order")
    func orderingRaisesOnDiversity() {
        var c = CampaignCorrelator(configuration: CorrelationConfiguration(raiseScore: 2))
        #expect(c.observe(signal("a", "behaviour.location", alice, related: [ws1], at: t0, technique: "T1078")).isEmpty)
        #expect(c.observe(signal("b", "lateral-movement", alice, related: [srv], at: t0 + 3 * day, technique: "T1021")).isEmpty)
        let updates = c.observe(signal("c", "behaviour.volume", alice, related: [srv], at: t0 + 9 * day, technique: "T1567"))
        #expect(updates.count == 1)
        #expect(updates.first?.kind == .raised)
        let campaign = updates.first!.campaign
        #expect(campaign.stages.map(\.tactic) == [.initialAccess, .lateralMovement, .exfiltration])
        #expect(campaign.severity == .critical)
        #expect(campaign.raisedBecause?.contains("3 tactics in ATT&CK order") == true)
        #expect(campaign.evidence() == ["ev-a", "ev-b", "ev-c"])
    }

    @Test("the same tactics out of order do not count as an ordered chain")
    func outOfOrderIsNotAChain() {
        var c = CampaignCorrelator(configuration: CorrelationConfiguration(raiseScore: 2))
        _ = c.observe(signal("c", "behaviour.volume", alice, at: t0, technique: "T1567"))
        _ = c.observe(signal("b", "lateral-movement", alice, related: [srv], at: t0 + day, technique: "T1021"))
        let updates = c.observe(signal("a", "behaviour.location", alice, at: t0 + 2 * day, technique: "T1078"))
        #expect(updates.isEmpty)
        #expect(c.allCampaigns.first?.raisedAt == nil)
    }

    @Test("a slow-burn chain: an observation 20 days old still counts, one older than the window does not link")
    func decayRespectsSlowBurn() {
        var c = CampaignCorrelator(configuration: CorrelationConfiguration(raiseScore: 2))
        _ = c.observe(signal("a", "behaviour.location", alice, at: t0, technique: "T1078"))
        _ = c.observe(signal("b", "lateral-movement", alice, related: [srv], at: t0 + 19 * day, technique: "T1021"))
        let updates = c.observe(signal("c", "behaviour.volume", alice, at: t0 + 20 * day, technique: "T1567"))
        #expect(updates.first?.kind == .raised)
        let first = updates.first!.campaign.contributions.first { $0.signal.id == "a" }!
        let value = first.value(at: t0 + 20 * day, ageHalfLifeDays: 30)
        #expect(value > 0.5 * first.points && value < first.points)

        var late = CampaignCorrelator()
        _ = late.observe(signal("a", "behaviour.location", alice, at: t0, technique: "T1078"))
        late.advance(to: t0 + 31 * day)
        _ = late.observe(signal("b", "lateral-movement", alice, at: t0 + 31 * day, technique: "T1021"))
        #expect(late.allCampaigns.count == 1)
        #expect(late.allCampaigns.first?.contributions.map(\.signal.id) == ["b"])
        #expect(late.expired == 1)
    }

    @Test("one strong observation raises a campaign on its own")
    func strongRaises() {
        var c = CampaignCorrelator()
        let updates = c.observe(signal("r", "risk", alice, at: t0, score: 0.6), strong: true, tactics: [.initialAccess])
        #expect(updates.first?.kind == .raised)
        #expect(updates.first?.campaign.severity == .medium)
    }

    @Test("repeats extend a contribution; a raised campaign is reported again only when it grows")
    func deduplication() {
        var c = CampaignCorrelator()
        var raised = 0, grew = 0
        for d in 0..<6 {
            for u in c.observe(signal("beacon-\(d)", "beaconing", ws1, related: [c2], at: t0 + EpochMillis(d) * day), strong: d == 0) {
                if u.kind == .raised { raised += 1 } else { grew += 1 }
            }
        }
        #expect(raised == 1)
        #expect(grew == 0)
        let campaign = c.allCampaigns.first!
        let beacon = campaign.contributions.first { !$0.strong }!
        #expect(beacon.repeats == 5)
        #expect(campaign.contributions.count == 2)
        // A new stage on a linked entity is growth: the same campaign, revision 2.
        let update = c.observe(signal("lm", "lateral-movement", alice, related: [ws1, srv], at: t0 + 7 * day, technique: "T1021"))
        #expect(update.first?.kind == .grew)
        #expect(update.first?.campaign.id == campaign.id)
        #expect(update.first?.campaign.revision == 2)
        #expect(update.first?.reasons.contains("new stage lateral-movement") == true)
    }

    @Test("a false-positive verdict resets the contributions, is recorded in the history, and unlinks the entities")
    func reset() {
        var c = CampaignCorrelator()
        let id = c.observe(signal("r", "risk", alice, related: [ws1], at: t0), strong: true).first!.campaign.id
        let before = c.campaign(id: id)!.score
        #expect(before > 0)
        let update = c.verdict(.falsePositive, on: id, at: t0 + hour, by: "analyst1")
        #expect(update?.campaign.status == .closedFalsePositive)
        #expect(update?.campaign.score == 0)
        #expect(update?.campaign.contributions.allSatisfy(\.reset) == true)
        #expect(update?.campaign.history.last?.from == before)
        #expect(update?.campaign.history.last?.reason.contains("analyst1") == true)
        // New activity on the same user starts afresh instead of reviving the closed campaign.
        _ = c.observe(signal("later", "behaviour.time", alice, at: t0 + day))
        #expect(c.allCampaigns.count == 2)
    }

    @Test("entities mentioned by many distinct subjects become hubs and stop linking unrelated users")
    func hubs() {
        var c = CampaignCorrelator(configuration: CorrelationConfiguration(hubDegree: 3))
        let dc = EntityRef(.host, "dc1")
        for i in 0..<6 {
            _ = c.observe(signal("u\(i)", "lateral-movement", EntityRef(.user, "user\(i)"), related: [dc], at: t0 + EpochMillis(i) * hour,
                                 technique: "T1021"))
        }
        #expect(c.hubCount == 1)
        // The first subjects linked through dc1 before it became a hub; the later ones each start their own.
        #expect(c.allCampaigns.count >= 3)
        #expect(c.allCampaigns.allSatisfy { $0.linkedAccountsAndHosts <= 5 })
    }

    @Test("linking two open campaigns merges them into the older one")
    func merge() {
        var c = CampaignCorrelator()
        _ = c.observe(signal("a", "behaviour.location", alice, at: t0, technique: "T1078"))
        _ = c.observe(signal("b", "beaconing", ws1, related: [c2], at: t0 + hour))
        #expect(c.allCampaigns.count == 2)
        _ = c.observe(signal("c", "lateral-movement", alice, related: [ws1], at: t0 + 2 * hour, technique: "T1021"))
        #expect(c.allCampaigns.count == 1)
        let merged = c.allCampaigns.first!
        #expect(merged.id == stableID("campaign", "a"))
        #expect(merged.mergedFrom == [stableID("campaign", "b")])
        #expect(Set(merged.contributions.map(\.signal.id)) == ["a", "b", "c"])
    }

    @Test("a raised campaign survives a merge with an older unraised one, so its finding goes on under the same id")
    func raisedCampaignSurvivesMerge() throws {
        var c = CampaignCorrelator()
        _ = c.observe(signal("a", "behaviour.location", alice, at: t0, technique: "T1078"))
        let raised = try #require(c.observe(signal("r", "risk", ws1, related: [c2], at: t0 + hour), strong: true).first)
        #expect(raised.kind == .raised)
        let updates = c.observe(signal("m", "lateral-movement", alice, related: [ws1], at: t0 + 2 * hour, technique: "T1021"))
        #expect(c.allCampaigns.map(\.id) == [raised.campaign.id])
        #expect(updates.allSatisfy { $0.campaign.id == raised.campaign.id && $0.kind == .grew })
        #expect(c.allCampaigns.first?.mergedFrom == [stableID("campaign", "a")])
    }

    @Test("when two raised campaigns merge, the later one is closed as merged into the earlier, and reported once")
    func twoRaisedCampaignsMerge() throws {
        var c = CampaignCorrelator()
        let first = try #require(c.observe(signal("r1", "risk", alice, at: t0), strong: true).first?.campaign)
        let second = try #require(c.observe(signal("r2", "risk", ws1, related: [c2], at: t0 + hour), strong: true).first?.campaign)
        let updates = c.observe(signal("m", "lateral-movement", alice, related: [ws1], at: t0 + 2 * hour, technique: "T1021"))
        let retired = try #require(updates.first { $0.kind == .merged })
        #expect(retired.campaign.id == second.id)
        #expect(retired.campaign.status == .merged)
        #expect(retired.campaign.mergedInto == first.id)
        #expect(retired.campaign.revision == second.revision + 1)
        #expect(updates.contains { $0.kind == .grew && $0.campaign.id == first.id && $0.reasons.contains("merged campaign \(second.id)") })
        #expect(c.allCampaigns.map(\.id) == [first.id])
        // A merged campaign is not restored after a restart: the survivor is.
        var after = CampaignCorrelator()
        #expect(after.restore([retired.campaign], at: t0 + 3 * hour) == 0)
    }

    @Test("every technique Vigil's detectors emit maps to a tactic")
    func techniqueTable() {
        for t in ["T1003.001", "T1021.002", "T1036.005", "T1039", "T1041", "T1053.005", "T1059", "T1069.002", "T1071.001", "T1074.001",
                  "T1078", "T1087.002", "T1098", "T1110.003", "T1135", "T1213", "T1218.011", "T1550.002", "T1560.001", "T1562.006", "T1567.002"] {
            #expect(Tactic.of(technique: t) != nil, "\(t)")
        }
        #expect(Tactic.of(technique: "T1021.001") == .lateralMovement)
        #expect(Tactic.of(technique: "T9999") == nil)
    }

    @Test("the score is the sum of the contributions' values")
    func explainableScore() {
        var c = CampaignCorrelator()
        _ = c.observe(signal("a", "behaviour.location", alice, at: t0, score: 0.7, technique: "T1078"))
        _ = c.observe(signal("b", "lateral-movement", alice, at: t0 + 5 * day, score: 0.9, technique: "T1021"))
        let campaign = c.allCampaigns.first!
        let sum = campaign.contributions.reduce(0) { $0 + $1.value(at: campaign.end, ageHalfLifeDays: 30) }
        #expect(abs(campaign.score - sum) < 1e-9)
        #expect(campaign.history.count == 2)
        #expect(campaign.history[1].from == campaign.history[0].to)
        #expect(campaign.history[1].to > campaign.history[1].from)
    }

    @Test("restored campaigns grow under their id after a restart; a closed one stays closed; a replayed signal is no repeat")
    func restoreAfterRestart() throws {
        var before = CampaignCorrelator()
        let raised = try #require(before.observe(signal("r", "risk", alice, related: [ws1], at: t0), strong: true).first?.campaign)
        let closed = try #require(before.observe(signal("q", "risk", bob, at: t0), strong: true).first?.campaign)
        let judged = try #require(before.verdict(.falsePositive, on: closed.id, at: t0 + hour, by: "analyst1")?.campaign)

        var after = CampaignCorrelator()
        #expect(after.restore([raised, judged], at: t0 + 2 * day) == 2)
        #expect(after.restore([raised], at: t0 + 2 * day) == 0)
        // The same signal read again (a batch re-read after the crash) changes nothing.
        #expect(after.observe(signal("r", "risk", alice, related: [ws1], at: t0), strong: true).isEmpty)
        #expect(after.campaign(id: raised.id)?.contributions.first?.repeats == 1)
        // New activity on the linked host grows the restored campaign: revision 2, not a second raise.
        let grew = after.observe(signal("lm", "lateral-movement", ws1, related: [srv], at: t0 + 2 * day, technique: "T1021"))
        #expect(grew.map(\.kind) == [.grew])
        #expect(grew.first?.campaign.id == raised.id)
        #expect(grew.first?.campaign.revision == 2)
        // The false-positive verdict survives: bob's new activity starts afresh.
        _ = after.observe(signal("b2", "behaviour.time", bob, at: t0 + 2 * day))
        #expect(after.campaign(id: closed.id)?.status == .closedFalsePositive)
        #expect(after.allCampaigns.count == 3)
        // A campaign whose window has passed is not restored.
        var late = CampaignCorrelator()
        #expect(late.restore([raised], at: t0 + 31 * day) == 0)
    }
}
