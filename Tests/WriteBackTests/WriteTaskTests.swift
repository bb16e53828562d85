import Foundation
import Governance
import QRadarClient
import Testing
import VigilCore

@testable import WriteBack

@Suite struct WriteTaskTests {
    @Test func keysDependOnWhatIsWrittenAndWhereOnly() {
        let note = WriteTask.key(findingID: "F", write: .offenseNote(offenseID: 7))
        #expect(note == WriteTask.key(findingID: "F", write: .offenseNote(offenseID: 7)))
        #expect(note != WriteTask.key(findingID: "F", write: .offenseNote(offenseID: 8)))
        #expect(note != WriteTask.key(findingID: "G", write: .offenseNote(offenseID: 7)))
        #expect(note.utf8.count == 16 && WriteBackExecutor.isPlainKey(note))
        // A different time to live or a re-scored confidence is the same write.
        #expect(WriteTask.key(findingID: "F", write: .referenceSetEntry(set: "s", value: "v", timeToLive: 1))
            == WriteTask.key(findingID: "F", write: .referenceSetEntry(set: "s", value: "v", timeToLive: 2)))
        #expect(WriteTask.key(findingID: "F", write: .leefEvent(useCase: "u", confidence: 0.91))
            == WriteTask.key(findingID: "F", write: .leefEvent(useCase: "u", confidence: 0.97)))
        // Set and value are kept apart: ("ab", "c") is not ("a", "bc").
        #expect(WriteTask.key(findingID: "F", write: .referenceSetEntry(set: "ab", value: "c", timeToLive: 1))
            != WriteTask.key(findingID: "F", write: .referenceSetEntry(set: "a", value: "bc", timeToLive: 1)))
    }

    @Test func tasksRoundTripThroughTheLedgerPayload() throws {
        let leef = LEEFFindingPayload(title: "t", severity: .medium, confidence: 0.5, useCase: "u", risk: 1.25, userName: "u_x",
                                      sourceIP: nil, findingTime: 42)
        let payload = WriteLedgerPayload(
            task: WriteTask(findingID: "F", write: .leefEvent(useCase: "u", confidence: 0.5), leef: leef), lastError: "503", notBefore: 9)
        let text = try WriteBackExecutor.encode(payload)
        #expect(WriteBackExecutor.decode(text) == payload)
        #expect(WriteBackExecutor.decode("{not json") == nil)
    }

    @Test func tasksAreMadeForQRadarWritesOnly() {
        let writes: [PlannedWrite] = [
            .record, .offenseNote(offenseID: 3), .referenceSetEntry(set: "s", value: "v", timeToLive: 5),
            .leefEvent(useCase: "u", confidence: 0.9), .approvalRequest(ResponseAction(kind: .blockIP, target: "1.2.3.4")),
        ]
        let leef = LEEFFindingPayload(title: "t", severity: .low, confidence: 0.9, useCase: "u", risk: 2)
        let tasks = WriteTask.tasks(findingID: "F", writes: writes, noteText: "n", leef: leef)
        #expect(tasks.map(\.write) == Array(writes[1...3]))
        #expect(tasks.allSatisfy { $0.validationProblem == nil })
        #expect(WriteTask.tasks(findingID: "F", writes: writes, noteText: nil, leef: nil).map(\.write) == [writes[2]])
    }

    @Test func noteBodyKeepsTheMarkerWhenShortened() {
        let marker = WriteBackExecutor.marker("0123456789abcdef")
        #expect(WriteBackExecutor.noteBody("  short\n", marker: marker, maxLength: 4000) == "short\n" + marker)
        let long = String(repeating: "x", count: 5000)
        let body = WriteBackExecutor.noteBody(long, marker: marker, maxLength: 300)
        #expect(body.count == 300)
        #expect(body.hasSuffix("…\n" + marker))
    }

    @Test func backoffDoublesUpToTheCap() {
        let settings = WriteBackSettings(initialBackoff: 1_000, maxBackoff: 5_000)
        #expect((1...5).map { settings.backoff(afterAttempts: $0) } == [1_000, 2_000, 4_000, 5_000, 5_000])
        #expect(settings.backoff(afterAttempts: 10_000) == 5_000)
    }

    @Test func failuresAreSortedIntoTransientAndPermanent() {
        func kind(_ status: Int) -> WriteFailureKind { WriteFailure.classify(QRadarAPIError(httpStatus: status, code: nil, message: "m")).kind }
        #expect([503, 502, 500, 429, 409, 408].map(kind) == Array(repeating: .transient, count: 6))
        #expect([400, 401, 403, 404, 422].map(kind) == Array(repeating: .permanent, count: 5))
        #expect(WriteFailure.classify(QRadarTransportError(kind: .timedOut, underlying: "t")).kind == .transient)
        #expect(WriteFailure.classify(GovernanceError.unknownPseudonym("u_v1_x")).kind == .permanent)
        #expect(WriteFailure.classify(CancellationError()).kind == .transient)
    }

    @Test func pseudonymWordsAreFoundWithoutTouchingOtherText() throws {
        let pseudonymizer = Pseudonymizer(keyRing: try PseudonymKeyRing(keys: [PseudonymKey(version: 1, secret: Array(repeating: 5, count: 32))], current: 1))
        let u = pseudonymizer.pseudonym(for: "jdoe", kind: .user).text
        let ip = pseudonymizer.pseudonym(for: "10.0.0.1", kind: .ip).text
        let text = "user=\(u), from (\(ip)); not x\(u) nor \(u)0 — ünï \(u)"
        let words = Reidentifier.pseudonymWords(in: text).map(\.text)
        #expect(words == [u, ip, u])
        #expect(Reidentifier.pseudonymWords(in: "no pseudonyms here u_v1_abc").isEmpty)
    }
}
