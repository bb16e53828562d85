import VigilCore

/// Activity-rate multiplier by local hour: a morning peak, a lunch dip, an afternoon plateau, a tail-off.
private let diurnal: [Double] = [
    0.55, 0.5, 0.5, 0.5, 0.5, 0.55, 0.6, 0.75, 0.95, 1.15, 1.25, 1.15, 0.65, 0.85, 1.1, 1.1, 1.0, 0.85, 0.7, 0.6, 0.55, 0.55, 0.55, 0.55,
]

extension HourGenerator {
    /// One person's part of a session that overlaps the hour `[h0, h1)`.
    func sessionHour(person: Person, session s: Session, h0: EpochMillis, h1: EpochMillis, emitter: inout Emitter,
                     random: inout SeededRandom) {
        let enterprise = model.enterprise
        guard let deviceIndex = person.deviceIndex else { return }
        let device = enterprise.assets[deviceIndex]
        let override = model.plan.overrides[person.index]
        let ip = s.remote ? enterprise.vpnAddress(of: person.index) : device.ip
        let actor = Actor(account: person.username, device: device, ip: ip, dc: enterprise.domainController(for: person.index))
        let base: GroundTruth? = s.label >= 0 ? .benign(lookalike: Int(s.label)) : nil

        if s.start >= h0, s.start < h1 {
            emitter.truth = base ?? (s.startLabel >= 0 ? .benign(lookalike: Int(s.startLabel)) : nil)
            sessionStart(person: person, session: s, actor: actor, override: override, emitter: &emitter, random: &random)
        }

        let a = max(s.start + EpochMillis.minute, h0)
        let b = min(s.end, h1)
        if a < b {
            emitter.truth = base
            activities(person: person, session: s, actor: actor, override: override, from: a, to: b, emitter: &emitter, random: &random)
            if !s.adminOnly {
                if !s.remote, random.chance(0.3 * Double(b - a) / Double(EpochMillis.hour)) {
                    emitter.logon(random.int64(a, b), user: person.username, target: device, from: device, type: LogonType.unlock,
                                  package: "Negotiate")
                }
                // Name lookups are batched into one flow record per client per collection interval.
                if b - a >= 10 * EpochMillis.minute, random.chance(0.4) {
                    emitter.dnsFlow(random.int64(a, b), client: device, clientIP: ip, queries: 20 + random.below(150), random: &random)
                }
            }
            // The endpoint agent's heartbeat: every four hours while the machine is in use.
            let hourOfRun = Int((h0 - model.config.start) / EpochMillis.hour)
            if (hourOfRun + person.index) % 4 == 0 {
                let beat = h0 + EpochMillis((person.index &* 7919) % 60) * EpochMillis.minute
                if beat >= a, beat < b { emitter.heartbeat(beat, logSource: device.logSource) }
            }
        }

        if s.end >= h0, s.end < h1 {
            emitter.truth = base
            sessionEnd(person: person, session: s, actor: actor, override: override, emitter: &emitter, random: &random)
        }
        emitter.truth = nil
    }

    /// RC4 (0x17) for some accounts on older Windows 10 builds whose passwords predate AES keys; AES-256 (0x12)
    /// otherwise. Keeps RC4 tickets from being an attacker-only trait.
    static func ticketEncryption(_ person: Person, _ device: Asset) -> String {
        device.os.hasPrefix("Windows 10") && person.index % 3 == 0 ? "0x17" : "0x12"
    }

    /// A contractor's own laptop, named the way Windows names a fresh install; stable per person and seed.
    static func personalDeviceName(_ person: Person, seed: UInt64) -> String {
        var r = RandomStreams(seed: seed).stream(.person, person.index, 99)
        return "DESKTOP-" + r.alphanumeric(7)
    }

    /// Where a remote session connects from.
    func remoteOrigin(person: Person, session s: Session, override: PersonOverride?) -> (ip: String, place: Place) {
        if s.travel >= 0, let t = override?.travels[Int(s.travel)] { return (t.hotelIP, t.place) }
        if s.egress >= 0, let e = override?.egress[Int(s.egress)] { return (e.ip, e.place) }
        return (person.homeIP, model.enterprise.home(of: person))
    }

    private func sessionStart(person: Person, session s: Session, actor: Actor, override: PersonOverride?, emitter: inout Emitter,
                              random: inout SeededRandom) {
        let enterprise = model.enterprise
        guard let device = actor.device else { return }
        let t0 = s.start
        let typo = random.chance(person.typoRate)
        let typos = typo ? (random.chance(0.2) ? 2 : 1) : 0
        if s.remote {
            emitter.logon(t0 - 90_000, user: person.username, target: device, from: device, type: LogonType.interactive, package: "Negotiate")
            let origin = remoteOrigin(person: person, session: s, override: override)
            let vpn = enterprise.assets[enterprise.vpnConcentrators[person.index % 2]]
            let saved = emitter.truth
            if s.vpnLabel >= 0, s.label < 0 { emitter.truth = .benign(lookalike: Int(s.vpnLabel)) }
            let clientOS = device.os.hasPrefix("Windows 10") ? "Windows 10" : "Windows 11"
            // Contractors connect from their own, unmanaged laptops (a Windows default `DESKTOP-…` name).
            let vpnDevice = person.role == .contractor ? Self.personalDeviceName(person, seed: model.config.seed) : device.hostname
            for k in 0..<typos {
                emitter.vpnLogin(t0 - EpochMillis(25_000 * (typos - k)), user: person.username, publicIP: origin.ip, place: origin.place,
                                 device: vpnDevice, vpn: vpn, assignedIP: actor.ip, success: false, clientOS: clientOS)
            }
            emitter.vpnLogin(t0, user: person.username, publicIP: origin.ip, place: origin.place, device: vpnDevice, vpn: vpn,
                             assignedIP: actor.ip, success: true, clientOS: clientOS)
            emitter.truth = saved
            emitter.kerberosTGT(t0 + 15_000, user: person.username, clientIP: actor.ip, clientHost: device.hostname, dc: actor.dc,
                                encryption: Self.ticketEncryption(person, device))
        } else {
            for k in 0..<typos {
                emitter.logonFailure(t0 - EpochMillis(12_000 * (typos - k)), user: person.username, target: device, from: device,
                                     type: LogonType.interactive, package: "Negotiate", failure: .badPassword)
            }
            emitter.kerberosTGT(t0, user: person.username, clientIP: device.ip, clientHost: device.hostname, dc: actor.dc,
                                encryption: Self.ticketEncryption(person, device))
            emitter.logon(t0 + 900, user: person.username, target: device, from: device, type: LogonType.interactive, package: "Kerberos")
        }
        if s.adminOnly { return }
        // Programs that start with the session.
        var when = t0 + 40_000
        for key in ["process:outlook", "process:teams"] {
            guard let r = enterprise.resourceIndex(key), person.habits.contains(r) else { continue }
            let resource = enterprise.resources[r]
            emitter.process(when, user: person.username, host: device, image: resource.name, commandLine: random.pick(resource.details))
            when += EpochMillis(random.int(5...60)) * EpochMillis.second
        }
    }

    private func sessionEnd(person: Person, session s: Session, actor: Actor, override: PersonOverride?, emitter: inout Emitter,
                            random: inout SeededRandom) {
        let enterprise = model.enterprise
        guard let device = actor.device else { return }
        if s.remote {
            let origin = remoteOrigin(person: person, session: s, override: override)
            let vpn = enterprise.assets[enterprise.vpnConcentrators[person.index % 2]]
            let hours = Double(s.end - s.start) / Double(EpochMillis.hour)
            let received = Int64(random.logNormal(median: 25e6 * hours * person.volume * person.role.volumeScale, sigma: 0.7))
            let saved = emitter.truth
            if s.vpnLabel >= 0, s.label < 0 { emitter.truth = .benign(lookalike: Int(s.vpnLabel)) }
            let vpnDevice = person.role == .contractor ? Self.personalDeviceName(person, seed: model.config.seed) : device.hostname
            emitter.vpnLogout(s.end, user: person.username, publicIP: origin.ip, place: origin.place, device: vpnDevice, vpn: vpn,
                              assignedIP: actor.ip, sent: received / Int64(4 + random.below(8)), received: received,
                              durationSeconds: (s.end - s.start) / 1000)
            emitter.truth = saved
        }
        emitter.logoff(s.end + 2_000, user: person.username, target: device, type: LogonType.interactive)
    }

    private func activities(person: Person, session s: Session, actor: Actor, override: PersonOverride?, from a: EpochMillis,
                            to b: EpochMillis, emitter: inout Emitter, random: inout SeededRandom) {
        let enterprise = model.enterprise
        var habits = person.habits
        var cumulative = person.habitCumulative
        var change: HabitChange?
        if s.habitSet >= 0, let h = override?.habitChanges[Int(s.habitSet)] {
            habits = h.habits
            cumulative = h.cumulative
            change = h
        }
        guard !habits.isEmpty else { return }
        let minutes = Int((a / EpochMillis.minute + Int64(s.offsetMinutes)) % 1440 + 1440) % 1440
        let fraction = Double(b - a) / Double(EpochMillis.hour)
        let rate: Double
        if s.adminOnly {
            rate = 2.5 * fraction
        } else {
            rate = person.role.activityRate * person.activity * diurnal[minutes / 60] * fraction
        }
        let count = random.poisson(rate)
        guard count > 0 else { return }
        let volume = person.volume * person.role.volumeScale
        let base = emitter.truth
        let day = SimTime.epochDay(a)
        for _ in 0..<count {
            let t = random.int64(a, b)
            var r = habits[random.weightedIndex(cumulative: cumulative)]
            if s.adminOnly {
                let servers = habits.filter { enterprise.resources[$0].kind == .server }
                r = servers.isEmpty ? (enterprise.resourceIndex("server:JUMP01") ?? r) : servers[random.below(servers.count)]
            }
            if let change, base == nil, day < change.labelUntilDay, change.newResources.contains(r) {
                emitter.truth = .benign(lookalike: change.label)
            } else {
                emitter.truth = base
            }
            perform(resource: enterprise.resources[r], at: t, person: person, actor: actor, volume: volume, emitter: &emitter,
                    random: &random)
        }
        emitter.truth = base
    }

    /// One use of one resource.
    func perform(resource: Resource, at t: EpochMillis, person: Person, actor: Actor, volume: Double, emitter: inout Emitter,
                 random: inout SeededRandom) {
        let enterprise = model.enterprise
        switch resource.kind {
        case .share:
            emitter.accessShare(t, actor: actor, resource: resource, random: &random, volume: volume)
        case .application:
            if resource.application == "ServiceDesk", resource.name.hasSuffix("Password Reset") {
                let target = enterprise.people[random.below(enterprise.people.count)]
                emitter.useApplication(t, actor: actor, resource: resource, random: &random, volume: volume, action: "reset-password")
                if !target.isService {
                    emitter.passwordReset(t + 4_000, actor: person.serverAccount, target: target.username, actorHost: actor.device, dc: actor.dc)
                }
            } else {
                emitter.useApplication(t, actor: actor, resource: resource, random: &random, volume: volume)
            }
        case .database:
            if person.role == .dba {
                var admin = actor
                admin.account = person.serverAccount
                emitter.queryDatabase(t, actor: admin, resource: resource, random: &random, volume: volume,
                                      statement: random.chance(0.5) ? random.pick(Catalog.dbaStatements) : nil)
            } else {
                emitter.queryDatabase(t, actor: actor, resource: resource, random: &random, volume: volume)
            }
        case .web:
            guard let d = resource.destinationIndex else { return }
            emitter.browse(t, actor: actor, destination: enterprise.destinations[d], random: &random, volume: volume,
                           median: resource.medianBytes)
        case .process:
            guard let device = actor.device else { return }
            emitter.process(t, user: person.username, host: device, image: resource.name, commandLine: random.pick(resource.details))
        case .server:
            guard let server = resource.assetIndex.map({ enterprise.assets[$0] }), let method = resource.method else { return }
            var admin = actor
            admin.account = person.serverAccount
            if let device = actor.device, admin.account != person.username {
                // The admin account is typed into mstsc/Enter-PSSession on the person's own machine; now and then
                // an admin uses `runas /netonly`, a legitimate NewCredentials (type 9) logon.
                if random.chance(0.04) {
                    emitter.logon(t - 30_000, user: person.username, target: device, from: device, type: LogonType.newCredentials,
                                  package: "Negotiate", properties: ["Logon Process": "seclogo", "Network Account Name": admin.account,
                                                              "Network Account Domain": Enterprise.windowsDomain])
                }
                if method != .ssh, random.chance(0.5) {
                    emitter.explicitCredentials(t - 1_500, user: person.username, asAccount: admin.account, host: device,
                                                targetServer: server.hostname,
                                                process: method == .rdp ? #"C:\Windows\System32\mstsc.exe"# : #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#)
                }
            }
            emitter.administer(t, actor: admin, server: server, method: method, random: &random)
        }
    }
}
