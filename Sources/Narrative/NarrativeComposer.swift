import Analytics
import Governance
import VigilCore

/// Writes the narrative's paragraphs: what happened, how it deviates, the evidence, the context, why it matters
/// and what to do next. Short sentences, numbers with their comparisons, entity ids as they are.
struct NarrativeComposer {
    let alert: RiskAlert
    let contributions: [RiskContribution]
    let detectors: [String]
    let pointsByDetector: [String: Double]
    let related: [EntityRef]
    let evidence: [String]
    let techniques: [String]
    let ratio: Double
    let confidence: Double
    let assessment: SeverityAssessment
    let owner: String?
    let phrases: [DeviationPhrase]
    let hunts: [HuntQuery]
    let actions: [ResponseAction]
    let context: EnrichmentContext

    func text() -> String {
        [whatHappened(), deviations(), evidenceParagraph(), enrichment(), whyItMatters(), nextSteps()]
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }

    var entityText: String { "\(NarrativeBuilder.noun(alert.entity)) \(alert.entity.id)" }

    func whatHappened() -> String {
        // Summed in the detectors' (sorted) order: a dictionary's order varies between runs and float sums with it.
        let total = detectors.reduce(0) { $0 + (pointsByDetector[$1] ?? 0) }
        var s = "What happened: at \(NarrativeText.isoTime(alert.time)) the composite risk of \(entityText) reached "
            + "\(NarrativeText.decimal(alert.risk, 1)) points, \(NarrativeText.ratio(ratio)) its alert threshold of "
            + "\(NarrativeText.decimal(alert.threshold, 1)). "
        if contributions.isEmpty {
            s += "No contributing signal was recorded with the alert."
        } else {
            let parts = detectors.prefix(5).map { d -> String in
                let p = pointsByDetector[d] ?? 0
                let share = total > 0 ? " (\(NarrativeText.percent(p / total)))" : ""
                return "\(d) +\(NarrativeText.decimal(p, 1))\(share)"
            }
            let signals = contributions.count == 1 ? "1 signal" : "\(contributions.count) signals"
            let dets = detectors.count == 1 ? "1 detector" : "\(detectors.count) detectors"
            s += "\(signals) from \(dets) carried the risk: " + parts.joined(separator: ", ") + "."
            if let top = contributions.first {
                s += " Strongest: " + NarrativeText.singleLine(top.signal.title, limit: 240) + "."
            }
        }
        let others = related.prefix(6).map { "\(NarrativeBuilder.noun($0)) \($0.id)" }
        if !others.isEmpty {
            s += " Also involved: " + others.joined(separator: ", ") + (related.count > 6 ? " and \(related.count - 6) more" : "") + "."
        }
        return s
    }

    func deviations() -> String {
        guard !phrases.isEmpty else { return "" }
        var lines = ["How it deviates:"]
        for p in phrases.prefix(8) { lines.append("- " + p.sentence + " [\(p.detector)]") }
        return lines.joined(separator: "\n")
    }

    func evidenceParagraph() -> String {
        guard !evidence.isEmpty else { return "Evidence: the contributing signals cited no event ids." }
        let shown = evidence.prefix(8).joined(separator: ", ")
        var s = "Evidence: \(evidence.count == 1 ? "event" : "events") \(shown)"
        if evidence.count > 8 { s += " and \(evidence.count - 8) more" }
        s += " (QRadar event ids or content hashes)."
        return s
    }

    func enrichment() -> String {
        var lines: [String] = []
        let base = assessment.base
        lines.append("Context: severity starts at \(base.name) from risk \(NarrativeText.ratio(ratio)) the threshold"
            + (assessment.reasons.isEmpty ? " and no enrichment changed it." : "."))
        lines.append(contentsOf: assessment.reasons)
        for e in [alert.entity] + related.prefix(10) {
            var facts: [String] = []
            if let c = context.criticality(of: e.id) { facts.append("criticality \(c)") }
            if context.testAssets.contains(e.id) { facts.append("test asset") }
            if let o = context.assetOwner[e.id] { facts.append("owned by \(o)") }
            let vulns = (context.vulnerabilities[e.id] ?? []).sorted { $0.cvss != $1.cvss ? $0.cvss > $1.cvss : $0.cve < $1.cve }
            if !vulns.isEmpty { facts.append("\(vulns.count) open vulnerabilit\(vulns.count == 1 ? "y" : "ies") (worst \(vulns[0].cve), CVSS \(NarrativeText.decimal(vulns[0].cvss, 1)))") }
            if let ti = context.threatIntel[e.id] { facts.append("threat intelligence: \(ti.description) (confidence \(NarrativeText.decimal(ti.confidence, 2)))") }
            if let hr = context.hr[e.id] {
                var h: [String] = []
                if let t = hr.title { h.append(t) }
                if let d = hr.department { h.append("in \(d)") }
                if let m = hr.manager { h.append("manager \(m)") }
                if hr.isLeaving { h.append("leaving" + (hr.leavingDate.map { " on \(NarrativeText.isoTime($0).prefix(10))" } ?? "")) }
                if hr.isNewJoiner { h.append("new joiner (first-time activity is more expected)") }
                if !h.isEmpty { facts.append(h.joined(separator: ", ")) }
            }
            if let g = context.peerGroup[e.id] { facts.append("peer group \(g)") }
            if !facts.isEmpty { lines.append("\(NarrativeBuilder.noun(e).prefix(1).uppercased() + NarrativeBuilder.noun(e).dropFirst()) \(e.id): " + facts.joined(separator: "; ") + ".") }
        }
        lines.append("Owner: " + (owner ?? "unknown (no CMDB owner or HR manager on record)") + ".")
        lines.append("Confidence \(NarrativeText.decimal(confidence, 2)), severity \(assessment.severity.name).")
        return lines.joined(separator: "\n")
    }

    func whyItMatters() -> String {
        guard !techniques.isEmpty else { return "" }
        let named = techniques.map { t in NarrativeBuilder.techniqueName(t).map { "\(t) (\($0))" } ?? t }
        return "Why it matters: the behaviour matches MITRE ATT&CK " + named.joined(separator: ", ") + "."
    }

    func nextSteps() -> String {
        var lines = ["Next steps:"]
        for (i, h) in hunts.enumerated() {
            lines.append("\(i + 1). \(h.title):")
            lines.append("   " + NoteReidentification.aqlLinePrefix + h.aql)
        }
        if actions.isEmpty {
            lines.append("No response action is proposed; confirm or close the finding after the hunts.")
        } else {
            for a in actions {
                switch a.kind {
                case .blockIP: lines.append("Proposed (needs approval): block address \(a.target), the beaconing destination.")
                case .disableAccount: lines.append("Proposed (needs approval): disable account \(a.target) until its owner is reached.")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
