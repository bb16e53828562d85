import Analytics
import Simulation
import VigilCore

/// What Vigil is told about the simulated organisation, as a real deployment would be told by an LDAP import and
/// QRadar's network hierarchy: departments, roles and time zones of accounts, and which LAN is which office.
enum SimulationContext {
    static func timeZone(_ z: ZoneRule) -> TimeZoneRule {
        let d: TimeZoneRule.Daylight
        switch z.daylight {
        case .none: d = .none
        case .eu: d = .eu
        case .us: d = .us
        case .au: d = .au
        }
        return TimeZoneRule(standardOffsetMinutes: z.standardOffsetMinutes, daylight: d)
    }

    static func directory(_ enterprise: Enterprise) -> EntityDirectory {
        var users: [String: EntityAttributes] = [:]
        for p in enterprise.people {
            let tz = timeZone(enterprise.office(of: p).place.zone)
            let a = EntityAttributes(department: p.department.rawValue, role: p.role.rawValue, title: p.title, timeZone: tz,
                                     isService: p.isService)
            users[p.username] = a
            if let admin = p.adminAccount {
                var b = a
                b.role = p.role.rawValue + "-admin-account"
                users[admin] = b
            }
        }
        var hosts: [String: EntityAttributes] = [:]
        for asset in enterprise.assets {
            let tz = asset.officeIndex.map { timeZone(enterprise.offices[$0].place.zone) } ?? timeZone(enterprise.offices[0].place.zone)
            hosts[asset.hostname] = EntityAttributes(department: asset.department?.rawValue, role: asset.kind.rawValue, timeZone: tz,
                                                     isService: !asset.kind.isEndpoint)
        }
        return EntityDirectory(users: users, hosts: hosts, defaultTimeZone: timeZone(enterprise.offices[0].place.zone))
    }

    static func sites(_ enterprise: Enterprise) -> SiteMap {
        var sites: [SiteMap.Site] = []
        for o in enterprise.offices {
            if let s = SiteMap.Site(cidr: "10.\(o.subnetOctet).0.0/16", location: o.place.geo) { sites.append(s) }
        }
        return SiteMap(sites: sites)
    }
}
