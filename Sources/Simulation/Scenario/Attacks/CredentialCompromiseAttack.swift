import VigilCore

/// Account takeover: a phished or guessed password is used over the VPN from far away, shortly after the real
/// person was working at home or in the office (an impossible journey), off-hours, from a device never seen, and
/// the session goes for sensitive shares and applications the person never uses.
public struct CredentialCompromiseAttack: ScenarioModule {
    public let name = "credential-compromise"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let victim = context.pickPerson({
            [.financeAnalyst, .executive, .hrSpecialist, .salesRep].contains($0.role) && $0.pattern != .shift && $0.deviceIndex != nil
        }) else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Account takeover of \(victim.username)",
            description: "\(victim.displayName)'s password is used over the VPN from an unfamiliar country and device to reach sensitive data.",
            entities: [EntityRef(.user, victim.username)])
        context.sprayPasswords(campaign: campaign, victim: victim, untilDay: context.attackStartDay)
        _ = context.runCredentialCompromise(campaign: campaign, victim: victim, firstDay: context.attackStartDay,
                                            sessions: context.scaled(1.5), collectionStage: true)
    }
}

/// Where an account-takeover session came from.
struct CompromiseOrigin {
    var ip: String
    var place: Place
    var device: String
}

extension ScenarioContext {
    /// Slow password spraying against the VPN from a few outside addresses, as real tooling does it to stay under
    /// lockout thresholds: one guess at a time against a different account every 20–120 minutes, for up to two
    /// days before the first successful login, the victim among the accounts tried.
    mutating func sprayPasswords(campaign c: Int, victim: Person, untilDay: Int) {
        let end = midnight(day: untilDay) + 6 * EpochMillis.hour
        let begin = max(start, end - EpochMillis(self.random.int(24...48)) * EpochMillis.hour)
        guard begin < end else { return }
        var sources: [(String, Place)] = []
        for _ in 0..<(2 + self.random.below(3)) {
            let place = self.random.pick(World.hostingLocations)
            sources.append((adversaryAddress(place), place))
        }
        let targets = enterprise.people.filter { !$0.isService }.map(\.username)
        guard !targets.isEmpty else { return }
        let step = addStep(campaign: c, stage: "credential-access", tactic: "Credential Access", technique: "T1110.003",
                           techniqueName: "Brute Force: Password Spraying",
                           description: "One VPN password guess at a time against many accounts from \(sources.count) hosting addresses.",
                           entities: [EntityRef(.user, victim.username)] + sources.map { EntityRef(.ip, $0.0) }, start: begin, end: end)
        let vpn = enterprise.assets[enterprise.vpnConcentrators[random.below(2)]]
        var random = self.random
        script(.malicious(campaign: c, step: step)) { e in
            var t = begin
            var k = 0
            while t < end {
                let (ip, place) = sources[k % sources.count]
                let user = k % 7 == 3 ? victim.username : targets[random.below(targets.count)]
                e.vpnLogin(t, user: user, publicIP: ip, place: place, device: "DESKTOP-" + random.alphanumeric(7), vpn: vpn, assignedIP: "",
                           success: false, clientOS: random.pick(["Windows 10", "Windows 11"]))
                t += EpochMillis(random.int(20...120)) * EpochMillis.minute
                k += 1
            }
        }
        self.random = random
    }

    /// Runs an account takeover of `victim` starting on `firstDay`: optional password guessing, VPN sessions from far
    /// away shortly after the victim's own working day, share discovery, then collection from sensitive shares.
    @discardableResult
    mutating func runCredentialCompromise(campaign c: Int, victim: Person, firstDay: Int, sessions: Int,
                                          collectionStage: Bool) -> CompromiseOrigin? {
        let stealth = config.stealth
        let office = enterprise.office(of: victim).place
        let origin: Place
        if stealth < 0.5 {
            origin = World.adversaryOrigins.max { office.distanceKilometres(to: $0) < office.distanceKilometres(to: $1) }!
        } else {
            let abroad = World.hostingLocations.filter { $0.country != office.country }
            origin = abroad.filter { office.distanceKilometres(to: $0) >= 1500 }
                .min { office.distanceKilometres(to: $0) < office.distanceKilometres(to: $1) } ?? abroad[0]
        }
        let ip = adversaryAddress(origin)
        let deviceName = attackerDeviceName()
        // The pool address the VPN reserves for the account, exactly as for the real user.
        let assigned = enterprise.vpnAddress(of: victim.index)
        let clientOS = random.pick(["Windows 10", "Windows 11"])
        let attacker = unmanagedHost(deviceName, ip: assigned)
        let actor = Actor(account: victim.username, device: attacker, ip: assigned, dc: enterprise.domainController(for: victim.index))
        if random.chance(1 - stealth) {
            addIndicator(ThreatIndicator(indicator: ip, type: "ipv4", threat: stealth < 0.3 ? "credential-stuffing" : "anonymizer",
                                         confidence: random.int(55...90), source: "OSINT IP Blocklist",
                                         firstSeen: start - EpochMillis(random.int(3...60)) * EpochMillis.day,
                                         lastSeen: start - EpochMillis(random.int(0...2)) * EpochMillis.day,
                                         description: "Address seen in password-spraying and VPN brute-force campaigns"))
        }
        let entities = [EntityRef(.user, victim.username), EntityRef(.ip, ip), EntityRef(.host, deviceName)]
        let vpn = enterprise.assets[enterprise.vpnConcentrators[1]]
        let sensitive = enterprise.resources.filter {
            ($0.kind == .share || $0.kind == .application) && $0.sensitivity >= .confidential && !victim.habits.contains($0.index)
                && $0.department != victim.department
        }
        var guessing: Int?
        var access: Int?
        var discovery: Int?
        var collection: Int?
        var repository: Int?
        var day = firstDay
        var done = 0
        while done < sessions, day < days, let work = nextWorkSession(victim, from: day) {
            day = work.day + 1 + random.below(2)
            // Shortly after the victim stopped working: too soon to have travelled that far.
            let gap = EpochMillis(stealth < 0.5 ? random.int(150...330) : random.int(50...110)) * EpochMillis.minute
            let login = work.end + gap
            let length = EpochMillis(random.int(25...80)) * EpochMillis.minute
            guard login + length < end else { break }
            done += 1
            if stealth < 0.7, guessing == nil {
                let g = addStep(campaign: c, stage: "credential-access", tactic: "Credential Access", technique: "T1110.001",
                                techniqueName: "Brute Force: Password Guessing",
                                description: "Failed VPN logins for \(victim.username) from \(ip) before the successful one.",
                                entities: entities, start: login - 10 * EpochMillis.minute, end: login)
                guessing = g
                let failures = 2 + Int(4 * (1 - stealth))
                script(.malicious(campaign: c, step: g)) { e in
                    for k in 0..<failures {
                        e.vpnLogin(login - EpochMillis((failures - k) * 70_000), user: victim.username, publicIP: ip, place: origin, device: deviceName,
                                   vpn: vpn, assignedIP: assigned, success: false, clientOS: clientOS)
                    }
                }
            }
            if access == nil {
                access = addStep(campaign: c, stage: "initial-access", tactic: "Initial Access", technique: "T1078",
                                 techniqueName: "Valid Accounts",
                                 description: "VPN session as \(victim.username) from \(origin.city), \(origin.country) on unmanaged device \(deviceName).",
                                 entities: entities + [EntityRef(.host, vpn.hostname)], start: login, end: login + length)
            }
            var random = self.random
            var received: Int64 = 0
            script(.malicious(campaign: c, step: access!)) { e in
                e.vpnLogin(login, user: victim.username, publicIP: ip, place: origin, device: deviceName, vpn: vpn, assignedIP: assigned,
                           success: true, clientOS: clientOS)
                e.kerberosTGT(login + 20_000, user: victim.username, clientIP: assigned, clientHost: deviceName, dc: actor.dc, encryption: "0x17")
            }
            if discovery == nil {
                let d = addStep(campaign: c, stage: "discovery", tactic: "Discovery", technique: "T1135", techniqueName: "Network Share Discovery",
                                description: "Enumerates shares on the file servers over NTLM from the VPN session.",
                                entities: entities, start: login, end: login + 10 * EpochMillis.minute)
                discovery = d
                let fileServers = enterprise.servers.filter { $0.kind == .fileServer }
                script(.malicious(campaign: c, step: d)) { e in
                    var t = login + 90_000
                    for server in fileServers {
                        e.logon(t, user: victim.username, target: server, from: attacker, type: LogonType.network, package: "NTLM", device: deviceName)
                        e.shareAccess(t + 300, user: victim.username, client: attacker, clientIP: assigned, server: server, share: #"\\"# + server.hostname + #"\IPC$"#)
                        t += EpochMillis(random.int(4...25)) * EpochMillis.second
                    }
                }
            }
            if collectionStage, !sensitive.isEmpty {
                if collection == nil {
                    collection = addStep(campaign: c, stage: "collection", tactic: "Collection", technique: "T1039",
                                         techniqueName: "Data from Network Shared Drive",
                                         description: "Downloads files from shares outside \(victim.username)'s role.",
                                         entities: entities, start: login, end: login + length)
                }
                let files = scaled(6 * (1.3 - stealth))
                var t = login + 6 * EpochMillis.minute
                for _ in 0..<files {
                    let r = sensitive[random.below(sensitive.count)]
                    let volume = 2 - stealth
                    if r.kind == .share {
                        script(.malicious(campaign: c, step: collection!)) { e in
                            let before = e.events.count
                            e.accessShare(t, actor: actor, resource: r, random: &random, volume: volume, write: false, sessionProbability: 0.5, package: "NTLM")
                            for ev in e.events[before...] where ev.event.kind == .fileAccess { received += ev.event.bytesIn ?? 0 }
                        }
                    } else {
                        if repository == nil {
                            repository = addStep(campaign: c, stage: "collection", tactic: "Collection", technique: "T1213",
                                                 techniqueName: "Data from Information Repositories",
                                                 description: "Exports records from business applications \(victim.username) does not use.",
                                                 entities: entities, start: login, end: login + length)
                        }
                        script(.malicious(campaign: c, step: repository!)) { e in
                            let size = Int64(random.logNormal(median: r.medianBytes * 20 * volume, sigma: 0.5))
                            received += size
                            e.useApplication(t, actor: actor, resource: r, random: &random, volume: 1,
                                             action: r.details.contains("export") ? "export" : "view", bytes: size)
                        }
                    }
                    t += EpochMillis(random.int(40...400)) * EpochMillis.second
                }
            }
            let total = received + Int64(random.int(2...20)) * 1_000_000
            script(.malicious(campaign: c, step: access!)) { e in
                e.vpnLogout(login + length, user: victim.username, publicIP: ip, place: origin, device: deviceName, vpn: vpn, assignedIP: assigned,
                            sent: total / 30, received: total, durationSeconds: length / 1000)
            }
            self.random = random
        }
        return done > 0 ? CompromiseOrigin(ip: ip, place: origin, device: deviceName) : nil
    }
}
