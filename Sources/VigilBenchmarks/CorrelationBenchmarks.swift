import Correlation
import VigilCore

/// The correlation stage on one core: observations linked per second, and the resident memory of the campaigns
/// and entity links it keeps for 100,000 × scale entities over a 30-day window.
public enum CorrelationBenchmarks {
    /// - Parameter scale: 1.0 observes 100,000 users, each with four observations over 30 days (a behavioural
    ///   deviation, a logon to its own workstation, and two repeats), every tenth also beaconing to one of 5,000
    ///   rare addresses and every hundredth moving laterally to a server.
    public static func run(scale: Double) -> [BenchmarkResult] {
        let users = max(2_000, Int(100_000 * scale))
        let base: Int64 = 1_767_225_600_000
        var observations: [Signal] = []
        observations.reserveCapacity(users * 5)
        for round in 0..<4 {
            for u in 0..<users {
                let t = base + Int64(round) * 7 * EpochMillis.day + Int64(u) * 20
                let user = EntityRef(.user, "user\(u)"), host = EntityRef(.host, "WS-\(u)")
                switch round {
                case 0, 2:
                    observations.append(Signal(id: "b\(round)-\(u)", detector: "behaviour.time", entity: user, time: t, score: 0.6,
                                               title: "\(user) at an unusual hour", evidence: ["e\(round)-\(u)"], technique: "T1078"))
                case 1:
                    observations.append(Signal(id: "h\(u)", detector: "behaviour.identity", entity: host, related: [user], time: t, score: 0.75,
                                               title: "\(host) new device", evidence: ["h\(u)"], technique: "T1078"))
                default:
                    if u % 10 == 0 {
                        observations.append(Signal(id: "c\(u)", detector: "beaconing", entity: host, related: [EntityRef(.ip, "203.0.\(u / 10 % 5_000 / 250).\(u / 10 % 250)")],
                                                   time: t, score: 0.8, title: "\(host) beacons", evidence: ["c\(u)"], technique: "T1071.001"))
                    }
                    if u % 100 == 0 {
                        observations.append(Signal(id: "l\(u)", detector: "lateral-movement", entity: user, related: [EntityRef(.host, "SRV-\(u % 40)")],
                                                   time: t, score: 0.85, title: "\(user) to a server", evidence: ["l\(u)"], technique: "T1021.002"))
                    }
                }
            }
        }
        var results: [BenchmarkResult] = []
        // Memory first, before the throughput runs grow and free the heap.
        let before = DetectorsBenchmarks.residentBytes()
        var kept = CampaignCorrelator()
        var raised = 0
        for s in observations { raised += kept.observe(s).count }
        kept.advance(to: base + 28 * EpochMillis.day)
        let after = DetectorsBenchmarks.residentBytes()
        let bytes = Double(after - before)
        results.append(BenchmarkResult(name: "Correlation memory per linked entity (measured RSS)", value: bytes / Double(max(1, kept.linkedEntities)),
                                       unit: "bytes/entity", detail: "\(kept.linkedEntities) linked entities, \(kept.openCampaigns) open campaigns, \(observations.count) observations"))
        results.append(BenchmarkResult(name: "Correlation memory per open campaign (measured RSS)", value: bytes / Double(max(1, kept.openCampaigns)),
                                       unit: "bytes/campaign", detail: "all of the stage's state divided by the campaigns"))
        results.append(BenchmarkResult(name: "Correlation resident memory, total", value: bytes / 1_048_576, unit: "MB",
                                       detail: "\(users) users, 30-day window, \(kept.hubCount) hubs, \(raised) raise/growth reports"))
        blackHole(kept)

        let seconds = bestOf(3) {
            var c = CampaignCorrelator()
            var n = 0
            for s in observations { n += c.observe(s).count }
            blackHole(n)
            blackHole(c)
        }
        results.append(BenchmarkResult(name: "Correlation, one core", value: Double(observations.count) / seconds, unit: "observations/s",
                                       detail: "\(observations.count) observations of \(users) users over 4 weeks, best of 3"))
        return results
    }
}
