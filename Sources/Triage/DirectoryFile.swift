import Analytics
import Foundation
import VigilCore

/// One dated HR fact from the directory file, about one account (clear name).
public struct DirectoryChange: Sendable, Hashable {
    /// When it takes effect: 00:00 UTC of its date.
    public var time: EpochMillis
    public var account: String
    public var change: ContextChange

    public init(time: EpochMillis, account: String, change: ContextChange) {
        self.time = time
        self.account = account
        self.change = change
    }
}

/// What a deployment is told about its organisation (docs/DIRECTORY.md): the `vigil.directory.v1` file an HR
/// system, LDAP and QRadar's network hierarchy export. `vigil serve` and `vigil eval` both read it through
/// ``load(path:)`` / ``parse(_:)``, so the evaluation knows exactly what a deployment knows.
///
/// Names here are clear; ``TriageCore`` pseudonymises them with the events' key before the models see them.
public struct DirectoryFile: Sendable {
    /// Accounts (clear names) and their attributes; a person's other accounts are listed separately.
    public var users: [String: EntityAttributes] = [:]
    /// A person's other accounts (`other_accounts`): their privileged (administrator) accounts.
    public var adminAccounts: Set<String> = []
    public var hosts: [String: EntityAttributes] = [:]
    public var sites: SiteMap = SiteMap()
    public var defaultTimeZone: TimeZoneRule?
    /// Dated HR facts in time order.
    public var changes: [DirectoryChange] = []
    /// Entries that could not be read, with their position (`people[3]: unknown time zone 'Mars/Base'`).
    public var problems: [String] = []

    public init() {}

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(DirectoryFileError) -> DirectoryFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try parse(Array(data))
    }

    /// Parses the file's bytes; entries that cannot be read are skipped and listed in ``problems``.
    public static func parse(_ bytes: [UInt8]) throws(DirectoryFileError) -> DirectoryFile {
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: Data(bytes))
        } catch {
            throw .notJSON(String(describing: error))
        }
        guard raw.format == "vigil.directory.v1" else { throw .wrongFormat(raw.format ?? "(none)") }
        var file = DirectoryFile()
        var zones: [String: TimeZoneRule] = [:]
        func zone(_ name: String?, _ position: String) -> TimeZoneRule? {
            guard let name, !name.isEmpty else { return nil }
            if let z = zones[name] { return z }
            guard let z = TimeZoneResolver.rule(named: name) else {
                file.problems.append("\(position): unknown time zone '\(name)'")
                return nil
            }
            zones[name] = z
            return z
        }
        file.defaultTimeZone = zone(raw.default_time_zone, "default_time_zone")

        var siteZones: [String: TimeZoneRule] = [:]
        var sites: [SiteMap.Site] = []
        for (i, s) in (raw.sites ?? []).enumerated() {
            let position = "sites[\(i)]"
            if let code = s.code, let z = zone(s.time_zone, position) { siteZones[code] = z }
            let location = GeoLocation(country: s.country ?? "", city: s.city, latitude: s.latitude, longitude: s.longitude)
            for cidr in s.networks ?? [] {
                if let site = SiteMap.Site(cidr: cidr, location: location) { sites.append(site) } else {
                    file.problems.append("\(position): malformed network '\(cidr)' (expected an IPv4 CIDR block like 10.20.0.0/16)")
                }
            }
        }
        file.sites = SiteMap(sites: sites)

        for (i, p) in (raw.people ?? []).enumerated() {
            let position = "people[\(i)]"
            guard let account = p.account, !account.isEmpty else {
                file.problems.append("\(position): no account")
                continue
            }
            let tz = zone(p.time_zone, position) ?? p.site.flatMap { siteZones[$0] }
            let attributes = EntityAttributes(department: p.department, role: p.role, title: p.title, timeZone: tz,
                                              isService: p.employment == "service-account")
            file.users[account] = attributes
            for other in p.other_accounts ?? [] where !other.isEmpty {
                var a = attributes
                a.role = (p.role ?? "unassigned") + "-admin-account"
                file.users[other] = a
                file.adminAccounts.insert(other)
            }
            if let last = p.last_day {
                if let t = midnight(last) {
                    // A leaver known at export time: the resignation is in force from the export on.
                    let from = raw.exported_at.flatMap(midnight) ?? t - 28 * EpochMillis.day
                    for a in [account] + (p.other_accounts ?? []) {
                        file.changes.append(DirectoryChange(time: min(from, t), account: a, change: .resignation(lastDay: t)))
                    }
                } else {
                    file.problems.append("\(position): last_day '\(last)' is not YYYY-MM-DD")
                }
            }
        }
        for (i, h) in (raw.hosts ?? []).enumerated() {
            guard let name = h.name, !name.isEmpty else {
                file.problems.append("hosts[\(i)]: no name")
                continue
            }
            let tz = zone(h.time_zone, "hosts[\(i)]") ?? h.site.flatMap { siteZones[$0] }
            let endpoint = ["workstation", "laptop", "vdi", "desktop"].contains(h.kind ?? "")
            file.hosts[name] = EntityAttributes(department: h.department, role: h.kind, timeZone: tz, isService: !endpoint)
        }
        for (i, c) in (raw.changes ?? []).enumerated() {
            let position = "changes[\(i)]"
            guard let account = c.account, !account.isEmpty else {
                file.problems.append("\(position): no account")
                continue
            }
            guard let date = c.date, let t = midnight(date) else {
                file.problems.append("\(position): date '\(c.date ?? "")' is not YYYY-MM-DD")
                continue
            }
            let change: ContextChange
            switch c.kind {
            case "role-change":
                change = .roleChange(department: c.department, role: c.role, title: c.title)
            case "project-assignment":
                guard let project = c.project, !project.isEmpty else {
                    file.problems.append("\(position): project-assignment without a project")
                    continue
                }
                change = .projectAssignment(project)
            case "resignation":
                let last = c.last_day.flatMap(midnight) ?? t + 28 * EpochMillis.day
                change = .resignation(lastDay: last)
            default:
                file.problems.append("\(position): unknown kind '\(c.kind ?? "")' (expected role-change, project-assignment or resignation)")
                continue
            }
            file.changes.append(DirectoryChange(time: t, account: account, change: change))
            // A person's other accounts follow a resignation.
            if case .resignation = change, let person = raw.people?.first(where: { $0.account == account }) {
                for other in person.other_accounts ?? [] { file.changes.append(DirectoryChange(time: t, account: other, change: change)) }
            }
        }
        file.changes = Self.deduplicated(file.changes)
        return file
    }

    /// Time order, stable; an exact repeat (a leaver's `last_day` and a resignation change) is kept once.
    static func deduplicated(_ changes: [DirectoryChange]) -> [DirectoryChange] {
        var seen = Set<String>()
        var out: [DirectoryChange] = []
        for c in changes.enumerated().sorted(by: { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }).map(\.element) {
            var key = c.account
            if case .resignation(let last) = c.change { key += "|resignation|\(last)" } else { key += "|\(c.time)|\(c.change)" }
            if seen.insert(key).inserted { out.append(c) }
        }
        return out
    }

    /// `2026-10-14` → epoch milliseconds at 00:00 UTC; also accepts a full ISO-8601 time (its date part).
    static func midnight(_ text: String) -> EpochMillis? {
        let s = text.prefix(10)
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return UTCTime.midnight(epochDay: CivilDate(year: y, month: m, day: d).epochDay)
    }

    // The file as written; every field optional so that one bad entry does not refuse the file.
    struct Raw: Decodable {
        var format: String?
        var exported_at: String?
        var default_time_zone: String?
        var people: [Person]?
        var hosts: [Host]?
        var sites: [Site]?
        var changes: [Change]?

        struct Person: Decodable {
            var account: String?
            var other_accounts: [String]?
            var employment: String?
            var department: String?
            var role: String?
            var title: String?
            var site: String?
            var time_zone: String?
            var last_day: String?
        }
        struct Host: Decodable {
            var name: String?
            var kind: String?
            var department: String?
            var site: String?
            var time_zone: String?
        }
        struct Site: Decodable {
            var code: String?
            var networks: [String]?
            var city: String?
            var country: String?
            var latitude: Double?
            var longitude: Double?
            var time_zone: String?
        }
        struct Change: Decodable {
            var date: String?
            var account: String?
            var kind: String?
            var department: String?
            var role: String?
            var title: String?
            var project: String?
            var last_day: String?
        }
    }
}

/// Why the directory file was refused as a whole.
public enum DirectoryFileError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case notJSON(String)
    case wrongFormat(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the directory file \(path)"
        case .notJSON(let why): "the directory file is not valid JSON: \(why)"
        case .wrongFormat(let f): "the directory file's format is '\(f)'; expected vigil.directory.v1 (docs/DIRECTORY.md)"
        }
    }
}
