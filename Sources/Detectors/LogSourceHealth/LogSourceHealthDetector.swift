import VigilCore

/// Counters of the log-source health detector.
public struct LogSourceHealthStatistics: Sendable, Hashable {
    public var eventsSeen = 0
    public var sourcesEvicted = 0
    public var silences = 0
    public var silencesInMaintenance = 0
    public var drops = 0
    public var floods = 0
    public var malformed = 0
    public var missingFields = 0
    public var newFormats = 0
    public var clockSkews = 0
}

/// Watches every log source for what makes a SIEM blind: silence far beyond the expected inter-arrival, drops and
/// floods against a seasonal forecast of the hourly rate, a rising share of malformed or unparsed events, fields
/// that stop appearing, a new event format, and clock skew between device time and receive time. Critical
/// sources (domain controllers, VPN, sensitive databases) weigh more, and each signal says what to check.
///
/// Silence inside a configured maintenance window is not raised; a source still silent after the window closes
/// is measured from the window's end.
public struct LogSourceHealthDetector: Detector {
    public let id = "log-source-health"
    public var configuration: LogSourceHealthConfiguration
    public private(set) var statistics = LogSourceHealthStatistics()

    private var sources: BoundedLRU<String, LogSourceState>
    private var now: Int64 = Int64.min
    private var lastCheck: Int64 = Int64.min

    public init(configuration: LogSourceHealthConfiguration = LogSourceHealthConfiguration()) {
        self.configuration = configuration
        sources = BoundedLRU(capacity: configuration.maximumSources)
    }

    /// Sources currently tracked.
    public var trackedSources: Int { sources.count }

    /// Estimated bytes per log source with `codes` known event codes, from the data structure sizes: the state in
    /// the LRU slab, its name key (heap string), the seasonal model (48 factors, 48 counters), two gap histograms,
    /// field presence counters and rates, the skew ring and the evidence rings.
    public static func estimatedBytesPerSource(codes: Int = 64, nameLength: Int = 30) -> Int {
        let header = 32
        let slot = MemoryLayout<LogSourceState?>.stride + MemoryLayout<String?>.stride + 8 + 2 * (16 + 4) + (nameLength > 15 ? header + nameLength : 0)
        let model = (header + 48 * 4) + (header + 48)
        let gaps = 2 * (header + 52 * 4)
        let fields = (header + TrackedField.allCases.count * 2) + (header + TrackedField.allCases.count * 4)
        let skews = header + 16 * 4
        let evidence = 2 * (header + 8 * MemoryLayout<String>.stride)
        var capacity = 1
        while Double(capacity) * 0.75 < Double(codes) { capacity *= 2 }
        let known = header + 16 + capacity * 8 + capacity / 8
        return slot + model + gaps + fields + skews + evidence + known
    }

    /// The expected parsed events per hour of `source` at `time`, and the model's standard deviation, or nil for an
    /// unknown source.
    public func expectedRate(of source: String, at time: Int64) -> (expected: Double, deviation: Double)? {
        guard let s = sources.peek(source) else { return nil }
        let e = s.expectedRate(at: time, utcOffsetMinutes: configuration.utcOffsetMinutes)
        return (e, s.model.deviation(expected: e))
    }

    /// The criticality a source gets: the configured map, then the event's `criticality` property, then the name
    /// patterns, then the default.
    public func criticality(of name: String, property: String?) -> LogSourceCriticality {
        let lower = name.lowercased()
        for (k, v) in configuration.criticality where k.lowercased() == lower { return v }
        if let p = property, let c = LogSourceCriticality(text: p) { return c }
        for p in configuration.criticalPatterns where lower.contains(p.lowercased()) { return .critical }
        for p in configuration.lowPatterns where lower.contains(p.lowercased()) { return .low }
        return configuration.defaultCriticality
    }

    public mutating func process(_ event: Event) -> [Signal] {
        statistics.eventsSeen += 1
        now = max(now, event.time)
        var out: [Signal] = []
        if let name = event.logSource {
            let config = configuration
            let crit = sources.contains(name) ? LogSourceCriticality.normal : criticality(of: name, property: event.properties["criticality"])
            var stats = statistics
            let r = sources.update(name, make: { LogSourceState(name: name, criticality: crit, time: event.time) }) { s in
                if let p = event.properties["criticality"], let c = LogSourceCriticality(text: p), c > s.criticality { s.criticality = c }
                Self.closeBuckets(&s, upTo: event.time / 3_600_000, config: config, stats: &stats, out: &out)
                Self.observe(event, into: &s, config: config, stats: &stats, out: &out)
            }
            statistics = stats
            if r.evicted != nil { statistics.sourcesEvicted += 1 }
        }
        if lastCheck == Int64.min || now - lastCheck >= configuration.checkInterval {
            out += checkAll()
        }
        return out
    }

    public mutating func advance(to time: EpochMillis) -> [Signal] {
        now = max(now, time)
        guard lastCheck == Int64.min || now - lastCheck >= configuration.checkInterval else { return [] }
        return checkAll()
    }

    // MARK: - Per event

    private static func observe(_ e: Event, into s: inout LogSourceState, config: LogSourceHealthConfiguration,
                                stats: inout LogSourceHealthStatistics, out: inout [Signal]) {
        let status = ParseStatus.of(e)
        if s.lastAny != Int64.min, e.time >= s.lastAny {
            s.anyGaps.record(e.time - s.lastAny, band: s.band(at: e.time, utcOffsetMinutes: config.utcOffsetMinutes))
        }
        s.lastAny = max(s.lastAny, e.time)
        if e.kind == .heartbeat {
            s.heartbeats += 1
            s.lastHeartbeat = max(s.lastHeartbeat, e.time)
            return
        }
        if status != .parsed {
            s.malformedTotal += 1
            s.bucketMalformed += 1
            s.malformedStreak += 1
            s.lastMalformed = max(s.lastMalformed, e.time)
            LogSourceState.push(e.id, &s.malformedEvidence, &s.malformedEvidencePos)
            if let payload = e.properties["Payload"] ?? e.properties["payload"] ?? e.properties["raw"] {
                s.sample = String(payload.unicodeScalars.prefix(120).map { $0.value < 32 || $0.value == 127 ? "·" : Character($0) })
            }
            if !s.malformedAlerted, s.malformedStreak >= config.malformedStreak {
                s.malformedAlerted = true
                stats.malformed += 1
                out.append(malformedSignal(s, time: e.time, count: s.malformedStreak, total: s.malformedStreak, streak: true, config: config))
            }
            return
        }
        s.malformedStreak = 0
        if s.lastContent != Int64.min, e.time >= s.lastContent {
            s.contentGaps.record(e.time - s.lastContent, band: s.band(at: e.time, utcOffsetMinutes: config.utcOffsetMinutes))
        }
        s.silenceAlerted = false
        s.lastContent = max(s.lastContent, e.time)
        s.lastContentID = e.id
        s.contentEvents += 1
        s.bucketContent += 1
        LogSourceState.push(e.id, &s.evidence, &s.evidencePos)
        for f in TrackedField.allCases where f.present(in: e) {
            if s.fieldCounts[f.rawValue] < UInt16.max { s.fieldCounts[f.rawValue] += 1 }
        }
        if let code = e.eventCode ?? e.name {
            s.bucketCoded += 1
            let h = stableHash(code)
            if !s.knownCodes.contains(h) {
                if s.knownCodes.count < 1024 { s.knownCodes.insert(h) }
                s.bucketNewCodes += 1
                s.lastNewCode = code
            }
        }
        if let received = e.properties["receivedAt"].flatMap({ Int64($0) }) {
            let skew = Int32(clamping: (received - e.time) / 1000)
            s.recordSkew(skew, capacity: max(4, config.skewSamples))
            if s.skews.count >= max(4, config.skewSamples) {
                let median = RobustStatistics.median(s.skews.map(Double.init)) * 1000
                if !s.skewAlerted, abs(median) >= Double(config.skewThreshold) {
                    s.skewAlerted = true
                    stats.clockSkews += 1
                    out.append(skewSignal(s, median: median, time: e.time, config: config))
                } else if s.skewAlerted, abs(median) < Double(config.skewThreshold) / 2 {
                    s.skewAlerted = false
                }
            }
        }
    }

    // MARK: - Hourly buckets

    private static func closeBuckets(_ s: inout LogSourceState, upTo hour: Int64, config: LogSourceHealthConfiguration,
                                     stats: inout LogSourceHealthStatistics, out: inout [Signal]) {
        guard hour > s.bucketHour else { return }
        closeBucket(&s, config: config, stats: &stats, out: &out)
        // Whole hours without any event: the model learns them (robustly) unless the source is known to be down.
        var h = s.bucketHour + 1
        if hour - h > 48 { h = hour - 48 }
        while h < hour {
            let start = h * 3_600_000
            let planned = config.maintenanceWindows.covers(source: s.lower, at: start)
            if !s.silenceAlerted, !planned, s.contentEvents > 0 {
                s.model.update(slot: OnlineSeasonalRate.slot(hourStart: start, utcOffsetMinutes: config.utcOffsetMinutes), count: 0, robust: true)
            }
            s.contentGaps.decay()
            s.anyGaps.decay()
            h += 1
        }
        s.bucketHour = hour
        s.bucketContent = 0
        s.bucketMalformed = 0
        s.bucketCoded = 0
        s.bucketNewCodes = 0
        for i in s.fieldCounts.indices { s.fieldCounts[i] = 0 }
    }

    private static func closeBucket(_ s: inout LogSourceState, config: LogSourceHealthConfiguration, stats: inout LogSourceHealthStatistics,
                                    out: inout [Signal]) {
        let start = s.bucketHour * 3_600_000
        let end = start + 3_600_000
        let count = Double(s.bucketContent)
        let slot = OnlineSeasonalRate.slot(hourStart: start, utcOffsetMinutes: config.utcOffsetMinutes)
        let planned = config.maintenanceWindows.covers(source: s.lower, at: start) || config.maintenanceWindows.covers(source: s.lower, at: end - 1)
        // A partial first hour says nothing about the rate.
        let partial = s.firstSeen > start
        if !partial, s.model.hours >= config.warmupHours, s.model.updates(slot: slot) >= config.minimumSlotObservations, !planned,
           !s.silenceAlerted,
           s.criticality >= config.minimumRateCriticality {
            let e = s.model.expected(slot: slot)
            let sd = s.model.deviation(expected: e)
            if count > 0, e >= config.minimumExpected, count < e - config.deviationThreshold * sd, count < config.dropRatio * e {
                s.dropStreak += 1
                if s.dropStreak == config.dropHours {
                    stats.drops += 1
                    out.append(rateSignal(s, drop: true, count: count, expected: e, sd: sd, time: end - 1, config: config))
                }
            } else if count >= config.minimumFlood, count > e + config.deviationThreshold * sd, count > config.floodRatio * max(e, 1) {
                s.dropStreak = 0
                stats.floods += 1
                out.append(rateSignal(s, drop: false, count: count, expected: e, sd: sd, time: end - 1, config: config))
            } else {
                s.dropStreak = 0
            }
        }
        if !partial, !planned, !(count == 0 && s.silenceAlerted) {
            s.model.update(slot: slot, count: count, robust: s.model.hours >= config.warmupHours)
        }
        s.contentGaps.decay()
        s.anyGaps.decay()

        // Malformed share over the hour.
        let malformed = Double(s.bucketMalformed)
        let total = count + malformed
        if total > 0 {
            let share = malformed / total
            if !s.malformedAlerted, Int(s.bucketMalformed) >= config.minimumMalformed, share >= config.malformedShare,
               share >= 5 * Double(s.malformedBaseline) {
                stats.malformed += 1
                out.append(malformedSignal(s, time: end - 1, count: Int(s.bucketMalformed), total: Int(total), streak: false, config: config))
            } else if s.malformedAlerted, share < config.malformedShare / 2 {
                s.malformedAlerted = false
            }
            if share < config.malformedShare || s.malformedBaseline == 0 {
                s.malformedBaseline += 0.05 * (Float(share) - s.malformedBaseline)
            }
        }

        // Fields and formats.
        if !partial, Int(s.bucketContent) >= config.minimumFormatEvents {
            let n = Float(s.bucketContent)
            if s.formatHours >= config.formatWarmupHours {
                var missing: [(TrackedField, Float, Float)] = []
                for f in TrackedField.allCases {
                    let was = s.fieldRates[f.rawValue], nowShare = Float(s.fieldCounts[f.rawValue]) / n
                    if was >= 0.9, nowShare < 0.5 * was { missing.append((f, was, nowShare)) }
                }
                if !missing.isEmpty {
                    stats.missingFields += 1
                    out.append(missingFieldSignal(s, missing: missing, time: end - 1, config: config))
                }
                let newShare = s.bucketCoded > 0 ? Double(s.bucketNewCodes) / Double(s.bucketCoded) : 0
                if Int(s.bucketCoded) >= config.minimumFormatEvents, newShare >= 0.5 {
                    stats.newFormats += 1
                    out.append(newFormatSignal(s, share: newShare, time: end - 1, config: config))
                }
            }
            s.formatHours += 1
            let a = max(0.1, 1 / Float(s.formatHours))
            for f in TrackedField.allCases {
                s.fieldRates[f.rawValue] += a * (Float(s.fieldCounts[f.rawValue]) / n - s.fieldRates[f.rawValue])
            }
        }
    }

    // MARK: - Silence

    private mutating func checkAll() -> [Signal] {
        lastCheck = now
        let t = now
        let config = configuration
        var out: [Signal] = []
        var stats = statistics
        sources.mutateAll { _, s in
            Self.closeBuckets(&s, upTo: t / 3_600_000, config: config, stats: &stats, out: &out)
            if let signal = Self.silence(&s, now: t, config: config, stats: &stats) { out.append(signal) }
        }
        statistics = stats
        return out
    }

    /// The thresholds (ms) for silence of all events and of parsed events now, or nil while the source's gaps are
    /// not known yet.
    /// A gap is judged against the source's gaps on the kind of day (working day or weekend) where it started and
    /// where it is now (the larger threshold), and only with 50 gaps of history for both.
    static func silenceThresholds(_ s: LogSourceState, now: Int64, config: LogSourceHealthConfiguration) -> (any: Double?, content: Double?) {
        let floor = Double(config.minimumSilence)
        func threshold(_ h: GapHistogram, since start: Int64) -> Double? {
            let a = s.band(at: start, utcOffsetMinutes: config.utcOffsetMinutes), b = s.band(at: now, utcOffsetMinutes: config.utcOffsetMinutes)
            guard let x = h.p999(band: a), let y = h.p999(band: b) else { return nil }
            return max(floor, max(x, y) * config.gapFactor)
        }
        return (threshold(s.anyGaps, since: s.lastAny), threshold(s.contentGaps, since: s.lastContent))
    }

    private static func silence(_ s: inout LogSourceState, now: Int64, config: LogSourceHealthConfiguration,
                                stats: inout LogSourceHealthStatistics) -> Signal? {
        guard !s.silenceAlerted, s.contentEvents >= config.minimumEventsForSilence, s.lastContent != Int64.min,
              now - s.firstSeen >= config.silenceWarmup, s.criticality >= config.minimumRateCriticality
        else { return nil }
        let (anyThreshold, contentThreshold) = silenceThresholds(s, now: now, config: config)
        // Everything stopped, or parsed events stopped while heartbeats or garbage still arrive.
        var threshold: Double
        var gapStart: Int64
        let total: Bool
        if let a = anyThreshold, Double(now - s.lastAny) >= a {
            (threshold, gapStart, total) = (a, s.lastAny, true)
        } else if let c = contentThreshold, Double(now - s.lastContent) >= c {
            (threshold, gapStart, total) = (c, s.lastContent, false)
        } else {
            return nil
        }
        let windows = config.maintenanceWindows
        if !windows.isEmpty {
            if windows.covers(source: s.lower, at: now) {
                stats.silencesInMaintenance += 1
                return nil
            }
            if let end = windows.latestEnd(source: s.lower, from: gapStart, to: now) { gapStart = max(gapStart, end) }
            guard Double(now - gapStart) >= threshold else { return nil }
        }
        threshold = max(threshold, Double(config.minimumSilence))
        let expectedInGap = s.expectedEvents(from: s.lastContent, to: now, utcOffsetMinutes: config.utcOffsetMinutes)
        guard expectedInGap >= config.minimumExpectedInGap else { return nil }
        s.silenceAlerted = true
        stats.silences += 1
        let due = gapStart + Int64(threshold)
        let gap = Double(now - s.lastContent)
        let rate = max(0, s.expectedRate(at: now, utcOffsetMinutes: config.utcOffsetMinutes))
        let heartbeatsContinue = !total && s.lastHeartbeat != Int64.min && s.lastHeartbeat > s.lastContent
        let onlyMalformed = !total && s.lastMalformed != Int64.min && s.lastMalformed > s.lastContent
        let host = s.host ?? s.name
        let what: String
        if onlyMalformed {
            what = "Only malformed or unparsed records arrive: check the forwarder's output format and the parser (DSM) for this source."
        } else if heartbeatsContinue {
            what = "Heartbeats still arrive, so the agent runs but collects nothing: check the audit policy and the event channels or files it "
                + "reads on \(host), and whether the log was cleared (Windows event 1102) or auditing turned off (auditpol)."
        } else {
            what = "Check the agent or forwarder on \(host) (service running, queue not full), the network path and firewall to QRadar, and "
                + "QRadar's log source status; on Windows also whether the Security log was cleared (event 1102) or auditing stopped."
        }
        let score = s.criticality.weight * min(1, 0.6 + 0.1 * gap / threshold)
        var evidence = LogSourceState.ordered(s.evidence, s.evidencePos)
        if onlyMalformed { evidence += LogSourceState.ordered(s.malformedEvidence, s.malformedEvidencePos) }
        let kind = total ? "silent" : "sends no parsed events"
        return Signal(
            id: stableID("log-source-health", "silence", s.name, String(s.lastContent)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: min(now, due), score: score,
            title: "Log source \(kind): \(s.name) (\(s.criticality.name)) — no parsed events for \(Format.duration(milliseconds: gap)), "
                + "expected about \(Format.number(rate, digits: 1))/h",
            deviations: [
                FeatureDeviation(
                    feature: "silence", observed: gap / 60_000, baseline: threshold / 60_000, unit: "minutes",
                    detail: "No parsed event since \(Format.timestamp(s.lastContent)) (\(Format.duration(milliseconds: gap)))"
                        + (total ? "" : ", though other records still arrive") + "; for this source and hour a gap over "
                        + "\(Format.duration(milliseconds: threshold)) is unusual. " + what),
                FeatureDeviation(
                    feature: "events_in_gap", observed: 0, baseline: expectedInGap, unit: "events",
                    detail: "The seasonal forecast expected about \(Format.number(expectedInGap, digits: 0)) events in the gap "
                        + "(\(Format.number(rate, digits: 1)) per hour now)."),
            ],
            evidence: evidence, technique: s.criticality >= .high ? "T1562.002" : nil)
    }

    // MARK: - Signals

    private static func rateSignal(_ s: LogSourceState, drop: Bool, count: Double, expected e: Double, sd: Double, time: Int64,
                                   config: LogSourceHealthConfiguration) -> Signal {
        let z = sd > 0 ? (count - e) / sd : 0
        let score = s.criticality.weight * (0.5 + 0.5 * min(1, abs(z) / 10))
        let what = drop
            ? "Check filters recently added at the source or in QRadar's routing rules, a partial outage or failover of the device, and "
                + "whether some event channels stopped (compare event names before and after)."
            : "Check for a debug or verbose logging level left on, an error message repeating in a loop, a duplicate forwarder, or an "
                + "attack producing volume (brute force, scanning); floods also cost EPS licence."
        let ratio = e > 0 ? count / e : 0
        let streak = drop && config.dropHours > 1 ? " (the \(config.dropHours)th hour in a row this far under)" : ""
        return Signal(
            id: stableID("log-source-health", drop ? "drop" : "flood", s.name, String(time)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: time, score: score,
            title: (drop ? "Log source volume drop: " : "Log source flood: ") + "\(s.name) (\(s.criticality.name)) sent "
                + "\(Format.number(count, digits: 0)) events in an hour, expected \(Format.number(e, digits: 0))",
            deviations: [
                FeatureDeviation(
                    feature: "events_per_hour", observed: count, baseline: e, unit: "events/h",
                    detail: "\(Format.number(count, digits: 0)) events in the hour to \(Format.timestamp(time + 1)), "
                        + "\(Format.number(ratio, digits: 2))× the seasonal forecast of \(Format.number(e, digits: 0)) "
                        + "(±\(Format.number(sd, digits: 0)), z = \(Format.number(z, digits: 1)))\(streak). " + what),
            ],
            evidence: LogSourceState.ordered(s.evidence, s.evidencePos), technique: drop && s.criticality >= .high ? "T1562.006" : nil)
    }

    private static func malformedSignal(_ s: LogSourceState, time: Int64, count: Int, total: Int, streak: Bool,
                                        config: LogSourceHealthConfiguration) -> Signal {
        let share = total > 0 ? Double(count) / Double(total) : 1
        let usual = Double(s.malformedBaseline)
        let score = s.criticality.weight * min(1, 0.55 + 0.4 * share)
        let sampleText = s.sample.map { " Sample: \"\($0)\"." } ?? ""
        let observedText = streak
            ? "\(count) malformed or unparsed events in a row"
            : "\(count) of \(total) events (\(Format.percent(share))) malformed or unparsed in the hour"
        return Signal(
            id: stableID("log-source-health", "malformed", s.name, String(time)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: time, score: score,
            title: "Parsing problem: \(s.name) — \(observedText)",
            deviations: [
                FeatureDeviation(
                    feature: "malformed_share", observed: share, baseline: usual, unit: "share of events",
                    detail: "\(observedText); usually \(Format.percent(usual)).\(sampleText) Check the parser (DSM) version and the source's "
                        + "format (a firmware or agent upgrade, a changed log template), the character encoding, and the syslog transport "
                        + "(TCP framing, truncated lines)."),
            ],
            evidence: LogSourceState.ordered(s.malformedEvidence, s.malformedEvidencePos), technique: "T1562.006")
    }

    private static func missingFieldSignal(_ s: LogSourceState, missing: [(TrackedField, Float, Float)], time: Int64,
                                           config: LogSourceHealthConfiguration) -> Signal {
        let names = missing.map { $0.0.label }.joined(separator: ", ")
        let deviations = missing.map { f, was, nowShare in
            FeatureDeviation(
                feature: "field_" + f.label, observed: Double(nowShare), baseline: Double(was), unit: "share of events",
                detail: "Field \(f.label) was present in \(Format.percent(Double(was))) of events and now in \(Format.percent(Double(nowShare))). "
                    + "Check for a parser (DSM) update, a changed format at the source, or a custom property whose expression stopped matching.")
        }
        return Signal(
            id: stableID("log-source-health", "fields", s.name, String(time)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: time,
            score: s.criticality.weight * 0.6, title: "Fields stopped appearing in \(s.name): \(names)", deviations: deviations,
            evidence: LogSourceState.ordered(s.evidence, s.evidencePos))
    }

    private static func newFormatSignal(_ s: LogSourceState, share: Double, time: Int64, config: LogSourceHealthConfiguration) -> Signal {
        Signal(
            id: stableID("log-source-health", "format", s.name, String(time)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: time,
            score: s.criticality.weight * 0.55, title: "New event format from \(s.name): \(Format.percent(share)) of events have unseen codes",
            deviations: [
                FeatureDeviation(
                    feature: "new_event_codes", observed: share, baseline: 0, unit: "share of events",
                    detail: "\(Format.percent(share)) of the hour's events carry event codes or names never seen from this source"
                        + (s.lastNewCode.map { " (e.g. \"\($0)\")" } ?? "") + ". Check for a device or agent upgrade and whether the parser "
                        + "(DSM) and the QID map cover the new events."),
            ],
            evidence: LogSourceState.ordered(s.evidence, s.evidencePos))
    }

    private static func skewSignal(_ s: LogSourceState, median: Double, time: Int64, config: LogSourceHealthConfiguration) -> Signal {
        let minutes = median / 60_000
        let wholeHours = abs(minutes) >= 55 && abs(abs(minutes) - (abs(minutes) / 60).rounded() * 60) <= 5
        let direction = median > 0 ? "behind" : "ahead of"
        let hint = wholeHours
            ? "An offset of whole hours usually means a time-zone setting on the device or in the parser."
            : "Check NTP on the device (and the collector)."
        return Signal(
            id: stableID("log-source-health", "skew", s.name, String(time)), detector: "log-source-health",
            entity: EntityRef(.logSource, s.name), related: s.host.map { [EntityRef(.host, $0)] } ?? [], time: time,
            score: s.criticality.weight * min(1, 0.5 + abs(minutes) / 120),
            title: "Clock skew: \(s.name) device time is \(Format.duration(milliseconds: abs(median))) \(direction) receive time",
            deviations: [
                FeatureDeviation(
                    feature: "clock_skew", observed: minutes, baseline: 0, unit: "minutes",
                    detail: "Median receive time minus device time over the last \(s.skews.count) events is \(Format.number(minutes, digits: 1)) min. "
                        + hint + " QRadar rules, searches and Vigil's own windows use device time, so skew misplaces events."),
            ],
            evidence: LogSourceState.ordered(s.evidence, s.evidencePos))
    }
}
