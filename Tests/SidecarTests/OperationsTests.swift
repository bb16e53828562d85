import Foundation
import Governance
import LEEF
import NIOCore
import QRadarClient
import QRadarEmulator
import SidecarAPI
import Storage
import StoragePostgres
import Syslog
import Testing
import VigilCore

@testable import Sidecar

/// The sidecar's other paths: PostgreSQL as its store, approved response actions, and LEEF over syslog (malformed
/// lines and a flood).
@Suite("Sidecar operations", .serialized)
struct OperationsTests {
    /// The same exactly-once ingestion and audit chain on PostgreSQL (required in CI, skipped elsewhere without a
    /// server).
    @Test func ingestsExactlyOnceOnPostgreSQL() async throws {
        guard let url = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"], !url.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but VIGIL_TEST_POSTGRES_URL is not set")
                return
            }
            try Test.cancel("VIGIL_TEST_POSTGRES_URL is not set")
        }
        let schema = "vigil_sidecar_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let storeConfiguration = try PostgresStoreConfiguration(url: url, schema: String(schema))
        try await withLoadedEmulator { endpoints, _ in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .shadow, storePath: "/unused")
            try await PostgresStore.withStore(configuration: storeConfiguration) { store in
                try await withSidecar(config, store: store) { sidecar in
                    try await sidecar.catchUp()
                    let audited = try await sidecar.auditedEventIDs()
                    for (source, database) in [("ariel:events", "events"), ("ariel:flows", "flows")] {
                        let ids = audited[source] ?? []
                        #expect(Set(ids).count == ids.count)
                        let rejected = try await rejectedInAudit(store, source: source)
                        #expect(ids.count + rejected == (try await emulatorEventCount(sidecar.assembly.client, database: database)))
                    }
                    #expect(!(try await store.findings(FindingQuery(limit: 100))).isEmpty)
                    #expect(try await AuditTools.verify(store: store).ok)
                }
            }
        }
    }

    /// A blocking action recommended by a finding waits for a person; once an analyst approves it through the
    /// control the API uses, the address (in the clear) lands in QRadar's blocklist reference set, once; a viewer
    /// cannot decide, and a rejected request does nothing.
    @Test func approvedBlockLandsInTheBlocklistOnce() async throws {
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ops-\(UUID().uuidString).db").path
        try await withLoadedEmulator { endpoints, _ in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .assist, storePath: storePath)
            try await withSidecar(config, storePath: storePath) { sidecar in
                try await sidecar.catchUp()
                let control = sidecar.assembly.control
                let pending = try await sidecar.store.approvals(status: .pending)
                let blocks = pending.filter { $0.action.kind == .blockIP }
                let request = try #require(blocks.first, "no block was recommended (beaconing should recommend one)")
                // Queued, not executed: nothing is in the blocklist yet.
                let client = sidecar.assembly.client
                let setName = config.rollout.actions.blocklistReferenceSet
                #expect(!(try await client.referenceSets().collect().map(\.name).contains(setName)))

                let viewer = APIPrincipal(tokenID: "v", name: "victor", role: .viewer)
                await #expect(throws: (any Error).self) {
                    _ = try await control.decideApproval(id: request.id, approve: true, note: nil, principal: viewer)
                }
                let analyst = APIPrincipal(tokenID: "a", name: "alice", role: .analyst)
                let done = try await control.decideApproval(id: request.id, approve: true, note: "confirmed C2", principal: analyst)
                #expect(done.status == .executed)
                #expect(done.decidedBy == "alice")
                let set = try await client.referenceSet(name: setName)
                let values = (set.data ?? []).compactMap(\.value)
                #expect(values.count == 1)
                #expect(values.allSatisfy { !Pseudonym.isPseudonym($0) })
                #expect(values.first == request.action.target || Pseudonym.isPseudonym(request.action.target))
                // Deciding again is refused and changes nothing.
                await #expect(throws: (any Error).self) {
                    _ = try await control.decideApproval(id: request.id, approve: true, note: nil, principal: analyst)
                }
                #expect((try await client.referenceSet(name: setName).data ?? []).count == 1)
                // A rejection executes nothing.
                if let other = blocks.dropFirst().first {
                    let rejected = try await control.decideApproval(id: other.id, approve: false, note: "known CDN", principal: analyst)
                    #expect(rejected.status == .rejected)
                    #expect((try await client.referenceSet(name: setName).data ?? []).count == 1)
                }
                let audit = try await sidecar.store.allAuditRecords()
                #expect(audit.contains { $0.kind == .approval && $0.actor == "alice" })
            }
        }
    }

    /// Forwarded LEEF over TCP: valid events reach the pipeline, malformed lines are counted and quarantined, and a
    /// flood much larger than the receiver's queue is absorbed with the queue never above its bound and nothing lost
    /// (TCP senders are paused, not dropped).
    @Test func syslogIngestionCountsMalformedLinesAndBoundsAFlood() async throws {
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-syslog-\(UUID().uuidString).db").path
        try await withLoadedEmulator { endpoints, _ in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .shadow, storePath: storePath)
            try await withSidecar(config, storePath: storePath) { sidecar in
                let capacity = 128
                let receiver = SyslogReceiver(
                    configuration: SyslogReceiverConfiguration(listeners: [.tcp(host: "127.0.0.1", port: 0)], queueCapacity: capacity),
                    logger: quietLogger())
                let ingest = SyslogIngestService(
                    receiver: receiver, pipeline: sidecar.assembly.pipeline, normalizer: .init(mapping: try #require(config.mappings["default"])),
                    status: sidecar.assembly.status, clock: SystemEpochClock(), batchSize: 64, logger: quietLogger())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await receiver.run() }
                    group.addTask { try await ingest.run() }
                    let port = try await receiver.port(for: .tcp)
                    let sender = SyslogSender(configuration: SyslogSenderConfiguration(transport: .tcp, host: "127.0.0.1", port: port),
                                              logger: quietLogger())
                    group.addTask { try await sender.run() }

                    let now = SystemEpochClock().now()
                    let leef = 20_000
                    var raw = 0
                    var malformed = 0
                    var maxQueued = 0
                    for i in 0..<leef {
                        try await sender.send("LEEF:2.0|Microsoft|Windows|10|4624|^|devTime=\(now - 60_000)^usrName=user\(i % 500)^src=10.1.\(i % 200).\(i % 250)^cat=Logon^vigilEventId=flood-\(i)")
                        if i % 2_000 == 0 {
                            // A forwarding destination that sends the raw payload: sshd and sudo lines are read too.
                            try await sender.send("<38>Oct  1 11:07:53 bastion1 sshd[\(i)]: Failed password for invalid user web\(i) from 173.234.31.186 port \(30_000 + i / 2_000) ssh2")
                            try await sender.send("<85>Oct  1 11:10:00 db2 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls \(i)")
                            raw += 2
                        }
                        if i % 1_000 == 0 {
                            try await sender.send("this is not LEEF at all \(i)")
                            malformed += 1
                        }
                        if i % 500 == 0 { maxQueued = max(maxQueued, receiver.stats.queued) }
                    }
                    try await sender.flush()
                    let valid = leef + raw
                    let deadline = ContinuousClock.now + .seconds(120)
                    while ContinuousClock.now < deadline {
                        maxQueued = max(maxQueued, receiver.stats.queued)
                        let s = await sidecar.assembly.status.all().first { $0.name == "syslog" }
                        if (s?.eventsIngested ?? 0) + (s?.rowsRejected ?? 0) >= valid + malformed { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let s = await sidecar.assembly.status.all().first { $0.name == "syslog" }
                    #expect(s?.eventsIngested == valid, "every valid event reaches the pipeline")
                    #expect(s?.rowsRejected == malformed, "every malformed line is counted")
                    #expect(receiver.stats.dropped == 0)
                    #expect(receiver.quarantine.entries.count == malformed)
                    #expect(receiver.quarantine.entries.allSatisfy { $0.detail.contains("unrecognised raw payload") })
                    // The queue never held more than its bound plus the socket reads already under way when the
                    // connection was paused (at most 4 reads of 64 KiB, see SyslogReceiverConfiguration), counted in
                    // the shortest lines sent.
                    let shortest = "LEEF:2.0|Microsoft|Windows|10|4624|^|devTime=\(now - 60_000)^usrName=user0^src=10.1.0.0^cat=Logon^vigilEventId=flood-0".utf8.count
                    #expect(maxQueued <= capacity + (4 * 65_536) / shortest + 1)
                    #expect(maxQueued < valid / 4, "the queue must not grow with the flood")
                    let audited = try await sidecar.auditedEventIDs()["syslog"] ?? []
                    #expect(Set(audited).count == valid)
                    group.cancelAll()
                }
            }
        }
    }
}
