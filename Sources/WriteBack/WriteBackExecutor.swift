#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Governance
import LEEF
import Logging
import QRadarClient
import StorageCore
import VigilCore

/// Why a task was refused by ``WriteBackExecutor/enqueue(_:)``.
public enum WriteBackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The task is incomplete or not a QRadar write; nothing of the batch was recorded.
    case invalidTask(key: String, reason: String)

    public var description: String {
        switch self {
        case .invalidTask(let key, let reason): return "write-back task \(key.prefix(40)) refused: \(reason)"
        }
    }
}

/// Carries out Vigil's writes into QRadar exactly once, through the write ledger.
///
/// ``enqueue(_:)`` records each task as a `pending` ledger entry (the task is the entry's payload), skipping keys
/// the ledger already holds in any state: that is the deduplication of replayed decisions. ``runPending()`` then
/// executes the pending entries:
///
/// - The attempt is counted in the ledger *before* QRadar is called, so after a crash an entry with
///   `attempts > 0` is known to be a retry whose write may already have happened.
/// - Offense notes carry a marker `[vigil:<key>]`; before writing, the offense's notes are searched for it, and a
///   note found means done (deduplicated). QRadar notes have no idempotency key of their own.
/// - Reference-set entries are upserts in QRadar (a missing set is created with its element type and time to
///   live); the ledger still records them.
/// - LEEF events carry `vigilKey=<key>`; a retried event is first searched for in Ariel and not sent again when
///   found. Because QRadar indexes events with a delay, that search waits until `leefSettleTime` has passed since
///   the previous attempt.
/// - A transient failure (503, 429, 409, timeouts, lost connections) leaves the entry pending with a backoff; a
///   permanent one (other 4xx, an unknown pseudonym) marks it failed with the reason. Every outcome is audited.
///
/// Pseudonyms are re-identified only here, just before sending, through the vault (audited there).
///
/// Runs are serialised (also against `enqueue`), so two callers never execute the same entry at once. Several
/// processes must not run executors over the same ledger at the same time.
public actor WriteBackExecutor {
    let client: QRadarClient
    let ledger: any WriteLedger
    let audit: any AuditLogStore
    let reidentifier: Reidentifier
    let leefSender: (any LEEFEventSender)?
    let settings: WriteBackSettings
    let clock: any EpochClock
    let logger: Logger
    let referenceSets: ReferenceSetWriter

    private var counters = WriteBackStats()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - vault: resolves pseudonyms to the clear values QRadar knows; `nil` when pseudonymisation is off.
    ///   - leefSender: where LEEF events go (autonomous mode); `nil` leaves LEEF tasks pending.
    public init(client: QRadarClient, ledger: any WriteLedger, audit: any AuditLogStore, vault: ReidentificationVault?,
                leefSender: (any LEEFEventSender)?, settings: WriteBackSettings = WriteBackSettings(),
                clock: any EpochClock = SystemEpochClock(), logger: Logger = Logger(label: "vigil.write-back")) {
        self.client = client
        self.ledger = ledger
        self.audit = audit
        self.reidentifier = Reidentifier(vault: vault)
        self.leefSender = leefSender
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.referenceSets = ReferenceSetWriter(client: client)
    }

    /// The counters since this executor was created.
    public var stats: WriteBackStats { counters }

    /// Records the tasks as pending ledger entries, durably, and returns how many were new. A task whose key the
    /// ledger already holds (pending, done or failed) is skipped, as is a repeat within `tasks`.
    ///
    /// - Throws: ``WriteBackError/invalidTask(key:reason:)`` when any task is incomplete (then nothing is
    ///   recorded); the ledger's errors (the tasks recorded before the error stay recorded).
    @discardableResult
    public func enqueue(_ tasks: [WriteTask]) async throws -> Int {
        for task in tasks {
            if let problem = task.validationProblem { throw WriteBackError.invalidTask(key: task.key, reason: problem) }
        }
        await lock()
        defer { unlock() }
        var added = 0
        var seen = Set<String>()
        for task in tasks where seen.insert(task.key).inserted {
            if try await ledger.entry(forKey: task.key) != nil {
                counters.alreadyKnown += 1
                continue
            }
            let payload = try Self.encode(WriteLedgerPayload(task: task))
            try await ledger.record(WriteLedgerEntry(
                key: task.key, target: task.target, state: .pending, attempts: 0, updatedAt: clock.now(), payload: payload))
            added += 1
            counters.enqueued += 1
            counters.pending += 1
        }
        return added
    }

    /// Executes the pending ledger entries whose backoff has elapsed (up to `batchLimit`), oldest first.
    ///
    /// Never throws: QRadar failures become retries or failures per entry, and problems with the ledger or the
    /// audit log are reported in ``WriteBackReport/errors`` (the entries concerned stay pending).
    public func runPending() async -> WriteBackReport {
        await lock()
        defer { unlock() }
        var report = WriteBackReport()
        let entries: [WriteLedgerEntry]
        do {
            entries = try await ledger.entries(in: .pending)
        } catch {
            storeError("could not read the pending writes: \(error)", into: &report)
            return report
        }
        var executed = 0
        var leftOver = 0
        // The ledger also holds other writers' entries (executed response actions): those are not ours to run.
        for entry in entries where Self.targets.contains(entry.target) {
            if Task.isCancelled || executed >= settings.batchLimit {
                leftOver += 1
                continue
            }
            guard let text = entry.payload else {
                await finishUnreadable(entry, reason: "the ledger entry has no task", into: &report)
                continue
            }
            guard let payload = Self.decode(text) else {
                await finishUnreadable(entry, reason: "the ledger entry's task cannot be read", into: &report)
                continue
            }
            if let problem = payload.task.key != entry.key ? "the task's key does not match the entry" : payload.task.validationProblem {
                await finishUnreadable(entry, reason: "the ledger entry's task is unusable: \(problem)", into: &report)
                continue
            }
            let now = clock.now()
            if let notBefore = payload.notBefore, notBefore > now {
                report.deferred += 1
                continue
            }
            if case .leefEvent = payload.task.write, entry.attempts > 0, now - entry.updatedAt < settings.leefSettleTime {
                // The earlier attempt may have been sent but not be searchable in Ariel yet.
                report.deferred += 1
                continue
            }
            executed += 1
            if let result = await execute(entry, payload, into: &report) {
                report.results.append(result)
            } else {
                leftOver += 1
            }
        }
        report.stillPending = report.retrying + report.deferred + leftOver
        counters.pending = report.stillPending
        return report
    }

    // MARK: Executing one entry

    /// Runs one entry; `nil` when it could not even be started (the ledger refused the attempt count).
    private func execute(_ entry: WriteLedgerEntry, _ payload: WriteLedgerPayload, into report: inout WriteBackReport) async -> WriteResult? {
        let task = payload.task
        let isRetry = entry.attempts > 0
        var current = entry
        current.attempts += 1
        current.updatedAt = clock.now()
        do {
            try await ledger.record(current)
        } catch {
            storeError("could not record the attempt for \(task.key): \(error)", into: &report)
            return nil
        }

        let outcome: Result<(WriteOutcome, String?), WriteFailure>
        do {
            switch task.write {
            case .offenseNote(let offenseID):
                outcome = .success(try await writeNote(task, offenseID: offenseID))
            case .referenceSetEntry(let set, let value, let ttl):
                outcome = .success(try await writeReferenceSetEntry(task, set: set, value: value, timeToLive: ttl))
            case .leefEvent:
                outcome = .success(try await sendLEEF(task, isRetry: isRetry))
            case .referenceSetRemoval(let set, let value):
                outcome = .success(try await removeReferenceSetEntry(task, set: set, value: value))
            case .record, .approvalRequest:
                throw WriteFailure(.permanent, "a \(task.write.typeName) write is not executed by write-back")
            }
        } catch {
            outcome = .failure(WriteFailure.classify(error))
        }

        var next = payload
        let result: WriteResult
        switch outcome {
        case .success(let (kind, externalID)):
            current.state = .done
            current.externalID = externalID
            next.lastError = nil
            next.notBefore = nil
            result = WriteResult(key: task.key, findingID: task.findingID, target: task.target, outcome: kind, externalID: externalID,
                                 attempts: current.attempts)
            if kind == .deduplicated { counters.deduplicated += 1 } else { counters.done += 1 }
        case .failure(let failure):
            next.lastError = failure.reason
            let exhausted = settings.maxAttempts.map { current.attempts >= $0 } ?? false
            if failure.kind == .transient && !exhausted {
                next.notBefore = clock.now() + settings.backoff(afterAttempts: current.attempts)
                result = WriteResult(key: task.key, findingID: task.findingID, target: task.target, outcome: .retrying,
                                     detail: failure.reason, attempts: current.attempts)
                counters.retried += 1
                logger.warning("Write-back failed, will retry", metadata: [
                    "vigil.write.key": "\(task.key)", "vigil.write.target": "\(task.target)", "vigil.write.attempts": "\(current.attempts)",
                    "vigil.write.error": "\(failure.reason)",
                ])
            } else {
                current.state = .failed
                next.notBefore = nil
                let reason = exhausted && failure.kind == .transient
                    ? "gave up after \(current.attempts) attempts: \(failure.reason)" : failure.reason
                next.lastError = reason
                result = WriteResult(key: task.key, findingID: task.findingID, target: task.target, outcome: .failed,
                                     detail: reason, attempts: current.attempts)
                counters.failed += 1
                logger.error("Write-back failed permanently", metadata: [
                    "vigil.write.key": "\(task.key)", "vigil.write.target": "\(task.target)", "vigil.write.error": "\(reason)",
                ])
            }
        }
        current.updatedAt = clock.now()
        do {
            current.payload = try Self.encode(next)
            try await ledger.record(current)
        } catch {
            // The entry stays pending with its attempt counted: the next run treats it as a retry and checks QRadar
            // before writing again.
            storeError("could not record the outcome for \(task.key): \(error)", into: &report)
        }
        await auditOutcome(result)
        return result
    }

    private func writeNote(_ task: WriteTask, offenseID: Int) async throws -> (WriteOutcome, String?) {
        let marker = Self.marker(task.key)
        let existing = try await client.offenseNotes(offenseID: offenseID, QRadarListQuery(pageSize: 100)).collect()
        if let note = existing.first(where: { $0.noteText?.contains(marker) == true }) {
            return (.deduplicated, String(note.id))
        }
        let clear = try await reidentifier.reidentifyText(task.noteText ?? "", findingID: task.findingID)
        let note = try await client.createOffenseNote(offenseID: offenseID, text: Self.noteBody(clear, marker: marker, maxLength: settings.maxNoteLength))
        return (.done, String(note.id))
    }

    private func writeReferenceSetEntry(_ task: WriteTask, set: String, value: String, timeToLive: Int64) async throws -> (WriteOutcome, String?) {
        let clear = try await reidentifier.clearValue(value, findingID: task.findingID)
        let type = ReferenceSetWriter.elementType(for: set, value: clear, configured: settings.elementTypes)
        try await referenceSets.add(clear, to: set, elementType: type, timeToLive: timeToLive > 0 ? timeToLive : nil)
        return (.done, nil)
    }

    /// Removes a value Vigil added; a value or set already gone (404) is the outcome wanted, recorded as deduplicated.
    private func removeReferenceSetEntry(_ task: WriteTask, set: String, value: String) async throws -> (WriteOutcome, String?) {
        let clear = try await reidentifier.clearValue(value, findingID: task.findingID)
        return try await referenceSets.remove(clear, from: set) ? (.done, nil) : (.deduplicated, nil)
    }

    private func sendLEEF(_ task: WriteTask, isRetry: Bool) async throws -> (WriteOutcome, String?) {
        guard let payload = task.leef else { throw WriteFailure(.permanent, "the LEEF task has no payload") }
        guard let sender = leefSender else { throw WriteFailure(.transient, "no LEEF sender is configured") }
        guard Self.isPlainKey(task.key) else { throw WriteFailure(.permanent, "the idempotency key is not plain text") }
        if isRetry, try await leefEventExists(key: task.key) {
            return (.deduplicated, nil)
        }
        var user: String?
        if let name = payload.userName { user = try await reidentifier.clearValueIfKnown(name, findingID: task.findingID) }
        var source: String?
        if let ip = payload.sourceIP { source = try await reidentifier.clearValueIfKnown(ip, findingID: task.findingID) }
        // The title names the entity (a host's pseudonym, say): QRadar gets the names it knows, as in notes.
        var clearPayload = payload
        clearPayload.title = try await reidentifier.reidentifyText(payload.title, findingID: task.findingID)
        if let list = payload.entities {
            var clear: [String] = []
            for e in list { clear.append(try await reidentifier.reidentifyText(e, findingID: task.findingID)) }
            clearPayload.entities = clear
        }
        let event = LEEFFindingEncoder.event(
            key: task.key, findingID: task.findingID, payload: clearPayload, userName: user, sourceIP: source,
            productVersion: settings.leefProductVersion)
        let header = settings.syslogHostName.map {
            SyslogHeader(format: .rfc3164, priority: 13, timestamp: clock.now(), hostname: $0, appName: "vigil")
        }
        try await sender.send(LEEFMessage(header: header, event: event))
        return (.done, nil)
    }

    /// Whether Ariel holds an event with `vigilKey=<key>` from the lookback window.
    private func leefEventExists(key: String) async throws -> Bool {
        let aql = Self.leefCheckAQL(key: key, days: settings.leefCheckLookbackDays)
        let count = try await client.withQuery(aql: aql, timeout: settings.leefCheckTimeout) { rows in
            var total: Int64 = 0
            for try await row in rows {
                total += row["n"]?.intValue ?? row["n"]?.doubleValue.map { Int64($0) } ?? 0
            }
            return total
        }
        return count > 0
    }

    /// The AQL that counts earlier copies of a LEEF event. `key` must be ``isPlainKey(_:)``.
    static func leefCheckAQL(key: String, days: Int) -> String {
        "SELECT COUNT(*) AS n FROM events WHERE UTF8(payload) ILIKE '%\(LEEFFindingEncoder.keyAttribute)=\(key)%' LAST \(days) DAYS"
    }

    // MARK: Outcomes

    private func finishUnreadable(_ entry: WriteLedgerEntry, reason: String, into report: inout WriteBackReport) async {
        // Without a usable task the write cannot be carried out; it is kept (as failed, payload intact) for an operator.
        var failed = entry
        failed.state = .failed
        failed.updatedAt = clock.now()
        do {
            try await ledger.record(failed)
        } catch {
            storeError("could not mark \(entry.key) failed: \(error)", into: &report)
            return
        }
        counters.failed += 1
        let result = WriteResult(key: entry.key, findingID: "", target: entry.target, outcome: .failed, detail: reason, attempts: entry.attempts)
        report.results.append(result)
        await auditOutcome(result)
    }

    private func auditOutcome(_ result: WriteResult) async {
        do {
            try await audit.appendAudit(AuditDraft.writeBack(
                findingID: result.findingID, target: result.target, idempotencyKey: result.key, outcome: result.outcome.rawValue,
                externalID: result.externalID, detail: result.detail, time: clock.now()))
        } catch {
            counters.storeErrors += 1
            logger.error("Could not audit a write-back", metadata: ["vigil.write.key": "\(result.key)", "vigil.error": "\(error)"])
        }
    }

    private func storeError(_ message: String, into report: inout WriteBackReport) {
        counters.storeErrors += 1
        report.errors.append(message)
        logger.error("Write-back store error", metadata: ["vigil.error": "\(message)"])
    }

    // MARK: Serialisation

    private func lock() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func unlock() {
        if waiters.isEmpty {
            busy = false
        } else {
            // Ownership passes straight to the next waiter.
            waiters.removeFirst().resume()
        }
    }

    // MARK: Helpers

    /// The ledger targets this executor runs.
    static let targets: Set<String> = [
        PlannedWrite.offenseNote(offenseID: 0).typeName, PlannedWrite.referenceSetEntry(set: "", value: "", timeToLive: 0).typeName,
        PlannedWrite.leefEvent(useCase: "", confidence: 0).typeName, PlannedWrite.referenceSetRemoval(set: "", value: "").typeName,
    ]

    /// The marker that identifies a note written for a key.
    public static func marker(_ key: String) -> String { "[vigil:\(key)]" }

    /// The note text: the (re-identified) text, shortened when needed, then the marker on its own line.
    static func noteBody(_ text: String, marker: String, maxLength: Int) -> String {
        let room = maxLength - marker.count - 1
        var body = text.trimmingWhitespace()
        if body.count > room { body = String(body.prefix(max(0, room - 1))) + "…" }
        return body + "\n" + marker
    }

    /// Keys go into AQL text: only letters, digits, `-` and `_` are accepted.
    static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 128
            && key.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
    }

    static func encode(_ payload: WriteLedgerPayload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    static func decode(_ text: String) -> WriteLedgerPayload? {
        try? JSONDecoder().decode(WriteLedgerPayload.self, from: Data(text.utf8))
    }
}
