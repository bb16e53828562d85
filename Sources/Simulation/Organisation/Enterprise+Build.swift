import VigilCore

extension Enterprise {
    /// The leadership and the minimum IT staff every organisation has, so that even a tiny simulation has a chief
    /// executive, department heads, administrators, a DBA, a help desk and service accounts. Indices are fixed.
    struct KeyPerson {
        var role: Role
        var title: String
        var office: Int
        var department: Department
        var manager: Int?
        var username: String?
    }

    static let keyPeople: [KeyPerson] = [
        KeyPerson(role: .executive, title: "Chief Executive Officer", office: 0, department: .executive, manager: nil),
        KeyPerson(role: .executive, title: "Chief Financial Officer", office: 0, department: .finance, manager: 0),
        KeyPerson(role: .executive, title: "Chief Information Officer", office: 0, department: .it, manager: 0),
        KeyPerson(role: .executive, title: "Chief People Officer", office: 2, department: .humanResources, manager: 0),
        KeyPerson(role: .executive, title: "VP Engineering", office: 3, department: .engineering, manager: 0),
        KeyPerson(role: .executive, title: "VP Sales", office: 0, department: .sales, manager: 0),
        KeyPerson(role: .executive, title: "VP Customer Support", office: 4, department: .customerSupport, manager: 0),
        KeyPerson(role: .itAdmin, title: "IT Operations Manager", office: 0, department: .it, manager: 2),
        KeyPerson(role: .itAdmin, title: "Senior Systems Administrator", office: 2, department: .it, manager: 7),
        KeyPerson(role: .dba, title: "Senior Database Administrator", office: 0, department: .it, manager: 7),
        KeyPerson(role: .helpDesk, title: "Service Desk Lead", office: 4, department: .it, manager: 7),
        KeyPerson(role: .helpDesk, title: "Service Desk Analyst", office: 0, department: .it, manager: 10),
        KeyPerson(role: .financeAnalyst, title: "Finance Manager", office: 0, department: .finance, manager: 1),
        KeyPerson(role: .hrSpecialist, title: "HR Manager", office: 2, department: .humanResources, manager: 3),
        KeyPerson(role: .developer, title: "Engineering Manager", office: 3, department: .engineering, manager: 4),
        KeyPerson(role: .salesRep, title: "Sales Manager", office: 0, department: .sales, manager: 5),
        KeyPerson(role: .supportAgent, title: "Support Team Lead", office: 4, department: .customerSupport, manager: 6),
        KeyPerson(role: .contractor, title: "Contractor - Consultant", office: 3, department: .engineering, manager: 14),
        KeyPerson(role: .serviceAccount, title: "Backup service", office: 0, department: .it, manager: 7, username: "svc_backup"),
        KeyPerson(role: .serviceAccount, title: "Application database service", office: 0, department: .it, manager: 9, username: "svc_sql"),
        KeyPerson(role: .serviceAccount, title: "Reporting ETL service", office: 0, department: .it, manager: 9, username: "svc_report"),
        KeyPerson(role: .serviceAccount, title: "Build pipeline service", office: 3, department: .engineering, manager: 14, username: "svc_ci"),
        KeyPerson(role: .serviceAccount, title: "Web application service", office: 0, department: .it, manager: 7, username: "svc_web"),
    ]

    /// Builds the organisation for `people` head count (at least ``minimumPeople``) from `seed`, with holidays for
    /// the years between `firstDay` and `lastDay` (epoch days).
    public static func build(people count: Int, seed: UInt64, firstDay: Int, lastDay: Int) -> Enterprise {
        let streams = RandomStreams(seed: seed)
        let firstYear = CivilDate(epochDay: firstDay).year
        let lastYear = CivilDate(epochDay: lastDay).year
        var e = Enterprise(people: [], assets: [], logSources: [], resources: [], destinations: [],
                           offices: World.offices, projects: Catalog.projects.map(\.name),
                           holidays: HolidayCalendar(years: (firstYear - 1)...(lastYear + 1)))
        e.buildServers(streams: streams, firstDay: firstDay)
        e.buildDestinations()
        e.buildResources()
        e.buildBackgroundDestinations()
        e.buildPeople(count: max(count, minimumPeople), streams: streams, firstDay: firstDay)
        return e
    }

    /// The smallest organisation the simulator builds: the key people plus a few staff.
    public static var minimumPeople: Int { keyPeople.count + 7 }

    private mutating func addLogSource(type: LogSourceType, asset: Int, name: String, critical: Bool) -> Int {
        let a = assets[asset]
        let index = logSources.count
        logSources.append(LogSource(index: index, name: name, type: type, assetIndex: asset, hostname: a.hostname, ip: a.ip, critical: critical))
        return index
    }

    private mutating func buildServers(streams: RandomStreams, firstDay: Int) {
        for spec in Catalog.servers {
            var random = streams.stream(.assets, assets.count)
            let index = assets.count
            let vulns = Self.drawVulnerabilities(platform: spec.platform, services: spec.services, server: true, random: &random)
            assets.append(Asset(index: index, hostname: spec.hostname, ip: spec.ip, mac: Self.mac(index, server: true),
                                kind: spec.kind, platform: spec.platform, os: spec.os, ownerIndex: nil, department: spec.department,
                                criticality: spec.criticality, zone: spec.zone, officeIndex: nil, publicIP: spec.publicIP,
                                services: spec.services, vulnerabilities: vulns, logSource: -1, serviceLogSource: nil,
                                commissionedDay: firstDay - random.int(200...2500)))
            assetByHostname[spec.hostname] = index
            let critical = spec.criticality == .critical || spec.kind == .webProxy
            let primary: Int
            switch spec.kind {
            case .vpnConcentrator:
                primary = addLogSource(type: .vpn, asset: index, name: "ASA @ \(spec.hostname)", critical: true)
            case .flowCollector:
                primary = addLogSource(type: .flowCollector, asset: index, name: "QFlow @ \(spec.hostname)", critical: true)
            default:
                if spec.platform == .linux {
                    primary = addLogSource(type: .linuxOS, asset: index, name: "LinuxServer @ \(spec.hostname)", critical: critical)
                } else {
                    primary = addLogSource(type: .windowsSecurity, asset: index, name: "WindowsAuthServer @ \(spec.hostname)", critical: critical)
                }
            }
            assets[index].logSource = primary
            if let serviceType = spec.serviceLog {
                let name: String
                switch serviceType {
                case .sqlServer: name = "SQLServer @ \(spec.hostname)"
                case .webProxy: name = "Squid @ \(spec.hostname)"
                case .fileAudit: name = "FileAudit @ \(spec.hostname)"
                case .application: name = "\(spec.services.first ?? "App") @ \(spec.hostname)"
                default: name = "\(serviceType.rawValue) @ \(spec.hostname)"
                }
                assets[index].serviceLogSource = addLogSource(type: serviceType, asset: index, name: name, critical: critical)
            }
        }
        firstEndpointAsset = assets.count
    }

    private mutating func buildDestinations() {
        for spec in Catalog.web {
            destinationByDomain[spec.domain] = destinations.count
            destinations.append(ExternalDestination(domain: spec.domain, ip: spec.ip, place: Catalog.webLocations[spec.location],
                                                    category: spec.category, popularity: spec.popularity))
        }
    }

    /// Agent back-ends and SaaS products of the everyday background; after the resources, so no browsing habit
    /// includes them.
    private mutating func buildBackgroundDestinations() {
        for spec in Catalog.backgroundWeb + Catalog.saasProducts where destinationByDomain[spec.domain] == nil {
            destinationByDomain[spec.domain] = destinations.count
            destinations.append(ExternalDestination(domain: spec.domain, ip: spec.ip, place: Catalog.webLocations[spec.location],
                                                    category: spec.category, popularity: spec.popularity))
        }
    }

    /// Adds an external destination at run time (scenario infrastructure); returns its index.
    mutating func addDestination(_ destination: ExternalDestination) -> Int {
        if let existing = destinationByDomain[destination.domain] { return existing }
        destinationByDomain[destination.domain] = destinations.count
        destinations.append(destination)
        return destinations.count - 1
    }

    private mutating func addResource(_ r: Resource) {
        var r = r
        r.index = resources.count
        resourceByKey[r.key] = r.index
        resources.append(r)
    }

    private mutating func buildResources() {
        for s in Catalog.shares {
            addResource(Resource(index: 0, key: "share:" + s.path, kind: .share, name: #"\\"# + s.server + #"\"# + s.path,
                                 application: "SMB", assetIndex: assetIndex(s.server), destinationIndex: nil, sensitivity: s.sensitivity,
                                 department: s.department, medianBytes: s.medianKB * 1024, method: nil, details: s.files))
        }
        for (name, departments) in Catalog.projects {
            addResource(Resource(index: 0, key: #"share:Projects\"# + name, kind: .share, name: #"\\FS-CORP01\Projects\"# + name,
                                 application: "SMB", assetIndex: assetIndex("FS-CORP01"), destinationIndex: nil, sensitivity: .confidential,
                                 department: departments.first, medianBytes: 1_500_000, method: nil,
                                 details: ["\(name.lowercased())-plan.xlsx", "\(name.lowercased())-status.pptx", "requirements.docx", "timeline.mpp"]))
            addResource(Resource(index: 0, key: "app:Jira/" + name.uppercased(), kind: .application, name: "Jira/" + name.uppercased(),
                                 application: "Jira", assetIndex: assetIndex("APP-JIRA01"), destinationIndex: nil, sensitivity: .internal,
                                 department: departments.first, medianBytes: 60_000, method: nil, details: ["view", "update", "comment"]))
        }
        for a in Catalog.applications {
            let name = a.application + "/" + a.module
            addResource(Resource(index: 0, key: "app:" + name, kind: .application, name: name, application: a.application,
                                 assetIndex: assetIndex(a.server), destinationIndex: nil, sensitivity: a.sensitivity, department: a.department,
                                 medianBytes: a.medianKB * 1024, method: nil, details: a.actions))
        }
        for t in Catalog.tables {
            let name = t.database + ".dbo." + t.table
            addResource(Resource(index: 0, key: "db:" + name, kind: .database, name: name, application: "Microsoft SQL Server",
                                 assetIndex: assetIndex(t.server), destinationIndex: nil, sensitivity: t.sensitivity, department: t.department,
                                 medianBytes: t.medianKB * 1024, method: nil, details: [t.database, t.table]))
        }
        for (i, w) in Catalog.web.enumerated() {
            addResource(Resource(index: 0, key: "web:" + w.domain, kind: .web, name: w.domain, application: "HTTPS",
                                 assetIndex: nil, destinationIndex: i, sensitivity: .public, department: nil,
                                 medianBytes: w.medianKB * 1024, method: nil, details: [w.category]))
        }
        for p in Catalog.processes {
            let exe = String(p.image.split(separator: "\\").last ?? Substring(p.image))
            addResource(Resource(index: 0, key: "process:" + p.key, kind: .process, name: p.image, application: exe,
                                 assetIndex: nil, destinationIndex: nil, sensitivity: .internal, department: nil,
                                 medianBytes: 0, method: nil, details: p.commands))
        }
        for t in Catalog.adminTargets {
            let asset = assetIndex(t.server)
            let commands = t.method == .ssh ? Catalog.linuxAdminCommands : Catalog.windowsAdminCommands
            addResource(Resource(index: 0, key: "server:" + t.server, kind: .server, name: t.server, application: t.method.rawValue.uppercased(),
                                 assetIndex: asset, destinationIndex: nil, sensitivity: .confidential, department: .it,
                                 medianBytes: 400_000, method: t.method, details: commands))
        }
    }

    private mutating func buildPeople(count: Int, streams: RandomStreams, firstDay: Int) {
        var managersByDepartment: [Department: [Int]] = [:]
        var usernameCounts: [String: Int] = [:]
        var devicesPerOffice = [Int](repeating: 0, count: offices.count)
        let roleWeights = Role.allCases.map(\.hiringWeight)
        let officeWeights = offices.map(\.weight)
        people.reserveCapacity(count)

        for i in 0..<count {
            var random = streams.stream(.person, i)
            let key: KeyPerson? = i < Self.keyPeople.count ? Self.keyPeople[i] : nil
            let role = key?.role ?? Role.allCases[random.weightedIndex(weights: roleWeights)]
            var department = key?.department ?? role.department
            if key == nil, role == .contractor {
                department = [Department.engineering, .engineering, .engineering, .it, .finance][random.below(5)]
            }
            let officeIndex = key?.office ?? random.weightedIndex(weights: officeWeights)
            let office = offices[officeIndex]
            let pool = office.namePool
            let first = random.pick(Names.first[pool])
            let last = random.pick(Names.last[pool])

            var username: String
            if let fixed = key?.username {
                username = fixed
            } else if role == .serviceAccount {
                let jobs = ["etl", "monitor", "sync", "print", "mail", "archive", "api", "deploy"]
                username = "svc_" + jobs[random.below(jobs.count)] + String(i)
            } else {
                let base = Names.userNameBase(first: first, last: last)
                let n = usernameCounts[base, default: 0] + 1
                usernameCounts[base] = n
                username = n == 1 ? base : base + String(n)
            }
            let displayName = role == .serviceAccount ? username : first + " " + last
            let email = role == .serviceAccount ? username + "@" + Self.dnsDomain : username + "@meridian.example"

            let isManager: Bool
            let manager: Int?
            if let key {
                manager = key.manager
                isManager = key.title.contains("Manager") || key.title.contains("Lead") || key.role == .executive
            } else {
                let candidates = managersByDepartment[department] ?? []
                manager = candidates.isEmpty ? 0 : candidates[random.below(candidates.count)]
                isManager = role != .contractor && role != .serviceAccount && random.chance(0.09)
            }
            if isManager { managersByDepartment[department, default: []].append(i) }

            let title: String
            if let key { title = key.title } else {
                let titles = role.titles
                let staffTitles = titles.count > 1 ? Array(titles.dropLast()) : titles
                title = isManager ? titles[titles.count - 1] : staffTitles[random.below(staffTitles.count)]
            }

            let pattern = Self.drawPattern(role: role, random: &random)
            var startMinute: Int
            var workMinutes: Int
            switch pattern {
            case .partTime:
                startMinute = Int(random.normal(mean: 9 * 60, sd: 40))
                workMinutes = Int(random.normal(mean: 270, sd: 25))
            case .service:
                startMinute = 0
                workMinutes = 1440
            default:
                startMinute = Int(random.normal(mean: role == .executive ? 8 * 60 : 8 * 60 + 45, sd: 35))
                workMinutes = Int(random.normal(mean: role == .executive ? 620 : 520, sd: 30))
            }
            startMinute = min(max(startMinute, 6 * 60 + 30), 10 * 60 + 30)
            workMinutes = min(max(workMinutes, 180), 720)
            let remoteShare: Double
            switch pattern {
            case .office: remoteShare = 0.08
            case .hybrid: remoteShare = random.uniform(0.3, 0.6)
            case .remote: remoteShare = 1
            case .shift: remoteShare = role == .supportAgent ? 0.25 : 0.05
            case .onCall: remoteShare = 0.2
            case .partTime: remoteShare = 0.35
            case .service: remoteShare = 0
            }

            let homeCityIndex = random.below(office.homeCities.count)
            let homeIP = World.address(in: office.homeCities[homeCityIndex], random: &random)

            var deviceIndex: Int?
            if role != .serviceAccount {
                let laptop = pattern == .hybrid || pattern == .remote || pattern == .partTime || role == .salesRep
                    || role == .executive || role == .contractor || random.chance(0.3)
                let n = devicesPerOffice[officeIndex]
                devicesPerOffice[officeIndex] += 1
                deviceIndex = addEndpoint(person: i, laptop: laptop, office: officeIndex, number: n, department: department,
                                          firstDay: firstDay, random: &random)
            }

            var habits: [Int] = []
            var weights: [Double] = []
            for (resourceKey, probability, weight) in Catalog.habits(for: role) where random.chance(probability) {
                guard let r = resourceIndex(resourceKey) else { continue }
                habits.append(r)
                weights.append(weight * random.logNormal(median: 1, sigma: 0.35))
            }
            var projects: [Int] = []
            if role != .serviceAccount, random.chance(0.2) {
                let eligible = Catalog.projects.indices.filter { Catalog.projects[$0].departments.contains(department) }
                if !eligible.isEmpty {
                    let p = eligible[random.below(eligible.count)]
                    projects.append(p)
                    let name = Catalog.projects[p].name
                    for (k, w) in [(#"share:Projects\"# + name, 2.0), ("app:Jira/" + name.uppercased(), 1.5)] {
                        if let r = resourceIndex(k) {
                            habits.append(r)
                            weights.append(w)
                        }
                    }
                }
            }
            var cumulative: [Double] = []
            cumulative.reserveCapacity(weights.count)
            var total = 0.0
            for w in weights {
                total += w
                cumulative.append(total)
            }

            let adminAccount = role.isPrivileged ? "adm-" + username : nil
            let person = Person(
                index: i, username: username, adminAccount: adminAccount, displayName: displayName, email: email, role: role,
                department: department, title: title, managerIndex: manager, isManager: isManager, officeIndex: officeIndex,
                homeCityIndex: homeCityIndex, pattern: pattern, startMinute: startMinute, workMinutes: workMinutes,
                remoteShare: remoteShare, deviceIndex: deviceIndex, homeIP: homeIP, habits: habits, habitCumulative: cumulative,
                projects: projects, activity: random.logNormal(median: 1, sigma: 0.3), volume: random.logNormal(median: 1, sigma: 0.8),
                typoRate: 0.015 + 0.06 * random.nextUnit() * random.nextUnit(), startDay: firstDay - random.int(45...4000),
                rotation: random.below(12))
            personByUsername[username] = i
            if let adminAccount { personByUsername[adminAccount] = i }
            people.append(person)
            if let deviceIndex { assets[deviceIndex].ownerIndex = i }
        }
    }

    private mutating func addEndpoint(person: Int, laptop: Bool, office: Int, number n: Int, department: Department,
                                      firstDay: Int, random: inout SeededRandom) -> Int {
        let o = offices[office]
        let hostname = (laptop ? "LT-" : "WS-") + o.code + "-" + CivilDate.pad(person, 5)
        let ip = "10." + String(o.subnetOctet) + "." + String((n / 250) % 256) + "." + String(n % 250 + 2)
        let index = assets.count
        let os = random.chance(0.85) ? "Windows 11 Enterprise 23H2" : "Windows 10 Enterprise 22H2"
        let vulns = Self.drawVulnerabilities(platform: .windowsClient, services: [], server: false, random: &random)
        assets.append(Asset(index: index, hostname: hostname, ip: ip, mac: Self.mac(index, server: false), kind: laptop ? .laptop : .workstation,
                            platform: .windowsClient, os: os, ownerIndex: person, department: department, criticality: .low,
                            zone: .userLAN, officeIndex: office, publicIP: nil, services: [], vulnerabilities: vulns, logSource: -1,
                            serviceLogSource: nil, commissionedDay: firstDay - random.int(30...1400)))
        assetByHostname[hostname] = index
        assets[index].logSource = addLogSource(type: .windowsSecurity, asset: index, name: "WindowsAuthServer @ \(hostname)", critical: false)
        return index
    }

    private static func drawPattern(role: Role, random: inout SeededRandom) -> WorkPattern {
        let options: [(WorkPattern, Double)]
        switch role {
        case .financeAnalyst, .hrSpecialist: options = [(.office, 0.55), (.hybrid, 0.3), (.remote, 0.05), (.partTime, 0.1)]
        case .developer: options = [(.office, 0.3), (.hybrid, 0.4), (.remote, 0.3)]
        case .salesRep: options = [(.office, 0.3), (.hybrid, 0.4), (.remote, 0.3)]
        case .executive: options = [(.office, 0.8), (.hybrid, 0.2)]
        case .itAdmin, .dba: options = [(.onCall, 0.7), (.office, 0.2), (.hybrid, 0.1)]
        case .helpDesk: options = [(.shift, 0.6), (.office, 0.4)]
        case .supportAgent: options = [(.shift, 0.75), (.remote, 0.15), (.partTime, 0.1)]
        case .contractor: options = [(.remote, 0.5), (.office, 0.3), (.partTime, 0.2)]
        case .serviceAccount: return .service
        }
        return options[random.weightedIndex(weights: options.map(\.1))].0
    }

    private static func drawVulnerabilities(platform: Platform, services: [String], server: Bool, random: inout SeededRandom) -> [Int] {
        var found: [Int] = []
        for (i, v) in VulnerabilityCatalog.entries.enumerated() where v.platforms.contains(platform) {
            if let service = v.service, !services.contains(where: { $0.hasPrefix(service) }) { continue }
            if random.chance(server ? 0.18 : 0.06) { found.append(i) }
        }
        return found
    }

    private static func mac(_ index: Int, server: Bool) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for shift in stride(from: 16, through: 0, by: -8) {
            let b = (index >> shift) & 0xFF
            bytes.append(hex[b >> 4])
            bytes.append(hex[b & 0xF])
        }
        let tail = String(decoding: bytes, as: UTF8.self)
        let t = Array(tail)
        return (server ? "00:50:56:" : "3c:52:82:") + String(t[0...1]) + ":" + String(t[2...3]) + ":" + String(t[4...5])
    }
}
