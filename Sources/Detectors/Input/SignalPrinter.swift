import VigilCore

/// Prints signals for people (`text`) and for programs (`jsonLine`), as `vigil replay` shows them.
public enum SignalPrinter {
    /// A few lines: time, detector, score, entity and related entities; the title; each deviation with its
    /// numbers; the evidence.
    public static func text(_ s: Signal) -> String {
        var out = "\(Format.timestamp(s.time))  \(s.detector)  score \(Format.number(s.score, digits: 2))  \(s.entity)"
        if !s.related.isEmpty { out += " → " + s.related.map(\.description).joined(separator: ", ") }
        if let t = s.technique { out += "  [\(t)]" }
        out += "\n  " + s.title
        for d in s.deviations {
            var numbers = "observed " + Format.number(d.observed, digits: 4)
            if let b = d.baseline { numbers += ", baseline " + Format.number(b, digits: 4) }
            if let p = d.peerBaseline { numbers += ", peers " + Format.number(p, digits: 4) + (d.peerGroup.map { " (\($0))" } ?? "") }
            if let u = d.unit { numbers += " " + u }
            out += "\n  - \(d.feature): \(numbers)\n      \(d.detail)"
        }
        let shown = s.evidence.prefix(8).joined(separator: ", ")
        out += "\n  evidence: \(s.evidence.count) event(s)" + (s.evidence.isEmpty ? "" : ": " + shown + (s.evidence.count > 8 ? ", …" : ""))
        return out
    }

    /// One JSON object: `id`, `detector`, `entity` `{kind, id}`, `related`, `score`, `title`, `time` (ms) and
    /// `timeISO`, `technique`, `deviations` (feature, observed, baseline, peerBaseline, peerGroup, unit, detail),
    /// `evidenceCount` and `evidence`.
    public static func jsonLine(_ s: Signal) -> String {
        func entity(_ e: EntityRef) -> String { "{\"kind\":\(TextFiles.jsonString(e.kind.rawValue)),\"id\":\(TextFiles.jsonString(e.id))}" }
        func optionalNumber(_ x: Double?) -> String { x.map(TextFiles.jsonNumber) ?? "null" }
        func optionalString(_ x: String?) -> String { x.map(TextFiles.jsonString) ?? "null" }
        var out = "{\"id\":\(TextFiles.jsonString(s.id)),\"detector\":\(TextFiles.jsonString(s.detector)),\"entity\":\(entity(s.entity)),"
        out += "\"related\":[" + s.related.map(entity).joined(separator: ",") + "],"
        out += "\"score\":\(TextFiles.jsonNumber(s.score)),\"title\":\(TextFiles.jsonString(s.title)),"
        out += "\"time\":\(s.time),\"timeISO\":\(TextFiles.jsonString(Format.timestamp(s.time))),\"technique\":\(optionalString(s.technique)),"
        out += "\"deviations\":[" + s.deviations.map { d in
            "{\"feature\":\(TextFiles.jsonString(d.feature)),\"observed\":\(TextFiles.jsonNumber(d.observed)),"
                + "\"baseline\":\(optionalNumber(d.baseline)),\"peerBaseline\":\(optionalNumber(d.peerBaseline)),"
                + "\"peerGroup\":\(optionalString(d.peerGroup)),\"unit\":\(optionalString(d.unit)),\"detail\":\(TextFiles.jsonString(d.detail))}"
        }.joined(separator: ",") + "],"
        out += "\"evidenceCount\":\(s.evidence.count),\"evidence\":[" + s.evidence.map(TextFiles.jsonString).joined(separator: ",") + "]}"
        return out
    }
}
