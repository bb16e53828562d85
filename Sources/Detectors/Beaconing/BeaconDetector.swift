import VigilCore

/// Counters that show what the beacon detector did with its input, for tuning and for the memory bound.
public struct BeaconStatistics: Sendable, Hashable {
    public var eventsSeen = 0
    public var connectionsTracked = 0
    public var skippedInternal = 0
    public var skippedAllowlisted = 0
    public var skippedIgnoredSource = 0
    /// Flows from a web proxy to a destination its own log already shows per client.
    public var skippedProxyFlows = 0
    public var pairsCreated = 0
    /// Pairs dropped because the table was full (least recently active first).
    public var pairsEvicted = 0
    /// Pairs dropped after the idle timeout.
    public var pairsExpired = 0
    public var pairsScored = 0
    /// Beacon-like pairs not raised because their destination is popular.
    public var suppressedPopular = 0
    public var signals = 0
}

/// Finds command-and-control beacons: a source calling the same destination at a steady period with steady
/// payloads, hour after hour, where few other sources go.
///
/// Input: network flows (`networkFlow`: source → destination host name or address and port) and web proxy
/// records (`webProxy`: client → requested host name), so beacons through a proxy are seen per real client.
/// Memory per pair is bounded (rings of ``BeaconConfiguration/historySize``), pairs are capped with LRU eviction
/// and expire when idle. See docs/DETECTORS.md for the scoring.
public struct BeaconDetector: Detector {
    public let id = "beaconing"
    public var configuration: BeaconConfiguration
    public private(set) var statistics = BeaconStatistics()

    private var pairs: BoundedLRU<UInt64, BeaconPair>
    private var destinations: BoundedLRU<UInt64, DestinationPrevalence>
    private var allSources = DistinctCounter(precision: 12)
    /// Web proxies, learned from the log source names of proxy records (`"Squid @ PROXY01"`), upper case.
    private var proxyHosts: Set<String> = []
    private var now: Int64 = Int64.min

    struct DestinationPrevalence: Sendable {
        var sources = DistinctCounter(precision: 6)
        var lastSeen: Int64
        /// Whether a proxy log named this destination (the proxy's own flows to it are then redundant).
        var viaProxy = false
    }

    public init(configuration: BeaconConfiguration = BeaconConfiguration()) {
        self.configuration = configuration
        pairs = BoundedLRU(capacity: configuration.maximumPairs)
        destinations = BoundedLRU(capacity: configuration.maximumDestinations)
    }

    /// Pairs currently tracked.
    public var trackedPairs: Int { pairs.count }

    /// Estimated bytes per fully populated pair from the data structure sizes: the pair value (stored as an
    /// optional in the LRU slab), its key, list links and dictionary entry, and the heap storage of its rings
    /// (array header 32 bytes plus elements). Strings of up to 15 UTF-8 bytes are stored inline; longer source,
    /// destination, user or evidence ids add their length.
    public static func estimatedBytesPerPair(configuration c: BeaconConfiguration = BeaconConfiguration()) -> Int {
        let header = 32
        let slot = MemoryLayout<BeaconPair?>.stride + MemoryLayout<UInt64?>.stride + 2 * MemoryLayout<Int32>.stride
        let dictionary = 2 * (MemoryLayout<UInt64>.stride + MemoryLayout<Int32>.stride)  // keys and values at ≤ 50 % load
        let rings = (header + 4 * c.historySize) + (header + 4 * (c.historySize + 1)) + (header + 24)
            + (header + MemoryLayout<String>.stride * c.evidenceKept)
        return slot + dictionary + rings
    }

    /// Estimated number of distinct sources seen (the denominator of prevalence).
    public var activeSources: Double { allSources.estimate }

    /// Estimated number of distinct sources that contacted `destination`.
    public func prevalence(of destination: String) -> Double {
        destinations.peek(stableHash(destination.lowercased()))?.sources.estimate ?? 0
    }

    public mutating func process(_ event: Event) -> [Signal] {
        statistics.eventsSeen += 1
        now = max(now, event.time)
        guard event.kind == .networkFlow || event.kind == .webProxy else { return [] }
        let sourceIsHost = event.sourceHost != nil
        guard let source = event.sourceHost ?? event.sourceIP else { return [] }
        let destinationName: String? = event.kind == .webProxy ? (event.destinationHost ?? event.resource) : event.destinationHost
        guard let destination = destinationName ?? event.destinationIP else { return [] }
        let destinationIsHost = destinationName != nil && !NetworkAddress.isAddress(destination)
        if event.kind == .webProxy, let log = event.logSource, let at = log.firstRange(of: " @ "), proxyHosts.count < 1000 {
            proxyHosts.insert(String(log[at.upperBound...]).uppercased())
        }

        if !configuration.ignoredSources.isEmpty,
           configuration.ignoredSources.contains(source) || (event.sourceIP.map { configuration.ignoredSources.contains($0) } ?? false) {
            statistics.skippedIgnoredSource += 1
            return []
        }
        // A pseudonymised address no longer shows its network; the sidecar records the zone before pseudonymising.
        if !configuration.includeInternalDestinations,
           event.properties["vigilDestinationZone"] == "internal" || isInternal(destination: destination, ip: event.destinationIP) {
            statistics.skippedInternal += 1
            return []
        }
        if configuration.allowlist.allows(source: source, destination: destination, destinationIP: event.destinationIP) {
            statistics.skippedAllowlisted += 1
            return []
        }
        let destinationKey = stableHash(destination.lowercased())
        // The proxy's own connection for a request its log already attributes to a client: counting it again would
        // raise every proxied beacon twice, once on the proxy.
        if event.kind == .networkFlow, !proxyHosts.isEmpty, proxyHosts.contains(source.uppercased()),
           destinations.peek(destinationKey)?.viaProxy ?? false {
            statistics.skippedProxyFlows += 1
            return []
        }
        statistics.connectionsTracked += 1
        let sourceHash = stableHash(source.lowercased())
        allSources.insert(hash: sourceHash)
        let viaProxy = event.kind == .webProxy
        destinations.update(destinationKey, make: { DestinationPrevalence(lastSeen: event.time) }) { d in
            d.sources.insert(hash: sourceHash)
            d.lastSeen = max(d.lastSeen, event.time)
            if viaProxy { d.viaProxy = true }
        }

        let port: Int32 = (!destinationIsHost && configuration.keyByPort) ? Int32(clamping: event.destinationPort ?? 0) : 0
        let pairKey = stableHash(stableHash(sourceHash, destinationKey), UInt64(UInt32(bitPattern: port)))
        let config = configuration
        var created = false
        let (outcome, evicted) = pairs.update(pairKey, make: {
            created = true
            return BeaconPair(source: source, sourceIsHost: sourceIsHost, destination: destination, destinationIsHost: destinationIsHost,
                              destinationIP: event.destinationIP, port: port, time: event.time)
        }) { pair -> BeaconScore? in
            let newCallback = pair.record(time: event.time, bytes: event.bytesOut, eventID: event.id, user: event.user, config: config)
            guard newCallback, Int(pair.callbacks) >= config.minimumCallbacks,
                  Int(pair.callbacks - pair.lastScoredAt) >= max(1, config.evaluateEvery),
                  pair.lastAlert == Int64.min || event.time - pair.lastAlert >= config.realertAfter
            else { return nil }
            pair.lastScoredAt = pair.callbacks
            return Self.score(pair, now: event.time, config: config)
        }
        if created { statistics.pairsCreated += 1 }
        if evicted != nil { statistics.pairsEvicted += 1 }
        expireIdle()

        guard let score = outcome else { return [] }
        statistics.pairsScored += 1
        guard score.total >= configuration.threshold else { return [] }

        let prevalence = destinations.peek(destinationKey)?.sources.estimate ?? 1
        let popularAt = max(Double(configuration.popularMinimumSources), configuration.popularFraction * allSources.estimate)
        if prevalence >= popularAt {
            statistics.suppressedPopular += 1
            return []
        }
        guard let pair = pairs.peek(pairKey) else { return [] }
        pairs.modifyIfPresent(pairKey) { $0.lastAlert = event.time }
        statistics.signals += 1
        return [makeSignal(pair, score: score, time: event.time, prevalence: prevalence, popularAt: popularAt)]
    }

    public mutating func advance(to time: EpochMillis) -> [Signal] {
        now = max(now, time)
        expireIdle()
        return []
    }

    // MARK: - Internals

    private func isInternal(destination: String, ip: String?) -> Bool {
        if let ip, NetworkAddress.isInternal(ip) { return true }
        if NetworkAddress.isInternal(destination) { return true }
        if !configuration.internalSuffixes.isEmpty {
            let d = destination.lowercased()
            for s in configuration.internalSuffixes {
                let suffix = s.lowercased()
                if d == suffix || d.hasSuffix("." + suffix) { return true }
            }
        }
        return false
    }

    private mutating func expireIdle() {
        let cutoff = now - configuration.idleTimeout
        while let oldest = pairs.oldest, oldest.value.lastSeen < cutoff {
            pairs.removeOldest()
            statistics.pairsExpired += 1
        }
        // Prevalence is remembered longer than pairs: a week of quiet before a destination counts as unseen.
        let destinationCutoff = now - 7 * 86_400_000
        while let oldest = destinations.oldest, oldest.value.lastSeen < destinationCutoff {
            destinations.removeOldest()
        }
    }

    static func score(_ pair: BeaconPair, now: Int64, config: BeaconConfiguration) -> BeaconScore? {
        let intervals = pair.intervals.map(Double.init)
        guard intervals.count >= max(3, config.minimumCallbacks - 1) else { return nil }
        let median = RobustStatistics.median(intervals)
        guard median >= Double(config.minimumPeriod), median <= Double(config.maximumPeriod) else { return nil }
        let sizes: [Double]? = pair.sizeKnown ? pair.sizes.map(Double.init) : nil
        return BeaconScoring.score(intervals: intervals, sizes: sizes, hourlyCounts: pair.completedHourCounts(now: now),
                                   weights: config.weights, idealActiveHours: config.idealActiveHours)
    }

    private func makeSignal(_ pair: BeaconPair, score: BeaconScore, time: Int64, prevalence: Double, popularAt: Double) -> Signal {
        let entity = EntityRef(pair.sourceIsHost ? .host : .ip, pair.source)
        var related: [EntityRef] = [EntityRef(pair.destinationIsHost ? .host : .ip, pair.destination)]
        if pair.destinationIsHost, let ip = pair.destinationIP { related.append(EntityRef(.ip, ip)) }
        if let user = pair.user { related.append(EntityRef(.user, user)) }
        let iv = score.intervals
        let period = Format.number(iv.median, digits: 0)
        let jitter = iv.median > 0 ? Format.percent(iv.mad / iv.median) : "n/a"
        let portText = pair.port > 0 ? ":\(pair.port)" : ""
        var sizeText = ""
        if let s = score.sizes { sizeText = ", \(Format.bytes(s.median)) per callback" }
        let title = "Beaconing: \(pair.source) → \(pair.destination)\(portText) every ~\(period) s (MAD \(jitter))\(sizeText)"

        var deviations: [FeatureDeviation] = [
            FeatureDeviation(
                feature: "interval_dispersion", observed: iv.relativeDispersion, baseline: 0.69, unit: "MAD/median",
                detail: "Median \(Format.number(iv.median, digits: 1)) s between callbacks, MAD \(Format.number(iv.mad, digits: 1)) s, "
                    + "quartiles \(Format.number(iv.q1, digits: 1))–\(Format.number(iv.q3, digits: 1)) s, Bowley skew "
                    + "\(Format.number(iv.bowleySkew, digits: 2)) over \(iv.count) intervals; random (Poisson) traffic has MAD/median 0.69. "
                    + "Interval score \(Format.number(score.interval, digits: 2))."),
            FeatureDeviation(
                feature: "interval_median", observed: iv.median, unit: "s",
                detail: "The pair calls back every \(Format.number(iv.median, digits: 1)) s (median)."),
        ]
        if let s = score.sizes {
            deviations.append(FeatureDeviation(
                feature: "size_dispersion", observed: s.relativeDispersion, baseline: 0.69, unit: "MAD/median",
                detail: "Median \(Format.number(s.median, digits: 0)) bytes sent per callback, MAD \(Format.number(s.mad, digits: 0)) bytes, "
                    + "quartiles \(Format.number(s.q1, digits: 0))–\(Format.number(s.q3, digits: 0)), Bowley skew \(Format.number(s.bowleySkew, digits: 2)). "
                    + "Size score \(Format.number(score.size, digits: 2))."))
        }
        deviations.append(FeatureDeviation(
            feature: "active_hours", observed: Double(score.activeHours), baseline: Double(score.observedHours), unit: "hours",
            detail: "Active in \(score.activeHours) of the \(score.observedHours) completed hours observed (longest run \(score.longestRun) h); "
                + "callbacks per active hour vary by \(Format.percent(score.hourlyVariation.isFinite ? score.hourlyVariation : 0)). "
                + "Coverage \(Format.number(score.coverage, digits: 2)), consistency \(Format.number(score.hourConsistency, digits: 2))."))
        deviations.append(FeatureDeviation(
            feature: "destination_prevalence", observed: prevalence.rounded(), baseline: popularAt.rounded(), unit: "sources",
            detail: "About \(Format.number(prevalence, digits: 0)) source(s) contact \(pair.destination); destinations reached by "
                + "\(Format.number(popularAt, digits: 0)) or more are treated as popular and not raised."))
        deviations.append(FeatureDeviation(
            feature: "callbacks", observed: Double(pair.callbacks), baseline: Double(configuration.minimumCallbacks), unit: "callbacks",
            detail: "\(pair.callbacks) callbacks (\(pair.connections) connections) since \(Format.timestamp(pair.firstSeen))."))

        let evidence = pair.orderedEvidence
        return Signal(
            id: stableID(id, pair.source, pair.destination, String(pair.port), String(time)),
            detector: id, entity: entity, related: related, time: time, score: score.total, title: title,
            deviations: deviations, evidence: evidence, technique: pair.destinationIsHost ? "T1071.001" : "T1071")
    }
}
