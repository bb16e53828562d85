import Foundation
import Governance
import LEEF
import QRadarClient
import QRadarEmulator
import Storage
import Syslog
import Testing
import VigilCore

@testable import WriteBack

@Suite(.timeLimit(.minutes(1))) struct LEEFWriteBackTests {
    @Test func leefEventRaisesAVigilOffenseAndARetryIsNotSentAgain() async throws {
        try await withEmulator(syslog: true) { endpoints, api in
            let port = try #require(endpoints.syslogTCPPort)
            try await withSyslogSender(port: port) { syslog in
                try await withClient(try emulatorClient(endpoints)) { client in
                    let governed = try Governed()
                    let user = try await governed.pseudonym("mallory", .user)
                    let ip = try await governed.pseudonym("10.7.7.7", .ip)
                    let payload = LEEFFindingPayload(
                        title: "Impossible travel", severity: .high, confidence: 0.95, useCase: "impossible-travel", risk: 87.5,
                        userName: user, sourceIP: ip)
                    let task = WriteTask(findingID: "F-10", write: .leefEvent(useCase: "impossible-travel", confidence: 0.95), leef: payload)
                    // The default settle time: a retry waits before asking Ariel.
                    let executor = governed.executor(client: client, leefSender: SyslogLEEFEventSender(sender: syslog),
                                                     settings: WriteBackSettings())
                    try await executor.enqueue([task])
                    #expect(await executor.runPending().results.map(\.outcome) == [.done])
                    #expect(syslog.stats.accepted == 1)

                    try await eventually("the event in Ariel") { try await arielCount(key: task.key, client: client) == 1 }
                    let offenses = try await client.offenses().collect()
                    let offense = try #require(offenses.first { $0.offenseSource == "mallory" })
                    #expect(offense.description?.contains("Vigil: AI finding") == true)
                    let sources = try await client.logSources().collect()
                    #expect(sources.contains { $0.name?.contains("vigil-sidecar") == true }, "Vigil's events have a log source of their own")

                    // What QRadar stored: the clear identities, severity on QRadar's scale, and the key.
                    let aql = "SELECT username, sourceip, UTF8(payload) AS p FROM events WHERE UTF8(payload) ILIKE '%vigilKey=\(task.key)%' LAST 1 DAYS"
                    let rows = try await client.withQuery(aql: aql, timeout: .seconds(20)) { try await $0.collect() }
                    let row = try #require(rows.first)
                    #expect(row["username"]?.stringValue == "mallory")
                    #expect(row["sourceip"]?.stringValue == "10.7.7.7")
                    let line = try #require(row["p"]?.stringValue)
                    let decoded = try LEEFDecoder.decode(line, referenceTime: 1_800_000_000_000).event
                    #expect(decoded.vendor == "Vigil")
                    #expect(decoded.severity == Severity.high.qradarScale)
                    #expect(decoded.attributes["vigilFindingID"] == "F-10")
                    #expect(decoded.attributes["useCase"] == "impossible-travel")
                    #expect(decoded.attributes["confidence"] == "0.95")
                    #expect(decoded.attributes["risk"] == "87.50")
                    #expect(decoded.attributes["title"] == "Impossible travel")

                    // A crash after sending, before the ledger said done: the entry is pending with one attempt.
                    var crashed = try #require(try await governed.store.entry(forKey: task.key))
                    crashed.state = .pending
                    crashed.updatedAt = governed.clock.now()
                    try await governed.store.record(crashed)
                    let tooSoon = await executor.runPending()
                    #expect(tooSoon.results.isEmpty)
                    #expect(tooSoon.deferred == 1)
                    governed.clock.advance(by: 3 * EpochMillis.minute)
                    let retried = await executor.runPending()
                    #expect(retried.results.map(\.outcome) == [.deduplicated])
                    #expect(syslog.stats.accepted == 1, "nothing more was handed to syslog")
                    #expect(try await arielCount(key: task.key, client: client) == 1)
                    #expect(try await governed.store.entry(forKey: task.key)?.state == .done)
                }
            }
        }
    }

    @Test func leefTaskWaitsWhileNoSenderIsConfigured() async throws {
        try await withEmulator { endpoints, _ in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let payload = LEEFFindingPayload(title: "t", severity: .low, confidence: 0.9, useCase: "u", risk: 10)
                let task = WriteTask(findingID: "F-11", write: .leefEvent(useCase: "u", confidence: 0.9), leef: payload)
                let executor = governed.executor(client: client)
                try await executor.enqueue([task])
                let report = await executor.runPending()
                #expect(report.results.map(\.outcome) == [.retrying])
                #expect(report.results.first?.detail?.contains("no LEEF sender") == true)
                #expect(try await governed.store.entry(forKey: task.key)?.state == .pending)
            }
        }
    }

    @Test func encoderWritesWhatTheVigilRuleMatches() throws {
        let payload = LEEFFindingPayload(title: "Beacon | C2", severity: .critical, confidence: 0.999, useCase: "beaconing", risk: 99)
        let event = LEEFFindingEncoder.event(key: "00aa", findingID: "F", payload: payload, userName: nil, sourceIP: "10.0.0.9",
                                             productVersion: "1.0")
        let line = LEEFEncoder.encode(event)
        #expect(line.hasPrefix("LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|"))
        let decoded = try LEEFDecoder.decode(line, referenceTime: 1_800_000_000_000).event
        #expect(decoded.severity == 9)
        #expect(decoded.sourceIP == "10.0.0.9")
        #expect(decoded.userName == nil)
        #expect(decoded.attributes["confidence"] == "1.00")
        #expect(decoded.attributes["title"] == "Beacon | C2")
        #expect(decoded.attributes["vigilKey"] == "00aa")
        #expect(WriteBackExecutor.leefCheckAQL(key: "00aa", days: 1)
            == "SELECT COUNT(*) AS n FROM events WHERE UTF8(payload) ILIKE '%vigilKey=00aa%' LAST 1 DAYS")
        #expect(!WriteBackExecutor.isPlainKey("x' OR 1=1"))
    }
}
