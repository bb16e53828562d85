import Analytics
@testable import Evaluation
import Testing
import VigilCore

@Suite struct QRadarRuleBaselineTests {
    /// 2026-10-05T00:00:00Z, a Monday; New York is UTC-4 then.
    static let monday: EpochMillis = 1_791_158_400_000
    static let warmupEnd = monday

    func rules() -> QRadarRuleBaseline {
        let ny = TimeZoneRule(standardOffsetMinutes: -300, daylight: .us)
        let directory = EntityDirectory(users: ["ann": EntityAttributes(department: "Finance", timeZone: ny)], defaultTimeZone: ny)
        return QRadarRuleBaseline(directory: directory, critical: ["DB-FIN01"], excludedHosts: ["BACKUP01"], excludedAccounts: ["svc_backup"],
                                  warmupEnd: Self.warmupEnd, homeCountries: ["ann": "US"])
    }

    func logon(_ t: EpochMillis, user: String = "ann", type: Int = 2, target: String = "WS-ANN", outcome: Outcome = .success) -> Event {
        Event(id: "e\(t)", time: t, kind: .authentication, eventCode: outcome == .success ? "4624" : "4625", user: user, sourceHost: "WS-ANN",
              destinationHost: target, outcome: outcome, logonType: type)
    }

    @Test func afterHoursLoginUsesLocalTime() {
        var r = rules()
        // 14:00 UTC is 10:00 in New York: office hours.
        #expect(r.process(logon(Self.monday + 14 * EpochMillis.hour)).isEmpty)
        // 02:00 UTC on Tuesday is 22:00 on Monday in New York.
        #expect(r.process(logon(Self.monday + 26 * EpochMillis.hour)).map(\.rule) == ["after-hours-login"])
    }

    @Test func newCountryStartsFromTheHomeCountry() {
        var r = rules()
        func vpn(_ t: EpochMillis, _ country: String) -> Event {
            Event(id: "v\(t)", time: t, kind: .vpn, user: "ann", geo: GeoLocation(country: country), outcome: .success)
        }
        let noon = Self.monday + 16 * EpochMillis.hour
        #expect(r.process(vpn(noon, "US")).isEmpty)
        #expect(r.process(vpn(noon + 60_000, "DE")).map(\.rule) == ["new-country-login"])
        // The reference set learns what it alerted on.
        #expect(r.process(vpn(noon + 120_000, "DE")).isEmpty)
    }

    @Test func fiveFailuresInTenMinutes() {
        var r = rules()
        let t = Self.monday + 15 * EpochMillis.hour
        var hits: [RuleHit] = []
        for i in 0..<5 { hits += r.process(logon(t + EpochMillis(i) * 100_000, outcome: .failure)) }
        #expect(hits.map(\.rule) == ["multiple-login-failures"])
        // Failures spread over an hour do not fire.
        var slow = rules()
        var none: [RuleHit] = []
        for i in 0..<5 { none += slow.process(logon(t + EpochMillis(i) * 15 * EpochMillis.minute, outcome: .failure)) }
        #expect(none.isEmpty)
    }

    @Test func largeTransfersExceptBackups() {
        var r = rules()
        let t = Self.monday + 15 * EpochMillis.hour
        let big = Event(id: "b", time: t, kind: .webProxy, user: "ann", sourceHost: "WS-ANN", bytesOut: 1_200_000_000)
        #expect(r.process(big).map(\.rule) == ["large-transfer"])
        let backup = Event(id: "k", time: t, kind: .networkFlow, sourceHost: "BACKUP01", bytesIn: 60_000_000_000)
        #expect(r.process(backup).isEmpty)
        let small = Event(id: "s", time: t, kind: .webProxy, user: "ann", bytesOut: 900_000_000)
        #expect(r.process(small).isEmpty)
    }

    @Test func criticalServerAccessByAnAccountNotSeenBefore() {
        var r = rules()
        let learning = Self.monday - EpochMillis.day + 15 * EpochMillis.hour
        #expect(r.process(logon(learning, user: "ann", type: 3, target: "DB-FIN01")).isEmpty)
        let later = Self.monday + 15 * EpochMillis.hour
        #expect(r.process(logon(later, user: "ann", type: 3, target: "DB-FIN01")).isEmpty)
        #expect(r.process(logon(later, user: "mallory", type: 3, target: "DB-FIN01")).map(\.rule) == ["critical-server-access"])
    }

    @Test func newAdminLogon() {
        var r = rules()
        let t = Self.monday + 15 * EpochMillis.hour
        let priv = Event(id: "p", time: t, kind: .privilegeAssigned, eventCode: "4672", user: "adm-ann")
        #expect(r.process(priv).map(\.rule) == ["new-admin-logon"])
        #expect(r.process(Event(id: "p2", time: t + 1, kind: .privilegeAssigned, eventCode: "4672", user: "adm-ann")).isEmpty)
    }
}

@Suite struct TunedRuleBaselineTests {
    @Test func tunedRulesAllowListRoutineAfterHoursAccountsAndKnownLargeMovers() {
        let ny = TimeZoneRule(standardOffsetMinutes: -300, daylight: .us)
        let directory = EntityDirectory(users: ["night": EntityAttributes(timeZone: ny), "day": EntityAttributes(timeZone: ny)], defaultTimeZone: ny)
        var tuned = QRadarRuleBaseline(directory: directory, critical: [], excludedHosts: [], excludedAccounts: [],
                                       warmupEnd: QRadarRuleBaselineTests.monday, homeCountries: [:], tuned: true)
        func late(_ user: String, _ day: Int) -> Event {
            // 03:00 UTC is 23:00 the evening before in New York.
            Event(id: "\(user)\(day)", time: QRadarRuleBaselineTests.monday + EpochMillis(day) * EpochMillis.day + 3 * EpochMillis.hour,
                  kind: .authentication, eventCode: "4624", user: user, outcome: .success, logonType: 2)
        }
        for d in -4 ..< -1 { _ = tuned.process(late("night", d)) }
        #expect(tuned.process(late("night", 1)).isEmpty)
        #expect(tuned.process(late("day", 1)).map(\.rule) == ["after-hours-login"])
        let before = Event(id: "big0", time: QRadarRuleBaselineTests.monday - EpochMillis.day, kind: .webProxy, user: "day", bytesIn: 2_000_000_000)
        _ = tuned.process(before)
        let after = Event(id: "big1", time: QRadarRuleBaselineTests.monday + 15 * EpochMillis.hour, kind: .webProxy, user: "day", bytesIn: 2_000_000_000)
        #expect(tuned.process(after).isEmpty)
    }
}
