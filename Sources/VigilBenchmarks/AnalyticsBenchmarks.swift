import Analytics
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Behavioural-analytics speed and memory: events scored per second on one core, baseline memory per entity (and
/// for 100,000 users), and the peer-group recomputation time for 10,000 users.
///
/// The event stream is synthetic (people in eight departments using their department's resources, popular web
/// sites, VPN from home for a fifth of them, a few failures), generated once per day-template outside the timed
/// region; each simulated day replays the template with its times moved, so the timed loop is the analytics.
public enum AnalyticsBenchmarks {
    /// - Parameter scale: 1.0 runs 2,000 users for 14 days (about 1.7 million events), 100,000 users for the memory
    ///   figure and 10,000 users for the peer-group recomputation.
    public static func run(scale: Double) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        results += throughput(users: max(200, Int(2_000 * scale)), days: 14)
        results += throughput(users: max(200, Int(2_000 * scale)), days: 14, peerGroups: false)
        results += memory(users: max(1_000, Int(100_000 * scale)))
        results += peerRecomputation(users: max(500, Int(10_000 * scale)))
        return results
    }

    static let start: EpochMillis = 1_790_812_800_000

    struct Org {
        var users: [String] = []
        var devices: [String] = []
        var ips: [String] = []
        var habits: [[String]] = []
        var remote: [Bool] = []
        var directory = EntityDirectory()
        static let web = (0..<200).map { "site\($0).example.com" }
    }

    static func organisation(users n: Int, seed: UInt64) -> Org {
        var r = SeededRandom(seed: seed)
        var org = Org()
        let departments = ["Finance", "HR", "Engineering", "Sales", "Support", "IT", "Legal", "Marketing"]
        let pools = departments.map { d in (0..<12).map { "\\\\FS-\(d.uppercased())01\\\(d)\\Folder\($0)" } + (0..<6).map { "\(d)App/Module\($0)" } }
        let shared = (0..<20).map { "Shared/Resource\($0)" }
        let tz = TimeZoneRule(standardOffsetMinutes: -300, daylight: .us)
        for i in 0..<n {
            let name = "user" + String(i)
            let d = i % departments.count
            org.users.append(name)
            org.devices.append("WS-" + String(100_000 + i))
            org.ips.append("10.\(10 + i / 62_500).\((i / 250) % 250).\(i % 250 + 2)")
            var h: [String] = []
            for _ in 0..<(6 + Int(r.next() % 5)) { h.append(pools[d][Int(r.next() % UInt64(pools[d].count))]) }
            for _ in 0..<3 { h.append(shared[Int(r.next() % UInt64(shared.count))]) }
            org.habits.append(h)
            org.remote.append(i % 5 == 0)
            org.directory.users[name] = EntityAttributes(department: departments[d], role: departments[d].lowercased() + "-staff", timeZone: tz)
        }
        org.directory.defaultTimeZone = tz
        return org
    }

    /// One working day of `perUser` events per user, times relative to the day's start, sorted.
    static func dayTemplate(_ org: Org, perUser: Int, seed: UInt64) -> [Event] {
        var r = SeededRandom(seed: seed)
        var events: [Event] = []
        events.reserveCapacity(org.users.count * perUser)
        let home = GeoLocation(country: "US", city: "Jersey City", latitude: 40.7178, longitude: -74.0431)
        var id = 0
        for (i, u) in org.users.enumerated() {
            let begin = EpochMillis(13 * 3_600_000 + Int(r.next() % 3_600_000))
            func next() -> String { id += 1; return "B" + String(id) }
            if org.remote[i] {
                events.append(Event(id: next(), time: begin - 60_000, kind: .vpn, name: "VPN session started", eventCode: "113039", user: u,
                                    sourceIP: "68.195.\(i % 250).\(i % 200 + 2)", destinationHost: "VPN01", application: "AnyConnect", geo: home,
                                    device: org.devices[i], outcome: .success))
            }
            events.append(Event(id: next(), time: begin, kind: .authentication, name: "Logon", eventCode: "4624", user: u, sourceIP: org.ips[i],
                                sourceHost: org.devices[i], destinationHost: org.devices[i], device: org.devices[i], outcome: .success,
                                logonType: 2, authPackage: "Kerberos"))
            for _ in 0..<(perUser - 2) {
                let t = begin + EpochMillis(r.next() % 28_800_000)
                let k = r.next() % 100
                if k < 40 {
                    let site = Org.web[Int(r.next() % 30) * Int(1 + r.next() % 6) % Org.web.count]
                    events.append(Event(id: next(), time: t, kind: .webProxy, name: "Web request allowed", eventCode: "TCP_TUNNEL/200", user: u,
                                        sourceIP: org.ips[i], sourceHost: org.devices[i], destinationHost: site, application: "HTTPS", resource: site,
                                        bytesIn: Int64(20_000 + r.next() % 2_000_000), bytesOut: Int64(500 + r.next() % 5_000),
                                        device: org.devices[i], outcome: .success))
                } else if k < 75 {
                    let res = org.habits[i][Int(r.next() % UInt64(org.habits[i].count))]
                    let share = res.hasPrefix("\\\\")
                    events.append(Event(id: next(), time: t, kind: share ? .fileAccess : .applicationAccess, name: "Access", eventCode: "view",
                                        user: u, sourceIP: org.ips[i], sourceHost: org.devices[i], destinationHost: "SRV01",
                                        application: share ? "File Server" : "App", resource: share ? res + "\\doc.xlsx" : res,
                                        bytesIn: Int64(10_000 + r.next() % 5_000_000), device: org.devices[i], outcome: .success))
                } else if k < 85 {
                    events.append(Event(id: next(), time: t, kind: .process, name: "Process", eventCode: "4688", user: u, sourceIP: org.ips[i],
                                        sourceHost: org.devices[i], application: "EXCEL.EXE", resource: #"C:\Program Files\Office\EXCEL.EXE"#,
                                        device: org.devices[i], outcome: .success, command: "EXCEL.EXE /e report\(r.next() % 20).xlsx"))
                } else if k < 97 {
                    events.append(Event(id: next(), time: t, kind: .kerberos, name: "Service ticket", eventCode: "4769", user: u,
                                        sourceIP: org.ips[i], sourceHost: org.devices[i], destinationHost: "DC01",
                                        resource: "cifs/SRV0\(r.next() % 4)", device: org.devices[i], outcome: .success, authPackage: "Kerberos"))
                } else {
                    events.append(Event(id: next(), time: t, kind: .authentication, name: "Logon failed", eventCode: "4625", user: u,
                                        sourceIP: org.ips[i], sourceHost: org.devices[i], destinationHost: org.devices[i], device: org.devices[i],
                                        outcome: .failure, logonType: 2, authPackage: "Negotiate"))
                }
            }
        }
        events.sort { $0.time < $1.time }
        return events
    }

    static func throughput(users: Int, days: Int, peerGroups: Bool = true) -> [BenchmarkResult] {
        let org = organisation(users: users, seed: 1)
        var template = dayTemplate(org, perUser: 60, seed: 2)
        var config = AnalyticsConfiguration()
        config.learningDays = 7
        if !peerGroups { config.peerFirstDay = 10_000 }
        var analytics = BehaviouralAnalytics(configuration: config, directory: org.directory)
        var signals = 0, alerts = 0
        var shift = start
        let t0 = monotonicNanos()
        for _ in 0..<days {
            for j in template.indices { template[j].time += shift }
            for e in template {
                let out = analytics.ingest(e)
                signals += out.signals.count
                alerts += out.alerts.count
            }
            for j in template.indices { template[j].time -= shift }
            shift += EpochMillis.day
        }
        let seconds = Double(monotonicNanos() - t0) / 1e9
        let n = template.count * days
        blackHole(signals + alerts)
        let name = peerGroups ? "Behavioural analytics: events scored and learned, one core (daily batch work included)"
            : "Behavioural analytics: events scored and learned, one core (per-event path; HR peer groups only)"
        let what = peerGroups ? "daily learned peer groups and forest included" : "no learned peer-group clustering"
        return [
            BenchmarkResult(name: name, value: Double(n) / seconds, unit: "events/s",
                            detail: "\(n) events, \(users) users × \(days) days (7 learning), \(what); \(signals) signals, \(alerts) alerts"),
        ]
    }

    /// Resident set size in bytes from /proc/self/statm (0 where unavailable).
    static func residentBytes() -> Int {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var size = 0, resident = 0
        guard withUnsafeMutablePointer(to: &size, { s in withUnsafeMutablePointer(to: &resident) { r in
            readStatm(f, s, r)
        } }) else { return 0 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func readStatm(_ f: UnsafeMutablePointer<FILE>, _ size: UnsafeMutablePointer<Int>, _ resident: UnsafeMutablePointer<Int>) -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, 256, f) != nil else { return false }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = text.split(separator: " ")
        guard parts.count >= 2, let s = Int(parts[0]), let r = Int(parts[1]) else { return false }
        size.pointee = s
        resident.pointee = r
        return true
    }

    static func memory(users: Int) -> [BenchmarkResult] {
        let org = organisation(users: users, seed: 3)
        var template = dayTemplate(org, perUser: 12, seed: 4)
        let before = residentBytes()
        var analytics = BehaviouralAnalytics(directory: org.directory)
        analytics.reserveCapacity(entities: users)
        var shift = start
        for _ in 0..<2 {
            for j in template.indices { template[j].time += shift }
            for e in template { _ = analytics.ingest(e) }
            for j in template.indices { template[j].time -= shift }
            shift += EpochMillis.day
        }
        let after = residentBytes()
        template = []
        let m = analytics.memory
        blackHole(analytics.entityCount)
        var out = [
            BenchmarkResult(name: "Behavioural baseline per entity (as configured)", value: Double(m.bytesPerEntity), unit: "bytes/entity",
                            detail: "hour of week 168 floats, capped maps (64 resources, 24 apps, 8 devices, 6 countries, 8 cities, 8 networks, 32 actions, 24 commands), 8 volume classes, scalars"),
            BenchmarkResult(name: "Behavioural analytics memory, \(users) users (summed capacities)", value: Double(m.totalBytes) / 1e6, unit: "MB",
                            detail: "baselines \(m.baselineBytes / 1_000_000) MB + name index \(m.indexBytes / 1_000_000) MB + shared \(m.sharedBytes / 1_000_000) MB; \(m.totalBytes / max(1, m.entities)) bytes per entity all in"),
        ]
        if before > 0, after > 0 {
            out.append(BenchmarkResult(name: "Behavioural analytics resident memory growth, \(users) users (/proc/self/statm)",
                                       value: Double(after - before) / 1e6, unit: "MB", detail: "RSS after two days of events minus RSS before the analytics existed (event template allocated before both)"))
        }
        return out
    }

    static func peerRecomputation(users: Int) -> [BenchmarkResult] {
        let org = organisation(users: users, seed: 5)
        var template = dayTemplate(org, perUser: 30, seed: 6)
        var config = AnalyticsConfiguration()
        config.peerFirstDay = 100  // recompute by hand below
        config.peerMinimumEvents = 20
        var analytics = BehaviouralAnalytics(configuration: config, directory: org.directory)
        var shift = start
        for _ in 0..<3 {
            for j in template.indices { template[j].time += shift }
            for e in template { _ = analytics.ingest(e) }
            for j in template.indices { template[j].time -= shift }
            shift += EpochMillis.day
        }
        template = []
        var first = analytics
        let t0 = monotonicNanos()
        first.recomputePeerGroups()
        let firstSeconds = Double(monotonicNanos() - t0) / 1e9
        var warm = first
        let t1 = monotonicNanos()
        warm.recomputePeerGroups()
        let warmSeconds = Double(monotonicNanos() - t1) / 1e9
        let report = warm.peerGroupReport
        return [
            BenchmarkResult(name: "Peer groups, first clustering of \(users) users (k chosen by silhouette)", value: firstSeconds * 1000, unit: "ms",
                            detail: "k-means++ for k in 4…16, silhouette on a 400-entity sample; \(report?.groups.count ?? 0) groups"),
            BenchmarkResult(name: "Peer groups, periodic recomputation of \(users) users (warm start, hysteresis)", value: warmSeconds * 1000, unit: "ms",
                            detail: "vectors + 10 Lloyd iterations + group statistics; \(report?.moved ?? 0) members moved"),
        ]
    }
}

extension AnalyticsBenchmarks {
    /// Only the throughput figure (for profiling).
    public static func throughputOnly(users: Int, days: Int) -> [BenchmarkResult] {
        throughput(users: users, days: days) + throughput(users: users, days: days, peerGroups: false)
    }
}
