import Foundation
import Governance
import QRadarClient
import QRadarEmulator
import Storage
import Testing
import VigilCore

@testable import WriteBack

@Suite(.timeLimit(.minutes(1))) struct WriteBackExecutorTests {
    @Test func noteIsWrittenOnceAcrossRunsReplaysAndACrash() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-wb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vigil.sqlite").path
        try await withEmulator { endpoints, api in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed(path: path)
                let offense = try await raiseOffense(for: "jdoe", api: api, client: client)
                let task = WriteTask(findingID: "F-1", write: .offenseNote(offenseID: offense), noteText: "[Vigil] Unusual data access.")
                let executor = governed.executor(client: client)

                #expect(try await executor.enqueue([task, task]) == 1)
                #expect(try await executor.enqueue([task]) == 0, "a replayed decision is recognised by its key")
                let first = await executor.runPending()
                #expect(first.results.map(\.outcome) == [.done])
                let second = await executor.runPending()
                #expect(second.results.isEmpty, "nothing is pending any more")

                let marker = WriteBackExecutor.marker(task.key)
                var notes = try await client.offenseNotes(offenseID: offense).collect().filter { $0.noteText?.contains(marker) == true }
                #expect(notes.count == 1)
                let note = try #require(notes.first)
                #expect(note.noteText == "[Vigil] Unusual data access.\n" + marker)
                let done = try #require(try await governed.store.entry(forKey: task.key))
                #expect(done.state == .done)
                #expect(done.externalID == String(note.id))

                // A crash after QRadar stored the note but before the ledger said so: the entry is still pending with
                // its attempt counted. A restarted executor (new instance, same store file) finds the marker.
                var crashed = done
                crashed.state = .pending
                crashed.externalID = nil
                try await governed.store.record(crashed)
                let restartedStore = try Governed(path: path)
                let restarted = restartedStore.executor(client: client)
                let afterRestart = await restarted.runPending()
                #expect(afterRestart.results.map(\.outcome) == [.deduplicated])
                #expect(afterRestart.results.first?.externalID == String(note.id))
                #expect(await restarted.stats.deduplicated == 1)
                notes = try await client.offenseNotes(offenseID: offense).collect().filter { $0.noteText?.contains(marker) == true }
                #expect(notes.count == 1, "the retried write did not produce a second note")
                #expect(try await restartedStore.store.entry(forKey: task.key)?.state == .done)

                let audit = try await restartedStore.writeBackAudit()
                #expect(audit.map { $0.payload.contains(#""outcome":"done""#) } == [true, false])
                #expect(audit.last?.payload.contains(#""outcome":"deduplicated""#) == true)
                #expect(audit.allSatisfy { $0.subject == "F-1" && $0.payload.contains(task.key) })
            }
        }
    }

    @Test func restartMidBatchNeitherDropsNorDuplicates() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-wb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vigil.sqlite").path
        try await withEmulator { endpoints, api in
            try await withClient(try emulatorClient(endpoints)) { client in
                var offenses: [Int] = []
                for user in ["dan", "eve", "fay", "gus"] { offenses.append(try await raiseOffense(for: user, api: api, client: client)) }
                let tasks = offenses.map { WriteTask(findingID: "F-\($0)", write: .offenseNote(offenseID: $0), noteText: "[Vigil] about \($0)") }

                // The first process gets through one write of the batch, then stops.
                let before = try Governed(path: path)
                let first = before.executor(client: client, settings: WriteBackSettings(leefSettleTime: 0, batchLimit: 1))
                try await first.enqueue(tasks)
                let partial = await first.runPending()
                #expect(partial.results.map(\.outcome) == [.done])
                #expect(partial.stillPending == 3)
                // ... and it had counted the attempt for the next one when it died, before calling QRadar.
                let ordered = try await before.store.entries(in: .pending)
                var interrupted = try #require(ordered.first)
                interrupted.attempts = 1
                try await before.store.record(interrupted)

                // The restarted process finishes the batch: the interrupted write is checked and made once.
                let after = try Governed(path: path)
                let second = after.executor(client: client)
                let rest = await second.runPending()
                #expect(rest.results.map(\.outcome) == [.done, .done, .done])
                #expect(Set(rest.results.map(\.key)) == Set(ordered.map(\.key)))
                #expect(try await after.store.entries(in: .done).count == 4)
                for task in tasks {
                    guard case .offenseNote(let offense) = task.write else { continue }
                    let notes = try await client.offenseNotes(offenseID: offense).collect()
                    #expect(notes.filter { $0.noteText?.contains(WriteBackExecutor.marker(task.key)) == true }.count == 1)
                }
            }
        }
    }

    @Test func pseudonymsInNoteTextAreReidentified() async throws {
        try await withEmulator { endpoints, api in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let offense = try await raiseOffense(for: "jdoe", api: api, client: client)
                let user = try await governed.pseudonym("jdoe", .user)
                let ip = try await governed.pseudonym("10.1.2.3", .ip)
                // Made with another key: the vault has no mapping for it, so it stays as it is.
                let stranger = Pseudonymizer(keyRing: try PseudonymKeyRing(keys: [PseudonymKey(version: 1, secret: Array(repeating: 1, count: 32))], current: 1))
                    .pseudonym(for: "someone", kind: .user).text
                let text = "[Vigil] \(user) read 14x the usual volume from \(ip); peer (\(stranger)) was normal. user=\(user),"
                let task = WriteTask(findingID: "F-2", write: .offenseNote(offenseID: offense), noteText: text)
                let executor = governed.executor(client: client)
                try await executor.enqueue([task])
                #expect(await executor.runPending().results.map(\.outcome) == [.done])

                let notes = try await client.offenseNotes(offenseID: offense).collect()
                let written = try #require(notes.first { $0.noteText?.contains(WriteBackExecutor.marker(task.key)) == true }?.noteText)
                #expect(written.hasPrefix("[Vigil] jdoe read 14x the usual volume from 10.1.2.3; peer (\(stranger)) was normal. user=jdoe,"))
                #expect(!written.contains(user) && !written.contains(ip))

                // Each resolution is audited by the vault (once per distinct pseudonym), the unknown one too.
                let reid = try await governed.store.allAuditRecords().filter { $0.kind == .reidentification }
                #expect(reid.filter { $0.payload.contains(#""outcome":"granted""#) }.map(\.subject).sorted() == [ip, user].sorted())
                #expect(reid.filter { $0.payload.contains("unknown pseudonym") }.map(\.subject) == [stranger])
            }
        }
    }

    @Test func longNotesAreShortenedToTheLimitAndKeepTheirMarker() async throws {
        try await withEmulator { endpoints, api in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let offense = try await raiseOffense(for: "jdoe", api: api, client: client)
                let task = WriteTask(findingID: "F-long", write: .offenseNote(offenseID: offense),
                                     noteText: String(repeating: "Évidence ✓ ", count: 600))
                let executor = governed.executor(client: client)
                try await executor.enqueue([task])
                #expect(await executor.runPending().results.map(\.outcome) == [.done])
                let notes = try await client.offenseNotes(offenseID: offense).collect()
                let text = try #require(notes.first { $0.noteText?.contains(WriteBackExecutor.marker(task.key)) == true }?.noteText)
                #expect(text.count == WriteBackSettings().maxNoteLength)
                #expect(text.hasPrefix("Évidence ✓ Évidence"))
                #expect(text.hasSuffix("…\n" + WriteBackExecutor.marker(task.key)))
            }
        }
    }

    @Test func concurrentRunsDoNotExecuteAnEntryTwice() async throws {
        try await withEmulator { endpoints, api in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let offense = try await raiseOffense(for: "jdoe", api: api, client: client)
                let tasks = (1...3).map { WriteTask(findingID: "F-c\($0)", write: .offenseNote(offenseID: offense), noteText: "[Vigil] \($0)") }
                let executor = governed.executor(client: client)
                try await executor.enqueue(tasks)
                async let a = executor.runPending()
                async let b = executor.runPending()
                let (first, second) = await (a, b)
                #expect(first.results.count + second.results.count == 3)
                #expect((first.results + second.results).allSatisfy { $0.outcome == .done })
                let notes = try await client.offenseNotes(offenseID: offense).collect()
                for task in tasks {
                    #expect(notes.filter { $0.noteText?.contains(WriteBackExecutor.marker(task.key)) == true }.count == 1)
                }
            }
        }
    }

    @Test func referenceSetEntriesLandWithTheSetsTimeToLive() async throws {
        try await withEmulator { endpoints, _ in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let user = try await governed.pseudonym("jdoe", .user)
                let ip = try await governed.pseudonym("10.1.2.3", .ip)
                let week = 7 * EpochMillis.day
                let policy = RolloutPolicy(mode: .assist, referenceSetTimeToLive: week)
                let writes = policy.decide(FindingFacts(
                    findingID: "F-3", useCase: "exfil", confidence: 0.8, severity: .high, title: "t",
                    entities: [EntityRef(.user, user), EntityRef(.ip, ip)]))
                let tasks = WriteTask.tasks(findingID: "F-3", writes: writes, noteText: nil, leef: nil)
                #expect(tasks.count == 2)
                let executor = governed.executor(client: client, settings: WriteBackSettings(policy: policy))
                try await executor.enqueue(tasks)
                #expect(await executor.runPending().results.map(\.outcome) == [.done, .done])

                let users = try await client.referenceSet(name: "vigil_suspicious_users")
                #expect(users.elementType == .alphanumeric)
                #expect(users.timeoutType == .lastSeen)
                #expect(users.timeToLive?.contains("7 days") == true)
                #expect(users.data?.map(\.value) == ["jdoe"])
                let ips = try await client.referenceSet(name: "vigil_suspicious_ips")
                #expect(ips.elementType == .ip)
                #expect(ips.timeoutType == .lastSeen)
                #expect(ips.timeToLive?.contains("7 days") == true)
                #expect(ips.data?.map(\.value) == ["10.1.2.3"])

                // The same finding decided again adds nothing new to the ledger.
                #expect(try await executor.enqueue(WriteTask.tasks(findingID: "F-3", writes: writes, noteText: nil, leef: nil)) == 0)

                // A value whose pseudonym the vault does not know is never written into QRadar.
                let unknown = Pseudonymizer(keyRing: try PseudonymKeyRing(keys: [PseudonymKey(version: 1, secret: Array(repeating: 3, count: 32))], current: 1))
                    .pseudonym(for: "ghost", kind: .user).text
                let bad = WriteTask(findingID: "F-4", write: .referenceSetEntry(set: "vigil_suspicious_users", value: unknown, timeToLive: week))
                try await executor.enqueue([bad])
                let report = await executor.runPending()
                #expect(report.results.map(\.outcome) == [.failed])
                #expect(report.results.first?.detail?.contains("cannot re-identify") == true)
                #expect(try await client.referenceSet(name: "vigil_suspicious_users").data?.map(\.value) == ["jdoe"])

                // A campaign closed as a false positive takes its entries out again; a value already gone is no error.
                let removals = WriteTask.tasks(findingID: "F-3", writes: [.referenceSetRemoval(set: "vigil_suspicious_users", value: user),
                                                                          .referenceSetRemoval(set: "vigil_suspicious_ips", value: ip)],
                                               noteText: nil, leef: nil)
                try await executor.enqueue(removals)
                #expect(await executor.runPending().results.map(\.outcome) == [.done, .done])
                #expect(try await client.referenceSet(name: "vigil_suspicious_users").data?.isEmpty ?? true)
                #expect(try await client.referenceSet(name: "vigil_suspicious_ips").data?.isEmpty ?? true)
                let again = WriteTask(findingID: "F-9", write: .referenceSetRemoval(set: "vigil_suspicious_users", value: user))
                try await executor.enqueue([again])
                #expect(await executor.runPending().results.map(\.outcome) == [.deduplicated])
            }
        }
    }

    @Test func permanentErrorMarksTheWriteFailedAndAuditsIt() async throws {
        try await withEmulator { endpoints, _ in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let task = WriteTask(findingID: "F-5", write: .offenseNote(offenseID: 987_654), noteText: "[Vigil] about a missing offense")
                let executor = governed.executor(client: client)
                try await executor.enqueue([task])
                // Another writer's pending entry in the same ledger (a response action mid-execution) is left alone.
                let foreign = WriteLedgerEntry(key: "response-1", target: "disable-account", state: .pending, attempts: 1, updatedAt: 1)
                try await governed.store.record(foreign)
                let report = await executor.runPending()
                #expect(try await governed.store.entry(forKey: "response-1") == foreign)
                #expect(report.results.map(\.outcome) == [.failed])
                #expect(report.results.first?.detail?.contains("404") == true)
                let entry = try #require(try await governed.store.entry(forKey: task.key))
                #expect(entry.state == .failed)
                #expect(entry.attempts == 1)
                let payload = try JSONDecoder().decode(WriteLedgerPayload.self, from: Data((entry.payload ?? "").utf8))
                #expect(payload.task == task, "the task is kept for an operator")
                #expect(payload.lastError?.contains("404") == true)
                #expect(await executor.stats.failed == 1)
                let audit = try await governed.writeBackAudit()
                #expect(audit.count == 1)
                #expect(audit.first?.payload.contains(#""outcome":"failed""#) == true)
                #expect(audit.first?.payload.contains("404") == true)
                #expect(await executor.runPending().results.isEmpty, "a failed write is not retried")

                // A pending entry whose task cannot be read is kept, marked failed, and audited; never executed.
                let garbled = WriteLedgerEntry(key: "k-garbled", target: "offense-note", state: .pending, updatedAt: 1, payload: "{oops")
                try await governed.store.record(garbled)
                let unreadable = await executor.runPending()
                #expect(unreadable.results.map(\.outcome) == [.failed])
                let kept = try #require(try await governed.store.entry(forKey: "k-garbled"))
                #expect(kept.state == .failed)
                #expect(kept.payload == "{oops")
                #expect(try await governed.writeBackAudit().count == 2)
            }
        }
    }

    @Test func unavailableQRadarKeepsWritesPendingUntilEachCompletesOnce() async throws {
        try await withEmulator { endpoints, api in
            let setup = try emulatorClient(endpoints)
            var offenses: [Int] = []
            for user in ["amy", "bob", "cat"] { offenses.append(try await raiseOffense(for: user, api: api, client: setup)) }
            try await setup.shutdown()

            // From now on half of QRadar's answers are 503, and the client does not retry by itself.
            let faults = await api.respond(to: APIRequest(
                method: "POST", target: "/__emulator/faults?error_rate=0.5&seed=21", headers: [(name: "SEC", value: emulatorToken)]))
            #expect(faults.status == 200)
            try await withClient(try emulatorClient(endpoints, retries: false)) { client in
                let governed = try Governed()
                var tasks = offenses.map { WriteTask(findingID: "F-\($0)", write: .offenseNote(offenseID: $0), noteText: "[Vigil] finding \($0)") }
                for value in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] {
                    tasks.append(WriteTask(findingID: "F-ip", write: .referenceSetEntry(set: "vigil_suspicious_ips", value: value, timeToLive: EpochMillis.day)))
                }
                let executor = governed.executor(client: client)
                try await executor.enqueue(tasks)

                var rounds = 0
                var sawBackoff = false
                while rounds < 60 {
                    rounds += 1
                    let report = await executor.runPending()
                    #expect(report.errors.isEmpty)
                    if report.stillPending == 0 { break }
                    if report.retrying > 0 && !sawBackoff {
                        // Straight away, the failed writes wait for their backoff instead of hammering QRadar.
                        let again = await executor.runPending()
                        #expect(again.results.isEmpty)
                        #expect(again.deferred == report.stillPending)
                        sawBackoff = true
                    }
                    governed.clock.advance(by: 16 * EpochMillis.minute)
                }
                let stats = await executor.stats
                #expect(stats.pending == 0)
                #expect(stats.done + stats.deduplicated == tasks.count)
                #expect(stats.failed == 0)
                #expect(stats.retried > 0, "the fault injection produced 503s")
                #expect(sawBackoff)
                #expect(try await governed.store.entries(in: .pending).isEmpty)
                #expect(try await governed.store.entries(in: .done).count == tasks.count)
                let retries = try await governed.writeBackAudit().filter { $0.payload.contains(#""outcome":"retry""#) }
                #expect(retries.count == stats.retried)
            }

            _ = await api.respond(to: APIRequest(
                method: "POST", target: "/__emulator/faults?reset=true", headers: [(name: "SEC", value: emulatorToken)]))
            try await withClient(try emulatorClient(endpoints)) { client in
                for offense in offenses {
                    let key = WriteTask.key(findingID: "F-\(offense)", write: .offenseNote(offenseID: offense))
                    let notes = try await client.offenseNotes(offenseID: offense).collect()
                    #expect(notes.filter { $0.noteText?.contains(WriteBackExecutor.marker(key)) == true }.count == 1)
                }
                let ips = try await client.referenceSet(name: "vigil_suspicious_ips")
                #expect(Set(ips.data?.map(\.value) ?? []) == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
            }
        }
    }

    @Test func invalidTasksAreRefusedWithoutRecordingAnything() async throws {
        try await withEmulator { endpoints, _ in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let executor = governed.executor(client: client)
                let good = WriteTask(findingID: "F-6", write: .offenseNote(offenseID: 1), noteText: "text")
                let noText = WriteTask(findingID: "F-6", write: .offenseNote(offenseID: 2))
                await #expect(throws: WriteBackError.self) { try await executor.enqueue([good, noText]) }
                await #expect(throws: WriteBackError.self) {
                    try await executor.enqueue([WriteTask(findingID: "F-6", write: .record)])
                }
                var forged = good
                forged.key = "not-the-key"
                await #expect(throws: WriteBackError.self) { try await executor.enqueue([forged]) }
                #expect(try await governed.store.entries(in: .pending).isEmpty)
            }
        }
    }
}
