import VigilCore

/// `context/directory.json` in the `vigil.directory.v1` format (docs/DIRECTORY.md): what a deployment's HR system
/// or LDAP and QRadar's network hierarchy tell Vigil, exported as of the run's first instant. People with their
/// admin accounts, every CMDB host, the office sites with their LANs, and the run's HR facts as dated, structured
/// changes. Nothing in it comes from the scenario's labels.
enum DirectoryFile {
    static let format = "vigil.directory.v1"

    /// The office LAN of a site, as the simulator addresses it (`10.<octet>.0.0/16`).
    static func network(_ office: Office) -> String { "10." + String(office.subnetOctet) + ".0.0/16" }

    static func encode(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        let plan = model.plan
        let firstDay = SimTime.epochDay(model.config.start)
        let defaultZone = e.offices[0].place.zone.name
        var json = JSONBuffer(capacity: e.people.count * 420 + e.assets.count * 200 + 4_096)
        json.beginObject()
        json.member("format", format)
        json.member("exported_at", CivilDate(epochDay: firstDay).description + "T00:00:00Z")
        json.member("default_time_zone", defaultZone)

        json.key("people")
        json.beginArray()
        for p in e.people {
            let office = e.offices[p.officeIndex]
            let start = plan.overrides[p.index]?.hireDay ?? p.startDay
            json.beginObject()
            json.member("account", p.username)
            json.key("other_accounts")
            json.beginArray()
            if let admin = p.adminAccount { json.string(admin) }
            json.endArray()
            json.member("display_name", p.displayName)
            json.member("email", p.email)
            json.member("employment", p.isService ? "service-account" : (p.role == .contractor ? "contractor" : "employee"))
            json.member("department", p.department.rawValue)
            json.member("role", p.role.rawValue)
            json.member("title", p.title)
            nullable(&json, "manager", p.managerIndex.map { e.people[$0].username })
            json.member("site", office.code)
            json.member("time_zone", office.place.zone.name)
            json.member("start_date", CivilDate(epochDay: start).description)
            // A last day is known at export time only if the notice was already given.
            let known = plan.resignations[p.index].flatMap { $0.notice <= firstDay ? CivilDate(epochDay: $0.lastDay).description : nil }
            nullable(&json, "last_day", known)
            json.endObject()
        }
        json.endArray()

        json.key("hosts")
        json.beginArray()
        for a in e.assets {
            let office = a.officeIndex.map { e.offices[$0] }
            json.beginObject()
            json.member("name", a.hostname)
            json.member("kind", a.kind.rawValue)
            nullable(&json, "department", a.department?.rawValue)
            // Data-centre hosts belong to no office site; they sit in New York's zone.
            nullable(&json, "site", office?.code)
            nullable(&json, "owner", a.ownerIndex.map { e.people[$0].username })
            json.member("time_zone", office?.place.zone.name ?? defaultZone)
            json.endObject()
        }
        json.endArray()

        json.key("sites")
        json.beginArray()
        for o in e.offices {
            json.beginObject()
            json.member("code", o.code)
            json.key("networks")
            json.beginArray()
            json.string(network(o))
            json.endArray()
            json.member("city", o.place.city)
            json.member("country", o.place.country)
            json.member("latitude", o.place.latitude)
            json.member("longitude", o.place.longitude)
            json.member("time_zone", o.place.zone.name)
            json.endObject()
        }
        json.endArray()

        json.key("changes")
        json.beginArray()
        var changes: [(date: String, person: Int, order: Int, change: HRChange)] = []
        for p in e.people.indices {
            for (k, c) in (plan.hrChanges[p] ?? []).enumerated()
            where c.kind == "role-change" || c.kind == "project-assignment" || c.kind == "resignation" {
                changes.append((c.date, p, k, c))
            }
        }
        changes.sort { a, b in a.date != b.date ? a.date < b.date : (a.person != b.person ? a.person < b.person : a.order < b.order) }
        for (date, p, _, c) in changes {
            json.beginObject()
            json.member("date", date)
            json.member("account", e.people[p].username)
            json.member("kind", c.kind)
            switch c.kind {
            case "role-change":
                json.member("department", c.department)
                json.member("role", c.role)
                json.member("title", c.title)
            case "project-assignment":
                json.member("project", c.project)
            default:
                json.member("last_day", c.lastDay)
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }

    /// A member written as `null` when absent (the format shows optional facts explicitly).
    private static func nullable(_ json: inout JSONBuffer, _ name: StaticString, _ value: String?) {
        json.key(name)
        if let value { json.string(value) } else { json.null() }
    }
}

extension Simulator {
    /// The directory file (`context/directory.json`, format `vigil.directory.v1`) exactly as ``SimulationWriter``
    /// writes it, for in-process callers that do not want files. Pure: the same bytes for the same configuration.
    public func directoryJSON() -> [UInt8] { DirectoryFile.encode(model) }
}
