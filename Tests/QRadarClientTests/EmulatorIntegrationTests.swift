// End-to-end tests of the client against Vigil's QRadar emulator over real HTTP(S) on 127.0.0.1:0.
// Compiled only where the emulator module is a dependency (the main package); the client's own unit tests use
// the scripted fake server instead.
#if canImport(QRadarEmulator)
import Foundation
import Logging
import QRadarEmulator
import Testing

@testable import QRadarClient

private let emulatorToken = "emulator-test-token-7f3a"

/// Runs the emulator for the duration of `body`.
private func withEmulator<R: Sendable>(
    tls: EmulatorConfiguration.TLS = .disabled,
    faults: FaultConfiguration = .none,
    _ body: (EmulatorEndpoints, EmulatorAPI) async throws -> R
) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-client-it-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var logger = Logger(label: "test.emulator")
    logger.logLevel = .critical
    let configuration = EmulatorConfiguration(
        host: "127.0.0.1", port: 0, tokens: [emulatorToken: "vigil"], dataDirectory: directory, tls: tls, faults: faults,
        seed: 7, logger: logger)
    let api = try makeEmulatorAPI(configuration: configuration)
    return try await withRunningEmulator(api: api, configuration: configuration) { endpoints in
        try await body(endpoints, api)
    }
}

private func emulatorClient(
    _ endpoints: EmulatorEndpoints, token: String = emulatorToken, configure: (inout QRadarClientConfiguration) -> Void = { _ in }
) throws -> QRadarClient {
    var configuration = QRadarClientConfiguration(baseURL: endpoints.baseURL, authentication: .secToken(token))
    configuration.arielPolling.initialInterval = .milliseconds(20)
    configuration.arielPolling.maxInterval = .milliseconds(200)
    configuration.arielPolling.preferWait = .seconds(1)
    configure(&configuration)
    if let certificate = endpoints.certificatePath { configuration.tls = .customCABundle(pemFile: certificate) }
    // Real sleeping (short backoffs) and the real clock: the emulator runs in real time.
    configuration.retry.initialBackoff = .milliseconds(5)
    configuration.retry.maxBackoff = .milliseconds(50)
    return try QRadarClient(configuration: configuration)
}

/// Feeds LEEF lines into the emulator the way its `/__emulator/load` hook takes them.
private func loadLEEF(_ lines: [String], into api: EmulatorAPI) async throws {
    let response = await api.respond(
        to: APIRequest(
            method: "POST", target: "/__emulator/load?format=leef", headers: [(name: "SEC", value: emulatorToken)],
            body: Array(lines.joined(separator: "\n").utf8)))
    guard response.status == 200 else { throw TestFailure("load failed: \(String(decoding: response.body, as: UTF8.self))") }
}

/// How many requests the emulator's fault injection failed or dropped (its `faults.*` counters).
private func injectedFaultCount(_ api: EmulatorAPI) async throws -> Int {
    let response = await api.respond(
        to: APIRequest(method: "GET", target: "/__emulator/stats", headers: [(name: "SEC", value: emulatorToken)]))
    let stats = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    let http = stats?["http"] as? [String: Any] ?? [:]
    return http.filter { $0.key.hasPrefix("faults.") }.values.compactMap { ($0 as? NSNumber)?.intValue }.reduce(0, +)
}

@Suite(.timeLimit(.minutes(1))) struct EmulatorIntegrationTests {
    @Test func versionsAndAuthentication() async throws {
        try await withEmulator { endpoints, _ in
            let client = try emulatorClient(endpoints)
            let versions = try await withClient(client) { try await $0.apiVersions().collect() }
            #expect(versions.contains { $0.version == "20.0" })

            let intruder = try emulatorClient(endpoints, token: "not-a-token")
            try await withClient(intruder) { client in
                do {
                    _ = try await client.apiVersions().collect()
                    Issue.record("expected 401")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 401)
                    #expect(error.code == 18)
                }
            }
        }
    }

    @Test func offenseFromLEEFThenNoteAndClose() async throws {
        try await withEmulator { endpoints, api in
            try await loadLEEF(
                ["LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|cat=UEBA^sev=7^usrName=jdoe^src=10.1.2.3"], into: api)
            let client = try emulatorClient(endpoints)
            try await withClient(client) { client in
                let offenses = try await client.offenses(QRadarListQuery(filter: .field("status") == "OPEN", sort: [.ascending("id")])).collect()
                let offense = try #require(offenses.first { $0.offenseSource == "jdoe" })
                #expect(offense.status == .open)

                let note = try await client.createOffenseNote(offenseID: offense.id, text: "Vigil: campaign C-17, stage 2 of 4")
                let notes = try await client.offenseNotes(offenseID: offense.id).collect()
                #expect(notes.filter { $0.noteText == "Vigil: campaign C-17, stage 2 of 4" }.map(\.id) == [note.id])

                let reasons = try await client.closingReasons().collect()
                let reason = try #require(reasons.first)
                let closed = try await client.updateOffense(id: offense.id, status: .closed, closingReasonID: reason.id)
                #expect(closed.status == .closed)
                #expect(closed.closingReasonID == reason.id)

                do {
                    _ = try await client.offense(id: 987_654)
                    Issue.record("expected 404")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 404)
                    #expect(error.code == 1002)
                }
            }
        }
    }

    @Test func arielQueryRunsToCompletionAndIsDeleted() async throws {
        try await withEmulator { endpoints, api in
            try await loadLEEF(
                (1...12).map { "LEEF:2.0|Acme|VPN|1.0|login|^|cat=Login^usrName=user\($0)^src=10.0.0.\($0)" }, into: api)
            let client = try emulatorClient(endpoints)
            try await withClient(client) { client in
                var users: [String] = []
                for try await row in client.runQuery(aql: "SELECT username, sourceip FROM events LAST 1 HOURS", timeout: .seconds(20), pageSize: 5) {
                    if let user = row["username"]?.stringValue { users.append(user) }
                }
                #expect(Set(users) == Set((1...12).map { "user\($0)" }))

                do {
                    _ = try await client.createSearch(aql: "SELEKT nonsense")
                    Issue.record("expected 422/2000")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 422)
                    #expect(error.code == 2000)
                }
            }
        }
    }

    @Test func referenceSetLifecycle() async throws {
        try await withEmulator { endpoints, _ in
            let client = try emulatorClient(endpoints)
            try await withClient(client) { client in
                let created = try await client.createReferenceSet(
                    name: "Vigil IT Suspects", elementType: .ip, timeoutType: .lastSeen, timeToLive: "1 days")
                #expect(created.elementType == .ip)
                _ = try await client.addReferenceSetValue(name: "Vigil IT Suspects", value: "10.1.2.3", source: "vigil")
                _ = try await client.bulkLoadReferenceSet(name: "Vigil IT Suspects", values: ["10.1.2.4", "10.1.2.5"])
                let afterDelete = try await client.deleteReferenceSetValue(name: "Vigil IT Suspects", value: "10.1.2.4")
                #expect(afterDelete.numberOfElements == 2)
                let set = try await client.referenceSet(name: "Vigil IT Suspects")
                #expect(Set(set.data?.map(\.value) ?? []) == ["10.1.2.3", "10.1.2.5"])
                #expect(set.data?.first { $0.value == "10.1.2.3" }?.source == "vigil")
                let listed = try await client.referenceSets(QRadarListQuery(filter: .field("name") == "Vigil IT Suspects")).collect()
                #expect(listed.map(\.name) == ["Vigil IT Suspects"])
            }
        }
    }

    @Test func emulatorSelfSignedCertificateIsTrustedThroughItsBundle() async throws {
        try await withEmulator(tls: .selfSigned) { endpoints, _ in
            #expect(endpoints.scheme == "https")
            let client = try emulatorClient(endpoints)
            let versions = try await withClient(client) { try await $0.apiVersions().collect() }
            #expect(!versions.isEmpty)

            var untrusting = QRadarClientConfiguration(baseURL: endpoints.baseURL, authentication: .secToken(emulatorToken))
            untrusting.retry = .none
            let strict = try QRadarClient(configuration: untrusting)
            try await withClient(strict) { client in
                await #expect(throws: QRadarTransportError.self) { _ = try await client.apiVersions().collect() }
            }
        }
    }

    @Test func retriesCarryReadsAndNotesThroughInjectedFaults() async throws {
        try await withEmulator(faults: FaultConfiguration(errorRate: 0.25, dropRate: 0.15, seed: 99)) { endpoints, api in
            try await loadLEEF(["LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|cat=UEBA^sev=7^usrName=mallory^src=10.9.9.9"], into: api)
            let client = try emulatorClient(endpoints) { $0.retry.maxAttempts = 10 }
            try await withClient(client) { client in
                let offense = try #require(try await client.offenses().collect().first { $0.offenseSource == "mallory" })
                for index in 1...5 {
                    _ = try await client.createOffenseNote(offenseID: offense.id, text: "fault-test note \(index)")
                }
                let notes = try await client.offenseNotes(offenseID: offense.id).collect()
                for index in 1...5 {
                    #expect(notes.filter { $0.noteText == "fault-test note \(index)" }.count == 1, "note \(index) exists exactly once")
                }
            }
            #expect(try await injectedFaultCount(api) > 0, "the emulator really failed some requests")
        }
    }

    /// `vigil simulate --to URL` and tools load the emulator through its admin hook; chunks end on whole lines, so
    /// a chunk size smaller than the file still loads every record once.
    @Test func uploaderLoadsEveryLineOnceInWholeLineChunks() async throws {
        try await withEmulator { endpoints, api in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-upload-\(UUID().uuidString).leef").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let lines = (0..<40).map { "LEEF:2.0|Microsoft|Windows|10|4624|^|devTime=\(now - Int64($0) * 1000)^usrName=user\($0)^src=10.1.1.\($0)^cat=Logon" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let uploader = try EmulatorUploader(baseURL: endpoints.baseURL, token: emulatorToken, caFile: nil, insecure: false)
            let totals = try await uploader.upload(file: path, format: "leef", chunkBytes: 300)
            try await uploader.shutdown()
            #expect(totals.events == 40)
            #expect(totals.rejected == 0)
            let bad = try EmulatorUploader(baseURL: endpoints.baseURL, token: "wrong-token", caFile: nil, insecure: false)
            await #expect(throws: UploadError.self) { try await bad.upload(file: path, format: "leef") }
            try await bad.shutdown()
            _ = api
        }
    }
}
#endif
