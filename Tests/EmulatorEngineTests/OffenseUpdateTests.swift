import Testing
@testable import EmulatorEngine

@Suite struct OffenseUpdateTests {
    func engineWithOffense(_ clock: TestClock) throws -> (QRadarEngine, Int64) {
        let engine = try makeEngine(clock)
        let id = try #require(engine.ingestLEEF(vigilFinding(user: "jdoe", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs.first)
        return (engine, id)
    }

    @Test func closingRulesAndErrorCodes() throws {
        let clock = TestClock(baseTime)
        let (engine, id) = try engineWithOffense(clock)
        let noReason = try #require(engineError { try engine.updateOffense(id: id, status: "CLOSED", closingReasonID: nil, assignedTo: nil, followUp: nil, protected: nil, user: "API_user: vigil") })
        #expect(noReason.pair == [422, 1005])
        #expect(noReason.message == "closing_reason_id must be provided when closing an offense.")
        #expect(noReason.description == "A request parameter is not valid.")
        #expect(engineError { try engine.updateOffense(id: id, status: "RESOLVED", closingReasonID: 1, assignedTo: nil, followUp: nil, protected: nil, user: "u") }?.pair == [422, 11])
        // Reserved and unknown reasons cannot close.
        #expect(engineError { try engine.updateOffense(id: id, status: "CLOSED", closingReasonID: 4, assignedTo: nil, followUp: nil, protected: nil, user: "u") }?.pair == [422, 1005])
        #expect(engineError { try engine.updateOffense(id: id, status: "CLOSED", closingReasonID: 999, assignedTo: nil, followUp: nil, protected: nil, user: "u") }?.pair == [422, 1005])
        #expect(engineError { try engine.updateOffense(id: 424242, status: nil, closingReasonID: nil, assignedTo: "x", followUp: nil, protected: nil, user: "u") }?.pair == [404, 1002])
        // Failed updates changed nothing.
        #expect(try engine.offense(id: id)["status"] == "OPEN")
        #expect(try engine.offense(id: id)["last_persisted_time"] == .int(baseTime))

        clock.advance(1_000)
        let closed = try engine.updateOffense(id: id, status: "CLOSED", closingReasonID: 2, assignedTo: nil, followUp: nil, protected: nil, user: "API_user: vigil")
        #expect(closed["status"] == "CLOSED")
        #expect(closed["close_time"] == .int(baseTime + 1_000))
        #expect(closed["closing_user"] == "API_user: vigil")
        #expect(closed["closing_reason_id"] == 2)
        #expect(closed["last_persisted_time"] == .int(baseTime + 1_000))

        let reopen = try #require(engineError { try engine.updateOffense(id: id, status: "OPEN", closingReasonID: nil, assignedTo: nil, followUp: nil, protected: nil, user: "u") })
        #expect(reopen.pair == [409, 1008])
        #expect(reopen.message == "Request cannot be completed due to the state of the offense.")
    }

    @Test func hideOpenAssignAndPersistedTime() throws {
        let clock = TestClock(baseTime)
        let (engine, id) = try engineWithOffense(clock)
        clock.advance(10)
        let hidden = try engine.updateOffense(id: id, status: "HIDDEN", closingReasonID: nil, assignedTo: nil, followUp: nil, protected: nil, user: "admin")
        #expect(hidden["status"] == "HIDDEN")
        #expect(hidden["last_persisted_time"] == .int(baseTime + 10))
        clock.advance(10)
        let opened = try engine.updateOffense(id: id, status: "OPEN", closingReasonID: nil, assignedTo: "analyst1", followUp: true, protected: true, user: "admin")
        #expect(opened["status"] == "OPEN")
        #expect(opened["assigned_to"] == "analyst1")
        #expect(opened["follow_up"] == true)
        #expect(opened["protected"] == true)
        #expect(opened["last_persisted_time"] == .int(baseTime + 20))
        // No change, no new persisted time.
        clock.advance(10)
        let same = try engine.updateOffense(id: id, status: "OPEN", closingReasonID: nil, assignedTo: "analyst1", followUp: nil, protected: nil, user: "admin")
        #expect(same["last_persisted_time"] == .int(baseTime + 20))
    }

    @Test func notesHaveGlobalIncreasingIDs() throws {
        let clock = TestClock(baseTime)
        let (engine, a) = try engineWithOffense(clock)
        let b = try #require(engine.ingestLEEF(vigilFinding(user: "other", time: baseTime), sourceHost: nil, receivedAt: baseTime).offenseIDs.first)
        let n1 = try engine.addOffenseNote(offenseID: a, text: "first", user: "API_user: vigil")
        clock.advance(5)
        let n2 = try engine.addOffenseNote(offenseID: b, text: "second", user: "API_user: vigil")
        let n3 = try engine.addOffenseNote(offenseID: a, text: "third", user: "admin")
        #expect(n1["id"] == 1 && n2["id"] == 2 && n3["id"] == 3)
        #expect(n1.objectKeys == ["id", "create_time", "username", "note_text"])
        #expect(n1["username"] == "API_user: vigil")
        #expect(n2["create_time"] == .int(baseTime + 5))
        #expect(try engine.offenseNotes(offenseID: a).map { $0["note_text"] } == ["first", "third"])
        #expect(try engine.offenseNote(offenseID: a, noteID: 3)["note_text"] == "third")
        #expect(engineError { try engine.offenseNote(offenseID: a, noteID: 2) }?.httpStatus == 404)
        #expect(engineError { try engine.addOffenseNote(offenseID: a, text: "", user: "u") }?.pair == [422, 8])
        #expect(engineError { try engine.addOffenseNote(offenseID: 999, text: "x", user: "u") }?.pair == [404, 1002])
        #expect(engineError { try engine.offenseNotes(offenseID: 999) }?.pair == [404, 1002])
    }

    @Test func closingReasons() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        #expect(engine.closingReasons(includeReserved: false, includeDeleted: false).map { $0["text"] } == ["Non-Issue", "False-Positive, Tuned", "Policy Violation"])
        #expect(engine.closingReasons(includeReserved: true, includeDeleted: false).count == 5)
        #expect(try engine.closingReason(id: 2)["text"] == "False-Positive, Tuned")
        #expect(engineError { try engine.closingReason(id: 77) }?.pair == [404, 1002])
        #expect(engineError { try engine.addClosingReason(text: "shrt") }?.pair == [422, 1005])
        #expect(engineError { try engine.addClosingReason(text: String(repeating: "x", count: 61)) }?.pair == [422, 1005])
        let added = try engine.addClosingReason(text: "Closed by Vigil")
        #expect(added["is_reserved"] == false && added["is_deleted"] == false)
        #expect(engineError { try engine.addClosingReason(text: "closed by vigil") }?.pair == [409, 1004])
        #expect(engine.closingReasons(includeReserved: false, includeDeleted: false).count == 4)
    }

    @Test func offenseTypesStockList() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let types = engine.offenseTypes()
        #expect(types.first == ["id": 0, "name": "Source IP", "property_name": "sourceIP", "database_type": "COMMON", "custom": false])
        #expect(try engine.offenseType(id: 3)["name"] == "Username")
        #expect(try engine.offenseType(id: 7)["property_name"] == "hostName")
        #expect(engineError { try engine.offenseType(id: 555) }?.pair == [404, 1002])
    }
}
