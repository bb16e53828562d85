import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How unusual one event is in one dimension, with the numbers that explain it.
struct DimensionScore: Sendable {
    var dimension: Dimension
    /// Surprise in bits under the entity's model (blended with its peers').
    var bits: Double
    /// Calibrated evidence: −log10 of the share of recent events organisation-wide at least this surprising.
    var evidence: Double = 0
    /// Value key (categorical), volume class, or hour of week.
    var key: UInt32 = 0
    /// Own count / expected value / typical value.
    var own: Double = 0
    /// Own total (observations behind the baseline).
    var ownTotal: Double = 0
    /// Peer share / expected value / typical value.
    var peer: Double = 0
    /// Organisation share (categorical), z-score (volumes), distance (travel), count (bursts).
    var extra: Double = 0
    /// Hours between logins (travel), observed bytes (volumes).
    var extra2: Double = 0
    var isNew = false
}

extension BehaviouralAnalytics {
    @inline(__always)
    static func orgKey(_ d: Dimension, _ key: UInt32) -> UInt64 { FeatureHash.mix(UInt64(d.rawValue) << 32 | UInt64(key)) }

    /// Upper tail of the standard normal distribution.
    @inline(__always)
    static func normalTail(_ z: Double) -> Double { 0.5 * erfc(min(z, 26) / 2.0.squareRoot()) }

    /// P(N ≥ k) for N ~ Poisson(mu), in log2, computed in log space so that tiny tails stay finite.
    static func poissonTailBits(_ k: Int, mu: Double) -> Double {
        guard k > 0 else { return 0 }
        let m = max(mu, 1e-6)
        if Double(k) <= m { return 0 }
        // Sum the tail terms from k upward until they stop mattering.
        let logFirst = -m + Double(k) * log(m) - lgamma(Double(k) + 1)
        var sum = 1.0, term = 1.0
        var i = k
        while i < k + 200 {
            i += 1
            term *= m / Double(i)
            sum += term
            if term < 1e-12 * sum { break }
        }
        let lnTail = min(0, logFirst + log(sum))
        return -lnTail / log(2.0)
    }

    /// Scores one event against the entity's baselines as they were before it.
    func scoreEvent(_ e: Int, view: EventView, event: Event, hourOfWeek how: Int, localHours: Int, group: PeerModel.GroupRef?,
                    into out: inout [DimensionScore]) {
        out.removeAll(keepingCapacity: true)
        let w = Float(configuration.peerPriorWeight)

        if view.isActivity {
            let sm = store.hours.smoothed(e, hour: how, kernel: kernel)
            let n = store.hours.total(e)
            // Shrink the hour of the week towards the same hour on the other days of its kind (weekdays or weekend),
            // so that a first Friday at 09:00 is as ordinary as the Thursdays before it.
            let hod = how % 24
            let days = how < 120 ? 0..<5 : 5..<7
            var pooled: Float = 0, peerPooled: Float = 0
            for d in days {
                pooled += store.hours.smoothed(e, hour: d * 24 + hod, kernel: kernel)
                peerPooled += peers.hourShare(group, d * 24 + hod)
            }
            pooled /= Float(days.count)
            peerPooled /= Float(days.count)
            let own = (sm + 2 * pooled) / 3
            let peerShare = (peers.hourShare(group, how) + 2 * peerPooled) / 3
            let p = Double((own + w * peerShare) / (n + w))
            out.append(DimensionScore(dimension: .hour, bits: max(0, -log2(max(p, 1e-12) * 168)), key: UInt32(how),
                                      own: Double(sm), ownTotal: Double(n), peer: Double(peerShare)))
        }

        var newValues = 0
        func categorical(_ d: Dimension, _ hash: UInt64) {
            guard hash != 0 else { return }
            let key = FeatureHash.key32(hash)
            let t = EntityStore.table(d)
            let c = store.tables[t].count(e, key)
            let n = store.tables[t].total(e)
            let alpha = Float(store.tables[t].distinctCount(e) + 1)
            var peerShare = peers.share(group, d, key)
            // A project's resources are expected for its new members (HR context).
            if d == .resource, c == 0, !contexts.isEmpty, let entity = view.entity,
               isProjectResource(entity, name: EventView.name(of: .resource, in: event), at: event.time) {
                peerShare = max(peerShare, 0.5)
            }
            // How common the value is organisation-wide matters only for values the entity has (nearly) never used;
            // skipping the sketch otherwise saves four cache misses per dimension.
            let orgShare = c < 2 && orgUsers > 0 ? min(1, orgUsage.estimate(Self.orgKey(d, key)) / orgUsers) : 0
            let floor: Float = d == .device ? 0.05 : 0.5 / (orgUsers + 1)
            let base = max(peerShare, 0.5 * orgShare, floor)
            let p = Double((c + alpha * base) / (n + alpha))
            // The first-time sequence counts values new to the entity that its peers and the organisation rarely
            // use: a new popular web site is routine, a new admin share is not.
            if c == 0, peerShare < 0.05, orgShare < 0.1 { newValues += 1 }
            out.append(DimensionScore(dimension: d, bits: max(0, -log2(max(p, 1e-15))), key: key, own: Double(c), ownTotal: Double(n),
                                      peer: Double(peerShare), extra: Double(orgShare), isNew: c == 0))
        }
        categorical(.country, view.country)
        categorical(.city, view.city)
        categorical(.network, view.network)
        categorical(.device, view.device)
        categorical(.action, view.action)
        categorical(.resource, view.resource)
        categorical(.application, view.application)
        categorical(.command, view.command)

        if view.isLocatedLogin, let loc = view.location, let lat = loc.latitude, let lon = loc.longitude, store.lastLocated[e] != .min {
            let prev = GeoLocation(country: "", latitude: Double(store.lastLat[e]), longitude: Double(store.lastLon[e]))
            let km = prev.distanceKilometres(to: GeoLocation(country: "", latitude: lat, longitude: lon)) ?? 0
            let hours = max(0, Double(event.time - store.lastLocated[e]) / 3_600_000)
            let needed = km / configuration.travelSpeedKmh + configuration.travelOverheadHours
            var bits = 0.0
            if km >= configuration.travelMinimumKm, hours < needed {
                bits = 4 + 8 * log2(needed / max(hours, 0.02))
            }
            out.append(DimensionScore(dimension: .travel, bits: bits, own: km / max(hours, 0.02), peer: configuration.travelSpeedKmh,
                                      extra: km, extra2: hours))
        }

        func volume(_ v: (VolumeClass, Int64)?) {
            guard let (c, bytes) = v, bytes > 0 else { return }
            let x = Double(log1p(Double(bytes)))
            let own = store.volumes.transfer(e, c)
            let pv = peers.volume(group, c.rawValue)
            let pm = pv.map { Double($0.transferMean) } ?? x
            let ps = pv.map { Double($0.transferSD) } ?? 2
            let hasPeer = (pv?.members ?? 0) > 0
            let pw = hasPeer ? Double(w) : 0.5
            let ow = Double(own.weight)
            let m = (ow * Double(own.mean) + pw * pm) / (ow + pw)
            let v2 = (ow * Double(own.sd * own.sd) + pw * ps * ps) / (ow + pw)
            let sd = max(v2.squareRoot(), 0.5)
            let z = (x - m) / sd
            let big = Double(bytes) >= configuration.volumeMinimumBytes
            out.append(DimensionScore(dimension: .volume, bits: z > 0 && big ? -log2(Self.normalTail(z)) : 0, key: UInt32(c.rawValue),
                                      own: exp(Double(own.mean)) - 1, ownTotal: ow, peer: hasPeer ? exp(pm) - 1 : 0, extra: z,
                                      extra2: Double(bytes)))
            let day = store.volumes.daily(e, c)
            let today = Double(day.today) + Double(bytes)
            let dm = pv.map { Double($0.dailyMean) } ?? 0
            let ds = pv.map { Double($0.dailySD) } ?? 2
            let dw = Double(day.weight)
            let dpw = hasPeer ? Double(w) / 2 : 0.5
            let mean = (dw * Double(day.mean) + dpw * dm) / (dw + dpw)
            let sdd = max(((dw * Double(day.sd * day.sd) + dpw * ds * ds) / (dw + dpw)).squareRoot(), 0.5)
            let zd = (log1p(today) - mean) / sdd
            let bigDay = today >= configuration.volumeMinimumBytes
            out.append(DimensionScore(dimension: .dailyVolume, bits: zd > 0 && bigDay ? -log2(Self.normalTail(zd)) : 0, key: UInt32(c.rawValue),
                                      own: dw > 0 ? exp(Double(day.mean)) - 1 : 0, ownTotal: dw, peer: hasPeer ? exp(dm) - 1 : 0,
                                      extra: zd, extra2: today))
        }
        volume(view.volume1)
        volume(view.volume2)

        if view.isFailure {
            let burst = Double(decayedBurst(e, at: event.time)) + 1
            let own = Double(store.failuresPerDay[e]), days = Double(store.activeDays[e])
            let peer = Double(peers.rates(group)?.failures ?? 0.2)
            let rate = (days * own + 3 * peer) / (days + 3)
            let mu = max(0.05, rate * 0.15)
            let k = Int(burst.rounded())
            out.append(DimensionScore(dimension: .failures, bits: Self.poissonTailBits(k, mu: mu), own: own, ownTotal: days, peer: peer,
                                      extra: burst))
        }

        // In an entity's first days everything is new; the sequence of first-time events means something only
        // against a settled history.
        if newValues > 0, store.activeDays[e] >= 3 {
            let window = Int64(configuration.firstTimeWindowHours * 3_600_000)
            let recent = recentFirstTimes(e, at: event.time, window: window)
            let k = recent + newValues
            let own = Double(store.firstTimesPerDay[e]), days = Double(max(0, store.activeDays[e] - 3))
            let peer = Double(peers.rates(group)?.firstTimes ?? 3)
            let rate = (days * own + 3 * peer) / (days + 3)
            let mu = max(0.3, rate * configuration.firstTimeWindowHours / 8)
            // A sequence takes at least three: one new thing is the access dimension's business.
            out.append(DimensionScore(dimension: .firstTime, bits: k >= 3 ? Self.poissonTailBits(k, mu: mu) : 0, own: own, ownTotal: days, peer: peer,
                                      extra: Double(k)))
        } else if view.isActivity, store.activeDays[e] >= 3 {
            // Calibrated over all of a settled entity's activity, so that its evidence says how rare such a burst is
            // among events, as the other dimensions do.
            out.append(DimensionScore(dimension: .firstTime, bits: 0))
        }
    }

    func decayedBurst(_ e: Int, at t: EpochMillis) -> Float {
        let dt = Double(max(0, t - store.failureTime[e])) / 60_000
        return store.failureBurst[e] * Float(pow(0.5, dt / configuration.failureHalfLifeMinutes))
    }

    /// New values recorded within `window` before `t`.
    func recentFirstTimes(_ e: Int, at t: EpochMillis, window: Int64) -> Int {
        let base = e * EntityStore.firstTimeRing
        var n = 0
        for j in base..<(base + EntityStore.firstTimeRing) where store.firstTimes[j] != .min && t - store.firstTimes[j] <= window {
            n += Int(store.firstTimeCounts[j])
        }
        return n
    }

    /// Learns from one event (after it was scored).
    mutating func update(_ e: Int, view: EventView, event: Event, hourOfWeek how: Int, localHours: Int, scores: [DimensionScore]) {
        let t = event.time
        if view.isActivity {
            store.hours.observe(e, hour: how)
            if store.currentHour[e] != Int32(truncatingIfNeeded: localHours) {
                store.currentHour[e] = Int32(truncatingIfNeeded: localHours)
                store.currentHourEvents[e] = 0
            }
            store.currentHourEvents[e] += 1
        }
        let isUser = view.entity?.kind == .user
        var newValues: Float = 0
        for sc in scores where sc.isNew && sc.peer < 0.05 && sc.extra < 0.1 { newValues += 1 }
        // A failed login says where someone tried from, not where the account's owner is: it is judged, but
        // does not teach the baseline a new place or device.
        let failed = event.outcome == .failure
        func observe(_ d: Dimension, _ hash: UInt64) {
            guard hash != 0 else { return }
            if failed, d == .country || d == .city || d == .network || d == .device { return }
            let key = FeatureHash.key32(hash)
            let before = store.tables[EntityStore.table(d)].observe(e, key)
            if before == 0 {
                if isUser { orgUsage.add(Self.orgKey(d, key)) }
                if d == .resource || d == .application {
                    names.record(PeerStats.usageKey(d, key), EventView.name(of: d, in: event))
                }
            }
        }
        observe(.country, view.country)
        observe(.city, view.city)
        observe(.network, view.network)
        observe(.device, view.device)
        observe(.action, view.action)
        observe(.resource, view.resource)
        observe(.application, view.application)
        observe(.command, view.command)
        if let (c, b) = view.volume1 { store.volumes.observe(e, c, bytes: Float(b)) }
        if let (c, b) = view.volume2 { store.volumes.observe(e, c, bytes: Float(b)) }
        if event.kind == .authentication || event.kind == .vpn || event.kind == .kerberos {
            store.attempts[e] += 1
            if view.isFailure {
                store.failures[e] += 1
                store.failuresToday[e] += 1
                store.failureBurst[e] = decayedBurst(e, at: t) + 1
                store.failureTime[e] = t
            }
        }
        if newValues > 0 { store.recordFirstTime(e, at: t, values: Int(newValues)) }
        if !failed, let loc = view.location, let lat = loc.latitude, let lon = loc.longitude {
            store.lastLat[e] = Float(lat)
            store.lastLon[e] = Float(lon)
            store.lastLocated[e] = t
        }
        store.lifetimeEvents[e] &+= 1
    }

    /// Turns an event's calibrated scores into signals (one per deviating family), applies suppressions and adds
    /// the rest to the composite risk.
    mutating func emit(_ e: Int, entity: EntityRef, event: Event, scores: [DimensionScore], hourOfWeek how: Int,
                       group ref: PeerModel.GroupRef?) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        let threshold = configuration.signalEvidence
        guard scores.contains(where: { $0.evidence >= threshold }) else { return out }
        var best: [SignalFamily: Int] = [:]
        for (i, s) in scores.enumerated() where s.evidence >= threshold {
            let f = s.dimension.family
            if let j = best[f], scores[j].evidence >= s.evidence { continue }
            best[f] = i
        }
        let group = ref.map { (stats: peers.stats($0), name: peers.name($0)) }
        for family in SignalFamily.allCases {
            guard let top = best[family] else { continue }
            let members = scores.indices.filter { scores[$0].dimension.family == family && scores[$0].evidence >= max(2, threshold - 0.5) }
                .sorted { scores[$0].evidence > scores[$1].evidence }
            let deviations = members.map { explain(scores[$0], e: e, event: event, group: group) }
            let maxE = scores[top].evidence
            let signal = Signal(id: stableID(family.detectorID, entity.description, String(event.time), event.id), detector: family.detectorID,
                                entity: entity, time: event.time, score: min(1, maxE / 6.5),
                                title: "\(entity): " + (deviations.first?.detail ?? family.rawValue),
                                deviations: deviations, evidence: [event.id], technique: family.technique)
            if feedback.suppression(for: entity, family: family, time: event.time, hourOfWeek: how) != nil {
                counters.suppressed += 1
                out.suppressed.append(signal)
                continue
            }
            let s = scores[top]
            var key = (UInt64(SignalFamily.allCases.firstIndex(of: family)!) << 56) ^ (UInt64(s.dimension.rawValue) << 40) ^ UInt64(s.key)
            if s.dimension == .dailyVolume || s.dimension == .failures || s.dimension == .firstTime {
                key ^= UInt64(CivilCalendar.floorDiv(event.time, EpochMillis.day)) << 8
            }
            var points = familyWeights[SignalFamily.allCases.firstIndex(of: family)!] * feedback.multiplier(family)
                * max(0, maxE - configuration.riskBackground) * riskScale(entity, at: event.time)
            if s.dimension == .volume || s.dimension == .dailyVolume, let c = VolumeClass(rawValue: Int(s.key)) {
                points *= c.exfiltrationWeight
            }
            // A deviation already counted today (the same rare value again) adds nothing and is not repeated.
            let outcome = risk.add(signal, family: family, points: points, key: key)
            if outcome.points >= 0.1 || points == 0 && maxE >= threshold + 1 {
                counters.signals += 1
                out.signals.append(signal)
            }
            if let alert = outcome.alert {
                counters.alerts += 1
                out.alerts.append(alert)
            }
        }
        return out
    }

    /// One deviation in numbers: observed, own baseline, peer baseline, and a sentence.
    func explain(_ s: DimensionScore, e: Int, event: Event, group: (stats: PeerStats, name: String)?) -> FeatureDeviation {
        let groupName = group?.name
        let peers = groupName ?? "peers"
        let rarity = Format.rarity(s.evidence)
        switch s.dimension {
        case .hour:
            let weeks = Double(PeerModel.weeks(e, store: store, today: currentDay))
            let own = s.own / weeks
            let peer = group.map { Double($0.stats.hourCount[Int(s.key)]) }
            let observed = Double(store.currentHourEvents[e])
            var detail = "Activity at \(Format.hourOfWeek(Int(s.key))) local (\(Int(observed)) events this hour): own history averages "
            detail += "\(Format.decimal(own, 2)) events/week at this hour"
            if let peer { detail += ", \(peers) \(Format.decimal(peer, 2))" }
            if own > 0 { detail += " — \(Format.ratio(observed / own)) own" }
            if let peer, peer > 0 { detail += ", \(Format.ratio(observed / peer)) the \(peers) average" }
            detail += "; \(rarity)"
            return FeatureDeviation(feature: s.dimension.feature, observed: observed, baseline: own, peerBaseline: peer,
                                    peerGroup: groupName, unit: "events/h", detail: detail)
        case .travel:
            let detail = "Impossible travel: \(Format.decimal(s.extra, 0)) km from the previous location in \(Format.decimal(s.extra2, 1)) h "
                + "(\(Format.decimal(s.own, 0)) km/h; at least \(Format.decimal(s.extra / configuration.travelSpeedKmh + configuration.travelOverheadHours, 1)) h needed)"
            return FeatureDeviation(feature: s.dimension.feature, observed: s.own, baseline: configuration.travelSpeedKmh, unit: "km/h", detail: detail)
        case .volume, .dailyVolume:
            let c = VolumeClass(rawValue: Int(s.key)) ?? .network
            let observed = s.extra2
            var detail: String
            if s.dimension == .volume {
                detail = "\(c.name) of \(Format.bytes(observed)): "
                detail += s.ownTotal >= 1 ? "\(Format.ratio(observed / max(s.own, 1))) own typical \(Format.bytes(s.own))" : "no own history"
                if s.peer > 0 { detail += ", \(Format.ratio(observed / max(s.peer, 1))) the \(peers) typical \(Format.bytes(s.peer))" }
            } else {
                detail = "\(c.name) today \(Format.bytes(observed)): "
                detail += s.ownTotal >= 1 ? "\(Format.ratio(observed / max(s.own, 1))) own typical \(Format.bytes(s.own))/day" : "no own history"
                if s.peer > 0 { detail += ", \(Format.ratio(observed / max(s.peer, 1))) the \(peers) typical \(Format.bytes(s.peer))/day" }
            }
            detail += " (z = \(Format.decimal(s.extra, 1)); \(rarity))"
            return FeatureDeviation(feature: s.dimension == .volume ? c.feature : c.feature + "_per_day", observed: observed,
                                    baseline: s.ownTotal >= 1 ? s.own : nil, peerBaseline: s.peer > 0 ? s.peer : nil, peerGroup: groupName,
                                    unit: "bytes", detail: detail)
        case .failures:
            let detail = "\(Int(s.extra.rounded())) failed logins within ~20 min: own average \(Format.decimal(s.own, 2)) failures/day, "
                + "\(peers) \(Format.decimal(s.peer, 2)); \(rarity)"
            return FeatureDeviation(feature: s.dimension.feature, observed: s.extra, baseline: s.own, peerBaseline: s.peer, peerGroup: groupName,
                                    unit: "failures", detail: detail)
        case .firstTime:
            let detail = "\(Int(s.extra)) first-time events within \(Format.decimal(configuration.firstTimeWindowHours, 0)) h: own average "
                + "\(Format.decimal(s.own, 1)) per day, \(peers) \(Format.decimal(s.peer, 1)); \(rarity)"
            return FeatureDeviation(feature: s.dimension.feature, observed: s.extra, baseline: s.own, peerBaseline: s.peer, peerGroup: groupName,
                                    unit: "events", detail: detail)
        default:
            let value = EventView.name(of: s.dimension, in: event)
            let label: String
            switch s.dimension {
            case .country: label = "login country"
            case .city: label = "login city"
            case .network: label = "source network"
            case .device: label = "device"
            case .action: label = "action"
            case .resource: label = "resource"
            case .application: label = "application"
            default: label = "command"
            }
            var detail = (s.isNew ? "First-time \(label) " : "Rare \(label) ") + value + ": "
            detail += "\(Format.decimal(s.own, s.own < 10 && s.own > 0 ? 1 : 0)) of \(Format.decimal(s.ownTotal, 0)) own observations"
            if s.dimension != .device {
                detail += "; used by \(Format.percent(s.peer)) of \(peers)"
                detail += " and \(Format.percent(s.extra)) of the organisation"
            }
            detail += "; \(rarity)"
            return FeatureDeviation(feature: s.dimension.feature, observed: s.own, baseline: s.ownTotal, peerBaseline: s.peer,
                                    peerGroup: groupName, unit: "observations", detail: detail)
        }
    }
}
