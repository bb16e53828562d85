import VigilCore

/// Precomputed lists the background reads every hour.
struct BackgroundIndex: Sendable {
    /// IT administrators, DBAs and help-desk staff (person indices).
    let itStaff: [Int]
    /// Databases DBAs work on (resource indices).
    let databases: [Int]
    /// Hosts with periodic agents: Windows and Linux servers, and endpoints (appliances have none).
    let agentHosts: [Int]
    /// Windows hosts the deployment tool manages.
    let managedHosts: [Int]
    /// Agent destinations by agent index (nil for internal targets).
    let agentDestinations: [Int?]
    /// Internal agent targets by agent index.
    let agentServers: [Int?]

    init(enterprise e: Enterprise) {
        itStaff = e.people.filter { ($0.role == .itAdmin || $0.role == .helpDesk || $0.role == .dba) && $0.deviceIndex != nil }.map(\.index)
        databases = e.resources.indices.filter { e.resources[$0].kind == .database && e.resources[$0].details.count >= 2 }
        agentHosts = e.assets.indices.filter { e.assets[$0].platform != .appliance }
        managedHosts = e.assets.indices.filter { e.assets[$0].platform == .windowsServer || e.assets[$0].platform == .windowsClient }
        agentDestinations = Catalog.periodicAgents.map { a in
            if case let .web(domain) = a.target { return e.destinationByDomain[domain] }
            return nil
        }
        agentServers = Catalog.periodicAgents.map { a in
            if case let .server(name) = a.target { return e.assetByHostname[name] }
            return nil
        }
    }
}

extension HourGenerator {
    /// The everyday background of one hour. `active[p]` is -1 when person `p` is not working this hour, 0 in the
    /// office, 1 remote.
    func backgroundHour(h0: EpochMillis, hour: Int, active: [Int8], emitter: inout Emitter, random: inout SeededRandom) {
        periodicAgents(h0: h0, active: active, emitter: &emitter)
        newDomains(h0: h0, active: active, emitter: &emitter, random: &random)
        adminWork(h0: h0, active: active, emitter: &emitter, random: &random)
        endpointProcesses(h0: h0, active: active, emitter: &emitter, random: &random)
        deployments(h0: h0, emitter: &emitter, random: &random)
        brokenSources(h0: h0, emitter: &emitter, random: &random)
        internetNoise(h0: h0, emitter: &emitter, random: &random)
    }

    /// The address a host's traffic comes from this hour (a laptop on VPN uses its owner's pool address).
    private func address(of asset: Asset, active: [Int8]) -> String {
        if asset.kind == .laptop, let o = asset.ownerIndex, active[o] == 1 { return model.enterprise.vpnAddress(of: o) }
        return asset.ip
    }

    /// Every host's agents calling on their timers: slot `k` of an agent on a host is due at `phase + k·period`
    /// and lands within ±jitter/2 of it, drawn from a stream keyed by (host, agent, slot), so calls continue
    /// seamlessly across hours without any state.
    private func periodicAgents(h0: EpochMillis, active: [Int8], emitter: inout Emitter) {
        let e = model.enterprise
        let agents = Catalog.periodicAgents
        let h1 = h0 + EpochMillis.hour
        for hostIndex in model.background.agentHosts {
            let host = e.assets[hostIndex]
            let server = !host.kind.isEndpoint
            let ownerActive = host.ownerIndex.map { active[$0] >= 0 } ?? false
            // Laptops sleep when their owner is not working; desktops and servers stay on.
            if host.kind == .laptop, !ownerActive { continue }
            let ip = address(of: host, active: active)
            for (j, agent) in agents.enumerated() {
                guard server ? agent.onServers : agent.onEndpoints else { continue }
                if agent.needsUser, !ownerActive { continue }
                let key = RandomStreams.mix(UInt64(hostIndex) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(j))
                if agent.share < 1, Double(key % 1000) / 1000 >= agent.share { continue }
                let period = EpochMillis(agent.period) * 1000
                let phase = EpochMillis(key >> 20) % period
                let spread = Double(period) * agent.jitter
                var k = (h0 - phase) / period - 1
                while true {
                    let nominal = phase + k * period
                    if Double(nominal) - spread / 2 >= Double(h1) { break }
                    defer { k += 1 }
                    var r = model.streams.stream(.periodic, hostIndex &* 64 &+ j, Int(k))
                    let t = nominal + EpochMillis((r.nextUnit() - 0.5) * spread)
                    guard t >= h0, t < h1 else { continue }
                    let big = agent.bigShare > 0 && r.chance(agent.bigShare)
                    let sent = Int64(r.logNormal(median: agent.sentMedian, sigma: 0.35))
                    let received = big ? Int64(r.logNormal(median: 15e6, sigma: 1)) : Int64(r.logNormal(median: agent.receivedMedian, sigma: 0.35))
                    let user = agent.needsUser ? host.ownerIndex.map { e.people[$0].username } : nil
                    switch agent.target {
                    case .web:
                        guard let d = model.background.agentDestinations[j] else { continue }
                        emitter.webRequest(t, user: user, client: host, clientIP: ip, destination: e.destinations[d], path: agent.path,
                                           method: agent.method, uploaded: sent, downloaded: received, proxyIndex: e.proxies[hostIndex % 2],
                                           withFlow: r.chance(0.15), random: &r)
                    case .domainController:
                        let dc = e.domainController(for: hostIndex)
                        emitter.flow(t, sourceIP: ip, sourceHost: host.hostname, destinationIP: dc.ip, destinationHost: dc.hostname,
                                     sourcePort: agent.transport == "UDP" ? 123 : Emitter.ephemeralPort(&r), destinationPort: agent.port,
                                     transport: agent.transport, application: agent.application, sent: sent, received: received)
                    case .server:
                        guard let s = model.background.agentServers[j], s != hostIndex else { continue }
                        let target = e.assets[s]
                        emitter.flow(t, sourceIP: ip, sourceHost: host.hostname, destinationIP: target.ip, destinationHost: target.hostname,
                                     sourcePort: Emitter.ephemeralPort(&r), destinationPort: agent.port, transport: agent.transport,
                                     application: agent.application, sent: sent, received: received)
                    }
                }
            }
        }
    }

    /// First contacts: adopted SaaS products, and each day's new host names on content-delivery networks.
    private func newDomains(h0: EpochMillis, active: [Int8], emitter: inout Emitter, random: inout SeededRandom) {
        let e = model.enterprise
        let day = SimTime.epochDay(h0)
        for adoption in model.plan.background.adoptions {
            for (p, from) in adoption.adopters where from <= day && active[p] >= 0 {
                guard random.chance(0.35), let actor = backgroundActor(p, active: active) else { continue }
                emitter.browse(h0 + EpochMillis(random.below(3_600_000)), actor: actor, destination: e.destinations[adoption.destination],
                               random: &random, volume: 1, median: 300_000)
            }
        }
        var people: [Int] = []
        for p in active.indices where active[p] >= 0 { people.append(p) }
        guard !people.isEmpty else { return }
        let perDay = 4 + e.people.count / 40
        for _ in 0..<random.poisson(Double(people.count) * 0.015) {
            guard let actor = backgroundActor(people[random.below(people.count)], active: active) else { continue }
            emitter.browse(h0 + EpochMillis(random.below(3_600_000)), actor: actor, destination: Self.cdnHost(day: day, index: random.below(perDay), streams: model.streams),
                           random: &random, volume: 1, median: 120_000)
        }
    }

    /// A content-delivery host name that first appears on `day` (`d3k9x…cloudfront.net`, `static-3fa9c1.azureedge.net`).
    static func cdnHost(day: Int, index: Int, streams: RandomStreams) -> ExternalDestination {
        var r = streams.stream(.background, day, index, 7)
        let provider = Catalog.cdnProviders[r.below(Catalog.cdnProviders.count)]
        let name: String
        switch provider.style {
        case 0: name = "d" + r.alphanumeric(13).lowercased()
        case 1: name = "e" + String(r.int(10_000...99_999)) + ".a"
        default: name = r.pick(["static", "assets", "cdn", "media", "edge", "img", "update", "sync"]) + "-" + r.hex(6)
        }
        return ExternalDestination(domain: name + provider.suffix, ip: provider.prefix + String(r.int(0...255)) + "." + String(r.int(2...253)),
                                   place: Catalog.webLocations[provider.location], category: r.chance(0.3) ? "Uncategorized" : "Content Delivery Networks",
                                   popularity: 0.01)
    }

    private func backgroundActor(_ p: Int, active: [Int8]) -> Actor? {
        let e = model.enterprise
        let person = e.people[p]
        guard let d = person.deviceIndex else { return nil }
        let device = e.assets[d]
        return Actor(account: person.username, device: device, ip: active[p] == 1 ? e.vpnAddress(of: p) : device.ip,
                     dc: e.domainController(for: p))
    }

    /// IT staff using admin tools the way they do every day: locally, over RDP and PowerShell remoting, and
    /// PsExec-style remote execution.
    private func adminWork(h0: EpochMillis, active: [Int8], emitter: inout Emitter, random: inout SeededRandom) {
        let e = model.enterprise
        let windowsServers = e.servers.filter { $0.platform == .windowsServer }
        guard !windowsServers.isEmpty else { return }
        for p in model.background.itStaff where active[p] >= 0 {
            for _ in 0..<random.poisson(0.35) {
                guard var actor = backgroundActor(p, active: active), let device = actor.device else { continue }
                let person = e.people[p]
                let t = h0 + EpochMillis(random.below(3_500_000))
                let tool = random.pick(Catalog.adminToolCommands)
                let server = windowsServers[random.below(windowsServers.count)]
                if person.role == .dba, random.chance(0.6), !model.background.databases.isEmpty {
                    // Ad-hoc copy-only backups and checks with sqlcmd, under the DBA's admin account.
                    let db = e.resources[model.background.databases[random.below(model.background.databases.count)]]
                    actor.account = person.serverAccount
                    emitter.queryDatabase(t, actor: actor, resource: db, random: &random, volume: 1,
                                          statement: random.pick(["BACKUP DATABASE {d} TO DISK='D:\\Backup\\{d}_copy.bak' WITH COPY_ONLY, COMPRESSION",
                                                                  "DBCC CHECKDB({d}) WITH NO_INFOMSGS", "EXEC sp_who2",
                                                                  "SELECT name, state_desc FROM sys.databases"]),
                                          bytes: 2_000, rows: 0, application: "SQLCMD")
                    continue
                }
                if person.role != .dba, random.chance(0.08) {
                    // Access requests: someone joins a group (now and then an administrators' group).
                    let member = e.people[random.below(e.people.count)].username
                    let group = random.chance(0.05) ? "Domain Admins"
                        : random.pick(["VPN Users", "Finance-Share-RW", "Remote Desktop Users", "Engineering-Builds-RW", "Sales-Share-RO"])
                    emitter.groupMemberAdded(t, actor: person.serverAccount, member: member, group: group, actorHost: device, dc: actor.dc,
                                             local: group == "Remote Desktop Users")
                    continue
                }
                switch random.below(10) {
                case 0..<5:
                    emitter.process(t, user: person.username, host: device, image: tool.image, commandLine: tool.command,
                                    parent: random.chance(0.6) ? #"C:\Windows\System32\cmd.exe"# : #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#)
                case 5..<7:
                    actor.account = person.serverAccount
                    emitter.administer(t, actor: actor, server: server, method: .rdp, random: &random,
                                       commands: ["cmd.exe /c " + tool.command] + (random.chance(0.5) ? ["cmd.exe /c " + random.pick(Catalog.adminToolCommands).command] : []))
                case 7:
                    // A drive mapped with the admin account from a command prompt (`net use … /user:`).
                    emitter.explicitCredentials(t - 2_000, user: person.username, asAccount: person.serverAccount, host: device,
                                                targetServer: server.hostname, process: #"C:\Windows\System32\cmd.exe"#)
                    emitter.process(t - 2_500, user: person.username, host: device, image: #"C:\Windows\System32\net.exe"#,
                                    commandLine: "net.exe use \\\\\(server.hostname)\\C$ /user:\(Enterprise.windowsDomain)\\\(person.serverAccount)",
                                    parent: #"C:\Windows\System32\cmd.exe"#)
                    emitter.logon(t, user: person.serverAccount, target: server, from: device, clientIP: actor.ip, type: LogonType.network,
                                  package: "Kerberos")
                    emitter.shareAccess(t + 300, user: person.serverAccount, client: device, clientIP: actor.ip, server: server,
                                        share: #"\\"# + server.hostname + #"\C$"#)
                case 8:
                    actor.account = person.serverAccount
                    emitter.administer(t, actor: actor, server: server, method: .winrm, random: &random,
                                       commands: [random.pick(Catalog.remotingCommands), random.pick(Catalog.remotingCommands)])
                    // Programs started over remoting are children of wsmprovhost.exe.
                    emitter.process(t + 20_000, user: person.serverAccount, host: server, image: #"C:\Windows\System32\gpupdate.exe"#,
                                    commandLine: "gpupdate.exe /force", parent: #"C:\Windows\System32\wsmprovhost.exe"#)
                default:
                    actor.account = person.serverAccount
                    let command = random.pick(["gpupdate /force", "ipconfig /flushdns", "sc query WinCollect", "shutdown /r /t 600 /c \"Patching\""])
                    emitter.process(t - 3_000, user: person.username, host: device, image: #"C:\Tools\SysinternalsSuite\PsExec.exe"#,
                                    commandLine: "PsExec.exe \\\\\(server.hostname) -s cmd /c \(command)", parent: #"C:\Windows\System32\cmd.exe"#)
                    emitter.remoteServiceExecution(t, actor: actor, target: server, service: "PSEXESVC", image: #"%SystemRoot%\PSEXESVC.exe"#,
                                                   child: #"C:\Windows\System32\cmd.exe"#, command: "cmd /c " + command,
                                                   package: random.chance(0.3) ? "NTLM" : "Kerberos", random: &random)
                }
            }
        }
    }

    /// Ordinary software starting processes on endpoints in use (Windows process creation with parent/child),
    /// about one every two hours per working person.
    private func endpointProcesses(h0: EpochMillis, active: [Int8], emitter: inout Emitter, random: inout SeededRandom) {
        let e = model.enterprise
        let catalog = Catalog.endpointProcesses
        for p in active.indices where active[p] >= 0 {
            let person = e.people[p]
            guard let d = person.deviceIndex else { continue }
            for _ in 0..<random.poisson(0.5) {
                var entry = catalog[random.below(catalog.count)]
                // Copying and archiving by hand are rarer than the system's own churn.
                if entry.command.contains("7z.exe") || entry.command.hasPrefix("robocopy"), random.chance(0.8) { entry = catalog[0] }
                func fill(_ s: String) -> String { Self.fillTemplate(s, username: person.username, person: p) }
                emitter.process(h0 + EpochMillis(random.below(3_600_000)), user: entry.system ? "SYSTEM" : person.username, host: e.assets[d],
                                image: fill(entry.image), commandLine: fill(entry.command), parent: fill(entry.parent))
            }
        }
    }

    /// Fills `{PROFILE}`, `{APPDATA}` and `{SID}` in a catalogue template. Hand-rolled over UTF-8 because
    /// `String.replacing` is far too slow for a per-event path, and most templates have no placeholder at all.
    static func fillTemplate(_ s: String, username: String, person: Int) -> String {
        guard s.utf8.contains(UInt8(ascii: "{")) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 48)
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) {
                let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                switch name {
                case "PROFILE": out.append(contentsOf: (#"C:\Users\"# + username).utf8)
                case "APPDATA": out.append(contentsOf: (#"C:\Users\"# + username + #"\AppData\Local"#).utf8)
                case "SID": out.append(contentsOf: String(1_000 + person).utf8)
                default: out.append(contentsOf: bytes[i...close])
                }
                i = close + 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The software-deployment tool pushing packages on its evenings: service installs and scheduled tasks on a
    /// third of the managed hosts per push, spread over 19:00–23:00 UTC.
    private func deployments(h0: EpochMillis, emitter: inout Emitter, random: inout SeededRandom) {
        let e = model.enterprise
        let day = SimTime.epochDay(h0)
        let utcHour = Int((h0 / EpochMillis.hour) % 24)
        guard model.plan.background.deploymentDays.contains(day), (19...22).contains(utcHour),
              let account = model.plan.background.deploymentAccount, let console = e.asset(named: "APP-SD01") else { return }
        let slot = utcHour - 19
        let actor = Actor(account: account, device: console, ip: console.ip, dc: e.domainController(for: day))
        for h in model.background.managedHosts where h % 4 == slot && (h / 4 + day) % 3 == 0 && h != console.index {
            let host = e.assets[h]
            let t = h0 + EpochMillis(random.below(3_500_000))
            let paexec = random.chance(0.5)
            let service = paexec ? "PAExec-\(random.int(1_000...9_999))-APP-SD01" : "UEMSAgentInstaller"
            let package = random.pick(["Chrome-131.0.6778.86-x64.msi", "Zoom-6.2.11-x64.msi", "7zip-24.08-x64.msi", "Office-KB5002700.msp",
                                       "AgentUpdate-11.3.2416.msi"])
            emitter.remoteServiceExecution(t, actor: actor, target: host, service: service, image: #"%SystemRoot%\"# + service + ".exe",
                                           child: #"C:\Windows\System32\msiexec.exe"#, command: #"msiexec.exe /i "C:\Windows\Temp\UEMS\"# + package + #"" /qn /norestart"#,
                                           package: random.chance(0.4) ? "NTLM" : "Kerberos", random: &random)
            if random.chance(0.3) {
                emitter.process(t + 40_000, user: "SYSTEM", host: host, image: #"C:\Windows\System32\schtasks.exe"#,
                                commandLine: #"schtasks.exe /create /tn "\UEMS\AgentHealthCheck" /tr "C:\Program Files (x86)\UEMS_Agent\bin\cmdupdate.exe" /sc hourly /ru SYSTEM /f"#,
                                parent: #"C:\Windows\System32\msiexec.exe"#)
            }
        }
    }

    /// Misconfigured sources sending malformed lines: a trickle all run, and bursts after an upgrade.
    private func brokenSources(h0: EpochMillis, emitter: inout Emitter, random: inout SeededRandom) {
        let h1 = h0 + EpochMillis.hour
        for b in model.plan.background.brokenSources where b.start < h1 && b.end > h0 {
            let a = max(b.start, h0), z = min(b.end, h1)
            let n = random.poisson(b.perHour * Double(z - a) / Double(EpochMillis.hour))
            guard n > 0 else { continue }
            emitter.truth = b.label.map { .benign(lookalike: $0) }
            let source = model.enterprise.logSources[b.logSource]
            for _ in 0..<n {
                let t = random.int64(a, z)
                emitter.malformed(t, logSource: b.logSource, line: MalformedLines.line(source: source, time: t, random: &random))
            }
            emitter.truth = nil
        }
    }

    /// The Internet knocking on the VPN: scanners trying common and guessed user names, now and then a real one.
    private func internetNoise(h0: EpochMillis, emitter: inout Emitter, random: inout SeededRandom) {
        let e = model.enterprise
        for _ in 0..<random.poisson(1.5) {
            let place = random.pick(World.hostingLocations + World.adversaryOrigins)
            let ip = World.address(in: place, random: &random)
            if model.plan.background.reservedAddresses.contains(ip) { continue }
            let vpn = e.assets[e.vpnConcentrators[random.below(2)]]
            let tries = 1 + random.below(4)
            var t = h0 + EpochMillis(random.below(3_500_000))
            for _ in 0..<tries {
                let user = random.chance(0.25) ? e.people[random.below(e.people.count)].username
                    : random.pick(["admin", "administrator", "test", "vpn", "guest", "user", "backup", "support", "scanner", "cisco"])
                emitter.vpnLogin(t, user: user, publicIP: ip, place: place, device: random.chance(0.5) ? "DESKTOP-" + random.alphanumeric(7) : "unknown",
                                 vpn: vpn, assignedIP: "", success: false, clientOS: random.pick(["Windows 10", "Linux", "Windows 11"]))
                t += EpochMillis(random.int(2...120)) * EpochMillis.second
            }
        }
    }
}
