import Analytics
import Testing
import VigilCore

@Suite struct PeerGroupTests {
    @Test func groupsAreLearnedFromBehaviourAndNamedFromHR() throws {
        var org = SyntheticOrganisation()
        org.history(days: 8)
        let report = try #require(org.analytics.peerGroupReport)
        #expect(report.clustered == 24)
        let names = Set(report.groups.map(\.name))
        #expect(names.contains("Finance/finance-analyst"))
        #expect(names.contains("Engineering/developer"))
        #expect(report.departmentPurity > 0.9)
        let finance = try #require(report.groups.first { $0.name == "Finance/finance-analyst" })
        // What the group has in common: its department's resources, used by most members and few others.
        #expect(finance.commonResources.contains { $0.contains("FS-FIN01") || $0.contains("ERP") || $0.contains("FINDB") })
        #expect(org.analytics.peerGroupName(of: EntityRef(.user, "fin0")) == "Finance/finance-analyst")
        #expect(org.analytics.peerGroupName(of: EntityRef(.user, "eng20")) == "Engineering/developer")
    }

    @Test func recomputationIsStableAndDeterministic() throws {
        var a = SyntheticOrganisation()
        a.history(days: 8)
        var b = SyntheticOrganisation()
        b.history(days: 8)
        let ra = try #require(a.analytics.peerGroupReport), rb = try #require(b.analytics.peerGroupReport)
        #expect(ra.groups.map(\.name) == rb.groups.map(\.name))
        #expect(ra.groups.map(\.size) == rb.groups.map(\.size))
        // Members do not flap from one recomputation to the next.
        a.analytics.recomputePeerGroups()
        let again = try #require(a.analytics.peerGroupReport)
        #expect(again.moved == 0)
        #expect(again.groups.map(\.size) == ra.groups.map(\.size))
        a.normalDay(8)
        a.normalDay(9)
        _ = a.analytics.advanceTime(to: SyntheticOrganisation.start + 10 * EpochMillis.day)
        let later = try #require(a.analytics.peerGroupReport)
        #expect(later.moved <= 1)
    }

    @Test func aDeveloperWhoBehavesLikeFinanceIsReported() throws {
        var org = SyntheticOrganisation(impostors: ["eng15": "Finance"])
        org.history(days: 9)
        let report = try #require(org.analytics.peerGroupReport)
        let m = try #require(report.mismatches.first { $0.entity == EntityRef(.user, "eng15") })
        #expect(m.hrDepartment == "Engineering")
        #expect(m.groupDepartment == "Finance")
        #expect(report.mismatches.count == 1)
        #expect(report.text.contains("eng15"))
    }

    @Test func mismatchAfterLearningBecomesAPeerSignal() throws {
        var config = AnalyticsConfiguration()
        config.learningDays = 3
        config.calibrationStartDay = 1
        config.peerFirstDay = 4
        config.peerGroupRange = 2...4
        config.peerMinimumEvents = 20
        var org = SyntheticOrganisation(configuration: config, impostors: ["eng15": "Finance"])
        org.history(days: 9)
        let signal = try #require(org.signals.first { $0.detector == "peer-groups" && $0.entity == EntityRef(.user, "eng15") })
        let d = try #require(signal.deviations.first)
        #expect(d.feature == "peer_group")
        #expect(d.peerGroup == "Finance/finance-analyst")
        #expect(d.detail.contains("Engineering"))
    }
}
