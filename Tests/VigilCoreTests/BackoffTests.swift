import Testing

@testable import VigilCore

@Suite struct BackoffTests {
    @Test func doublesUpToTheCap() {
        let b = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect((1...6).map { b.delay(beforeRetry: $0) } == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(b.delay(beforeRetry: 0) == .milliseconds(100))
        #expect(b.delay(beforeRetry: 10_000) == .seconds(1), "a long outage neither overflows nor exceeds the cap")
        #expect(Backoff(initial: .seconds(1), maximum: .seconds(10), multiplier: 0.5).multiplier == 1, "it never shrinks")
    }

    @Test func jitterOnlyShortensThePause() {
        let b = Backoff(initial: .seconds(2), maximum: .seconds(60))
        #expect(b.delay(beforeRetry: 2, jitter: 0.5, random: 0) == .seconds(2))
        #expect(b.delay(beforeRetry: 2, jitter: 0.5, random: 0.999_999) <= .seconds(4))
        #expect(b.delay(beforeRetry: 2, jitter: 0, random: 0.3) == .seconds(4))
        #expect(b.delay(beforeRetry: 2, jitter: 1, random: 0) == .zero)
        #expect(b.delay(beforeRetry: 2, jitter: 7, random: -3) == .zero, "out-of-range inputs are clamped")
    }

    @Test func retryingPausesByTheScheduleUntilItSucceeds() async throws {
        let b = Backoff(initial: .milliseconds(100), maximum: .seconds(5))
        var pauses: [Duration] = []
        var failures: [String] = []
        var attempts = 0
        struct Flaky: Error {}
        let value = try await b.retrying(sleep: { pauses.append($0) }, failed: { error, _ in failures.append("\(error)") }) { () async throws -> Int in
            attempts += 1
            if attempts < 3 { throw Flaky() }
            return 42
        }
        #expect(value == 42)
        #expect(pauses == [.milliseconds(100), .milliseconds(200)])
        #expect(failures.count == 2)
    }

    @Test func cancellationIsNotRetried() async {
        let b = Backoff(initial: .milliseconds(1), maximum: .milliseconds(1))
        var attempts = 0
        await #expect(throws: CancellationError.self) {
            try await b.retrying(sleep: { _ in }) { () async throws -> Void in
                attempts += 1
                throw CancellationError()
            }
        }
        #expect(attempts == 1)
    }
}
