import Analytics
import Testing
import VigilCore

@Suite struct RiskEngineTests {
    static let t0: EpochMillis = 1_790_812_800_000 + 10 * EpochMillis.hour

    func signal(_ entity: String, _ t: EpochMillis, _ id: String = "s") -> Signal {
        Signal(id: id + String(t), detector: "behaviour.access", entity: EntityRef(.user, entity), time: t, score: 0.7, title: id,
               deviations: [FeatureDeviation(feature: "resource", observed: 0, detail: id)], evidence: [id])
    }

    var configuration: AnalyticsConfiguration {
        var c = AnalyticsConfiguration()
        c.riskHalfLifeHours = 24
        c.riskFloor = 8
        return c
    }

    @Test func riskHalvesEveryHalfLife() {
        var risk = RiskEngine(configuration: configuration)
        let outcome = risk.add(signal("a", Self.t0), family: .access, points: 4, key: 1)
        #expect(outcome.points == 4)
        let user = EntityRef(.user, "a")
        #expect(abs(risk.risk(of: user, at: Self.t0) - 4) < 1e-12)
        #expect(abs(risk.risk(of: user, at: Self.t0 + 24 * EpochMillis.hour) - 2) < 1e-9)
        #expect(abs(risk.risk(of: user, at: Self.t0 + 48 * EpochMillis.hour) - 1) < 1e-9)
        // Hourly factor: 2^(-1/24).
        #expect(abs(risk.risk(of: user, at: Self.t0 + EpochMillis.hour) - 4 * pow(0.5, 1.0 / 24)) < 1e-9)
    }

    @Test func alertWhenCrossingTheThresholdAtMostOncePerDay() throws {
        var risk = RiskEngine(configuration: configuration)
        #expect(risk.add(signal("a", Self.t0, "x"), family: .access, points: 5, key: 1).alert == nil)
        let alert = try #require(risk.add(signal("a", Self.t0 + 60_000, "y"), family: .identity, points: 4, key: 2).alert)
        #expect(alert.risk >= 8)
        #expect(alert.threshold == 8)
        #expect(alert.contributions.count == 2)
        #expect(alert.contributions[0].points >= alert.contributions[1].points)
        #expect(Set(alert.evidence) == ["x", "y"])
        #expect(alert.signal.detector == "risk")
        #expect(alert.signal.deviations.first?.feature == "composite_risk")
        // More risk the same day: no second alert.
        #expect(risk.add(signal("a", Self.t0 + 120_000, "z"), family: .volume, points: 6, key: 3).alert == nil)
        // The next day, new evidence with the risk still above the threshold alerts again.
        #expect(risk.add(signal("a", Self.t0 + EpochMillis.day, "w"), family: .volume, points: 3, key: 4).alert != nil)
    }

    @Test func repeatedDeviationAddsOnlyItsIncrease() {
        var risk = RiskEngine(configuration: configuration)
        #expect(risk.add(signal("a", Self.t0), family: .access, points: 2, key: 7).points == 2)
        #expect(risk.add(signal("a", Self.t0 + 1_000), family: .access, points: 2, key: 7).points == 0)
        #expect(abs(risk.add(signal("a", Self.t0 + 2_000), family: .access, points: 3, key: 7).points - 1) < 1e-12)
        // After the dedupe window the same deviation counts again.
        #expect(risk.add(signal("a", Self.t0 + 25 * EpochMillis.hour), family: .access, points: 2, key: 7).points == 2)
    }

    @Test func thresholdRisesForEntitiesThatRoutinelyCarryRisk() {
        var risk = RiskEngine(configuration: configuration)
        let user = EntityRef(.user, "oncall")
        for d in 0..<10 {
            let t = Self.t0 + EpochMillis(d) * EpochMillis.day
            _ = risk.add(signal("oncall", t, "d\(d)"), family: .time, points: Double(5 + d % 3), key: UInt64(d))
            risk.closeDay(at: t + 14 * EpochMillis.hour)
        }
        #expect(risk.threshold(of: user) > 8)
        #expect(risk.threshold(of: EntityRef(.user, "quiet")) == 8)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Host behaviours charge the account that acted on the host as well as the host.
@Suite struct ActorChargingTests {
    @Test func aHostBehaviourAddsToTheActingAccountAndTwoDiverseOnesAlert() {
        var analytics = BehaviouralAnalytics(configuration: AnalyticsConfiguration())
        let t0 = RiskEngineTests.t0
        func behaviour(_ feature: String, _ t: EpochMillis, detector: String = "host-behaviour") -> Signal {
            Signal(id: feature + String(t), detector: detector, entity: EntityRef(.host, "SRV-1"), related: [EntityRef(.user, "mallory")],
                   time: t, score: 0.5, title: feature, deviations: [FeatureDeviation(feature: feature, observed: 0, detail: feature)],
                   evidence: [feature])
        }
        let first = analytics.ingest(external: behaviour("service-installed", t0))
        #expect(first.alerts.isEmpty, "one behaviour (5 points) stays under the floor")
        #expect(analytics.risk.risk(of: EntityRef(.user, "mallory"), at: t0) > 4.9)
        #expect(analytics.risk.risk(of: EntityRef(.host, "SRV-1"), at: t0) > 4.9)
        // The same behaviour again the same day adds nothing; a different one crosses the floor for host and account.
        #expect(analytics.ingest(external: behaviour("service-installed", t0 + 60_000)).alerts.isEmpty)
        let second = analytics.ingest(external: behaviour("admin-share-executable", t0 + 120_000))
        #expect(Set(second.alerts.map(\.entity)) == [EntityRef(.host, "SRV-1"), EntityRef(.user, "mallory")])
        // A detector whose related users are victims (a spray's accounts) charges only its own entity.
        var other = BehaviouralAnalytics(configuration: AnalyticsConfiguration())
        _ = other.ingest(external: behaviour("accounts_failed_in_burst", t0, detector: "credential-attack"))
        #expect(other.risk.risk(of: EntityRef(.user, "mallory"), at: t0) == 0)
    }
}
