import Testing
import VigilCore

@testable import Detectors

@Suite("Beaconing")
struct BeaconDetectorTests {
    /// Callbacks every `period` seconds with ±`jitter` uniform jitter, `hours` long, each a burst of `burst`
    /// connections 150 ms apart.
    func beacon(client: String, host: String, period: Double, jitter: Double, hours: Double, start: Int64 = t0, burst: Int = 1,
                seed: UInt64 = 7, prefix: String = "b") -> [Event] {
        var random = SeededRandom(seed: seed)
        var events: [Event] = []
        var t = start
        var n = 0
        while t < start + Int64(hours * 3_600_000) {
            for k in 0..<burst {
                events.append(proxyEvent("\(prefix)\(n)", t + Int64(k) * 150, client: client, host: host, sent: 400 + Int64(random.nextUnit() * 24),
                                         received: 210 + Int64(random.nextUnit() * 16), user: "jdoe"))
                n += 1
            }
            t += Int64(period * 1000 * (1 + jitter * (2 * random.nextUnit() - 1)))
        }
        return events
    }

    /// Human browsing: exponential gaps with mean `meanGap` seconds and variable sizes.
    func browsing(client: String, host: String, meanGap: Double, hours: Double, seed: UInt64, prefix: String) -> [Event] {
        var random = SeededRandom(seed: seed)
        var events: [Event] = []
        var t = t0
        var n = 0
        while t < t0 + Int64(hours * 3_600_000) {
            events.append(proxyEvent("\(prefix)\(n)", t, client: client, host: host, sent: 300 + Int64(random.nextUnit() * 5000),
                                     received: Int64(random.nextUnit() * 200_000)))
            n += 1
            t += Int64(-log(max(1e-9, random.nextUnit())) * meanGap * 1000) + 1000
        }
        return events
    }

    func sorted(_ e: [Event]) -> [Event] { e.sorted { $0.time < $1.time } }

    @Test("a jittered beacon through the proxy is raised with its interval and size statistics")
    func jitteredBeacon() throws {
        var d = BeaconDetector()
        let signals = feed(&d, beacon(client: "WS-NYC-00012", host: "cdn-telemetry.example", period: 270, jitter: 0.1, hours: 8))
        let s = try #require(signals.first)
        #expect(signals.count == 1, "one signal per pair per re-alert period")
        #expect(s.detector == "beaconing")
        #expect(s.entity == EntityRef(.host, "WS-NYC-00012"))
        #expect(s.related.contains(EntityRef(.host, "cdn-telemetry.example")))
        #expect(s.related.contains(EntityRef(.user, "jdoe")))
        #expect(s.score >= d.configuration.threshold)
        let median = try #require(s.deviations.first { $0.feature == "interval_median" })
        #expect(abs(median.observed - 270) < 270 * 0.1, "median interval near the period")
        let dispersion = try #require(s.deviations.first { $0.feature == "interval_dispersion" })
        #expect(dispersion.observed < 0.1, "±10 % uniform jitter has MAD/median about 0.05")
        #expect(dispersion.baseline == 0.69)
        let size = try #require(s.deviations.first { $0.feature == "size_dispersion" })
        #expect(size.observed < 0.05)
        #expect(s.evidence.count == d.configuration.evidenceKept)
        #expect(s.evidence.allSatisfy { $0.hasPrefix("b") })
    }

    @Test("zero-interval bursts are merged into one callback, so the period is the real one")
    func zeroIntervalBursts() throws {
        let events = beacon(client: "WS-1", host: "c2.example", period: 300, jitter: 0.05, hours: 6, burst: 3)
        var merged = BeaconDetector()
        let signals = feed(&merged, events)
        let s = try #require(signals.first)
        let median = try #require(s.deviations.first { $0.feature == "interval_median" })
        #expect(abs(median.observed - 300) < 30)
        let callbacks = try #require(s.deviations.first { $0.feature == "callbacks" })
        #expect(s.deviations.first { $0.feature == "callbacks" }?.detail.contains("connections") == true)
        #expect(callbacks.observed >= 12)
        // Without merging, two of every three intervals are 150 ms: the median collapses below the minimum period
        // and the pair is not judged a beacon at all (the false "1 s beacon" RITA users report).
        var config = BeaconConfiguration()
        config.burstGap = 0
        var unmerged = BeaconDetector(configuration: config)
        #expect(feed(&unmerged, events).isEmpty)
    }

    @Test("bursts of retries without a period are not a beacon")
    func retryBurstsOnly() {
        var random = SeededRandom(seed: 11)
        var events: [Event] = []
        var t = t0
        for n in 0..<60 {
            // A failing client retries 4 times in a second, at irregular moments.
            for k in 0..<4 { events.append(flowEvent("r\(n)-\(k)", t + Int64(k) * 200, from: "10.1.0.9", to: "203.0.113.50", port: 8443)) }
            t += Int64(-log(max(1e-9, random.nextUnit())) * 600_000) + 5_000
        }
        var d = BeaconDetector()
        #expect(feed(&d, events).isEmpty)
    }

    @Test("human browsing to a site is not a beacon")
    func browsingIsNotBeacon() {
        var d = BeaconDetector()
        let events = browsing(client: "WS-2", host: "news.example", meanGap: 240, hours: 10, seed: 3, prefix: "h")
        #expect(feed(&d, events).isEmpty)
        #expect(d.statistics.pairsScored > 0, "the pair was judged, not skipped")
    }

    @Test("a destination many sources contact is popular: its beacons are suppressed")
    func popularDestination() {
        var events: [Event] = []
        // 40 active hosts; 30 of them run an agent that checks in every 10 minutes with a vendor's service.
        for h in 0..<40 {
            events += browsing(client: "WS-\(h)", host: "intranet-news-\(h % 3).example", meanGap: 900, hours: 6, seed: UInt64(100 + h),
                               prefix: "w\(h)-")
        }
        for h in 0..<30 {
            events += beacon(client: "WS-\(h)", host: "telemetry.vendor.example", period: 600, jitter: 0.05, hours: 6,
                             start: t0 + Int64(h) * 7_000, seed: UInt64(h), prefix: "v\(h)-")
        }
        // One host beacons somewhere nobody else goes.
        events += beacon(client: "WS-7", host: "rare-c2.example", period: 600, jitter: 0.05, hours: 6, seed: 99, prefix: "c")
        var d = BeaconDetector()
        let signals = feed(&d, sorted(events))
        #expect(d.prevalence(of: "telemetry.vendor.example") >= 20)
        #expect(d.statistics.suppressedPopular > 0)
        #expect(!signals.contains { $0.related.contains(EntityRef(.host, "telemetry.vendor.example")) })
        #expect(signals.contains { $0.related.contains(EntityRef(.host, "rare-c2.example")) && $0.entity == EntityRef(.host, "WS-7") })
    }

    @Test("allowlisted destinations are never scored, matched on label boundaries")
    func allowlist() {
        var config = BeaconConfiguration()
        config.allowlist = BeaconAllowlist(destinationSuffixes: ["windowsupdate.com"], destinationNetworks: [IPv4Network("198.18.0.0/15")!])
        var d = BeaconDetector(configuration: config)
        let allowed = beacon(client: "WS-3", host: "fe2.update.windowsupdate.com", period: 300, jitter: 0.05, hours: 6, prefix: "a")
        let lookalike = beacon(client: "WS-3", host: "evilwindowsupdate.com", period: 300, jitter: 0.05, hours: 6, start: t0 + 1_000, prefix: "e")
        var byNetwork: [Event] = []
        for (i, e) in beacon(client: "WS-4", host: "x", period: 300, jitter: 0.05, hours: 6, start: t0 + 2_000, prefix: "n").enumerated() {
            byNetwork.append(flowEvent("n\(i)", e.time, from: "10.1.0.44", to: "198.19.1.1", port: 443))
        }
        let signals = feed(&d, sorted(allowed + lookalike + byNetwork))
        #expect(d.statistics.skippedAllowlisted == allowed.count + byNetwork.count)
        #expect(signals.count == 1)
        #expect(signals.first?.related.first == EntityRef(.host, "evilwindowsupdate.com"))
    }

    @Test("internal destinations are skipped unless asked for")
    func internalDestinations() {
        let events = (0..<80).map { flowEvent("i\($0)", t0 + Int64($0) * 300_000, from: "10.1.0.8", to: "10.0.5.20", port: 9997) }
        var d = BeaconDetector()
        #expect(feed(&d, events).isEmpty)
        #expect(d.statistics.skippedInternal == 80)
        var config = BeaconConfiguration()
        config.includeInternalDestinations = true
        var withInternal = BeaconDetector(configuration: config)
        let signals = feed(&withInternal, events)
        #expect(signals.count == 1)
        #expect(signals.first?.entity == EntityRef(.ip, "10.1.0.8"))
        #expect(signals.first?.title.contains("10.0.5.20:9997") == true)
    }

    @Test("pairs are capped with LRU eviction and expire when idle")
    func boundedMemory() {
        var config = BeaconConfiguration()
        config.maximumPairs = 100
        config.idleTimeout = hour
        var d = BeaconDetector(configuration: config)
        for i in 0..<1000 {
            _ = d.process(flowEvent("p\(i)", t0 + Int64(i), from: "10.1.\(i / 250).\(i % 250)", to: "203.0.113.\(i % 200)", port: 443))
        }
        #expect(d.trackedPairs == 100)
        #expect(d.statistics.pairsEvicted == 900)
        _ = d.advance(to: t0 + 2 * hour)
        #expect(d.trackedPairs == 0)
        #expect(d.statistics.pairsExpired == 100)
    }

    @Test("scoring: a metronome is regular, Poisson arrivals are not")
    func scoring() {
        let metronome = RobustStatistics.summary([Double](repeating: 60, count: 30))
        #expect(BeaconScoring.regularity(metronome) == 1)
        var random = SeededRandom(seed: 5)
        let poisson = (0..<500).map { _ in -log(max(1e-12, random.nextUnit())) * 60 }
        let s = RobustStatistics.summary(poisson)
        #expect(abs(s.relativeDispersion - 0.694) < 0.08, "MAD/median of an exponential sample is asinh(0.5)/ln 2")
        #expect(BeaconScoring.regularity(s) < 0.35)
        // A laptop active 8 hours in a row at a 5-minute period is fully covered by its run.
        let laptop = BeaconScoring.hourFeatures(counts: [0, 0, 12, 12, 12, 12, 12, 12, 12, 12, 0, 0], period: 300_000, idealActiveHours: 6)
        #expect(laptop.coverage == 1)
        #expect(laptop.consistency == 1)
        #expect(laptop.longestRun == 8)
    }
}
