import Analytics
import Narrative
import Testing
import VigilCore

@Suite struct FindingReportTests {
    let builder = NarrativeBuilder()

    func report() throws -> FindingReport {
        let alert = try Fixture.alert([
            (Fixture.hourSignal(Fixture.laptop), 2),
            (Fixture.beaconSignal(events: (1...30).map { "qr-\($0)" }), 3),
            (Fixture.volumeSignal(Fixture.laptop), 9),
        ])
        return builder.report(for: alert, context: NarrativeBuilderTests.richContext)
    }

    @Test func noteIsCompactAndComplete() throws {
        let r = try report()
        let note = r.noteText()
        #expect(note.hasPrefix("[Vigil] "))
        #expect(note.unicodeScalars.count <= 4000)
        #expect(note.contains(r.findingID))
        #expect(note.contains("risk \(NarrativeText.decimal(r.risk, 1))"))
        #expect(note.contains("severity \(r.severity.name)"))
        #expect(note.contains("confidence \(NarrativeText.decimal(r.confidence, 2))"))
        #expect(r.evidence.count > 5)
        #expect(note.contains("Events: " + r.evidence.prefix(5).joined(separator: ", ") + " (+\(r.evidence.count - 5) more)"))
        #expect(!note.contains(r.evidence[5] + ","))
        let hunts = r.huntQueries
        try #require(hunts.count >= 2)
        #expect(note.contains(hunts[0].aql))
        #expect(r.highlights.count >= 3)
        for h in r.highlights.prefix(3) { #expect(note.contains("- " + h)) }
        for h in r.highlights { #expect(r.narrative.contains("- " + h)) }
        #expect(note.contains("Peers: " + (try #require(r.peerComparisons.first))))
        #expect(!note.contains(hunts[1].aql))
        #expect(!note.hasSuffix("…"))
    }

    @Test func noteIsCutOnALineBoundary() throws {
        let r = try report()
        let full = r.noteText(maxLength: 100_000)
        let fullLines = full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for limit in [120, 200, 350, 500, 800, full.unicodeScalars.count - 1] {
            let note = r.noteText(maxLength: limit)
            #expect(note.unicodeScalars.count <= limit, "limit \(limit)")
            #expect(note.hasPrefix("[Vigil]"))
            let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.last == "…", "limit \(limit): \(note)")
            // Everything before the marker is whole lines of the full note, in order.
            #expect(Array(lines.dropLast()) == Array(fullLines.prefix(lines.count - 1)), "limit \(limit)")
        }
        #expect(r.noteText(maxLength: full.unicodeScalars.count) == full)
    }

    @Test func tinyLimitsNeverOverflow() throws {
        let r = try report()
        for limit in [0, 1, 5, 8, 20] {
            let note = r.noteText(maxLength: limit)
            #expect(note.unicodeScalars.count <= limit)
        }
        #expect(r.noteText(maxLength: 20).hasPrefix("[Vigil]"))
        #expect(r.noteText(maxLength: 20).hasSuffix("…"))
        #expect(r.noteText(maxLength: 0) == "")
    }

    @Test func timeFormatting() {
        #expect(NarrativeText.isoTime(0) == "1970-01-01T00:00:00Z")
        #expect(NarrativeText.isoTime(Fixture.t0) == "2023-11-14T22:13:20Z")
        // 2024-02-29 (leap day) 12:00:00 UTC = 19782 days + 12 h.
        #expect(NarrativeText.isoTime(19_782 * EpochMillis.day + 12 * EpochMillis.hour) == "2024-02-29T12:00:00Z")
        #expect(NarrativeText.isoTime(-1) == "1969-12-31T23:59:59Z")
    }

    @Test func numberFormatting() {
        #expect(NarrativeText.ratio(14) == "14x")
        #expect(NarrativeText.ratio(13.6) == "14x")
        #expect(NarrativeText.ratio(2.54) == "2.5x")
        #expect(NarrativeText.bytes(2_400_000_000) == "2.4 GB")
        #expect(NarrativeText.decimal(-0.04, 1) == "0.0")
        #expect(NarrativeText.decimal(.nan, 1) == "n/a")
        #expect(NarrativeText.percent(0.075) == "8%")
        #expect(NarrativeText.percent(0.004) == "0.4%")
    }
}
