import VigilCore

/// Lateral movement from one compromised workstation: LSASS is dumped, an administrator's NTLM hash is replayed
/// (logon type 9, then NTLM network logons), and the attacker fans out over SMB admin shares, WinRM and RDP to
/// servers that workstation never talks to.
public struct LateralMovementAttack: ScenarioModule {
    public let name = "lateral-movement"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let victim = context.pickPerson({
            [.developer, .supportAgent, .salesRep, .financeAnalyst].contains($0.role) && $0.pattern != .shift && $0.pattern != .remote
                && $0.deviceIndex != nil
        }), let admin = context.enterprise.people.first(where: { $0.role == .itAdmin && $0.adminAccount != nil }),
            let device = context.enterprise.device(of: victim) else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Lateral movement from \(device.hostname)",
            description: "An intruder on \(device.hostname) replays \(admin.serverAccount)'s hash and spreads to servers over SMB, WinRM and RDP.",
            entities: [EntityRef(.host, device.hostname), EntityRef(.user, admin.serverAccount)])
        let day = context.nextWorkSession(victim, from: context.attackStartDay)?.day ?? context.attackStartDay
        context.dumpCredentials(campaign: campaign, victim: victim, day: day)
        let targets = context.lateralTargets(for: victim, count: context.scaled(5))
        context.runLateralMovement(campaign: campaign, victim: victim, admin: admin, targets: targets, day: day,
                                   spreadDays: context.config.stealth < 0.5 ? 1 : max(1, min(4, context.days - day - 1)))
    }
}

extension ScenarioContext {
    /// Servers a workstation owner has no business with, most valuable first.
    func lateralTargets(for victim: Person, count: Int) -> [Asset] {
        let used = Set(victim.habits.compactMap { enterprise.resources[$0].assetIndex })
        let candidates = enterprise.servers.filter {
            $0.platform == .windowsServer && !used.contains($0.index) && $0.kind != .domainController && $0.kind != .backupServer
        }
        let ranked = candidates.sorted { a, b in a.criticality != b.criticality ? a.criticality > b.criticality : a.index < b.index }
        return Array(ranked.prefix(count))
    }

    /// LSASS memory dumped on the victim's workstation with the built-in comsvcs.dll.
    @discardableResult
    mutating func dumpCredentials(campaign c: Int, victim: Person, day: Int, notBefore: EpochMillis = 0) -> EpochMillis {
        guard let device = enterprise.device(of: victim) else { return notBefore }
        let t = after(notBefore, attackTime(victim, day: day))
        let step = addStep(campaign: c, stage: "credential-access", tactic: "Credential Access", technique: "T1003.001",
                           techniqueName: "OS Credential Dumping: LSASS Memory",
                           description: "rundll32 comsvcs.dll MiniDump of lsass.exe on \(device.hostname).",
                           entities: [EntityRef(.host, device.hostname), EntityRef(.user, victim.username)], start: t, end: t + EpochMillis.minute)
        let pid = 600 + random.below(400)
        script(.malicious(campaign: c, step: step)) { e in
            e.process(t, user: victim.username, host: device, image: #"C:\Windows\System32\rundll32.exe"#,
                      commandLine: "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump \(pid) C:\\Windows\\Temp\\dbg.dmp full",
                      parent: #"C:\Windows\System32\cmd.exe"#)
        }
        return t
    }

    /// Pass-the-hash with `admin`'s account from the victim's workstation to `targets`, over `spreadDays`.
    @discardableResult
    mutating func runLateralMovement(campaign c: Int, victim: Person, admin: Person, targets: [Asset], day: Int, spreadDays: Int,
                                     notBefore: EpochMillis = 0) -> EpochMillis {
        guard let device = enterprise.device(of: victim), !targets.isEmpty else { return notBefore }
        let account = admin.serverAccount
        let stealth = config.stealth
        let first = after(notBefore, attackTime(victim, day: day)) + 5 * EpochMillis.minute
        let entities = [EntityRef(.host, device.hostname), EntityRef(.user, account), EntityRef(.user, victim.username)]
        let pth = addStep(campaign: c, stage: "lateral-movement", tactic: "Defense Evasion", technique: "T1550.002",
                          techniqueName: "Use Alternate Authentication Material: Pass the Hash",
                          description: "NewCredentials (type 9) logon with \(account)'s hash on \(device.hostname), then NTLM logons.",
                          entities: entities, start: first, end: first + EpochMillis(spreadDays) * EpochMillis.day)
        let smb = addStep(campaign: c, stage: "lateral-movement", tactic: "Lateral Movement", technique: "T1021.002",
                          techniqueName: "Remote Services: SMB/Windows Admin Shares",
                          description: "ADMIN$ writes and service creation on servers \(device.hostname) never talks to.",
                          entities: entities + targets.map { EntityRef(.host, $0.hostname) }, start: first, end: first + EpochMillis(spreadDays) * EpochMillis.day)
        let winrm = addStep(campaign: c, stage: "lateral-movement", tactic: "Lateral Movement", technique: "T1021.006",
                            techniqueName: "Remote Services: Windows Remote Management",
                            description: "PowerShell remoting to servers with the stolen hash.",
                            entities: entities, start: first, end: first + EpochMillis(spreadDays) * EpochMillis.day)
        let rdp = addStep(campaign: c, stage: "lateral-movement", tactic: "Lateral Movement", technique: "T1021.001",
                          techniqueName: "Remote Services: Remote Desktop Protocol",
                          description: "RDP from a compromised server to the next one.", entities: entities,
                          start: first, end: first + EpochMillis(spreadDays) * EpochMillis.day)
        var random = self.random
        script(.malicious(campaign: c, step: pth)) { e in
            e.logon(first, user: victim.username, target: device, from: device, type: LogonType.newCredentials, package: "Negotiate",
                    properties: ["Logon Process": "seclogo", "Network Account Name": account, "Network Account Domain": Enterprise.windowsDomain])
        }
        let serviceName = stealth < 0.5 ? "PSEXESVC" : "WinSvcHost" + random.hex(4)
        var t = first + 2 * EpochMillis.minute
        var previous: Asset?
        for (i, target) in targets.enumerated() {
            if spreadDays > 1, i > 0, i % max(1, targets.count / spreadDays) == 0 {
                let nextDay = min(days - 1, day + i / max(1, targets.count / spreadDays))
                t = max(t + EpochMillis.hour, attackTime(victim, day: nextDay))
            }
            let dc = enterprise.domainController(for: i)
            let attackerActor = Actor(account: account, device: device, ip: device.ip, dc: dc)
            script(.malicious(campaign: c, step: pth)) { e in
                e.explicitCredentials(t - 2_000, user: victim.username, asAccount: account, host: device, targetServer: target.hostname,
                                      process: #"C:\Windows\System32\cmd.exe"#)
            }
            let method = i % 3
            if method == 2, let hop = previous {
                // RDP onward from the server compromised before.
                let hopActor = Actor(account: account, device: hop, ip: hop.ip, dc: dc)
                script(.malicious(campaign: c, step: rdp)) { e in
                    e.administer(t, actor: hopActor, server: target, method: .rdp, random: &random,
                                 commands: ["cmd.exe /c whoami /priv", "cmd.exe /c dir \\\\\(target.hostname)\\C$\\Users"],
                                 logoffAfter: EpochMillis(random.int(6...20)) * EpochMillis.minute, package: "NTLM")
                }
            } else if method == 1 {
                script(.malicious(campaign: c, step: winrm)) { e in
                    e.administer(t, actor: attackerActor, server: target, method: .winrm, random: &random,
                                 commands: ["Get-ChildItem C:\\Users -Force", "Get-ADComputer -Filter * | Select-Object -First 200 Name",
                                            "Get-Process lsass | Select-Object Id"],
                                 package: "NTLM")
                }
            } else {
                script(.malicious(campaign: c, step: smb)) { e in
                    // The same records PsExec and deployment tools leave (Emitter.remoteServiceExecution).
                    e.remoteServiceExecution(t, actor: attackerActor, target: target, service: serviceName, image: "%SystemRoot%\\" + serviceName + ".exe",
                                             child: #"C:\Windows\System32\cmd.exe"#, command: "cmd.exe /c \"whoami & hostname & ipconfig\"",
                                             package: "NTLM", random: &random)
                }
            }
            previous = target
            t += EpochMillis(stealth < 0.5 ? random.int(2...8) : random.int(15...70)) * EpochMillis.minute
        }
        self.random = random
        return t
    }
}
