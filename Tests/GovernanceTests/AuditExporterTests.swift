import Foundation
import Testing
import VigilCore
@testable import Governance

@Suite struct AuditExporterTests {
    static let t0: EpochMillis = 1_700_000_000_000

    static func sampleLog() throws -> [AuditRecord] {
        let workflow = ApprovalWorkflow()
        let requested = try workflow.request(
            id: "apr-1", action: ResponseAction(kind: .blockIP, target: "203.0.113.7"), findingID: "f-1",
            summary: "beaconing to a rare host", evidence: ["ev-1", "ev-2"], requestedBy: .system("vigil"), now: t0 + 3000)
        let approved = try workflow.decide(requested.request, approve: true, by: "carol", role: .analyst, note: "confirmed, block it",
                                           now: t0 + 4000)
        let drafts: [AuditDraft] = [
            .inputBatch(source: "ariel:authentication", eventIDs: ["ev-1", "ev-2", "ev-3"], time: t0),
            .signal(Signal(id: "sig-1", detector: "beaconing", entity: EntityRef(.ip, "10.0.0.5"), time: t0 + 1000, score: 0.93,
                           title: "Beaconing, every 60 s", evidence: ["ev-1"])),
            .decision(findingID: "f-1", mode: .assist, writes: [.record, .offenseNote(offenseID: 42)], time: t0 + 2000),
            requested.audit,
            approved.audit,
            .writeBack(findingID: "f-1", target: "offense-note", idempotencyKey: "note:f-1:42", outcome: "done", externalID: "7",
                       time: t0 + 5000),
            // Text from the data (a user name, a subject) with characters CSV must handle.
            AuditDraft(time: t0 + 6000, kind: .configuration, actor: "=HYPERLINK(\"http://x\")", subject: "a, \"quoted\"\nsubject",
                       payload: ["change": "line1\nline2, with comma"]),
            .inputBatch(source: "ariel:vpn", eventIDs: ["late"], time: t0 + 100_000),
        ]
        return AuditChain.append(drafts, after: nil)
    }

    @Test func jsonReportSaysWhatWasSeenConcludedWrittenAndApproved() throws {
        let records = try Self.sampleLog()
        let text = AuditExporter.export(records, from: Self.t0, to: Self.t0 + 10_000, format: .json, generatedAt: Self.t0 + 20_000,
                                        verification: AuditChain.verify(records))
        let json = try JSONValue.parse(text)
        #expect(json["format"]?.stringValue == "vigil-audit-export/1")
        #expect(json["period"]?["fromUTC"]?.stringValue == "2023-11-14T22:13:20.000Z")
        let recs = try #require(json["records"]?.arrayValue)
        #expect(recs.count == 7)  // the record at t0 + 100 s is outside [from, to)
        #expect(recs.map { $0["sequence"]?.intValue } == (1...7).map { Int64($0) })
        #expect(json["summary"]?["saw"]?["events"]?.intValue == 3)
        #expect(json["summary"]?["concluded"]?["signals"]?.intValue == 1)
        #expect(json["summary"]?["wrote"]?["byOutcome"]?["done"]?.intValue == 1)
        #expect(json["chain"]?["ok"] == .bool(true))

        let approvals = try #require(json["approvals"]?.arrayValue)
        #expect(approvals.count == 2)
        #expect(approvals[1]["transition"]?.stringValue == "approved")
        #expect(approvals[1]["by"]?.stringValue == "carol")
        #expect(approvals[1]["action"]?.stringValue == "block-ip")
        #expect(approvals[1]["target"]?.stringValue == "203.0.113.7")
        #expect(approvals[1]["requestedBy"]?.stringValue == "system:vigil")
        #expect(approvals[1]["note"]?.stringValue == "confirmed, block it")

        // The exported payload, written canonically, is exactly the hashed text: hashes can be recomputed.
        for (exported, stored) in zip(recs, records) {
            #expect(exported["payload"]?.canonicalText == stored.payload)
            #expect(exported["hash"]?.stringValue == stored.hash)
        }
    }

    @Test func csvIsQuotedAndReadableBySpreadsheets() throws {
        let records = try Self.sampleLog()
        let text = AuditExporter.export(records, from: Self.t0, to: Self.t0 + 10_000, format: .csv, generatedAt: 0)
        let rows = try Self.parseCSV(text)
        #expect(rows.first == AuditExporter.csvColumns)
        #expect(rows.count == 8)  // header + 7
        for row in rows { #expect(row.count == AuditExporter.csvColumns.count) }
        let col = Dictionary(uniqueKeysWithValues: AuditExporter.csvColumns.enumerated().map { ($1, $0) })

        let approval = rows[5]
        #expect(approval[col["kind"]!] == "approval")
        #expect(approval[col["actor"]!] == "carol")
        #expect(approval[col["detail"]!].hasPrefix("approved block-ip 203.0.113.7 by carol (request apr-1, requested by system:vigil)"))

        let config = rows[7]
        // A formula-looking actor is defused; quotes, commas and line breaks survive the round trip.
        #expect(config[col["actor"]!] == "'=HYPERLINK(\"http://x\")")
        #expect(config[col["subject"]!] == "a, \"quoted\"\nsubject")
        #expect(config[col["payload"]!] == records[6].payload)
        #expect(config[col["time_utc"]!] == "2023-11-14T22:13:26.000Z")
        #expect(config[col["hash"]!] == records[6].hash)
    }

    @Test func csvQuotingFollowsRFC4180() {
        #expect(AuditExporter.csvQuote("plain") == "plain")
        #expect(AuditExporter.csvQuote("a,b") == "\"a,b\"")
        #expect(AuditExporter.csvQuote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(AuditExporter.csvQuote("two\nlines") == "\"two\nlines\"")
        #expect(AuditExporter.csvQuote("cr\rhere") == "\"cr\rhere\"")
        #expect(AuditExporter.csvText("-1+1") == "'-1+1")
        #expect(AuditExporter.csvText("@SUM(A1)") == "'@SUM(A1)")
        #expect(AuditExporter.csvText("alice") == "alice")
    }

    @Test(arguments: [
        // Expected strings from Python's datetime (UTC).
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
    ])
    func iso8601(_ ms: Int64, _ expected: String) {
        #expect(AuditExporter.iso8601(ms) == expected)
    }

    @Test func exportThroughTheStoreIncludesVerification() async throws {
        let store = MemoryGovernanceStore()
        _ = try await store.appendAudit(try Self.sampleLog().map {
            var d = AuditDraft(time: $0.time, kind: $0.kind, actor: $0.actor, subject: $0.subject, payload: [:])
            d.payload = $0.payload
            return d
        })
        store.tamper(2) { $0.payload = #"{"tampered":true}"# }
        let text = try await AuditTools.export(store: store, from: Self.t0, to: Self.t0 + 10_000, format: .json, generatedAt: 1)
        let json = try JSONValue.parse(text)
        #expect(json["chain"]?["ok"] == .bool(false))
        #expect(json["chain"]?["firstBrokenSequence"]?.intValue == 2)
    }

    /// A small RFC 4180 reader, written for the test, so the export is checked by parsing rather than by
    /// comparing strings.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    field.append(c)
                }
            } else {
                switch c {
                case "\"": inQuotes = true
                case ",": row.append(field); field = ""
                case "\r\n", "\n":
                    row.append(field); field = ""
                    rows.append(row); row = []
                default: field.append(c)
                }
            }
        }
        if inQuotes { throw CSVError.unterminatedQuote }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    enum CSVError: Error { case unterminatedQuote }
}
