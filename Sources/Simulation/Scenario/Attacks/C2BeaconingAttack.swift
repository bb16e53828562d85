import VigilCore

/// An implant: a user opens a malicious document, `rundll32` loads a DLL from their profile, a scheduled task keeps
/// it alive, and it calls a rarely visited external host on a period with 0–50 % jitter and varying sizes, as common
/// C2 frameworks do, for the rest of the run.
public struct C2BeaconingAttack: ScenarioModule {
    public let name = "c2-beaconing"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let victim = context.pickPerson({ !$0.isService && $0.pattern != .shift && $0.deviceIndex != nil && $0.role != .itAdmin }),
              let device = context.enterprise.device(of: victim) else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Implant on \(device.hostname)",
            description: "A malicious document drops an implant on \(device.hostname) that beacons to a rare external host.",
            entities: [EntityRef(.user, victim.username), EntityRef(.host, device.hostname)])
        guard let c2 = context.plantImplant(campaign: campaign, victim: victim, day: context.attackStartDay) else { return }
        context.beacon(campaign: campaign, victim: victim, c2: c2, fromDay: context.attackStartDay, toDay: context.days - 1)
    }
}

/// Command-and-control infrastructure and its calling pattern.
struct C2Channel {
    var destination: ExternalDestination
    /// Mean seconds between callbacks.
    var interval: Double
    /// Relative jitter (0.2 = ±20 %).
    var jitter: Double
    /// When the implant first ran.
    var installed: EpochMillis
    var dll: String
}

extension ScenarioContext {
    /// A user opens a document that starts `rundll32` on an implant DLL, which persists as a scheduled task.
    mutating func plantImplant(campaign c: Int, victim: Person, day: Int) -> C2Channel? {
        guard let device = enterprise.device(of: victim), let work = nextWorkSession(victim, from: day) else { return nil }
        let stealth = config.stealth
        let place = stealth < 0.5 ? random.pick(World.adversaryOrigins) : random.pick(World.hostingLocations)
        let domain = c2Domain()
        let ip = adversaryAddress(place)
        let destination = addDestination(ExternalDestination(domain: domain, ip: ip, place: place,
                                                             category: stealth < 0.5 ? "Uncategorized" : "Content Delivery Networks", popularity: 0))
        // Commodity C2 is usually already in some feed; a careful adversary's fresh infrastructure is not.
        if stealth < 0.75 {
            let seen = start - EpochMillis(random.int(1...40)) * EpochMillis.day
            addIndicator(ThreatIndicator(indicator: domain, type: "domain", threat: "command-and-control", confidence: random.int(60...95),
                                         source: "Malware C2 Feed", firstSeen: seen, lastSeen: seen + EpochMillis.day,
                                         description: "Domain serving as command-and-control for a commodity loader"))
            addIndicator(ThreatIndicator(indicator: ip, type: "ipv4", threat: "command-and-control", confidence: random.int(50...85),
                                         source: "Malware C2 Feed", firstSeen: seen, lastSeen: seen + EpochMillis.day,
                                         description: "Hosting address of a command-and-control domain"))
        }
        let folder = #"C:\Users\"# + victim.username + #"\AppData\Roaming\"# + random.pick(["Microsoft\\Crypto", "Adobe\\Cache", "Intel\\Logs"])
        let dll = folder + "\\" + random.hex(8) + ".dll"
        let opened = random.int64(work.start + 20 * EpochMillis.minute, max(work.start + 21 * EpochMillis.minute, work.end - EpochMillis.hour))
        let entities = [EntityRef(.user, victim.username), EntityRef(.host, device.hostname)]
        let exec = addStep(campaign: c, stage: "execution", tactic: "Defense Evasion", technique: "T1218.011",
                           techniqueName: "System Binary Proxy Execution: Rundll32",
                           description: "Word spawns rundll32 on a DLL in the user's profile.", entities: entities, start: opened, end: opened + EpochMillis.minute)
        let persist = addStep(campaign: c, stage: "persistence", tactic: "Persistence", technique: "T1053.005",
                              techniqueName: "Scheduled Task/Job: Scheduled Task",
                              description: "A logon task restarts the implant.", entities: entities, start: opened, end: opened + 5 * EpochMillis.minute)
        let invoice = "Invoice_" + String(random.int(10_000...99_999)) + ".docm"
        script(.malicious(campaign: c, step: exec)) { e in
            e.process(opened, user: victim.username, host: device, image: #"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"#,
                      commandLine: "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\\(victim.username)\\Downloads\\\(invoice)\"")
            e.process(opened + 9_000, user: victim.username, host: device, image: #"C:\Windows\System32\rundll32.exe"#,
                      commandLine: "rundll32.exe \"\(dll)\",DllRegisterServer", parent: #"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"#)
        }
        script(.malicious(campaign: c, step: persist)) { e in
            e.process(opened + 70_000, user: victim.username, host: device, image: #"C:\Windows\System32\schtasks.exe"#,
                      commandLine: "schtasks.exe /create /sc onlogon /tn \"OneDrive Standalone Update Task-S-1-5-21\" /tr \"rundll32.exe \\\"\(dll)\\\",DllRegisterServer\" /f",
                      parent: #"C:\Windows\System32\rundll32.exe"#)
        }
        let interval = 60 + stealth * 840
        // Common C2 frameworks default to 0–50 % jitter; careful operators turn it up.
        let jitter = min(0.5, random.uniform(0, 0.2) + 0.3 * stealth)
        return C2Channel(destination: destination, interval: interval, jitter: jitter, installed: opened + 15_000, dll: dll)
    }

    /// Periodic callbacks from the victim's device while it is on (desktops stay on; laptops sleep outside the
    /// working session), each a small POST or GET through the proxy of varying size, with an occasional larger tasking reply.
    mutating func beacon(campaign c: Int, victim: Person, c2: C2Channel, fromDay: Int, toDay: Int) {
        guard let device = enterprise.device(of: victim) else { return }
        let step = addStep(campaign: c, stage: "command-and-control", tactic: "Command and Control", technique: "T1071.001",
                           techniqueName: "Application Layer Protocol: Web Protocols",
                           description: "Beacons to \(c2.destination.domain) every ~\(Int(c2.interval)) s (±\(Int(c2.jitter * 100)) %) with varying sizes.",
                           entities: [EntityRef(.host, device.hostname), EntityRef(.ip, c2.destination.ip), EntityRef(.user, victim.username)],
                           start: c2.installed, end: midnight(day: min(toDay, days - 1)) + EpochMillis.day)
        let alwaysOn = device.kind == .workstation
        // Sizes vary the way a framework's check-ins do: metadata and padding change per call, empty replies when
        // there is no tasking, and the URI rotates through the profile's set.
        let request = Int64(random.int(300...900))
        let reply = Int64(random.int(0...400))
        let uris = [random.pick(["/api/v2/telemetry", "/v1/events", "/collect"]), random.pick(["/static/js/app.js", "/updates/check", "/favicon.ico"])]
        let proxy = enterprise.proxies[victim.index % 2]
        var random = self.random
        for day in max(0, fromDay)...max(fromDay, min(toDay, days - 1)) {
            var windows: [(EpochMillis, EpochMillis)] = []
            if alwaysOn {
                windows = [(midnight(day: day), midnight(day: day) + EpochMillis.day)]
            } else if let s = workSession(victim, day: day) {
                windows = [(s.start + 5 * EpochMillis.minute, s.end)]
            }
            let remote = workSession(victim, day: day)?.remote ?? false
            let clientIP = remote && !alwaysOn ? enterprise.vpnAddress(of: victim.index) : device.ip
            for (a, b) in windows {
                var t = max(a, c2.installed)
                script(.malicious(campaign: c, step: step)) { e in
                    while t < b {
                        let tasking = random.chance(0.02)
                        let post = random.chance(0.6)
                        e.webRequest(t, user: victim.username, client: device, clientIP: clientIP, destination: c2.destination,
                                     path: uris[post ? 0 : 1], method: post ? "POST" : "GET",
                                     uploaded: Int64(Double(request) * random.uniform(0.6, 1.6)),
                                     downloaded: tasking ? Int64(random.int(2_000...30_000)) : Int64(Double(reply) * random.uniform(0, 2)),
                                     proxyIndex: proxy, withFlow: random.chance(0.6), random: &random)
                        let wait = c2.interval * (1 + c2.jitter * (2 * random.nextUnit() - 1))
                        t += EpochMillis(wait * 1000)
                    }
                }
            }
        }
        self.random = random
    }

    /// Sends collected data out over the implant's channel: one larger POST a day, in chunks that stay modest.
    mutating func exfiltrateOverC2(campaign c: Int, victim: Person, c2: C2Channel, fromDay: Int, toDay: Int) {
        guard let device = enterprise.device(of: victim), fromDay <= toDay else { return }
        let step = addStep(campaign: c, stage: "exfiltration", tactic: "Exfiltration", technique: "T1041",
                           techniqueName: "Exfiltration Over C2 Channel",
                           description: "Daily uploads of staged data to \(c2.destination.domain) over the command-and-control channel.",
                           entities: [EntityRef(.host, device.hostname), EntityRef(.ip, c2.destination.ip)],
                           start: midnight(day: fromDay), end: midnight(day: toDay) + EpochMillis.day)
        let proxy = enterprise.proxies[victim.index % 2]
        var random = self.random
        var uploads = 0
        var day = fromDay
        // Through `toDay`, and on past it (to the end of the run) until at least two uploads have happened.
        while day < days, day <= toDay || uploads < 2 {
            defer { day += 1 }
            guard let s = workSession(victim, day: day) ?? (device.kind == .workstation ? (midnight(day: day) + 2 * EpochMillis.hour,
                                                                                          midnight(day: day) + 6 * EpochMillis.hour, false) : nil)
            else { continue }
            uploads += 1
            let t = random.int64(s.start + 30 * EpochMillis.minute, max(s.start + 31 * EpochMillis.minute, s.end - 30 * EpochMillis.minute))
            let chunk = Int64(random.uniform(4e6, 30e6) * config.intensity * (1.3 - config.stealth / 2))
            let clientIP = s.remote ? enterprise.vpnAddress(of: victim.index) : device.ip
            script(.malicious(campaign: c, step: step)) { e in
                e.webRequest(t, user: victim.username, client: device, clientIP: clientIP, destination: c2.destination, path: "/api/v2/upload",
                             method: "POST", uploaded: chunk, downloaded: 300, proxyIndex: proxy, withFlow: true, random: &random)
            }
        }
        self.random = random
    }

    /// Hands-on-keyboard discovery through the implant: `cmd.exe` children of `rundll32`.
    mutating func implantDiscovery(campaign c: Int, victim: Person, c2: C2Channel, day: Int) {
        guard let device = enterprise.device(of: victim) else { return }
        let t = after(c2.installed + 20 * EpochMillis.minute, attackTime(victim, day: day))
        let step = addStep(campaign: c, stage: "discovery", tactic: "Discovery", technique: "T1087.002",
                           techniqueName: "Account Discovery: Domain Account",
                           description: "The implant runs domain reconnaissance commands on \(device.hostname).",
                           entities: [EntityRef(.host, device.hostname), EntityRef(.user, victim.username)], start: t, end: t + 10 * EpochMillis.minute)
        var random = self.random
        script(.malicious(campaign: c, step: step)) { e in
            var when = t
            for command in ["cmd.exe /c whoami /all", "cmd.exe /c net group \"Domain Admins\" /domain", "cmd.exe /c nltest /dclist:corp.meridian.example",
                            "cmd.exe /c net view \\\\FS-FIN01", "cmd.exe /c net user /domain"] {
                e.process(when, user: victim.username, host: device, image: #"C:\Windows\System32\cmd.exe"#, commandLine: command,
                          parent: #"C:\Windows\System32\rundll32.exe"#)
                when += EpochMillis(random.int(20...180)) * EpochMillis.second
            }
        }
        self.random = random
    }
}
