extension SigmaRuleSet {
    /// Sigma fields the loaded rules read that the standard mapping does not cover: they are read from custom
    /// properties of the same name, which a QRadar admin must extract for those rules to match.
    public var fieldsReadFromSameNamedProperties: [String] {
        let used = Set(rules.flatMap(\.fieldSlots))
        return used.compactMap { slot -> String? in
            let field = fields.fields[slot]
            guard case .property(let names) = field, names.count == 1,
                  !SigmaFieldTable.standard.values.contains(field) else { return nil }
            return names[0]
        }.sorted()
    }

    /// A plain-text account of what was loaded and what was not, for `vigil sigma check` and the sidecar's log.
    public func report(listRejections: Bool) -> String {
        var lines: [String] = []
        let counts = rejectedCounts
        lines.append("loaded \(rules.count) rule\(rules.count == 1 ? "" : "s"); not loaded: " + [
            ("malformed", SigmaRuleRejection.Kind.malformed), ("unsupported", .unsupported),
            ("other log source", .otherLogSource), ("excluded", .excluded),
        ].map { "\(counts[$0.1] ?? 0) \($0.0)" }.joined(separator: ", "))
        var byLevel: [SigmaLevel: Int] = [:]
        for r in rules { byLevel[r.level, default: 0] += 1 }
        lines.append("by level: " + SigmaLevel.allCases.reversed().map { "\($0.rawValue) \(byLevel[$0] ?? 0)" }.joined(separator: ", "))
        lines.append("prefilter: \(anchoredRuleCount) rules run only when a literal they require occurs; \(rules.count - anchoredRuleCount) for every event of their log source")
        let extra = fieldsReadFromSameNamedProperties
        if !extra.isEmpty {
            lines.append("fields read from custom properties of the same name (extract them in QRadar for these rules to match): "
                + extra.joined(separator: ", "))
        }
        let shown = rejected.filter { listRejections || $0.kind == .malformed }
        for r in shown { lines.append("  \(r)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
