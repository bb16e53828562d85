@testable import Ingestion
import Testing

@Suite struct EventIdentityTests {
    let identity = EventIdentity()

    @Test func contentHashIsStableAndIgnoresColumnOrderAndCase() {
        let a: IngestRow = ["starttime": .int(1_000), "qid": .int(5), "sourceip": .string("10.0.0.1"), "username": .string("bob")]
        let b: IngestRow = ["USERNAME": .string("bob"), "SourceIP": .string("10.0.0.1"), "QID": .int(5), "startTime": .int(1_000)]
        #expect(identity.baseID(of: a, database: .events).id == identity.baseID(of: b, database: .events).id)
        #expect(identity.baseID(of: a, database: .events).id.hasPrefix("h:"))
        var c = a
        c["username"] = .string("bob2")
        #expect(identity.baseID(of: a, database: .events).id != identity.baseID(of: c, database: .events).id)
    }

    @Test func separatorsPreventConcatenationCollisions() {
        let a: IngestRow = ["username": .string("ab"), "sourceip": .string("c")]
        let b: IngestRow = ["username": .string("a"), "sourceip": .string("bc")]
        #expect(identity.baseID(of: a, database: .events).id != identity.baseID(of: b, database: .events).id)
    }

    @Test func anIDColumnWins() {
        let row: IngestRow = ["Vigil Event ID": .string("evt-42"), "starttime": .int(1)]
        #expect(identity.ids(for: [row, row], database: .events) == ["evt-42", "evt-42"])
        let custom = EventIdentity(idColumns: ["Record Number"])
        #expect(custom.baseID(of: ["record number": .int(77)], database: .events).id == "77")
    }

    @Test func flowsUseFlowIDAndPacketTimes() {
        let row: IngestRow = ["flowid": .int(991), "firstpackettime": .int(1_000), "starttime": .int(60_000)]
        #expect(identity.baseID(of: row, database: .flows).id == "flow:991:1000:60000")
        // The same flow reported for the next interval is a different record.
        var next = row
        next["starttime"] = .int(120_000)
        #expect(identity.baseID(of: next, database: .flows).id != identity.baseID(of: row, database: .flows).id)
    }

    @Test func identicalRowsInOneResultAreNumbered() {
        let row: IngestRow = ["starttime": .int(1), "username": .string("x")]
        let other: IngestRow = ["starttime": .int(2), "username": .string("x")]
        let ids = identity.ids(for: [row, other, row, row], database: .events)
        #expect(ids[0] == ids[2].replacingOccurrencesOfSuffix("#2"))
        #expect(ids[2].hasSuffix("#2"))
        #expect(ids[3].hasSuffix("#3"))
        #expect(Set(ids).count == 4)
    }
}

extension String {
    func replacingOccurrencesOfSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
