import VigilCore

/// One deviation in plain language, with its peer comparison when the numbers allow one.
public struct DeviationPhrase: Sendable, Hashable {
    public var detector: String
    public var feature: String
    /// The sentence for the narrative.
    public var sentence: String
    /// The peer comparison alone (`"14x the nightly average of the Finance-Analyst peer group"`), when there is one.
    public var peer: String?
}

/// Words for the numbers in a ``FeatureDeviation``. Behavioural deviations (detectors `behaviour.*` and
/// `isolation-forest`) carry comparable numbers, so their ratios are computed here from `observed`, `baseline`
/// and `peerBaseline`; other detectors' deviations are stated in the detector's own sentence (their baselines
/// are thresholds or counts, not averages).
public enum DeviationPhrasing {
    /// The phrase for one deviation of a signal from `detector` about `entity`.
    public static func phrase(_ d: FeatureDeviation, detector: String, entity: EntityRef, context: EnrichmentContext) -> DeviationPhrase {
        let behavioural = detector.hasPrefix("behaviour.") || detector == "isolation-forest"
        let group = d.peerGroup ?? context.peerGroup[entity.id]
        guard behavioural else {
            return DeviationPhrase(detector: detector, feature: d.feature, sentence: NarrativeText.singleLine(d.detail, limit: 400), peer: nil)
        }
        if d.unit == "observations" { return categorical(d, detector: detector, entity: entity, group: group, context: context) }
        return numeric(d, detector: detector, entity: entity, group: group)
    }

    /// "nightly", "daily", "hourly" or nil, from the feature's name and unit.
    static func period(_ d: FeatureDeviation) -> String? {
        if d.feature.contains("night") { return "nightly" }
        if d.feature.hasSuffix("_per_day") || d.feature.hasSuffix("_day") { return "daily" }
        if d.feature == "hour_of_week" || d.unit == "events/h" {
            // The analytics word it "Activity at Tue 03:00 local …": activity between 22:00 and 06:00 is nightly.
            if let h = localHour(in: d.detail), h >= 22 || h < 6 { return "nightly" }
            return "hourly"
        }
        return nil
    }

    /// The hour in `"Activity at Tue 03:00 local"`.
    static func localHour(in detail: String) -> Int? {
        guard detail.hasPrefix("Activity at "), let colon = detail.firstIndex(of: ":") else { return nil }
        let start = detail.index(colon, offsetBy: -2, limitedBy: detail.startIndex) ?? detail.startIndex
        return Int(detail[start..<colon])
    }

    static func subject(_ e: EntityRef) -> String { "this " + NarrativeBuilder.noun(e) }

    static func readable(_ feature: String) -> String {
        switch feature {
        case "hour_of_week": return "Events in the hour"
        case "failed_logins": return "Failed logins"
        case "first_time_events": return "First-time events"
        default: break
        }
        if feature.hasPrefix("bytes_") {
            return "Data volume (" + readable(String(feature.dropFirst(6))) + ")"
        }
        var s = ""
        for ch in feature { s.append(ch == "_" ? " " : ch) }
        return s
    }

    /// The peer comparison: `14x the nightly average of the Finance-Analyst peer group`.
    public static func peerComparison(observed: Double, peerBaseline: Double, period: String?, group: String?) -> String? {
        guard observed.isFinite, peerBaseline.isFinite, peerBaseline > 0, observed >= 0 else { return nil }
        let average = (period.map { "the \($0) average" } ?? "the average")
        let of = group.map { " of the \($0) peer group" } ?? " of the entity's peers"
        return NarrativeText.ratio(observed / peerBaseline) + " " + average + of
    }

    static func numeric(_ d: FeatureDeviation, detector: String, entity: EntityRef, group: String?) -> DeviationPhrase {
        let p = period(d)
        var s = "\(readable(d.feature)): \(NarrativeText.quantity(d.observed, unit: d.unit == "events/h" ? "events" : d.unit))"
        var parts: [String] = []
        if let b = d.baseline, b > 0, d.observed.isFinite {
            let own = detector == "isolation-forest" ? "the organisation median" : "\(subject(entity))'s own \(p.map { "\($0) " } ?? "")average"
            parts.append("\(NarrativeText.ratio(d.observed / b)) \(own) (\(NarrativeText.quantity(b, unit: d.unit)))")
        }
        var peer: String?
        if let pb = d.peerBaseline, let text = peerComparison(observed: d.observed, peerBaseline: pb, period: p, group: group) {
            peer = text
            parts.append("\(text) (\(NarrativeText.quantity(pb, unit: d.unit)))")
        }
        if !parts.isEmpty { s += ", " + parts.joined(separator: ", ") }
        return DeviationPhrase(detector: detector, feature: d.feature, sentence: s + ".", peer: peer)
    }

    /// Label of a categorical feature as the analytics word it (`login country`).
    static func label(_ feature: String) -> String {
        switch feature {
        case "country": "login country"
        case "city": "login city"
        case "source_network": "source network"
        default: readable(feature)
        }
    }

    /// The value named in a behavioural detail (`"First-time login country BR: …"` → `BR`).
    static func value(in detail: String, label: String) -> String? {
        for prefix in ["First-time \(label) ", "Rare \(label) "] where detail.hasPrefix(prefix) {
            let rest = detail.dropFirst(prefix.count)
            guard let colon = rest.firstRange(of: ": ") else { return nil }
            let v = String(rest[rest.startIndex..<colon.lowerBound])
            return v.isEmpty ? nil : v
        }
        return nil
    }

    /// Categorical deviations (`observed` = own count of the value, `baseline` = own observations,
    /// `peerBaseline` = share of the peer group that used it).
    static func categorical(_ d: FeatureDeviation, detector: String, entity: EntityRef, group: String?, context: EnrichmentContext) -> DeviationPhrase {
        let l = label(d.feature)
        let v = value(in: d.detail, label: l)
        var s: String
        if d.observed <= 0 {
            if d.feature == "country" || d.feature == "city", let v {
                s = "First time \(subject(entity)) was seen in \(v)"
            } else {
                s = "First time \(subject(entity)) used " + (v.map { "\(l) \($0)" } ?? "this \(l)")
            }
        } else {
            s = "Rare \(l)" + (v.map { " \($0)" } ?? "") + " for \(subject(entity)): \(NarrativeText.decimal(d.observed, 0)) of "
                + "\(NarrativeText.decimal(d.baseline ?? 0, 0)) own observations"
        }
        var peer: String?
        if let share = d.peerBaseline, share.isFinite, share >= 0 {
            let geographic = d.feature == "country" || d.feature == "city" || d.feature == "source_network"
            let kindOfUse = geographic ? "ever logged in from " + (v ?? "this \(l)") : "ever used this \(l)"
            // Sizes beyond a billion are bad input; the share is stated instead (and Int(Double) cannot trap).
            if let g = group, let n = context.peerGroupSize[g], n > 0, n <= 1_000_000_000 {
                let k = Int((min(1, share) * Double(n)).rounded())
                peer = "\(k) of \(n) peers in the \(g) peer group \(kindOfUse)"
            } else {
                peer = "\(NarrativeText.percent(share)) of the \(group.map { "\($0) peer group" } ?? "entity's peers") \(kindOfUse)"
            }
            s += "; " + (peer ?? "")
        }
        return DeviationPhrase(detector: detector, feature: d.feature, sentence: s + ".", peer: peer)
    }
}
