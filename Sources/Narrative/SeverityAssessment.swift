import VigilCore

/// A dynamic severity with the reasons for each adjustment.
public struct SeverityAssessment: Sendable, Hashable, Codable {
    /// From risk over threshold alone.
    public var base: Severity
    /// After the enrichment adjustments.
    public var severity: Severity
    /// One line per adjustment, in the order applied.
    public var reasons: [String]
}

extension NarrativeBuilder {
    /// Dynamic severity. The base comes from risk over threshold `r` (medium below
    /// ``NarrativeSettings/highRiskRatio``, high below ``NarrativeSettings/criticalRiskRatio``, critical above). Then,
    /// in this order, each applying at most once:
    /// 1. lowered one step (not below low) when the alert's own entity is a host or address that the CMDB marks as a
    ///    test asset or rates at most ``NarrativeSettings/lowCriticality``;
    /// 2. raised one step when an asset involved (the entity and related hosts and addresses) has criticality
    ///    ≥ ``NarrativeSettings/highCriticality``;
    /// 3. raised one step when an asset involved has a known-exploited or critical (CVSS ≥ 9) vulnerability;
    /// 4. raised one step when an address or host involved is in threat intelligence with confidence
    ///    ≥ ``NarrativeSettings/threatIntelMinimumConfidence``;
    /// 5. raised one step when a user involved is leaving (HR).
    /// Each adjustment adds a reason line: `Severity raised to high: host h_v1_… is criticality 9 (CMDB)`.
    public func severity(entity: EntityRef, related: [EntityRef], ratio: Double, context: EnrichmentContext) -> SeverityAssessment {
        let base: Severity = ratio >= settings.criticalRiskRatio ? .critical : ratio >= settings.highRiskRatio ? .high : .medium
        var level = base
        var reasons: [String] = []
        let involved = [entity] + related
        let assets = involved.filter { $0.kind == .host || $0.kind == .ip }

        func raise(_ why: String) {
            let next = Severity(rawValue: min(Severity.critical.rawValue, level.rawValue + 1)) ?? .critical
            reasons.append(next == level ? "Severity stays \(level.name): \(why)" : "Severity raised to \(next.name): \(why)")
            level = next
        }

        if entity.kind == .host || entity.kind == .ip {
            let crit = context.criticality(of: entity.id)
            let isTest = context.testAssets.contains(entity.id)
            if isTest || (crit.map { $0 <= settings.lowCriticality } ?? false) {
                var why = "\(Self.noun(entity)) \(entity.id) is "
                if isTest { why += "a test asset" + (crit.map { " with criticality \($0)" } ?? "") } else { why += "criticality \(crit ?? 0)" }
                why += " (CMDB)"
                let next = Severity(rawValue: max(Severity.low.rawValue, level.rawValue - 1)) ?? .low
                reasons.append(next == level ? "Severity stays \(level.name): \(why)" : "Severity lowered to \(next.name): \(why)")
                level = next
            }
        }

        var top: (EntityRef, Int)?
        for a in assets {
            if let c = context.criticality(of: a.id), c >= settings.highCriticality, c > (top?.1 ?? 0) { top = (a, c) }
        }
        if let (a, c) = top { raise("\(Self.noun(a)) \(a.id) is criticality \(c) (CMDB)") }

        for a in assets {
            let severe = (context.vulnerabilities[a.id] ?? []).filter(\.isSevere)
                .sorted { $0.cvss != $1.cvss ? $0.cvss > $1.cvss : $0.cve < $1.cve }
            guard !severe.isEmpty else { continue }
            let listed = severe.prefix(3).map { v in
                "\(v.cve) (CVSS \(NarrativeText.decimal(v.cvss, 1))\(v.knownExploited ? ", known exploited" : ""))"
            }.joined(separator: ", ")
            let more = severe.count > 3 ? " and \(severe.count - 3) more" : ""
            raise("\(Self.noun(a)) \(a.id) has \(listed)\(more)")
            break
        }

        for a in assets {
            guard let hit = context.threatIntel[a.id], hit.confidence >= settings.threatIntelMinimumConfidence else { continue }
            raise("\(Self.noun(a)) \(a.id) is in threat intelligence: \(hit.description) (confidence \(NarrativeText.decimal(hit.confidence, 2)))")
            break
        }

        for u in involved where u.kind == .user {
            guard let hr = context.hr[u.id], hr.isLeaving else { continue }
            raise("user \(u.id) is leaving the organisation" + (hr.leavingDate.map { " (last day \(NarrativeText.isoTime($0).prefix(10)))" } ?? "") + " (HR)")
            break
        }
        return SeverityAssessment(base: base, severity: level, reasons: reasons)
    }

    /// `user`, `host`, `address`, `log source`, ...
    static func noun(_ e: EntityRef) -> String {
        switch e.kind {
        case .user: "user"
        case .host: "host"
        case .ip: "address"
        case .logSource: "log source"
        case .application: "application"
        case .resource: "resource"
        }
    }
}
