import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension BehaviouralAnalytics {
    /// Ends a (UTC) day: daily baselines, isolation-forest windows, calibration decay, risk thresholds, peer groups
    /// and forest training when due.
    mutating func closeDay(_ day: Int32) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        let end = EpochMillis(day + 1) * EpochMillis.day
        let learning = day < firstDay + Int32(configuration.learningDays)

        // Daily baselines of the entities active today.
        var windows: [(e: Int, features: [Double], evidence: [String])] = []
        for e in touched where store.activeDay[e] == day {
            store.volumes.closeDay(e)
            let a = 1 / min(store.activeDays[e] + 1, 14)
            store.failuresPerDay[e] += a * (store.failuresToday[e] - store.failuresPerDay[e])
            // Everything is new in an entity's first days; its first-time rate is learned from the fourth day on.
            if store.activeDays[e] >= 3 {
                let b = 1 / min(store.activeDays[e] - 2, 14)
                store.firstTimesPerDay[e] += b * (store.firstTimesToday[e] - store.firstTimesPerDay[e])
            }
            store.failuresToday[e] = 0
            store.firstTimesToday[e] = 0
            store.activeDays[e] += 1
            if let w = forest.close(e) { windows.append((e, w.features, w.evidence)) }
        }
        touched.removeAll(keepingCapacity: true)

        // Isolation forest: score the day's windows against the model trained on earlier ones, then remember them.
        out.append(scoreWindows(windows, day: day, learning: learning))
        for w in windows {
            forest.remember(w.features, capacity: configuration.forestReservoir, salt: configuration.seed)
        }

        let calibrationDecay = pow(0.5, 1 / configuration.calibrationHalfLifeDays)
        for i in calibrators.indices { calibrators[i].scale(by: calibrationDecay) }
        risk.closeDay(at: end)
        feedback.expire(before: end)

        let next = day + 1
        if next - firstDay >= Int32(configuration.peerFirstDay) || peers.hrStats.isEmpty || lastPeerDay == .min {
            if lastPeerDay == .min || next - lastPeerDay >= Int32(max(1, configuration.peerRecomputeDays)) {
                out.append(recomputePeers(day: next, time: end))
            }
        }
        let endOfLearning = next == firstDay + Int32(configuration.learningDays)
        let retrain = forest.forest != nil && next - forest.lastTraining >= Int32(max(1, configuration.forestRetrainDays))
        if endOfLearning || retrain || (forest.forest == nil && next > firstDay + Int32(configuration.learningDays)) {
            forest.train(trees: configuration.forestTrees, sampleSize: configuration.forestSampleSize, seed: configuration.seed, day: next)
            if forest.forest != nil { counters.forestTrainings += 1 }
        }
        return out
    }

    /// Scores closed windows with the isolation forest; joint outliers become signals explained by the features
    /// that isolated them, stated against the organisation's median and the peer group's mean that day.
    mutating func scoreWindows(_ windows: [(e: Int, features: [Double], evidence: [String])], day: Int32, learning: Bool) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        guard let model = forest.forest, !windows.isEmpty else {
            if recordWindows {
                for w in windows {
                    closedWindows.append(EntityWindow(entity: store.refs[w.e], day: Int(day), features: w.features, score: nil, evidence: w.evidence))
                }
            }
            return out
        }
        // Peer means of each feature among today's windows.
        var sums: [String: [Double]] = [:]
        var counts: [String: Double] = [:]
        for w in windows {
            let name = peers.group(of: w.e, store: store)?.name ?? "?"
            if sums[name] == nil { sums[name] = [Double](repeating: 0, count: w.features.count) }
            for j in w.features.indices { sums[name]![j] += w.features[j] }
            counts[name, default: 0] += 1
        }
        let time = EpochMillis(day + 1) * EpochMillis.day - 1
        for w in windows {
            let (score, shares) = model.explain(w.features)
            if recordWindows {
                closedWindows.append(EntityWindow(entity: store.refs[w.e], day: Int(day), features: w.features, score: score, evidence: w.evidence))
            }
            let evidence = forest.evidence(score)
            guard !learning, evidence >= configuration.signalEvidence else { continue }
            let entity = store.refs[w.e]
            let group = peers.group(of: w.e, store: store)?.name
            let order = shares.indices.sorted { shares[$0] > shares[$1] }
            var deviations: [FeatureDeviation] = []
            for j in order.prefix(3) where shares[j] > 0.05 {
                let peerMean = group.flatMap { g in sums[g].map { $0[j] / max(1, counts[g] ?? 1) } }
                let name = ForestState.featureNames[j]
                var detail = "\(name) = \(Format.decimal(w.features[j], 2)) (\(Format.percent(shares[j])) of the isolation); organisation median "
                detail += Format.decimal(forest.medians[j], 2)
                if let peerMean, let group { detail += ", \(group) mean today \(Format.decimal(peerMean, 2))" }
                deviations.append(FeatureDeviation(feature: name, observed: w.features[j], baseline: forest.medians[j], peerBaseline: peerMean,
                                                   peerGroup: group, unit: nil, detail: detail))
            }
            let title = "\(entity): joint outlier day (isolation score \(Format.decimal(score, 2)), \(Format.rarity(evidence, of: "entity-days"))) driven by "
                + order.prefix(3).filter { shares[$0] > 0.05 }.map { ForestState.featureNames[$0] }.joined(separator: ", ")
            let signal = Signal(id: stableID("isolation-forest", entity.description, String(day)), detector: SignalFamily.joint.detectorID,
                                entity: entity, time: time, score: min(1, evidence / 6.5), title: title, deviations: deviations,
                                evidence: w.evidence)
            let hour = hourOfWeek(of: entity, at: time)
            if feedback.suppression(for: entity, family: .joint, time: time, hourOfWeek: hour) != nil {
                counters.suppressed += 1
                out.suppressed.append(signal)
                continue
            }
            counters.signals += 1
            out.signals.append(signal)
            let points = familyWeights[SignalFamily.allCases.firstIndex(of: .joint)!] * feedback.multiplier(.joint)
                * max(0, evidence - configuration.riskBackground)
            if let alert = risk.add(signal, family: .joint, points: points, key: UInt64(day) << 8 | 0x4F).alert {
                counters.alerts += 1
                out.alerts.append(alert)
            }
        }
        return out
    }

    /// Recomputes HR-group statistics and, once there is enough history, the behaviour-learned peer groups
    /// (warm-started from the previous centroids, with hysteresis), their names, and how they differ from HR.
    mutating func recomputePeers(day: Int32, time: EpochMillis, force: Bool = false) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        counters.peerRecomputations += 1
        lastPeerDay = day
        // HR groups.
        var hrMembers = [[Int]](repeating: [], count: peers.hrNames.count)
        for e in 0..<store.count {
            let h = Int(store.hrGroup[e])
            if h >= 0, h < hrMembers.count { hrMembers[h].append(e) }
        }
        for h in hrMembers.indices {
            peers.hrStats[h] = PeerModel.stats(members: hrMembers[h], store: store, kernel: kernel, today: day)
        }
        guard force || day - firstDay >= Int32(configuration.peerFirstDay) else { return out }

        // Learned groups over users with enough history.
        // Entities between a role change and the end of its transition stay on their new HR group.
        let eligible = (0..<store.count).filter {
            store.refs[$0].kind == .user && Int(store.lifetimeEvents[$0]) >= configuration.peerMinimumEvents
                && !inTransition(store.refs[$0], at: time)
        }
        let minK = configuration.peerGroupRange.lowerBound
        guard eligible.count >= max(2 * minK, 8) else { return out }
        let d = PeerModel.dimensions
        var volumeNorm: [(mean: Float, sd: Float)] = []
        for c in VolumeClass.allCases {
            var s = 0.0, s2 = 0.0, n = 0.0
            for e in eligible {
                let y = store.volumes.daily(e, c)
                guard y.weight >= 1 else { continue }
                s += Double(y.mean); s2 += Double(y.mean * y.mean); n += 1
            }
            let m = n > 0 ? s / n : 0
            volumeNorm.append((Float(m), Float(max(0.1, (max(0, s2 / max(n, 1) - m * m)).squareRoot()))))
        }
        var x = [Float](repeating: 0, count: eligible.count * d)
        let users = orgUsers
        let usage = orgUsage
        for (i, e) in eligible.enumerated() {
            PeerModel.vector(e, store: store, orgUsers: users, usage: { dim, key in usage.estimate(Self.orgKey(dim, key)) },
                             volumeNorm: volumeNorm, into: &x, at: i * d)
        }
        let km = KMeans(dimensions: d)
        var assign: [Int]
        var silhouette: Double
        var moved = 0
        if peers.k == 0 {
            var bestK = minK, bestS = -Double.infinity
            var bestCentroids: [Float] = []
            var bestAssign: [Int] = []
            let upper = min(configuration.peerGroupRange.upperBound, max(minK, eligible.count / 5))
            for k in minK...max(minK, upper) {
                var random = SeededRandom(seed: configuration.seed &+ UInt64(k))
                var c = km.seed(x, count: eligible.count, k: k, random: &random)
                let a = km.fit(x, count: eligible.count, centroids: &c, k: k, previous: [], hysteresis: 0, iterations: 25)
                let s = km.silhouette(x, count: eligible.count, assign: a, k: k, sample: 400)
                if s > bestS + 1e-9 { bestS = s; bestK = k; bestCentroids = c; bestAssign = a }
            }
            peers.k = bestK
            peers.centroids = bestCentroids
            assign = bestAssign
            silhouette = bestS
        } else {
            let previous = eligible.map { Int(store.peerGroup[$0]) }
            var c = peers.centroids
            assign = km.fit(x, count: eligible.count, centroids: &c, k: peers.k, previous: previous,
                            hysteresis: Float(configuration.peerHysteresis), iterations: 10)
            peers.centroids = c
            for (i, p) in previous.enumerated() where p >= 0 && p != assign[i] { moved += 1 }
            silhouette = km.silhouette(x, count: eligible.count, assign: assign, k: peers.k, sample: 300)
        }
        for (i, e) in eligible.enumerated() { store.peerGroup[e] = Int16(assign[i]) }

        // Group statistics and names.
        var members = [[Int]](repeating: [], count: peers.k)
        for (i, e) in eligible.enumerated() { members[assign[i]].append(e) }
        peers.learnedStats = members.map { PeerModel.stats(members: $0, store: store, kernel: kernel, today: day) }
        var groups: [PeerGroup] = []
        var used: [String: Int] = [:]
        for g in 0..<peers.k {
            var depts: [String: Int] = [:], roles: [String: Int] = [:]
            for e in members[g] {
                let a = directory.attributes(of: store.refs[e])
                depts[a?.department ?? "Unknown", default: 0] += 1
                roles[a?.role ?? "unknown", default: 0] += 1
            }
            let n = max(1, members[g].count)
            let dept = depts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
            let role = roles.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
            let deptShare = Double(dept?.value ?? 0) / Double(n), roleShare = Double(role?.value ?? 0) / Double(n)
            var name: String
            if let dept, let role, roleShare >= 0.5 {
                name = dept.key + "/" + role.key
            } else if let dept, deptShare >= 0.5 {
                name = dept.key + " (mixed roles)"
            } else {
                let top = depts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(2).map(\.key)
                name = "Mixed " + top.joined(separator: "+")
            }
            if let k = used[name] {
                used[name] = k + 1
                name += " #\(k + 1)"
            } else {
                used[name] = 1
            }
            let stats = peers.learnedStats[g]
            var common: [(String, Double, Double)] = []
            stats.usage.forEach { key, share in
                guard share >= 0.3, (key >> 32) == UInt64(Dimension.resource.rawValue) else { return }
                let orgShare = Double(users > 0 ? min(1, usage.estimate(Self.orgKey(.resource, UInt32(truncatingIfNeeded: key))) / users) : 0)
                if let label = names.name(key) { common.append((label, Double(share), orgShare)) }
            }
            common.sort { ($0.1 / max($0.2, 0.02)) != ($1.1 / max($1.2, 0.02)) ? ($0.1 / max($0.2, 0.02)) > ($1.1 / max($1.2, 0.02)) : $0.0 < $1.0 }
            let commonText = common.prefix(3).map { "\($0.0) (\(Format.percent($0.1)) vs \(Format.percent($0.2)) of org)" }
            var night: Float = 0, weekend: Float = 0
            for h in 0..<168 {
                let hod = h % 24
                if hod < 6 || hod >= 22 { night += stats.hourShare[h] }
                if h >= 120 { weekend += stats.hourShare[h] }
            }
            var summary = commonText.isEmpty ? "no distinctive shared resources" : "uses " + commonText.joined(separator: ", ")
            summary += "; night activity \(Format.percent(Double(night))), weekend \(Format.percent(Double(weekend)))"
            summary += "; \(Format.percent(deptShare)) \(dept?.key ?? "?")"
            groups.append(PeerGroup(id: g, name: name, isLearned: true, size: members[g].count, department: dept?.key, departmentShare: deptShare,
                                    role: role?.key, roleShare: roleShare, commonResources: common.prefix(3).map(\.0), summary: summary))
        }
        peers.learned = groups

        // Where behaviour and HR disagree.
        var mismatches: [PeerMismatch] = []
        var pure = 0, known = 0
        var nowMismatched: Set<Int> = []
        let learning = day < firstDay + Int32(configuration.learningDays)
        for (i, e) in eligible.enumerated() {
            guard let dept = directory.attributes(of: store.refs[e])?.department else { continue }
            known += 1
            let g = groups[assign[i]]
            if g.department == dept { pure += 1 }
            guard let gd = g.department, gd != dept, g.departmentShare >= 0.6 else { continue }
            let m = PeerMismatch(entity: store.refs[e], hrDepartment: dept, group: g.name, groupDepartment: gd, groupDepartmentShare: g.departmentShare)
            mismatches.append(m)
            nowMismatched.insert(e)
            if !learning, !peers.mismatched.contains(e) {
                out.append(peerMismatchSignal(m, e: e, group: g, time: time))
            }
        }
        peers.mismatched = nowMismatched
        peers.report = PeerGroupReport(time: time, groups: groups, clustered: eligible.count, silhouette: silhouette, moved: moved,
                                       departmentPurity: known > 0 ? Double(pure) / Double(known) : 0, mismatches: mismatches)
        return out
    }

    private mutating func peerMismatchSignal(_ m: PeerMismatch, e: Int, group g: PeerGroup, time: EpochMillis) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        let role = directory.attributes(of: m.entity)?.role.map { " (\($0))" } ?? ""
        let detail = "HR says \(m.hrDepartment)\(role), but behaviour matches \(g.name) (\(Format.percent(g.departmentShare)) \(m.groupDepartment))"
            + (g.commonResources.isEmpty ? "" : ", sharing " + g.commonResources.joined(separator: ", "))
        let deviation = FeatureDeviation(feature: "peer_group", observed: g.departmentShare, baseline: 0, peerBaseline: g.departmentShare,
                                         peerGroup: g.name, unit: "share", detail: detail)
        let evidence = 3.5
        let signal = Signal(id: stableID("peer-groups", m.entity.description, String(time)), detector: SignalFamily.peer.detectorID,
                            entity: m.entity, time: time, score: evidence / 6.5, title: "\(m.entity): " + detail, deviations: [deviation])
        if feedback.suppression(for: m.entity, family: .peer, time: time, hourOfWeek: hourOfWeek(of: m.entity, at: time)) != nil {
            counters.suppressed += 1
            out.suppressed.append(signal)
            return out
        }
        counters.signals += 1
        out.signals.append(signal)
        let points = familyWeights[SignalFamily.allCases.firstIndex(of: .peer)!] * feedback.multiplier(.peer)
            * max(0, evidence - configuration.riskBackground)
        if let alert = risk.add(signal, family: .peer, points: points, key: 0x9EE2).alert {
            counters.alerts += 1
            out.alerts.append(alert)
        }
        _ = e
        return out
    }
}
