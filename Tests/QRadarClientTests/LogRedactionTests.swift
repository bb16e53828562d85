import Logging
import Testing

@testable import QRadarClient

@Suite struct LogRedactionTests {
    /// Drives every kind of request (success, error, retry, lost answer) with a trace-level capturing logger.
    func exercise(_ authentication: QRadarAuthentication) async throws -> [String] {
        let (logger, store) = CapturingLogHandler.logger(level: .trace)
        let script = Script([
            .qradarError(503, code: 1010, message: "busy"),
            .dropConnection,
            .json(200, #"{"id": 4}"#, headers: [("Set-Cookie", "SEC=session-cookie-secret; Path=/")]),
            .qradarError(404, code: 1002, message: "No offense was found"),
        ])
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port, authentication: authentication, logger: logger)
            try await withClient(client) { client in
                _ = try await client.offense(id: 4)
                _ = try? await client.offense(id: 5)
            }
            #expect(server.requests.count == 4)
        }
        return store.all
    }

    @Test func secTokenNeverAppearsInLogs() async throws {
        let token = "f3b2c1d0-aaaa-bbbb-cccc-0123456789ab"
        let lines = try await exercise(.secToken(token))
        #expect(lines.contains { $0.contains("QRadar request") }, "requests are logged at debug level")
        #expect(lines.contains { $0.contains("SEC: <redacted>") }, "the SEC header is shown redacted")
        #expect(lines.contains { $0.contains("Retrying QRadar request") })
        for line in lines {
            #expect(!line.contains(token), "token leaked: \(line)")
            #expect(!line.contains("session-cookie-secret"), "session cookie leaked: \(line)")
        }
    }

    @Test func basicCredentialsNeverAppearInLogs() async throws {
        let lines = try await exercise(.basic(username: "analyst", password: "Pa55-w0rd-XYZ"))
        #expect(lines.contains { $0.contains("Authorization: <redacted>") })
        // base64("analyst:Pa55-w0rd-XYZ"), computed with coreutils `base64`.
        let encoded = "YW5hbHlzdDpQYTU1LXcwcmQtWFla"
        for line in lines {
            #expect(!line.contains("Pa55-w0rd-XYZ"), "password leaked: \(line)")
            #expect(!line.contains(encoded), "encoded credentials leaked: \(line)")
        }
    }

    @Test func nothingIsLoggedAboveDebugForNormalTraffic() async throws {
        let (logger, store) = CapturingLogHandler.logger(level: .info)
        try await FakeQRadarServer.with(handler: { _ in .json(200, #"{"id": 4}"#) }) { server in
            let client = try makeClient(port: server.port, logger: logger)
            _ = try await withClient(client) { try await $0.offense(id: 4) }
        }
        #expect(store.all.isEmpty)
    }
}
