import Synchronization
import Testing

@testable import QRadarClient

/// Answers from a script, one per request; the last answer repeats.
final class Script: Sendable {
    private let actions: Mutex<[FakeAction]>
    init(_ actions: [FakeAction]) { self.actions = Mutex(actions) }
    func next() -> FakeAction {
        actions.withLock { list in list.count > 1 ? list.removeFirst() : list[0] }
    }
}

@Suite struct RetryPolicyTests {
    static let offense = FakeAction.json(200, #"{"id": 3, "status": "OPEN"}"#)
    static let unavailable = FakeAction.qradarError(503, code: 1010, message: "Ariel unavailable")

    @Test func twoServiceUnavailableThenSuccessTakesTwoRetries() async throws {
        let script = Script([Self.unavailable, Self.unavailable, Self.offense])
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port, time: time)
            let offense = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(offense.id == 3)
            #expect(server.requests.count == 3)
            // Policy defaults: 200 ms initial, ×2, jitter 0.5, random draw 0.5 → 200×0.75 = 150 ms, 400×0.75 = 300 ms.
            #expect(time.sleeps == [.milliseconds(150), .milliseconds(300)])
        }
    }

    @Test(arguments: [502, 504])
    func gatewayErrorsAreRetried(_ status: Int) async throws {
        let script = Script([.respond(status: status, headers: [], body: "bad gateway"), Self.offense])
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port)
            _ = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(server.requests.count == 2)
        }
    }

    @Test(arguments: [(401, 18), (403, 1009), (404, 1002), (409, 1008), (422, 1005), (500, 1020)])
    func semanticErrorsAreNotRetried(_ status: Int, _ code: Int) async throws {
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in .qradarError(status, code: code, message: "no") }) { server in
            let client = try makeClient(port: server.port, time: time)
            try await withClient(client) { client in
                do {
                    _ = try await client.updateOffense(id: 3, status: .closed, closingReasonID: 1)
                    Issue.record("expected an error")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == status)
                    #expect(error.code == code)
                }
            }
            #expect(server.requests.count == 1)
            #expect(time.sleeps.isEmpty)
        }
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let script = Script([
            .respond(status: 429, headers: [("Retry-After", "7")], body: "slow down"),
            Self.offense,
        ])
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port, time: time)
            _ = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(server.requests.count == 2)
            #expect(time.sleeps == [.seconds(7)])
        }
    }

    @Test func retryAfterAsHTTPDateIsHonoured() async throws {
        // ManualTime starts at 1_700_000_000_000 ms = Tue, 14 Nov 2023 22:13:20 GMT (date -u -d @1700000000).
        let script = Script([
            .respond(status: 503, headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:32 GMT")], body: ""),
            Self.offense,
        ])
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port, time: time)
            _ = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(time.sleeps == [.seconds(12)])
        }
    }

    @Test func retryAfterBeyondTheCapIsReturnedNotWaited() async throws {
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in .respond(status: 429, headers: [("Retry-After", "3600")], body: "") }) { server in
            let client = try makeClient(port: server.port, time: time)
            try await withClient(client) { client in
                await #expect(throws: QRadarAPIError.self) { try await client.offense(id: 3) }
            }
            #expect(server.requests.count == 1)
            #expect(time.sleeps.isEmpty)
        }
    }

    @Test func attemptsAreBoundedAndTheLastErrorIsThrown() async throws {
        let time = ManualTime()
        try await FakeQRadarServer.with(handler: { _ in Self.unavailable }) { server in
            let client = try makeClient(port: server.port, time: time) { $0.retry.maxAttempts = 3 }
            try await withClient(client) { client in
                do {
                    _ = try await client.offense(id: 3)
                    Issue.record("expected an error")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 503)
                    #expect(error.code == 1010)
                }
            }
            #expect(server.requests.count == 3)
            #expect(time.sleeps.count == 2)
        }
    }

    @Test func lostResponseToAReadIsRetriedBlindly() async throws {
        let script = Script([.dropConnection, Self.offense])
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port)
            let offense = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(offense.id == 3)
            #expect(server.requests.count == 2)
        }
    }

    @Test func slowAnswerTimesOutAndTheReadIsRetried() async throws {
        // The stalled answer never comes in time; the later ones come at once. A 2 s read timeout (not 400 ms): under
        // a fully loaded suite the prompt answers took longer than 400 ms and every attempt timed out.
        let script = Script([.delayed(.seconds(30), Self.offense), Self.offense, Self.offense, Self.offense])
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port) { $0.readTimeout = .seconds(2) }
            let offense = try await withClient(client) { try await $0.offense(id: 3) }
            #expect(offense.id == 3)
            // At least the stalled attempt and one more (a loaded machine may time out a second attempt too).
            #expect(server.requests.count >= 2)
        }
    }

    @Test func slowAnswerWithoutRetriesIsATimeout() async throws {
        try await FakeQRadarServer.with(handler: { _ in .delayed(.seconds(30), Self.offense) }) { server in
            let client = try makeClient(port: server.port) { config in
                config.readTimeout = .milliseconds(400)
                config.retry = .none
            }
            try await withClient(client) { client in
                do {
                    _ = try await client.offense(id: 3)
                    Issue.record("expected a timeout")
                } catch let error as QRadarTransportError {
                    #expect(error.kind == .timedOut)
                    #expect(error.kind.requestMayHaveBeenSent)
                }
            }
        }
    }

    @Test func absoluteStateUpdateIsRetriedAfterALostResponse() async throws {
        let script = Script([.dropConnection, .json(200, #"{"id": 3, "status": "HIDDEN"}"#)])
        try await FakeQRadarServer.with(handler: { _ in script.next() }) { server in
            let client = try makeClient(port: server.port)
            let offense = try await withClient(client) { try await $0.updateOffense(id: 3, status: .hidden) }
            #expect(offense.status == .hidden)
            #expect(server.requests.count == 2)
            #expect(server.requests.allSatisfy { $0.method == "POST" && $0.query("status") == "HIDDEN" })
        }
    }

    @Test func connectionRefusedIsATransportErrorAfterRetries() async throws {
        let port = try await closedLocalPort()
        let time = ManualTime()
        let client = try makeClient(port: port, time: time)
        try await withClient(client) { client in
            do {
                _ = try await client.offense(id: 1)
                Issue.record("expected a transport error")
            } catch let error as QRadarTransportError {
                #expect(error.kind == .connectFailed)
                #expect(!error.kind.requestMayHaveBeenSent)
            }
        }
        #expect(time.sleeps.count == 3, "default policy: 4 attempts, 3 pauses")
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = QRadarRetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(5), multiplier: 2, jitter: 0)
        #expect(policy.backoff(beforeRetry: 1, random: 0.9) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 2, random: 0.9) == .seconds(2))
        #expect(policy.backoff(beforeRetry: 3, random: 0.9) == .seconds(4))
        #expect(policy.backoff(beforeRetry: 4, random: 0.9) == .seconds(5))
        let full = QRadarRetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(5), multiplier: 2, jitter: 1)
        #expect(full.backoff(beforeRetry: 2, random: 0.25) == .milliseconds(500))
        #expect(full.backoff(beforeRetry: 2, random: 0) == .zero)
    }
}
