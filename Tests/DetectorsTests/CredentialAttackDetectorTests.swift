import Testing
import VigilCore

@testable import Detectors

@Suite("Credential attacks per source")
struct CredentialAttackDetectorTests {
    static let t0: EpochMillis = 1_790_000_000_000
    static let minute: EpochMillis = 60_000

    static func attempt(_ n: Int, at time: EpochMillis, user: String, from ip: String, ok: Bool = false, count: Int? = nil) -> Event {
        var e = Event(id: "a\(n)-\(time)", time: time, kind: .authentication, user: user, sourceIP: ip, outcome: ok ? .success : .failure)
        if let count { e.properties["eventcount"] = String(count) }
        return e
    }

    @Test("an outside address hammering one account is brute force; the logon that then succeeds is raised as a compromise")
    func bruteForceThenSuccess() throws {
        var d = CredentialAttackDetector()
        var signals: [Signal] = []
        for i in 0..<60 { signals += d.process(Self.attempt(i, at: Self.t0 + EpochMillis(i) * 2_000, user: "root", from: "203.0.113.7")) }
        let brute = signals.filter { $0.technique == "T1110.001" }
        #expect(brute.count == 2, "raised at the threshold (10) and again at four times it (40)")
        #expect(brute.first?.entity == EntityRef(.ip, "203.0.113.7"))
        #expect(brute.first?.related == [EntityRef(.user, "root")])
        #expect((brute.last?.score ?? 0) > (brute.first?.score ?? 1))
        #expect(brute.first?.deviations.first?.detail.contains("never seen failing") == true)
        #expect(brute.allSatisfy { !$0.evidence.isEmpty })
        let success = d.process(Self.attempt(99, at: Self.t0 + 3 * Self.minute, user: "root", from: "203.0.113.7", ok: true))
        #expect(success.count == 1)
        #expect(success.first?.score == 0.95)
        #expect(success.first?.title.contains("right after it brute-forced") == true)
        // Once: a second success is not raised again.
        #expect(d.process(Self.attempt(100, at: Self.t0 + 4 * Self.minute, user: "root", from: "203.0.113.7", ok: true)).isEmpty)
    }

    @Test("one source failing once each against many accounts is password spraying, and a slow spray across the day is too")
    func spraying() {
        var d = CredentialAttackDetector()
        var fast: [Signal] = []
        for i in 0..<20 { fast += d.process(Self.attempt(i, at: Self.t0 + EpochMillis(i) * 5_000, user: "user\(i)", from: "10.4.4.4")) }
        #expect(fast.contains { $0.technique == "T1110.003" && $0.deviations.first?.feature == "accounts_failed_in_burst" })
        #expect(!fast.contains { $0.technique == "T1110.001" }, "many accounts with one attempt each is not brute force")

        var slow = CredentialAttackDetector()
        var out: [Signal] = []
        // One attempt every 40 minutes: every burst holds one account.
        for i in 0..<20 { out += slow.process(Self.attempt(i, at: Self.t0 + EpochMillis(i) * 40 * Self.minute, user: "acct\(i)", from: "198.51.100.9")) }
        #expect(out.contains { $0.deviations.first?.feature == "accounts_failed_today" })
    }

    @Test("a user mistyping a password, and rsyslog's repeated-message counts")
    func typosAndRepeats() {
        var d = CredentialAttackDetector()
        var out: [Signal] = []
        for i in 0..<3 { out += d.process(Self.attempt(i, at: Self.t0 + EpochMillis(i) * 10_000, user: "alice", from: "10.1.1.5")) }
        out += d.process(Self.attempt(9, at: Self.t0 + Self.minute, user: "alice", from: "10.1.1.5", ok: true))
        #expect(out.isEmpty)
        // "message repeated 12 times": twelve attempts in one line.
        let repeated = d.process(Self.attempt(20, at: Self.t0, user: "root", from: "192.0.2.50", count: 12))
        #expect(repeated.contains { $0.technique == "T1110.001" })
    }

    @Test("a source that fails the same way every day is learned, not flagged every day")
    func routineFailuresAreLearned() {
        var d = CredentialAttackDetector()
        var perDay: [Int] = []
        for day in 0..<10 {
            var n = 0
            // A service with a stale password: 15 failures each morning in one burst.
            for i in 0..<15 {
                n += d.process(Self.attempt(i, at: Self.t0 + EpochMillis(day) * EpochMillis.day + EpochMillis(i) * 30_000, user: "svc_backup",
                                            from: "10.9.0.20")).count
            }
            perDay.append(n)
        }
        #expect(perDay.first == 1)
        #expect(perDay.dropFirst(2).allSatisfy { $0 == 0 }, "\(perDay)")
        // The same source suddenly failing ten times as much is raised again.
        var burst = 0
        for i in 0..<200 {
            burst += d.process(Self.attempt(i, at: Self.t0 + 11 * EpochMillis.day + EpochMillis(i) * 1_000, user: "svc_backup", from: "10.9.0.20")).count
        }
        #expect(burst >= 1)
    }

    @Test("events without a source, non-authentication events and unknown outcomes are ignored; memory is bounded")
    func ignoredAndBounded() {
        var c = CredentialAttackConfiguration()
        c.maximumSources = 100
        var d = CredentialAttackDetector(configuration: c)
        #expect(d.process(Event(id: "x", time: Self.t0, kind: .authentication, user: "bob", outcome: .failure)).isEmpty)
        #expect(d.process(Event(id: "y", time: Self.t0, kind: .process, user: "bob", sourceIP: "10.0.0.1", outcome: .failure)).isEmpty)
        for i in 0..<1_000 { _ = d.process(Self.attempt(i, at: Self.t0 + EpochMillis(i), user: "u", from: "10.0.\(i / 250).\(i % 250)")) }
        #expect(d.trackedSources == 100)
        #expect(d.statistics.failures == 1_000)
    }
}
