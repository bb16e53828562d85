import Analytics
import Testing
import VigilCore

@Suite struct FeedbackTests {
    static let wednesday = 14

    func organisation() -> SyntheticOrganisation {
        var org = SyntheticOrganisation()
        org.history(days: 10)
        return org
    }

    func newDeviceLogon(_ user: SyntheticOrganisation.Person, device: String, at t: EpochMillis, id: String) -> Event {
        Event(id: id, time: t, kind: .authentication, name: "Logon", eventCode: "4624", user: user.name, sourceIP: user.ip,
              sourceHost: device, destinationHost: device, device: device, outcome: .success, logonType: 2, authPackage: "Kerberos")
    }

    @Test func suppressionHoldsUntilItExpires() throws {
        var org = organisation()
        let user = org.people[6]
        let entity = EntityRef(.user, user.name)
        let t = SyntheticOrganisation.newYorkTime(day: Self.wednesday, hour: 10)
        org.analytics.addSuppression(Suppression(id: "pentest", entity: entity, families: [], hoursOfWeek: nil, from: t - EpochMillis.hour,
                                                 until: t + EpochMillis.day, reason: "penetration test account"))
        let riskBefore = org.analytics.risk.risk(of: entity, at: t)
        let during = org.inject(newDeviceLogon(user, device: "PT-KALI01", at: t, id: "during"))
        #expect(during.signals.allSatisfy { $0.entity != entity })
        #expect(during.suppressed.contains { $0.entity == entity && $0.detector == "behaviour.identity" })
        #expect(abs(org.analytics.risk.risk(of: entity, at: t) - riskBefore) < 1e-9)
        // A day and a half later the suppression has expired: another new device is raised again.
        let after = org.inject(newDeviceLogon(user, device: "PT-KALI02", at: t + 36 * EpochMillis.hour, id: "after"))
        #expect(after.signals.contains { $0.entity == entity && $0.detector == "behaviour.identity" })
        #expect(org.analytics.feedback.suppressions.allSatisfy { $0.id != "pentest" })
    }

    @Test func suppressionIsScopedToItsEntityAndHours() {
        let s = Suppression(id: "mw", entity: EntityRef(.user, "adm"), families: [.time], hoursOfWeek: [118, 119, 120], from: 0,
                            until: 1_000_000, reason: "maintenance window")
        #expect(s.matches(entity: EntityRef(.user, "adm"), family: .time, time: 10, hourOfWeek: 119))
        #expect(!s.matches(entity: EntityRef(.user, "adm"), family: .time, time: 10, hourOfWeek: 100))
        #expect(!s.matches(entity: EntityRef(.user, "adm"), family: .access, time: 10, hourOfWeek: 119))
        #expect(!s.matches(entity: EntityRef(.user, "other"), family: .time, time: 10, hourOfWeek: 119))
        #expect(!s.matches(entity: EntityRef(.user, "adm"), family: .time, time: 1_000_000, hourOfWeek: 119))
    }

    @Test func benignVerdictsCreateTheSuppressionTheyCallFor() throws {
        var ledger = FeedbackLedger()
        let alert = Signal(id: "a1", detector: "risk", entity: EntityRef(.user, "adm-x"), time: 1_000_000, score: 0.6, title: "alert")
        let maintenance = ledger.apply(AnalystFeedback(subject: alert, outcome: .benign(.maintenanceWindow), time: 2_000_000),
                                       families: [(.time, 2), (.access, 3)], hour: 10)
        let mw = try #require(maintenance)
        #expect(mw.entity == EntityRef(.user, "adm-x"))
        #expect(mw.hoursOfWeek == [7, 8, 9, 10, 11, 12, 13])
        #expect(mw.until == 2_000_000 + FeedbackLedger.maintenanceDays * EpochMillis.day)
        let pentest = ledger.apply(AnalystFeedback(subject: alert, outcome: .benign(.penetrationTest), time: 2_000_000),
                                   families: [(.identity, 1)], hour: 10)
        let pt = try #require(pentest)
        #expect(pt.families.isEmpty)
        #expect(ledger.apply(AnalystFeedback(subject: alert, outcome: .truePositive, time: 2_000_000), families: [(.identity, 1)], hour: 10) == nil)
    }

    @Test func falsePositivesLowerAFamilysWeightAndTruePositivesRaiseIt() {
        var ledger = FeedbackLedger()
        let alert = Signal(id: "a", detector: "risk", entity: EntityRef(.user, "u"), time: 0, score: 0.5, title: "alert")
        #expect(ledger.multiplier(.location) == 1)
        for _ in 0..<3 {
            _ = ledger.apply(AnalystFeedback(subject: alert, outcome: .falsePositive, time: 0), families: [(.location, 1)], hour: 0)
        }
        // Precision (0 + 1) / (0 + 3 + 2) against an even prior.
        #expect(abs(ledger.multiplier(.location) - 0.4) < 1e-12)
        // A confirmed attack partly restores the weight: (1 + 1) / (1 + 3 + 2) = 1/3, over 0.5.
        _ = ledger.apply(AnalystFeedback(subject: alert, outcome: .truePositive, time: 0), families: [(.location, 1)], hour: 0)
        #expect(abs(ledger.multiplier(.location) - 2.0 / 3.0) < 1e-12)
        // Confirmations alone never raise a family above its configured weight.
        for _ in 0..<4 {
            _ = ledger.apply(AnalystFeedback(subject: alert, outcome: .truePositive, time: 0), families: [(.identity, 1)], hour: 0)
        }
        #expect(ledger.multiplier(.identity) == 1)
        #expect(ledger.multiplier(.volume) == 1)
    }

    @Test func calibrationFromFeedbackChangesHowMuchRiskASignalAdds() throws {
        var org = organisation()
        var twin = org
        let judged = EntityRef(.user, org.people[7].name)
        let alert = Signal(id: "fp", detector: "behaviour.identity", entity: judged, time: SyntheticOrganisation.newYorkTime(day: 11, hour: 9),
                           score: 0.6, title: "new device")
        for _ in 0..<3 { twin.analytics.apply(AnalystFeedback(subject: alert, outcome: .falsePositive, time: alert.time)) }
        #expect(twin.analytics.feedback.multiplier(.identity) < 1)
        // Another user (not suppressed) gets a new device in both worlds.
        let user = org.people[8]
        let entity = EntityRef(.user, user.name)
        let t = SyntheticOrganisation.newYorkTime(day: Self.wednesday, hour: 10)
        let a = org.inject(newDeviceLogon(user, device: "DESKTOP-NEW", at: t, id: "n1"))
        let b = twin.inject(newDeviceLogon(user, device: "DESKTOP-NEW", at: t, id: "n1"))
        #expect(a.signals.contains { $0.detector == "behaviour.identity" })
        #expect(b.signals.contains { $0.detector == "behaviour.identity" })
        let before = org.analytics.risk.risk(of: entity, at: t)
        let after = twin.analytics.risk.risk(of: entity, at: t)
        #expect(before > 0)
        #expect(after < before)
    }
}
