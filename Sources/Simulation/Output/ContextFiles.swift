import VigilCore

/// The context files a SOC would have next to its SIEM: the CMDB (also in QRadar's asset shape for the emulator),
/// the log-source inventory, vulnerability-scan results, HR records and threat-intelligence indicators.
enum ContextFiles {
    static func cmdb(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        var json = JSONBuffer(capacity: e.assets.count * 400)
        json.beginObject()
        json.member("organisation", Enterprise.name)
        json.member("domain", Enterprise.dnsDomain)
        json.member("asOf", SimTime.iso8601(model.config.start))
        json.key("assets")
        json.beginArray()
        for a in e.assets {
            json.beginObject()
            json.member("id", a.index)
            json.member("hostname", a.hostname)
            json.member("fqdn", a.hostname.lowercased() + "." + Enterprise.dnsDomain)
            json.member("ip", a.ip)
            json.member("mac", a.mac)
            json.member("type", a.kind.rawValue)
            json.member("platform", a.platform.rawValue)
            json.member("os", a.os)
            if let o = a.ownerIndex {
                json.member("owner", e.people[o].username)
                json.member("ownerName", e.people[o].displayName)
            }
            json.member("department", a.department?.rawValue)
            json.member("criticality", a.criticality.rawValue)
            json.member("zone", a.zone.rawValue)
            json.member("location", location(a, e))
            json.member("publicIP", a.publicIP)
            json.key("services")
            json.beginArray()
            for s in a.services { json.string(s) }
            json.endArray()
            json.key("logSources")
            json.beginArray()
            json.string(e.logSources[a.logSource].name)
            if let s = a.serviceLogSource { json.string(e.logSources[s].name) }
            json.endArray()
            json.key("vulnerabilities")
            json.beginArray()
            for v in a.vulnerabilities { json.string(VulnerabilityCatalog.entries[v].cve) }
            json.endArray()
            json.member("commissioned", CivilDate(epochDay: a.commissionedDay).description)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }

    static func location(_ a: Asset, _ e: Enterprise) -> String {
        if let o = a.officeIndex { return e.offices[o].place.city + ", " + e.offices[o].place.country }
        return a.zone == .dmz ? "Primary data centre (DMZ), New York, US" : "Primary data centre, New York, US"
    }

    /// Assets in QRadar's `/asset_model/assets` shape, for `POST /__emulator/assets`.
    static func qradarAssets(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        let seen = model.config.start - 7 * EpochMillis.day
        var json = JSONBuffer(capacity: e.assets.count * 900)
        json.beginArray()
        var sub: Int64 = 1
        func nextID() -> Int64 {
            sub += 1
            return sub
        }
        for a in e.assets {
            let created = SimTime.midnight(epochDay: a.commissionedDay)
            let vulns = a.vulnerabilities.map { VulnerabilityCatalog.entries[$0] }
            json.beginObject()
            json.member("id", a.index + 1)
            json.member("domain_id", 0)
            json.member("vulnerability_count", vulns.count)
            json.member("risk_score_sum", vulns.reduce(0.0) { $0 + $1.cvss })
            json.key("hostnames")
            json.beginArray()
            for (type, name) in [("NETBIOS", a.hostname), ("DNS", a.hostname.lowercased() + "." + Enterprise.dnsDomain)] {
                json.beginObject()
                json.member("id", nextID())
                json.member("type", type)
                json.member("name", name)
                json.member("created", created)
                json.member("first_seen_scanner", created)
                json.member("last_seen_scanner", seen)
                json.member("first_seen_profiler", created)
                json.member("last_seen_profiler", seen)
                json.endObject()
            }
            json.endArray()
            json.key("interfaces")
            json.beginArray()
            json.beginObject()
            json.member("id", nextID())
            json.member("mac_address", a.mac.uppercased())
            json.member("created", created)
            json.member("first_seen_scanner", created)
            json.member("last_seen_scanner", seen)
            json.key("ip_addresses")
            json.beginArray()
            for ip in [a.ip] + (a.publicIP.map { [$0] } ?? []) {
                json.beginObject()
                json.member("id", nextID())
                json.member("network_id", ip.hasPrefix("10.") || ip.hasPrefix("172.") ? 1 : 2)
                json.member("value", ip)
                json.member("type", "IPV4")
                json.member("created", created)
                json.member("first_seen_scanner", created)
                json.member("last_seen_scanner", seen)
                json.member("first_seen_profiler", created)
                json.member("last_seen_profiler", seen)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            json.endArray()
            json.key("products")
            json.beginArray()
            json.beginObject()
            json.member("id", nextID())
            json.member("product_variant_id", a.platform == .linux ? 2 : (a.platform == .appliance ? 3 : 1))
            json.member("vendor", a.os.hasPrefix("Windows") ? "Microsoft" : (a.os.hasPrefix("Ubuntu") ? "Canonical" : (a.os.hasPrefix("Red Hat") ? "Red Hat" : (a.os.hasPrefix("Cisco") ? "Cisco" : "IBM"))))
            json.member("name", a.os)
            json.endObject()
            json.endArray()
            json.key("properties")
            json.beginArray()
            var props: [(Int, String, String)] = [
                (1002, "Unified Name", a.hostname), (1001, "Given Name", a.hostname),
                (1005, "Weight", String(a.criticality.qradarWeight)),
                (1006, "CVSS Collateral Damage Potential", a.criticality >= .high ? "HIGH" : (a.criticality == .medium ? "MEDIUM" : "LOW")),
                (1007, "Location", location(a, e)), (1008, "Asset Type", a.kind.rawValue), (1009, "Network Zone", a.zone.rawValue),
            ]
            if let o = a.ownerIndex {
                props.append((1003, a.kind.isEndpoint ? "Business Owner" : "Technical Owner", e.people[o].username))
            }
            if let d = a.department { props.append((1004, "Business Owner", d.rawValue)) }
            for (typeID, name, value) in props {
                json.beginObject()
                json.member("id", nextID())
                json.member("type_id", typeID)
                json.member("name", name)
                json.member("value", value)
                json.member("last_reported", seen)
                json.member("last_reported_by", "USER:vigil-simulator")
                json.endObject()
            }
            json.endArray()
            json.key("users")
            json.beginArray()
            if let o = a.ownerIndex {
                json.beginObject()
                json.member("id", nextID())
                json.member("username", e.people[o].username)
                json.member("first_seen_profiler", created)
                json.member("last_seen_profiler", seen)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.newline()
        return json.bytes
    }

    /// The log-source inventory in the shape of QRadar's log source API.
    static func logSources(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        var json = JSONBuffer(capacity: e.logSources.count * 300)
        json.beginArray()
        for s in e.logSources {
            json.beginObject()
            json.member("id", s.index + 100)
            json.member("name", s.name)
            json.member("description", s.type.qradarTypeName + " on " + s.hostname)
            json.member("type_name", s.type.qradarTypeName)
            json.member("enabled", true)
            json.member("credibility", 5)
            json.member("sending_ip", s.ip)
            json.member("identifier", s.hostname)
            json.member("critical", s.critical)
            json.member("heartbeat_minutes", s.type.heartbeatMinutes)
            json.endObject()
        }
        json.endArray()
        json.newline()
        return json.bytes
    }

    static func vulnerabilities(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        var json = JSONBuffer()
        let scan = model.config.start - 3 * EpochMillis.day
        json.beginObject()
        json.member("scanner", "Tenable Nessus (simulated)")
        json.member("scanTime", scan)
        json.key("findings")
        json.beginArray()
        for a in e.assets {
            for v in a.vulnerabilities {
                let vuln = VulnerabilityCatalog.entries[v]
                let first = max(SimTime.midnight(epochDay: a.commissionedDay), scan - EpochMillis((v * 37 + a.index * 11) % 400 + 7) * EpochMillis.day)
                json.beginObject()
                json.member("assetId", a.index)
                json.member("hostname", a.hostname)
                json.member("ip", a.ip)
                json.member("cve", vuln.cve)
                json.member("cvss", vuln.cvss)
                json.member("severity", vuln.severity)
                json.member("title", vuln.title)
                json.member("firstDetected", first)
                json.member("lastDetected", scan)
                json.member("status", "open")
                json.endObject()
            }
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }

    static func hr(_ model: SimulationModel) -> [UInt8] {
        let e = model.enterprise
        let plan = model.plan
        let firstDay = SimTime.epochDay(model.config.start)
        var json = JSONBuffer(capacity: e.people.count * 500)
        json.beginObject()
        json.member("organisation", Enterprise.name)
        json.member("asOf", SimTime.iso8601(model.config.start))
        json.key("people")
        json.beginArray()
        for p in e.people {
            let o = plan.overrides[p.index]
            let start = o?.hireDay ?? p.startDay
            let office = e.offices[p.officeIndex]
            json.beginObject()
            json.member("username", p.username)
            json.member("adminAccount", p.adminAccount)
            json.member("displayName", p.displayName)
            json.member("email", p.email)
            json.member("employmentType", p.isService ? "service-account" : (p.role == .contractor ? "contractor" : "employee"))
            json.member("title", p.title)
            json.member("department", p.department.rawValue)
            json.member("role", p.role.rawValue)
            json.member("manager", p.managerIndex.map { e.people[$0].username })
            json.member("office", office.code)
            json.member("city", p.isService ? nil : e.home(of: p).city)
            json.member("country", office.place.country)
            json.member("timeZone", office.place.zone.name)
            json.member("workPattern", p.pattern.rawValue)
            json.member("startDate", CivilDate(epochDay: start).description)
            var status = start > firstDay ? "future-start" : "active"
            if let r = plan.resignations[p.index] {
                status = "notice-period"
                json.member("resignationDate", CivilDate(epochDay: r.notice).description)
                json.member("lastDay", CivilDate(epochDay: r.lastDay).description)
            }
            json.member("status", status)
            json.key("projects")
            json.beginArray()
            for pr in p.projects { json.string(e.projects[pr]) }
            json.endArray()
            json.key("devices")
            json.beginArray()
            if let d = p.deviceIndex { json.string(e.assets[d].hostname) }
            json.endArray()
            json.key("changes")
            json.beginArray()
            for c in plan.hrChanges[p.index] ?? [] {
                json.beginObject()
                json.member("date", c.date)
                json.member("kind", c.kind)
                json.member("detail", c.detail)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }

    /// The directory file (`vigil.directory.v1`): people, hosts, sites and dated HR changes.
    static func directory(_ model: SimulationModel) -> [UInt8] { DirectoryFile.encode(model) }

    static func threatIntel(_ model: SimulationModel) -> [UInt8] {
        var json = JSONBuffer()
        json.beginObject()
        json.member("asOf", SimTime.iso8601(model.config.start))
        json.key("indicators")
        json.beginArray()
        for i in model.plan.indicators {
            json.beginObject()
            json.member("indicator", i.indicator)
            json.member("type", i.type)
            json.member("threat", i.threat)
            json.member("confidence", i.confidence)
            json.member("source", i.source)
            json.member("firstSeen", i.firstSeen)
            json.member("lastSeen", i.lastSeen)
            json.member("description", i.description)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }
}
