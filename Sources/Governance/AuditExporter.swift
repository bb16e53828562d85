import VigilCore

/// The formats of an audit export.
public enum AuditExportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case json
    case csv
}

/// Turns audit records into a report an auditor can read without Vigil: what Vigil saw (input batches and their
/// QRadar event ids), what it concluded (signals, decisions), what it wrote into QRadar, and who approved what.
public enum AuditExporter {
    /// The report for records whose time is in `[from, to)` (records outside the period are left out).
    public static func export(_ records: [AuditRecord], from: EpochMillis, to: EpochMillis, format: AuditExportFormat,
                              generatedAt: EpochMillis, verification: AuditVerification? = nil) -> String {
        let inPeriod = records.filter { $0.time >= from && $0.time < to }.sorted { $0.sequence < $1.sequence }
        switch format {
        case .json: return json(inPeriod, from: from, to: to, generatedAt: generatedAt, verification: verification)
        case .csv: return csv(inPeriod)
        }
    }

    // MARK: JSON

    static func json(_ records: [AuditRecord], from: EpochMillis, to: EpochMillis, generatedAt: EpochMillis,
                     verification: AuditVerification?) -> String {
        var byKind: [String: JSONValue] = [:]
        var eventCount: Int64 = 0
        var sources = Set<String>()
        var writeOutcomes: [String: Int64] = [:]
        var approvals: [JSONValue] = []
        for r in records {
            byKind[r.kind.rawValue] = .int((byKind[r.kind.rawValue]?.intValue ?? 0) + 1)
            let payload = r.payloadValue
            switch r.kind {
            case .inputBatch:
                eventCount += payload?["count"]?.intValue ?? 0
                sources.insert(r.subject)
            case .writeBack:
                let outcome = payload?["outcome"]?.stringValue ?? "unknown"
                writeOutcomes[outcome, default: 0] += 1
            case .approval:
                approvals.append([
                    "sequence": .int(r.sequence), "time": .int(r.time), "timeUTC": .string(iso8601(r.time)),
                    "requestID": .string(r.subject), "transition": payload?["to"] ?? .null,
                    "action": payload?["action"] ?? .null, "target": payload?["target"] ?? .null,
                    "requestedBy": payload?["requestedBy"] ?? .null, "by": .string(r.actor),
                    "note": payload?["note"] ?? .null,
                ])
            default:
                break
            }
        }
        let summary: JSONValue = [
            "records": .int(Int64(records.count)),
            "byKind": .object(byKind),
            "saw": ["inputBatches": byKind[AuditKind.inputBatch.rawValue] ?? 0, "events": .int(eventCount), "sources": .strings(sources.sorted())],
            "concluded": ["signals": byKind[AuditKind.signal.rawValue] ?? 0, "decisions": byKind[AuditKind.decision.rawValue] ?? 0],
            "wrote": ["writeBacks": byKind[AuditKind.writeBack.rawValue] ?? 0, "byOutcome": .object(writeOutcomes.mapValues(JSONValue.int))],
            "reidentifications": byKind[AuditKind.reidentification.rawValue] ?? 0,
        ]
        var report: [String: JSONValue] = [
            "format": "vigil-audit-export/1",
            "period": ["from": .int(from), "to": .int(to), "fromUTC": .string(iso8601(from)), "toUTC": .string(iso8601(to))],
            "generatedAt": .int(generatedAt),
            "generatedAtUTC": .string(iso8601(generatedAt)),
            "summary": summary,
            "approvals": .array(approvals),
            "records": .array(records.map { r -> JSONValue in
                [
                    "sequence": .int(r.sequence), "time": .int(r.time), "timeUTC": .string(iso8601(r.time)),
                    "kind": .string(r.kind.rawValue), "actor": .string(r.actor), "subject": .string(r.subject),
                    "detail": .string(detail(r)),
                    // Parsed for reading; Vigil writes payloads in canonical form, so the canonical text of this
                    // value is the exact hashed text and the hashes can be recomputed from the export.
                    "payload": r.payloadValue ?? .string(r.payload),
                    "previousHash": .string(r.previousHash), "hash": .string(r.hash),
                ]
            }),
        ]
        if let v = verification {
            report["chain"] = [
                "ok": .bool(v.ok), "checked": .int(Int64(v.checked)), "firstBrokenSequence": .optional(v.firstBrokenSequence),
                "reason": .optional(v.reason), "headSequence": .optional(v.lastVerifiedSequence), "headHash": .optional(v.headHash),
            ]
        }
        return JSONValue.object(report).prettyText + "\n"
    }

    // MARK: CSV

    /// The CSV columns, in order.
    public static let csvColumns = ["sequence", "time_utc", "time_ms", "kind", "actor", "subject", "detail", "payload", "previous_hash", "hash"]

    static func csv(_ records: [AuditRecord]) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for r in records {
            let fields = [
                String(r.sequence), iso8601(r.time), String(r.time), csvText(r.kind.rawValue), csvText(r.actor),
                csvText(r.subject), csvText(detail(r)), csvText(r.payload), r.previousHash, r.hash,
            ]
            out += fields.map(csvQuote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Quotes a field as RFC 4180 requires: when it holds a comma, a quote, CR or LF, it is wrapped in quotes and
    /// its quotes are doubled.
    public static func csvQuote(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// Text that came from data (user names, subjects, payloads) and starts with a character a spreadsheet would
    /// run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe, the usual defence against CSV
    /// injection; numbers and hashes Vigil writes itself are left alone.
    public static func csvText(_ text: String) -> String {
        guard let first = text.utf8.first else { return text }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + text
        default: return text
        }
    }

    // MARK: Detail lines

    /// One line saying what a record means.
    public static func detail(_ r: AuditRecord) -> String {
        guard let p = r.payloadValue else { return "(payload is not valid JSON)" }
        func s(_ key: String) -> String { p[key]?.stringValue ?? p[key].map { $0.canonicalText } ?? "?" }
        switch r.kind {
        case .inputBatch:
            return "read \(p["count"]?.intValue ?? 0) events from \(r.subject)"
        case .modelVersion:
            return "\(s("model")) version \(s("version")) in service"
        case .signal:
            return "\(s("detector")) on \(s("entity")) (score \(s("score"))): \(s("title"))"
        case .decision:
            let kinds = p["writes"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            return "mode \(s("mode")): " + (kinds.isEmpty ? "nothing" : kinds.joined(separator: ", "))
        case .approval:
            var line = "\(s("to")) \(s("action")) \(s("target")) by \(r.actor) (request \(r.subject), requested by \(s("requestedBy")))"
            if let note = p["note"]?.stringValue, !note.isEmpty { line += ": \(note)" }
            return line
        case .writeBack:
            return "\(s("target")) \(s("outcome")) (key \(s("key")))"
        case .reidentification:
            return "\(s("outcome")) re-identification of \(r.subject) by \(r.actor) as \(s("role")): \(s("reason"))"
        case .configuration:
            return s("change")
        case .feedback:
            return "\(s("label")) from \(s("source"))"
        default:
            return ""
        }
    }

    // MARK: Time

    /// `2026-11-22T08:57:03.123Z` for epoch milliseconds (proleptic Gregorian, UTC; `VigilCore.UTCTime`).
    public static func iso8601(_ ms: EpochMillis) -> String { UTCTime.iso8601(ms) }
}
