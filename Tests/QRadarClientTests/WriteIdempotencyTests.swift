import VigilCore
import Synchronization
import Testing

@testable import QRadarClient

/// A fake QRadar offense-notes store whose POST can apply the write and then lose the answer.
final class NotesFake: Sendable {
    enum Fault: Sendable {
        /// Store the note, then close the connection without answering.
        case applyThenDrop
        /// Close the connection without storing anything.
        case dropWithoutApplying
        /// Answer 503 without storing anything.
        case unavailable
        /// Store the note, then answer only after a long pause (longer than the client's read timeout).
        case applyThenStall
    }

    struct State {
        var notes: [(id: Int, offense: Int, text: String, time: Int64)] = []
        var nextID = 100
        var faults: [Fault]
    }

    let state: Mutex<State>
    let time: ManualTime

    init(faults: [Fault], time: ManualTime) {
        state = Mutex(State(faults: faults))
        self.time = time
    }

    var notes: [(id: Int, offense: Int, text: String, time: Int64)] { state.withLock { $0.notes } }

    func handle(_ request: FakeRequest) -> FakeAction {
        let parts = request.path.split(separator: "/")  // api siem offenses 5 notes
        guard parts.count == 5, parts[4] == "notes", let offense = Int(parts[3]) else {
            return .qradarError(404, code: 1002, message: "no route")
        }
        if request.method == "POST" {
            guard let text = request.query("note_text"), !text.isEmpty else {
                return .qradarError(422, code: 8, message: #"Missing required parameter "note_text" from query parameters"#)
            }
            return state.withLock { state in
                let fault = state.faults.isEmpty ? nil : state.faults.removeFirst()
                if fault == .dropWithoutApplying { return .dropConnection }
                if fault == .unavailable { return .qradarError(503, code: 1010, message: "unavailable") }
                let note = (id: state.nextID, offense: offense, text: text, time: time.now)
                state.nextID += 1
                state.notes.append(note)
                if fault == .applyThenDrop { return .dropConnection }
                if fault == .applyThenStall { return .delayed(.seconds(30), .json(201, Self.json(note).description)) }
                return .json(201, Self.json(note).description)
            }
        }
        var notes = state.withLock { $0.notes }.filter { $0.offense == offense }
        if let filter = request.query("filter") {
            if let wanted = Self.quotedValue(after: "note_text = ", in: filter) { notes = notes.filter { $0.text == wanted } }
            if let range = filter.range(of: "create_time >= "), let since = Int64(filter[range.upperBound...].prefix { $0.isNumber }) {
                notes = notes.filter { $0.time >= since }
            }
        }
        return pagedAnswer(notes.map(Self.json), request: request)
    }

    static func json(_ note: (id: Int, offense: Int, text: String, time: Int64)) -> JSONValue {
        ["id": .int(Int64(note.id)), "note_text": .string(note.text), "create_time": .int(note.time), "username": "API_user: vigil"]
    }

    /// The backslash-unescaped content of the double-quoted string after `prefix`.
    static func quotedValue(after prefix: String, in filter: String) -> String? {
        guard let range = filter.range(of: prefix + "\"") else { return nil }
        var out = ""
        var escaped = false
        for character in filter[range.upperBound...] {
            if escaped {
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return out
            } else {
                out.append(character)
            }
        }
        return nil
    }
}

@Suite struct WriteIdempotencyTests {
    @Test func noteAppliedThenResponseLostIsNotPostedTwice() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [.applyThenDrop], time: time)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            let note = try await withClient(client) { try await $0.createOffenseNote(offenseID: 5, text: "Vigil: likely credential stuffing") }
            #expect(fake.notes.count == 1, "the note exists exactly once")
            #expect(note.id == fake.notes[0].id)
            #expect(note.noteText == "Vigil: likely credential stuffing")
            let methods = server.requests.map(\.method)
            #expect(methods == ["POST", "GET"], "one post, one check, no second post")
            let check = server.requests[1]
            #expect(check.path == "/api/siem/offenses/5/notes")
            // The send time is ManualTime's start; the default skew allowance is 300 s.
            #expect(check.query("filter") == #"note_text = "Vigil: likely credential stuffing" and create_time >= 1699999700000"#)
        }
    }

    @Test func noteLostBeforeBeingAppliedIsPostedAgainOnce() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [.dropWithoutApplying], time: time)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            let note = try await withClient(client) { try await $0.createOffenseNote(offenseID: 5, text: "hello") }
            #expect(fake.notes.count == 1)
            #expect(note.id == fake.notes[0].id)
            #expect(server.requests.map(\.method) == ["POST", "GET", "POST"])
        }
    }

    @Test func noteWithQuotesAndBackslashesIsFoundByTheCheck() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [.applyThenDrop], time: time)
        let text = #"User said "run C:\temp\x.exe" twice"#
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            let note = try await withClient(client) { try await $0.createOffenseNote(offenseID: 5, text: text) }
            #expect(fake.notes.count == 1)
            #expect(note.noteText == text)
        }
    }

    @Test func identicalOlderNoteOutsideTheWindowDoesNotSuppressTheWrite() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [], time: time)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            try await withClient(client) { client in
                _ = try await client.createOffenseNote(offenseID: 5, text: "same")
                time.advance(milliseconds: 3_600_000)
                // Now lose the next write's answer before it is applied: the old note must not count as this one.
                fake.state.withLock { $0.faults = [.dropWithoutApplying] }
                _ = try await client.createOffenseNote(offenseID: 5, text: "same")
            }
            #expect(fake.notes.count == 2)
        }
    }

    @Test func noteAfter503IsCheckedThenPosted() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [.unavailable], time: time)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port, time: time)
            _ = try await withClient(client) { try await $0.createOffenseNote(offenseID: 5, text: "x") }
            #expect(fake.notes.count == 1)
            #expect(server.requests.map(\.method) == ["POST", "GET", "POST"])
        }
    }

    @Test func noteWhoseAnswerTimesOutIsNotPostedTwice() async throws {
        let time = ManualTime()
        let fake = NotesFake(faults: [.applyThenStall], time: time)
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            // A real (short) read timeout: the server stalls for 30 s, the client gives up after 400 ms.
            let client = try makeClient(port: server.port, time: time) { $0.readTimeout = .milliseconds(400) }
            let note = try await withClient(client) { try await $0.createOffenseNote(offenseID: 5, text: "slow") }
            #expect(fake.notes.count == 1)
            #expect(note.id == fake.notes[0].id)
            // On a loaded machine a check may itself time out and be repeated; the write is never repeated.
            #expect(server.requests.filter { $0.method == "POST" }.count == 1)
            #expect(server.requests.last?.method == "GET")
        }
    }

    @Test func closingReasonLostAfterCreationIsLookedUpByText() async throws {
        let created = Mutex(false)
        try await FakeQRadarServer.with(handler: { request in
            switch (request.method, request.path) {
            case ("POST", "/api/siem/offense_closing_reasons"):
                let first = created.withLock { flag in
                    defer { flag = true }
                    return !flag
                }
                if first { return .dropConnection }
                return .qradarError(409, code: 1004, message: "exists")
            case ("GET", "/api/siem/offense_closing_reasons"):
                let reasons: [JSONValue] = created.withLock { $0 }
                    ? [["id": 54, "text": "Vigil auto-close", "is_deleted": false, "is_reserved": false]] : []
                return pagedAnswer(reasons, request: request)
            default:
                return .qradarError(404, code: 1002, message: "no route")
            }
        }) { server in
            let client = try makeClient(port: server.port)
            let reason = try await withClient(client) { try await $0.createClosingReason(text: "Vigil auto-close") }
            #expect(reason.id == 54)
            #expect(server.requests.map(\.method) == ["POST", "GET"])
            #expect(server.requests[1].query("filter") == #"text = "Vigil auto-close""#)
        }
    }

    @Test func noteCreationConflictOnFirstAttemptIsAnError() async throws {
        try await FakeQRadarServer.with(handler: { _ in .qradarError(404, code: 1002, message: "No offense") }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                await #expect(throws: QRadarAPIError.self) { try await client.createOffenseNote(offenseID: 99, text: "x") }
            }
            #expect(server.requests.count == 1)
        }
    }
}
