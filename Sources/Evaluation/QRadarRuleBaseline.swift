import Analytics
import VigilCore

/// One rule firing.
struct RuleHit: Sendable {
    var rule: String
    var entity: EntityRef
    var time: EpochMillis
    var eventID: String
}

/// The QRadar rules an administrator would actually enable for the same use cases, run on the same events:
///
/// | rule | fires on |
/// |---|---|
/// | after-hours login | a successful interactive, remote-interactive, SSH or VPN login before 07:00 or from 20:00 local time, or at the weekend |
/// | login from a new country | a VPN or remote login from a country not in the account's reference set (the set learns every country it sees) |
/// | multiple login failures | 5 or more failed logins for one account within 10 minutes |
/// | large transfer | one event moving 1 GB or more (backup servers and the backup account excluded, as every site tunes them out) |
/// | access to a critical server | a logon, share, database or application access to a critical asset by an account that did not use it during the learning days |
/// | new admin logon | special privileges (4672) assigned to an account never seen with them before |
///
/// Reference sets are populated during the warm-up days, as an administrator would seed them from history.
///
/// The **tuned** variant is what the same administrator has after a week of triage: accounts with three or more
/// after-hours logins during the warm-up (shift workers, on-call staff) are allow-listed for that rule, and
/// accounts or hosts that moved 1 GB or more during the warm-up are allow-listed for the large-transfer rule.
struct QRadarRuleBaseline: Sendable {
    let directory: EntityDirectory
    let critical: Set<String>
    let excludedHosts: Set<String>
    let excludedAccounts: Set<String>
    let warmupEnd: EpochMillis
    /// Each account's office country, which the new-country reference set starts with.
    let homeCountries: [String: String]

    let tuned: Bool
    var afterHoursSeen: [String: Int] = [:]
    var largeMovers: Set<String> = []
    var countries: [String: Set<String>] = [:]
    var failures: [String: [EpochMillis]] = [:]
    var authorised: [String: Set<String>] = [:]
    var admins: Set<String> = []

    static let rules = ["after-hours-login", "new-country-login", "multiple-login-failures", "large-transfer",
                        "critical-server-access", "new-admin-logon"]

    init(directory: EntityDirectory, critical: Set<String>, excludedHosts: Set<String>, excludedAccounts: Set<String>, warmupEnd: EpochMillis,
         homeCountries: [String: String], tuned: Bool = false) {
        self.homeCountries = homeCountries
        self.tuned = tuned
        self.directory = directory
        self.critical = critical
        self.excludedHosts = excludedHosts
        self.excludedAccounts = excludedAccounts
        self.warmupEnd = warmupEnd
    }

    private func localHour(_ user: String, _ t: EpochMillis) -> (hour: Int, weekday: Int) {
        let rule = directory.users[user]?.timeZone ?? directory.defaultTimeZone
        let local = t + EpochMillis(rule.offsetMinutes(at: t)) * EpochMillis.minute
        let hours = local >= 0 ? local / EpochMillis.hour : (local - EpochMillis.hour + 1) / EpochMillis.hour
        let day = hours >= 0 ? hours / 24 : (hours - 23) / 24
        return (Int(((hours % 24) + 24) % 24), Int(((day + 3) % 7 + 7) % 7))
    }

    mutating func process(_ e: Event) -> [RuleHit] {
        var hits: [RuleHit] = []
        let learning = e.time < warmupEnd
        func hit(_ rule: String, _ entity: EntityRef) {
            if !learning { hits.append(RuleHit(rule: rule, entity: entity, time: e.time, eventID: e.id)) }
        }
        let user = e.user.flatMap { BehaviouralAnalytics.entity(of: e)?.kind == .user ? $0 : nil }

        // After-hours and new-country logins.
        let isLogin: Bool
        switch e.kind {
        case .authentication:
            isLogin = e.outcome == .success && (e.logonType.map { [2, 10, 11].contains($0) } ?? (e.eventCode == "sshd-accepted"))
        case .vpn:
            isLogin = e.outcome == .success && e.bytesIn == nil && e.bytesOut == nil
        default:
            isLogin = false
        }
        if isLogin, let u = user {
            let (h, wd) = localHour(u, e.time)
            if h < 7 || h >= 20 || wd >= 5 {
                if learning { afterHoursSeen[u, default: 0] += 1 }
                if !(tuned && afterHoursSeen[u, default: 0] >= 3) { hit("after-hours-login", EntityRef(.user, u)) }
            }
            if let country = e.geo?.country {
                var known = countries[u] ?? (homeCountries[u].map { [$0] } ?? [])
                if !known.contains(country) {
                    hit("new-country-login", EntityRef(.user, u))
                    known.insert(country)
                    countries[u] = known
                }
            }
        }

        // Login failures.
        if e.outcome == .failure, e.kind == .authentication || e.kind == .vpn || e.kind == .kerberos, let u = e.user {
            var list = failures[u] ?? []
            list.removeAll { e.time - $0 > 10 * EpochMillis.minute }
            list.append(e.time)
            if list.count >= 5 {
                hit("multiple-login-failures", EntityRef(.user, u))
                list.removeAll()
            }
            failures[u] = list
        }

        // Large transfers.
        let bytes = max(e.bytesIn ?? 0, e.bytesOut ?? 0)
        if bytes >= 1_000_000_000 {
            let host = e.sourceHost ?? e.device
            let excluded = (host.map { excludedHosts.contains($0) } ?? false) || (e.user.map { excludedAccounts.contains($0) } ?? false)
                || (e.destinationHost.map { excludedHosts.contains($0) } ?? false)
            let mover = user ?? host ?? ""
            if learning { largeMovers.insert(mover) }
            if !excluded, !(tuned && largeMovers.contains(mover)) {
                if let u = user {
                    hit("large-transfer", EntityRef(.user, u))
                } else if let h = host {
                    hit("large-transfer", EntityRef(.host, h))
                }
            }
        }

        // Critical servers.
        if let u = user, e.outcome == .success, let dst = e.destinationHost, critical.contains(dst) {
            let access: Bool
            switch e.kind {
            case .authentication: access = e.logonType.map { $0 == 3 || $0 == 10 } ?? true
            case .shareAccess, .database, .applicationAccess: access = true
            default: access = false
            }
            if access {
                if learning {
                    authorised[dst, default: []].insert(u)
                } else if !(authorised[dst]?.contains(u) ?? false) {
                    hit("critical-server-access", EntityRef(.user, u))
                    authorised[dst, default: []].insert(u)
                }
            }
        }

        // New admin logon.
        if e.kind == .privilegeAssigned, let u = user, !admins.contains(u) {
            admins.insert(u)
            hit("new-admin-logon", EntityRef(.user, u))
        }
        return hits
    }
}
