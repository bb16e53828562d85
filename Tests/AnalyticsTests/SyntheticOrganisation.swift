import Analytics
import VigilCore

/// A small synthetic organisation for unit tests: two departments whose people log on at the office in New York
/// on weekdays, use their department's resources, browse a few popular sites and move modest volumes. Everything
/// is drawn from a seeded generator, so every test sees the same history.
struct SyntheticOrganisation {
    /// 2026-10-01T00:00:00Z, a Thursday.
    static let start: EpochMillis = 1_790_812_800_000
    static let newYork = TimeZoneRule(standardOffsetMinutes: -300, daylight: .us)
    static let office = GeoLocation(country: "US", city: "New York", latitude: 40.7128, longitude: -74.0060)
    static let home = GeoLocation(country: "US", city: "Jersey City", latitude: 40.7178, longitude: -74.0431)

    struct Person {
        var name: String
        var department: String
        var role: String
        var index: Int
        var remote: Bool
        /// Whose resources the person uses (their own department's unless told otherwise).
        var usesDepartment: String?
        var device: String { "WS-" + name.uppercased() }
        var ip: String { "10.10.\(index / 200).\(index % 200 + 2)" }
        var resources: [String] {
            (usesDepartment ?? department) == "Finance"
                ? [#"\\FS-FIN01\Finance\Reports"#, "ERP/General Ledger", "FINDB.dbo.gl_entries"]
                : [#"\\FS-ENG01\Engineering\Source"#, "GitLab/Platform", "Jira/PLAT"]
        }
    }

    var people: [Person] = []
    var random: SeededRandom
    var sequence = 0
    var analytics: BehaviouralAnalytics
    /// Every output of every event fed so far.
    var signals: [Signal] = []
    var alerts: [RiskAlert] = []

    static let sites = SiteMap(sites: [SiteMap.Site(cidr: "10.10.0.0/16", location: office)!])
    static let popularSites = ["outlook.office365.com", "teams.microsoft.com", "www.google.com", "intranet.example"]

    init(finance: Int = 12, engineering: Int = 12, seed: UInt64 = 7, configuration: AnalyticsConfiguration? = nil,
         impostors: [String: String] = [:]) {
        random = SeededRandom(seed: seed)
        var users: [String: EntityAttributes] = [:]
        for i in 0..<(finance + engineering) {
            let dept = i < finance ? "Finance" : "Engineering"
            let role = i < finance ? "finance-analyst" : "developer"
            let name = (i < finance ? "fin" : "eng") + String(i)
            let p = Person(name: name, department: dept, role: role, index: i, remote: i % 4 == 3, usesDepartment: impostors[name])
            people.append(p)
            users[p.name] = EntityAttributes(department: dept, role: role, title: role, timeZone: Self.newYork)
        }
        var config = configuration ?? AnalyticsConfiguration()
        if configuration == nil {
            config.learningDays = 7
            config.calibrationStartDay = 2
            config.peerFirstDay = 3
            config.peerGroupRange = 2...4
            config.peerMinimumEvents = 20
            config.forestTrees = 50
        }
        analytics = BehaviouralAnalytics(configuration: config, directory: EntityDirectory(users: users, defaultTimeZone: Self.newYork),
                                         sites: Self.sites)
    }

    mutating func nextID() -> String {
        sequence += 1
        return "E" + String(sequence)
    }

    /// The UTC instant of a New York wall-clock time on a run day.
    static func newYorkTime(day: Int, hour: Int, minute: Int = 0) -> EpochMillis {
        let utcGuess = start + EpochMillis(day) * EpochMillis.day + EpochMillis(hour * 60 + minute) * EpochMillis.minute
        return utcGuess - EpochMillis(newYork.offsetMinutes(at: utcGuess)) * EpochMillis.minute
    }

    /// One ordinary working day for everyone (weekdays only), fed to the analytics in time order.
    mutating func normalDay(_ day: Int) { feed(dayEvents(day)) }

    /// The events of an ordinary day (none at weekends), sorted by time.
    mutating func dayEvents(_ day: Int) -> [Event] {
        let weekday = ((Int(Self.start / EpochMillis.day) + day) % 7 + 3) % 7
        guard weekday < 5 else { return [] }
        var events: [Event] = []
        for p in people {
            let begin = Self.newYorkTime(day: day, hour: 8 + random.int(0...1), minute: random.int(0...59))
            if p.remote {
                events.append(Event(id: nextID(), time: begin, kind: .vpn, name: "VPN session started", eventCode: "113039", user: p.name,
                                    sourceIP: "68.195.10.\(p.index + 2)", destinationHost: "VPN01", application: "AnyConnect",
                                    geo: Self.home, device: p.device, outcome: .success))
            }
            events.append(Event(id: nextID(), time: begin + 1_000, kind: .authentication, name: "Logon", eventCode: "4624", user: p.name,
                                sourceIP: p.remote ? "10.248.0.\(p.index + 2)" : p.ip, sourceHost: p.device, destinationHost: p.device,
                                device: p.device, outcome: .success, logonType: 2, authPackage: "Kerberos"))
            let n = 14 + random.int(0...8)
            for _ in 0..<n {
                let t = begin + EpochMillis(random.int(5...480)) * EpochMillis.minute
                let r = random.int(0...9)
                if r < 6 {
                    let resource = p.resources[random.int(0...(p.resources.count - 1))]
                    let bytes = Int64(exp(log(300_000.0) + 0.8 * random.nextGaussian()))
                    events.append(Event(id: nextID(), time: t, kind: resource.hasPrefix(#"\\"#) ? .shareAccess : .applicationAccess,
                                        name: "Access", eventCode: "view", user: p.name, sourceIP: p.ip, sourceHost: p.device,
                                        destinationHost: (p.usesDepartment ?? p.department) == "Finance" ? "APP-FIN01" : "APP-ENG01",
                                        application: (p.usesDepartment ?? p.department) == "Finance" ? "ERP" : "GitLab", resource: resource, bytesIn: bytes,
                                        device: p.device, outcome: .success))
                } else {
                    let site = Self.popularSites[random.int(0...(Self.popularSites.count - 1))]
                    let up = Int64(exp(log(2_000_000.0) + 0.5 * random.nextGaussian()))
                    events.append(Event(id: nextID(), time: t, kind: .webProxy, name: "Web request allowed", eventCode: "TCP_TUNNEL/200",
                                        user: p.name, sourceIP: p.ip, sourceHost: p.device, destinationHost: site, application: "HTTPS",
                                        resource: site, bytesIn: 40_000, bytesOut: up, device: p.device, outcome: .success))
                }
            }
            if random.int(0...9) == 0 {
                events.append(Event(id: nextID(), time: begin - 30_000, kind: .authentication, name: "Logon failed", eventCode: "4625",
                                    user: p.name, sourceIP: p.ip, sourceHost: p.device, destinationHost: p.device, device: p.device,
                                    outcome: .failure, logonType: 2, authPackage: "Negotiate"))
            }
        }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.id < $1.id }
        return events
    }

    mutating func feed(_ events: [Event]) {
        for e in events {
            let out = analytics.ingest(e)
            signals += out.signals
            alerts += out.alerts
        }
    }

    /// Feeds one event and returns what it produced.
    mutating func inject(_ e: Event) -> AnalyticsOutput {
        let out = analytics.ingest(e)
        signals += out.signals
        alerts += out.alerts
        return out
    }

    /// Runs ordinary days `0..<days`, then moves time to the start of day `days`.
    mutating func history(days: Int) {
        for d in 0..<days { normalDay(d) }
        _ = analytics.advanceTime(to: Self.start + EpochMillis(days) * EpochMillis.day)
    }
}

extension SeededRandom {
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
