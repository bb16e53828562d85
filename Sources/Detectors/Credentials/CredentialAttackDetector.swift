#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Settings of ``CredentialAttackDetector``.
public struct CredentialAttackConfiguration: Sendable, Hashable {
    /// Failures of one source closer than this belong to one burst.
    public var burstGap: Int64 = 10 * 60_000
    /// Failed attempts in a burst that make brute force, at least (the source's own usual burst raises it).
    public var minimumFailures: Double = 10
    /// Distinct accounts failed in a burst, or in a day, that make password spraying, at least.
    public var minimumAccounts: Int = 6
    /// A source's threshold is at least this many times its usual daily peak (learned: a source that fails often
    /// every day — a service with a stale password, a monitoring probe — is not flagged for it again and again).
    public var baselineMultiple: Double = 3
    /// Days a source's usual peak is averaged over (EWMA span).
    public var baselineDays: Double = 14
    /// A successful logon from a source within this long after it was flagged is raised as a likely compromise.
    public var successWindow: Int64 = 2 * 3_600_000
    /// Sources tracked at most (least recently seen are forgotten).
    public var maximumSources: Int = 200_000
    /// Accounts kept per source and burst (enough to count spraying; the count goes on past it).
    public var maximumAccountsPerSource: Int = 256

    public init() {}
}

/// Counters of the credential-attack detector.
public struct CredentialAttackStatistics: Sendable, Hashable {
    public var attempts = 0
    public var failures = 0
    public var bruteForce = 0
    public var spraying = 0
    public var successAfterAttack = 0
}

/// Brute force, password spraying and the success that follows them, per *source* of authentication attempts — an
/// outside address hammering sshd, an inside host spraying the domain — not per account.
///
/// Authentication events (`.authentication`, `.kerberos`; Windows 4625/4771/4776, sshd, PAM) are grouped by source
/// address (else source host) into bursts (gaps under ``CredentialAttackConfiguration/burstGap``) and days:
/// - **brute force** (T1110.001): a burst with at least the source's failure threshold, concentrated on one account;
/// - **password spraying** (T1110.003): a burst, or a day, with failures against many distinct accounts;
/// - **success after the attack** (T1110, then valid accounts): a successful logon from a source flagged in the last
///   ``CredentialAttackConfiguration/successWindow``.
///
/// A source's thresholds are the configured minimums or a multiple of its own usual daily peak, whichever is higher:
/// routine failures are learned per source rather than allow-listed. `eventcount` on an event (rsyslog's `message
/// repeated N times`, QRadar's coalesced events) counts as that many attempts. Signals name the source as their entity
/// and the accounts as related entities; their scores grow with how far the burst exceeds the threshold (a signal
/// again when it has doubled twice more), so a long brute force reaches a finding on its own and a short one adds to
/// the source's risk.
public struct CredentialAttackDetector: Detector {
    public let id = "credential-attack"
    public var configuration: CredentialAttackConfiguration
    public private(set) var statistics = CredentialAttackStatistics()

    struct Burst: Sendable {
        var start: EpochMillis
        var last: EpochMillis
        var failures: Double = 0
        /// Failures per account (hash of the account name) and the names, bounded.
        var accounts: [String: Double] = [:]
        var extraAccounts = 0
        var evidence: [String] = []
        /// The failure count / account count at which the last signal of each kind was raised (0: none yet).
        var bruteAt: Double = 0
        var sprayAt: Int = 0
        var accountCount: Int { accounts.count + extraAccounts }
    }

    struct SourceState: Sendable {
        var entity: EntityRef
        var burst: Burst?
        var day: Int = .min
        /// Today's peak burst failures and distinct failed accounts.
        var dayPeakFailures: Double = 0
        var dayAccounts: Set<String> = []
        var daySprayAt: Int = 0
        /// EWMA of the daily peaks (the source's usual), over the days it was seen.
        var usualFailures: Double = 0
        var usualAccounts: Double = 0
        var daysSeen: Double = 0
        /// Flagged until then: a success from here before it is raised.
        var flaggedUntil: EpochMillis = .min
        var flaggedAt: EpochMillis = .min
        var flaggedSignal: String?
        var successRaised = false
    }

    private var sources: BoundedLRU<String, SourceState>

    public init(configuration: CredentialAttackConfiguration = CredentialAttackConfiguration()) {
        self.configuration = configuration
        sources = BoundedLRU(capacity: max(1, configuration.maximumSources))
    }

    /// Sources tracked now.
    public var trackedSources: Int { sources.count }

    public mutating func process(_ event: Event) -> [Signal] {
        guard event.kind == .authentication || event.kind == .kerberos, event.outcome != .unknown else { return [] }
        guard let (key, entity) = Self.source(of: event) else { return [] }
        statistics.attempts += 1
        // A guess at an account that does not exist (sshd's `invalid user`, Windows 0xC0000064) is what a person
        // mistyping a password never produces: it counts twice towards the thresholds.
        let unknownAccount = Self.isUnknownAccount(event)
        let weight = max(1, min(10_000, Double(event.properties["eventcount"] ?? "") ?? 1)) * (unknownAccount ? 2 : 1)
        let account = (event.user ?? "").isEmpty ? "(no account)" : event.user!
        let configuration = configuration
        var out: [Signal] = []
        var stats = statistics
        _ = sources.update(key, make: { SourceState(entity: entity) }) { s in
            let day = UTCTime.epochDay(event.time)
            if day != s.day { Self.closeDay(&s, day: day, configuration) }
            if event.outcome == .success {
                if event.time <= s.flaggedUntil, !s.successRaised {
                    s.successRaised = true
                    stats.successAfterAttack += 1
                    out.append(Self.successSignal(s, event: event, account: account))
                }
                return
            }
            stats.failures += 1
            if var b = s.burst, event.time - b.last <= configuration.burstGap {
                b.last = max(b.last, event.time)
                s.burst = b
            } else {
                s.burst = Burst(start: event.time, last: event.time)
            }
            s.burst!.failures += weight
            if s.burst!.accounts[account] != nil || s.burst!.accounts.count < configuration.maximumAccountsPerSource {
                s.burst!.accounts[account, default: 0] += weight
            } else {
                s.burst!.extraAccounts += 1
            }
            if s.burst!.evidence.count < 24 { s.burst!.evidence.append(event.id) }
            if s.dayAccounts.count < configuration.maximumAccountsPerSource { s.dayAccounts.insert(account) }
            s.dayPeakFailures = max(s.dayPeakFailures, s.burst!.failures)
            out += Self.check(&s, at: event.time, configuration, &stats)
        }
        statistics = stats
        return out
    }

    /// Whether a failed attempt named an account that does not exist.
    static func isUnknownAccount(_ e: Event) -> Bool {
        guard e.outcome == .failure else { return false }
        let reason = (e.failureReason ?? "").lowercased()
        if reason.contains("unknown user") || reason.contains("invalid user") || reason.contains("no such user") { return true }
        let status = (e.properties["Status"] ?? e.properties["Sub Status"] ?? e.properties["Failure Code"] ?? "").lowercased()
        // 0xC0000064: "user name does not exist" (4625/4776); 0x6: "client not found in Kerberos database" (4771/4768).
        return status == "0xc0000064" || reason == "0xc0000064" || status == "0x6"
    }

    /// The attempt's source: its address, else its source host (a Windows logon that names only the workstation).
    static func source(of e: Event) -> (String, EntityRef)? {
        if let ip = e.sourceIP, !ip.isEmpty, ip != "-", ip != "127.0.0.1", ip != "::1" { return ("ip:" + ip, EntityRef(.ip, ip)) }
        if let h = e.sourceHost, !h.isEmpty, h != "-" { return ("host:" + h, EntityRef(.host, h)) }
        return nil
    }

    static func closeDay(_ s: inout SourceState, day: Int, _ c: CredentialAttackConfiguration) {
        if s.day != .min {
            let alpha = 2 / (c.baselineDays + 1)
            if s.daysSeen == 0 {
                s.usualFailures = s.dayPeakFailures
                s.usualAccounts = Double(s.dayAccounts.count)
            } else {
                s.usualFailures += alpha * (s.dayPeakFailures - s.usualFailures)
                s.usualAccounts += alpha * (Double(s.dayAccounts.count) - s.usualAccounts)
            }
            s.daysSeen += 1
        }
        s.day = day
        s.dayPeakFailures = 0
        s.dayAccounts = []
        s.daySprayAt = 0
    }

    /// The source's thresholds: the minimums, or a multiple of its usual day once it has one.
    static func thresholds(_ s: SourceState, _ c: CredentialAttackConfiguration) -> (failures: Double, accounts: Int) {
        let failures = max(c.minimumFailures, c.baselineMultiple * s.usualFailures)
        let accounts = max(c.minimumAccounts, Int((c.baselineMultiple * s.usualAccounts).rounded(.up)))
        return (failures, accounts)
    }

    static func score(_ observed: Double, over threshold: Double) -> Double {
        min(0.97, 0.55 + 0.15 * log2(max(1, observed / threshold)))
    }

    static func check(_ s: inout SourceState, at time: EpochMillis, _ c: CredentialAttackConfiguration,
                      _ stats: inout CredentialAttackStatistics) -> [Signal] {
        guard var b = s.burst else { return [] }
        let (tf, ta) = thresholds(s, c)
        var out: [Signal] = []
        let accounts = b.accountCount
        let usual = s.daysSeen > 0 ? s.usualFailures : nil
        // Spraying: many accounts in the burst (or today), each with few attempts.
        let dayAccounts = s.dayAccounts.count
        if accounts >= ta, b.sprayAt == 0 || accounts >= 4 * b.sprayAt {
            b.sprayAt = accounts
            s.daySprayAt = max(s.daySprayAt, accounts)
            stats.spraying += 1
            out.append(signal(s, burst: b, at: time, feature: "accounts_failed_in_burst", observed: Double(accounts),
                              baseline: s.daysSeen > 0 ? s.usualAccounts : nil, threshold: Double(ta), technique: "T1110.003",
                              title: "Password spraying from \(s.entity): \(accounts) accounts failed in \(minutes(b)) (\(Int(b.failures)) attempts)"))
        } else if dayAccounts >= 2 * ta, s.daySprayAt == 0 || dayAccounts >= 4 * s.daySprayAt, b.sprayAt == 0 {
            // Low and slow: spread over the day in bursts too small on their own.
            s.daySprayAt = dayAccounts
            stats.spraying += 1
            out.append(signal(s, burst: b, at: time, feature: "accounts_failed_today", observed: Double(dayAccounts),
                              baseline: s.daysSeen > 0 ? s.usualAccounts : nil, threshold: Double(2 * ta), technique: "T1110.003",
                              title: "Slow password spraying from \(s.entity): \(dayAccounts) accounts failed today"))
        }
        // Brute force: many attempts in the burst, concentrated on one account (the most tried has at least half the
        // threshold; a tool often tries root and a few names with many passwords each).
        let topAttempts = b.accounts.values.max() ?? 0
        if b.failures >= tf, topAttempts >= tf / 2, b.bruteAt == 0 || b.failures >= 4 * b.bruteAt {
            b.bruteAt = b.failures
            stats.bruteForce += 1
            let top = b.accounts.max { $0.value < $1.value }?.key ?? "?"
            out.append(signal(s, burst: b, at: time, feature: "failed_logons_in_burst", observed: b.failures, baseline: usual,
                              threshold: tf, technique: "T1110.001",
                              title: "Brute force from \(s.entity): \(Int(b.failures)) failed logons in \(minutes(b)), most against \(top)"))
        }
        if !out.isEmpty {
            s.flaggedUntil = time + c.successWindow
            s.flaggedAt = time
            s.flaggedSignal = out.last?.id
            s.successRaised = false
        }
        s.burst = b
        return out
    }

    static func minutes(_ b: Burst) -> String {
        let m = max(1, Int((b.last - b.start + 59_999) / 60_000))
        return m == 1 ? "a minute" : "\(m) minutes"
    }

    static func signal(_ s: SourceState, burst b: Burst, at time: EpochMillis, feature: String, observed: Double, baseline: Double?,
                       threshold: Double, technique: String, title: String) -> Signal {
        let related = b.accounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(16).filter { $0.key != "(no account)" }.map { EntityRef(.user, $0.key) }
        let detail = baseline.map { "\(Int(observed)) against a usual daily peak of \(Format.number($0, digits: 1)) (threshold \(Int(threshold)))" }
            ?? "\(Int(observed)) from a source never seen failing before (threshold \(Int(threshold)))"
        return Signal(id: stableID("credential-attack", s.entity.description, feature, String(b.start), String(Int(observed))),
                      detector: "credential-attack", entity: s.entity, related: Array(related), time: time,
                      score: score(observed, over: threshold), title: title,
                      deviations: [FeatureDeviation(feature: feature, observed: observed, baseline: baseline, unit: feature.hasPrefix("accounts") ? "accounts" : "attempts",
                                                    detail: detail)],
                      evidence: b.evidence, technique: technique)
    }

    static func successSignal(_ s: SourceState, event: Event, account: String) -> Signal {
        let attacked = s.burst?.accounts[account] != nil
        let title = attacked
            ? "Successful logon as \(account) from \(s.entity) right after it brute-forced that account"
            : "Successful logon as \(account) from \(s.entity) while it was attacking other accounts"
        var evidence = s.burst?.evidence.suffix(8).map { $0 } ?? []
        evidence.append(event.id)
        return Signal(id: stableID("credential-attack", s.entity.description, "success", event.id),
                      detector: "credential-attack", entity: s.entity, related: [EntityRef(.user, account)], time: event.time,
                      score: attacked ? 0.95 : 0.85, title: title,
                      deviations: [FeatureDeviation(feature: "success_after_attack", observed: 1, baseline: 0, unit: "logons",
                                                    detail: "a successful logon \(Format.duration(milliseconds: Double(max(0, event.time - s.flaggedAt)))) after the attack was flagged")],
                      evidence: evidence, technique: "T1110")
    }
}
