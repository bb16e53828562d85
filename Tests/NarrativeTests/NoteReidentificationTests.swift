import AQL
import Analytics
import Narrative
import Testing
import VigilCore

@Suite struct NoteReidentificationTests {
    @Test func findsThePseudonymsOfANote() throws {
        let alert = try Fixture.alert([(Fixture.failureSignal(), 9)])
        let r = NarrativeBuilder().report(for: alert, context: NarrativeBuilderTests.richContext)
        let found = NoteReidentification.pseudonyms(in: r.noteText())
        #expect(found.first == Fixture.user.id)
        #expect(found.contains(Fixture.manager))
        #expect(Set(found).count == found.count)
        #expect(!found.contains("Finance"))
    }

    @Test func namesWithQuotesKeepTheHuntValid() throws {
        let alert = try Fixture.alert([(Fixture.failureSignal(), 9)])
        let r = NarrativeBuilder().report(for: alert, context: .empty)
        let realName = "o'brien"
        let note = NoteReidentification.reidentify(r.noteText(), names: [Fixture.user.id: realName])
        #expect(!note.contains(Fixture.user.id))
        // Prose gets the name as it is ...
        #expect(note.contains("Entity: user o'brien at"))
        // ... the AQL line gets it as a literal with the quote doubled, and still parses to the real name.
        let aqlLine = try #require(note.split(separator: "\n").first { $0.hasPrefix(NoteReidentification.aqlLinePrefix) })
        let aql = String(aqlLine.dropFirst(NoteReidentification.aqlLinePrefix.count))
        #expect(aql.contains("username = 'o''brien'"))
        let q = try AQL.parse(aql)
        var literals: [String] = []
        HuntQueryTests.literals(q.where, into: &literals)
        #expect(literals == [realName])
        #expect(AQLValidator(customProperties: NarrativeSettings().huntFields.customProperties).errors(q).isEmpty)
    }

    @Test func narrativeHuntLinesAreReidentifiedToo() throws {
        let alert = try Fixture.alert([(Fixture.beaconSignal(), 20)])
        let r = NarrativeBuilder().report(for: alert, context: .empty)
        let names = [Fixture.laptop.id: "pc-o'neil", Fixture.beaconIP.id: "198.51.100.9", Fixture.user.id: "alice"]
        let text = NoteReidentification.reidentify(r.narrative, names: names)
        for id in names.keys { #expect(!text.contains(id)) }
        let aqlLines = text.split(separator: "\n").map { $0.drop { $0 == " " } }.filter { $0.hasPrefix(NoteReidentification.aqlLinePrefix) }
        #expect(aqlLines.count == r.huntQueries.count)
        for line in aqlLines {
            let aql = String(line.dropFirst(NoteReidentification.aqlLinePrefix.count))
            let q = try AQL.parse(aql)
            #expect(AQLValidator(customProperties: NarrativeSettings().huntFields.customProperties).errors(q).isEmpty, "\(aql)")
        }
        #expect(text.contains("'pc-o''neil'"))
    }

    @Test func unknownPseudonymsAndPlainTextStay() {
        let text = "user u_v1_ffffffffffffffffffffffffffffffff and u_v1_short, it's fine\nAQL: SELECT * FROM events WHERE username = 'it''s'"
        #expect(NoteReidentification.reidentify(text, names: ["u_v1_00000000000000000000000000000000": "x"]) == text)
        #expect(NoteReidentification.pseudonyms(in: text) == ["u_v1_ffffffffffffffffffffffffffffffff"])
    }
}
