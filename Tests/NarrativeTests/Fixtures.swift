import Analytics
import Narrative
import Testing
import VigilCore

/// Signals shaped like the real detectors' (Sources/Analytics/BehaviouralAnalytics+Scoring.swift and
/// Sources/Detectors/*), and alerts made from them by a real `RiskEngine`.
enum Fixture {
    /// 2023-11-14T22:13:20Z.
    static let t0: EpochMillis = 1_700_000_000_000

    static let user = EntityRef(.user, "u_v1_3f9a0c1e5b7d9e2f4a6c8b0d1e2f3a4b")
    static let manager = "u_v1_0000aaaabbbbccccddddeeeeffff0001"
    static let laptop = EntityRef(.host, "h_v1_11112222333344445555666677778888")
    static let server = EntityRef(.host, "h_v1_99990000aaaabbbbccccddddeeeeffff")
    static let sourceIP = EntityRef(.ip, "ip_v1_aaaa0000bbbb1111cccc2222dddd3333")
    static let beaconIP = EntityRef(.ip, "ip_v1_c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2")
    static let logSource = EntityRef(.logSource, "WinCollect @ dc01")

    /// An alert whose contributions are `parts` (same time, so no decay): the risk is the sum of the points and the
    /// threshold is the engine's floor. The last part must be the one that crosses the threshold.
    static func alert(_ parts: [(Signal, Double)], threshold: Double = 8) throws -> RiskAlert {
        var configuration = AnalyticsConfiguration()
        configuration.riskFloor = threshold
        var engine = RiskEngine(configuration: configuration)
        var alert: RiskAlert?
        for (i, (signal, points)) in parts.enumerated() {
            let family = SignalFamily.of(detector: signal.detector) ?? .external
            if let a = engine.add(signal, family: family, points: points, key: UInt64(i + 1)).alert { alert = a }
        }
        return try #require(alert)
    }

    static func hourSignal(_ entity: EntityRef = user, hour: String = "Tue 03:00", observed: Double = 42, own: Double = 1.5,
                           peer: Double = 3, group: String? = "Finance-Analyst", event: String = "ev-hour-1", time: EpochMillis = t0) -> Signal {
        let detail = "Activity at \(hour) local (\(Int(observed)) events this hour): own history averages \(own) events/week at this hour, "
            + "\(group ?? "peers") \(peer); 1 in 4,000 recent events"
        return Signal(id: stableID("behaviour.time", entity.description, event), detector: "behaviour.time", entity: entity, time: time,
                      score: 0.6, title: "\(entity): " + detail,
                      deviations: [FeatureDeviation(feature: "hour_of_week", observed: observed, baseline: own, peerBaseline: peer,
                                                    peerGroup: group, unit: "events/h", detail: detail)],
                      evidence: [event])
    }

    static func countrySignal(_ entity: EntityRef = user, country: String = "BR", ownTotal: Double = 120, peerShare: Double = 0,
                              group: String? = "Finance-Analyst", event: String = "ev-geo-1", time: EpochMillis = t0) -> Signal {
        let detail = "First-time login country \(country): 0 of \(Int(ownTotal)) own observations; used by 0% of \(group ?? "peers") "
            + "and 0.1% of the organisation; 1 in 25,000 recent events"
        return Signal(id: stableID("behaviour.location", entity.description, event), detector: "behaviour.location", entity: entity,
                      time: time, score: 0.8, title: "\(entity): " + detail,
                      deviations: [FeatureDeviation(feature: "country", observed: 0, baseline: ownTotal, peerBaseline: peerShare,
                                                    peerGroup: group, unit: "observations", detail: detail)],
                      evidence: [event], technique: "T1078")
    }

    static func resourceSignal(_ entity: EntityRef = user, resource: String = "\\\\fs01\\payroll", peerShare: Double = 0.075,
                               group: String? = "Finance-Analyst", event: String = "ev-res-1", time: EpochMillis = t0) -> Signal {
        let detail = "First-time resource \(resource): 0 of 300 own observations; used by 7.5% of \(group ?? "peers") and 1% of the "
            + "organisation; 1 in 9,000 recent events"
        return Signal(id: stableID("behaviour.access", entity.description, event), detector: "behaviour.access", entity: entity,
                      time: time, score: 0.7, title: "\(entity): " + detail,
                      deviations: [FeatureDeviation(feature: "resource", observed: 0, baseline: 300, peerBaseline: peerShare,
                                                    peerGroup: group, unit: "observations", detail: detail)],
                      evidence: [event], technique: "T1213")
    }

    static func volumeSignal(_ entity: EntityRef = user, observed: Double = 2_400_000_000, own: Double = 40_000_000,
                             peer: Double = 60_000_000, group: String? = "Finance-Analyst", event: String = "ev-vol-1",
                             time: EpochMillis = t0) -> Signal {
        let detail = "network send today 2.4 GB: 60× own typical 40 MB/day, 40× the \(group ?? "peers") typical 60 MB/day (z = 6.1; 1 in 100,000 recent events)"
        return Signal(id: stableID("behaviour.volume", entity.description, event), detector: "behaviour.volume", entity: entity,
                      time: time, score: 0.9, title: "\(entity): " + detail,
                      deviations: [FeatureDeviation(feature: "bytes_network_out_per_day", observed: observed, baseline: own,
                                                    peerBaseline: peer, peerGroup: group, unit: "bytes", detail: detail)],
                      evidence: [event], technique: "T1567")
    }

    static func failureSignal(_ entity: EntityRef = user, event: String = "ev-fail-1", time: EpochMillis = t0) -> Signal {
        let detail = "25 failed logins within ~20 min: own average 0.20 failures/day, Finance-Analyst 0.30; 1 in 50,000 recent events"
        return Signal(id: stableID("behaviour.failure", entity.description, event), detector: "behaviour.failure", entity: entity,
                      related: [sourceIP], time: time, score: 0.9, title: "\(entity): " + detail,
                      deviations: [FeatureDeviation(feature: "failed_logins", observed: 25, baseline: 0.2, peerBaseline: 0.3,
                                                    peerGroup: "Finance-Analyst", unit: "failures", detail: detail)],
                      evidence: [event], technique: "T1110")
    }

    static func beaconSignal(source: EntityRef = laptop, destination: EntityRef = beaconIP, user account: EntityRef? = user,
                             events: [String] = ["ev-b-1", "ev-b-2", "ev-b-3"], time: EpochMillis = t0) -> Signal {
        var related = [destination]
        if let account { related.append(account) }
        return Signal(
            id: stableID("beaconing", source.id, destination.id, "443", String(time)), detector: "beaconing", entity: source,
            related: related, time: time, score: 0.93,
            title: "Beaconing: \(source.id) → \(destination.id):443 every ~60 s (MAD 2%), 1.2 KB per callback",
            deviations: [
                FeatureDeviation(feature: "interval_dispersion", observed: 0.02, baseline: 0.69, unit: "MAD/median",
                                 detail: "Median 60.0 s between callbacks, MAD 1.2 s, quartiles 59.1–60.8 s, Bowley skew 0.01 over 412 intervals; random (Poisson) traffic has MAD/median 0.69. Interval score 0.97."),
                FeatureDeviation(feature: "interval_median", observed: 60, unit: "s", detail: "The pair calls back every 60.0 s (median)."),
                FeatureDeviation(feature: "destination_prevalence", observed: 1, baseline: 5, unit: "sources",
                                 detail: "About 1 source(s) contact \(destination.id); destinations reached by 5 or more are treated as popular and not raised."),
            ],
            evidence: events, technique: "T1071")
    }

    static func lateralSignal(source: EntityRef = laptop, destination: EntityRef = server, account: EntityRef = user,
                              event: String = "ev-lm-1", time: EpochMillis = t0) -> Signal {
        Signal(
            id: stableID("lateral-movement", "edge", source.id, destination.id, String(time)), detector: "lateral-movement",
            entity: source, related: [destination, account], time: time, score: 0.85,
            title: "New remote-admin connection \(source.id) → \(destination.id) over SMB as \(account.id)",
            deviations: [
                FeatureDeviation(feature: "host_edge_history", observed: 0, baseline: 2, unit: "prior connections",
                                 detail: "\(source.id) had reached 2 other host(s) over remote-administration paths; \(destination.id) is new."),
                FeatureDeviation(feature: "type9_logon", observed: 3.5, baseline: 10, unit: "minutes before",
                                 detail: "A NewCredentials (type 9) logon on \(source.id) 3.5 min earlier: the pass-the-hash pattern."),
            ],
            evidence: [event], technique: "T1550.002")
    }

    static func logSourceSignal(event: String = "ev-ls-1", time: EpochMillis = t0) -> Signal {
        Signal(
            id: stableID("log-source-health", "silence", logSource.id, String(time)), detector: "log-source-health", entity: logSource,
            related: [server], time: time, score: 0.8,
            title: "Log source silent: \(logSource.id) (high) — no parsed events for 2 h, expected about 1200/h",
            deviations: [FeatureDeviation(feature: "silence", observed: 120, baseline: 30, unit: "minutes",
                                          detail: "No parsed event since 20:13 (2 h); for this source and hour a gap over 30 min is unusual.")],
            evidence: [event], technique: "T1562.002")
    }

    /// Every fixture alert shape, for properties that must hold for all of them.
    static func allAlerts(user u: EntityRef = user, host h: EntityRef = laptop, destination d: EntityRef = beaconIP) throws -> [RiskAlert] {
        [
            try alert([(hourSignal(u), 3), (volumeSignal(u), 6)]),
            try alert([(countrySignal(u), 4), (failureSignal(u), 9)]),
            try alert([(resourceSignal(u), 8.5)]),
            try alert([(beaconSignal(source: h, destination: d, user: u), 20)]),
            try alert([(lateralSignal(source: h, destination: server, account: u), 10)]),
            try alert([(logSourceSignal(), 9)]),
            try alert([(beaconSignal(source: h, destination: EntityRef(.host, "cdn-" + d.id), user: nil), 12)]),
            try alert([(beaconSignal(source: EntityRef(.ip, "10.1.2.3"), destination: EntityRef(.ip, "203.0.113.7"), user: nil), 12)]),
            try alert([(Signal(id: "priv-1", detector: "privileged-sequence", entity: u, related: [h], time: t0, score: 0.8,
                               title: "Rare command sequence for role dba: \(u.id) on \(h.id) ran whoami → net user",
                               deviations: [FeatureDeviation(feature: "rare_transition", observed: 0.0001, baseline: 0, peerGroup: "dba",
                                                             unit: "probability", detail: "whoami → net user has probability 0.0001 in role dba.")],
                               evidence: ["ev-p-1"], technique: "T1059"), 9)]),
        ]
    }
}
