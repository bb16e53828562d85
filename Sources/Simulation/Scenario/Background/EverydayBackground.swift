import VigilCore

/// Plans the ordinary life that makes attack-like signals common: leavers and promotions in HR, log sources that
/// hiccup or send garbage for mundane reasons, teams adopting new SaaS products, and the software-deployment
/// tool's push days. Runs in every scenario after the modules; adds look-alike labels only when look-alikes are on.
enum EverydayBackground {
    static let name = "everyday-background"

    static func plan(_ c: inout ScenarioContext) {
        c.random = c.streams.stream(named: name)
        c.planLeavers()
        c.planPromotions()
        c.planLogSourceHiccups()
        c.planBrokenSources()
        c.planAdoptions()
        c.planDeployments()
        if c.config.benignLookalikes { c.planLogArchives() }
    }
}

extension ScenarioContext {
    /// About 1.2 % of staff resign per month (≈ 14 % a year): each gives notice, works it out, hands over and leaves.
    mutating func planLeavers() {
        let count = max(2, Int((Double(config.users) * 0.012 * Double(days) / 30).rounded()))
        let labelled = config.benignLookalikes
        for i in 0..<count {
            guard let person = pickPerson({ !$0.isService && !$0.isManager && $0.deviceIndex != nil && $0.pattern != .shift }) else { break }
            // Notice can predate the run (people are already working it out on day one); the first leaver always
            // leaves within the run, so every run has a benign last week to compare the insider's with.
            let last: Int, notice: Int
            if i == 0 {
                last = random.int(min(days - 1, 5)...(days - 1))
                notice = last - random.int(10...28)
            } else {
                notice = random.int(-20...(days - 1))
                last = notice + random.int(10...28)
            }
            resign(person, noticeEpochDay: firstEpochDay + notice, lastEpochDay: firstEpochDay + last)
            guard labelled, last >= 0, last - 6 < days else { continue }
            planHandover(person, lastRunDay: last)
        }
    }

    /// A leaver's last working days: files handed over to the team share with robocopy, their work archived with
    /// 7-Zip, and sometimes personal files uploaded to their own cloud storage.
    private mutating func planHandover(_ person: Person, lastRunDay: Int) {
        guard let device = enterprise.device(of: person) else { return }
        let from = max(0, lastRunDay - 6)
        let share = enterprise.resources.first { $0.kind == .share && $0.department == person.department }
            ?? enterprise.resource(key: #"share:Public\Templates"#)
        let label = addLookalike(kind: .leaver, description: "\(person.displayName) hands over their files and leaves on \(CivilDate(epochDay: firstEpochDay + lastRunDay)).",
                                 entities: [EntityRef(.user, person.username), EntityRef(.host, device.hostname)],
                                 start: midnight(day: from), end: midnight(day: min(days - 1, lastRunDay)) + EpochMillis.day)
        let profile = #"C:\Users\"# + person.username
        var random = self.random
        var done = 0
        for day in from...min(days - 1, lastRunDay) where done < 2 {
            guard let work = workSession(person, day: day), work.end - work.start >= 2 * EpochMillis.hour else { continue }
            done += 1
            let actor = self.actor(person, remote: work.remote)
            let t = random.int64(work.start + 30 * EpochMillis.minute, work.end - 60 * EpochMillis.minute)
            let target = share?.name ?? #"\\FS-CORP01\Public"#
            script(.benign(lookalike: label)) { e in
                e.process(t, user: person.username, host: device, image: #"C:\Windows\System32\Robocopy.exe"#,
                          commandLine: "robocopy \"\(profile)\\Documents\\Projects\" \"\(target)\\handover\\\(person.username)\" /E /R:1 /W:1 /NP",
                          parent: #"C:\Windows\System32\cmd.exe"#)
                if let share {
                    for k in 0..<(2 + random.below(4)) {
                        e.accessShare(t + EpochMillis(k * 40_000), actor: actor, resource: share, random: &random, volume: 1.5, write: true)
                    }
                }
                e.process(t + EpochMillis(random.int(5...40)) * EpochMillis.minute, user: person.username, host: device,
                          image: #"C:\Program Files\7-Zip\7z.exe"#,
                          commandLine: "\"C:\\Program Files\\7-Zip\\7z.exe\" a -t7z \"\(profile)\\Desktop\\handover-\(person.username).7z\" \"\(profile)\\Documents\\*\"",
                          parent: #"C:\Windows\explorer.exe"#)
            }
            if done == 2, random.chance(0.4), let d = enterprise.destinationByDomain[random.pick(["drive.google.com", "www.dropbox.com"])] {
                let storage = enterprise.destinations[d]
                let when = random.int64(work.start + 20 * EpochMillis.minute, work.end - 20 * EpochMillis.minute)
                script(.benign(lookalike: label)) { e in
                    for k in 0..<(1 + random.below(3)) {
                        e.webRequest(when + EpochMillis(k * 90_000), user: person.username, client: device, clientIP: actor.ip, destination: storage,
                                     path: "/upload", method: "POST", uploaded: Int64(random.uniform(2e6, 40e6)), downloaded: 3_000,
                                     proxyIndex: e.enterprise.proxies[person.index % 2], withFlow: true, random: &random)
                    }
                }
            }
        }
        self.random = random
    }

    /// Promotions and moves inside a team: a new title (and sometimes role) in HR, nothing unusual in behaviour.
    mutating func planPromotions() {
        let count = max(1, Int((Double(config.users) / 120 * Double(days) / 30).rounded()))
        for _ in 0..<count {
            let pool = candidates { !$0.isService && $0.role.titles.count > 1 }
            guard !pool.isEmpty else { return }
            let person = pool[random.below(pool.count)]
            let titles = person.role.titles
            let next = titles[min(titles.count - 1, (titles.firstIndex(of: person.title) ?? 0) + 1)]
            let newTitle = next == person.title ? "Senior " + person.title : next
            let day = random.below(max(1, days))
            addHRChange(person, HRChange(
                date: CivilDate(epochDay: firstEpochDay + day).description, kind: "role-change",
                detail: "\(person.title) (\(person.role.rawValue)) -> \(newTitle) (\(person.role.rawValue)), department \(person.department.rawValue)",
                department: person.department.rawValue, role: person.role.rawValue, title: newTitle))
        }
    }

    /// Short silences for ordinary reasons: about one per 60 log sources a week, mostly 5–40 minutes, one in ten
    /// lasting 1.5–6 hours (a collector down overnight, an agent that crashed until someone restarted it).
    mutating func planLogSourceHiccups() {
        let count = random.poisson(Double(enterprise.logSources.count) * Double(days) / 420)
        for _ in 0..<count {
            let source = random.below(enterprise.logSources.count)
            guard enterprise.logSources[source].type != .flowCollector else { continue }
            let from = start + random.int64(0, end - start)
            let minutes = random.chance(0.1) ? random.uniform(90, 360) : random.uniform(5, 40)
            let until = min(end, from + EpochMillis(minutes * 60_000))
            guard from < until else { continue }
            if config.benignLookalikes {
                let s = enterprise.logSources[source]
                let label = addLookalike(kind: .logSourceHiccup, description: "\(s.name) is silent for \(Int(minutes)) minutes (agent restart or network blip).",
                                         entities: [EntityRef(.logSource, s.name), EntityRef(.host, s.hostname)], start: from, end: until)
                silence(logSource: source, from: from, until: until, lookalike: label)
            } else {
                plan.silences.append(Silence(logSource: source, start: from, end: until))
            }
        }
    }

    /// A few misconfigured sources send the odd malformed line all the time; each also has a burst of a few hours
    /// (after an agent upgrade or a template change) in which a quarter or more of its lines are broken.
    mutating func planBrokenSources() {
        let sources = enterprise.logSources.indices.filter { enterprise.logSources[$0].type != .flowCollector }
        let count = min(sources.count, 2 + config.users / 400)
        for k in random.sample(count, from: sources.count) {
            let source = sources[k]
            plan.background.brokenSources.append(BrokenSource(logSource: source, start: start, end: end, perHour: random.uniform(0.1, 1.5), label: nil))
            let from = start + random.int64(0, max(1, end - start - 2 * EpochMillis.hour))
            let until = min(end, from + EpochMillis(random.uniform(1, 4) * 3_600_000))
            var label: Int?
            if config.benignLookalikes {
                let s = enterprise.logSources[source]
                label = addLookalike(kind: .logSourceMisconfiguration, description: "\(s.name) sends malformed lines after an agent upgrade until its template is fixed.",
                                     entities: [EntityRef(.logSource, s.name), EntityRef(.host, s.hostname)], start: from, end: until)
            }
            plan.background.brokenSources.append(BrokenSource(logSource: source, start: from, end: until, perHour: random.uniform(15, 60), label: label))
        }
    }

    /// Teams adopt about one new SaaS product per department every two weeks: a few early users first, the rest
    /// of the adopters over the following days.
    mutating func planAdoptions() {
        var products = Array(Catalog.saasProducts.indices)
        let departments = Department.allCases
        let count = min(products.count, max(2, departments.count * days / 14))
        for _ in 0..<count {
            let department = random.pick(departments)
            let members = enterprise.people.filter { $0.department == department && !$0.isService && $0.deviceIndex != nil }
            guard !members.isEmpty, !products.isEmpty else { continue }
            let product = products.remove(at: random.below(products.count))
            guard let destination = enterprise.destinationByDomain[Catalog.saasProducts[product].domain] else { continue }
            let first = firstEpochDay + random.below(max(1, days))
            let chosen = random.sample(min(members.count, 2 + members.count / 3), from: members.count)
            var adopters: [(person: Int, fromDay: Int)] = []
            for (k, m) in chosen.enumerated() { adopters.append((members[m].index, first + (k < 2 ? 0 : random.int(1...10)))) }
            plan.background.adoptions.append(SaaSAdoption(destination: destination, adopters: adopters))
        }
    }

    /// About every two weeks an administrator archives a full Security log on a server and clears it, in working
    /// hours, from the jump host: the same 1102 a log-clearing intruder leaves.
    mutating func planLogArchives() {
        guard let jump = enterprise.asset(named: "JUMP01") else { return }
        let admins = enterprise.people.filter { $0.role == .itAdmin && $0.adminAccount != nil }
        let servers = enterprise.servers.filter { $0.platform == .windowsServer && $0.kind != .domainController }
        guard !admins.isEmpty, !servers.isEmpty else { return }
        for _ in 0..<max(1, days / 14) {
            let admin = admins[random.below(admins.count)]
            let server = servers[random.below(servers.count)]
            let day = workday(admin, onOrAfter: random.below(max(1, days)))
            let t = localTime(admin, day: day, hour: random.int(9...16), minute: random.int(0...59))
            guard t >= start, t < end - EpochMillis.hour else { continue }
            let archive = #"D:\LogArchive\Security-"# + CivilDate(epochDay: SimTime.epochDay(t)).description + ".evtx"
            let label = addLookalike(kind: .logArchive, description: "\(admin.serverAccount) archives and clears the full Security log on \(server.hostname).",
                                     entities: [EntityRef(.user, admin.serverAccount), EntityRef(.host, server.hostname)], start: t, end: t + 5 * EpochMillis.minute)
            let actor = Actor(account: admin.serverAccount, device: jump, ip: jump.ip, dc: enterprise.domainController(for: admin.index))
            var random = self.random
            script(.benign(lookalike: label)) { e in
                e.administer(t, actor: actor, server: server, method: .rdp, random: &random,
                             commands: ["cmd.exe /c wevtutil epl Security " + archive, "cmd.exe /c wevtutil cl Security /bu:" + archive],
                             logoffAfter: 4 * EpochMillis.minute)
                e.auditLogCleared(t + 60_000, user: admin.serverAccount, host: server)
            }
            self.random = random
        }
    }

    /// The software-deployment tool pushes packages on Tuesday and Thursday evenings.
    mutating func planDeployments() {
        let fixed: Set<String> = ["svc_backup", "svc_sql", "svc_report", "svc_ci", "svc_web"]
        plan.background.deploymentAccount = enterprise.people.first { $0.isService && !fixed.contains($0.username) }?.username ?? "svc_backup"
        for d in 0..<days {
            let weekday = CivilDate.weekday(epochDay: firstEpochDay + d)
            if weekday == 1 || weekday == 3 { plan.background.deploymentDays.insert(firstEpochDay + d) }
        }
    }
}
