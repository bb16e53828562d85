import VigilCore

/// An administrator abusing their access: rare reconnaissance commands, a copy of the domain database, a dormant
/// account quietly added to Domain Admins, the admin account used from someone else's machine while its owner is
/// logged on elsewhere (credential sharing), and a binary dressed up as `svchost.exe` in the wrong folder.
public struct PrivilegedMisuseAttack: ScenarioModule {
    public let name = "privileged-misuse"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let admin = context.pickPerson({ $0.role == .itAdmin && $0.adminAccount != nil && $0.deviceIndex != nil }) else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Misuse of \(admin.serverAccount)",
            description: "\(admin.serverAccount) runs rare commands, copies NTDS.dit, grants Domain Admin to a dormant account and is used from two hosts at once.",
            entities: [EntityRef(.user, admin.serverAccount)])
        context.runPrivilegedMisuse(campaign: campaign, admin: admin, day: context.attackStartDay, spanDays: min(context.campaignDays, 6))
    }
}

extension ScenarioContext {
    /// Runs the privileged-misuse steps from `day`, spread over `spanDays` for a careful adversary.
    mutating func runPrivilegedMisuse(campaign c: Int, admin: Person, day: Int, spanDays: Int) {
        guard let account = admin.adminAccount, let device = enterprise.device(of: admin), let jump = enterprise.asset(named: "JUMP01"),
              let jump2 = enterprise.asset(named: "JUMP02"), let dc = enterprise.asset(named: "DC01") else { return }
        let stealth = config.stealth
        let spread = stealth < 0.5 ? 0 : max(0, spanDays - 1)
        let lastDay = days - 1
        func dayOf(_ k: Int) -> Int { min(lastDay, day + (spread == 0 ? 0 : k * spread / 4)) }
        let entities = [EntityRef(.user, account), EntityRef(.user, admin.username)]
        let actor = Actor(account: account, device: device, ip: device.ip, dc: dc)
        var random = self.random

        // Reconnaissance from the jump host.
        let t0 = attackTime(admin, day: dayOf(0))
        let recon = addStep(campaign: c, stage: "discovery", tactic: "Discovery", technique: "T1069.002",
                            techniqueName: "Permission Groups Discovery: Domain Groups",
                            description: "Rare enumeration commands by \(account) on JUMP01.", entities: entities + [EntityRef(.host, jump.hostname)],
                            start: t0, end: t0 + EpochMillis.hour)
        script(.malicious(campaign: c, step: recon)) { e in
            e.administer(t0, actor: actor, server: jump, method: .rdp, random: &random,
                         commands: ["cmd.exe /c net group \"Domain Admins\" /domain", "cmd.exe /c net group \"Enterprise Admins\" /domain",
                                    "cmd.exe /c nltest /domain_trusts /all_trusts",
                                    "powershell.exe Get-ADUser -Filter * -Properties * | Export-Csv C:\\Windows\\Temp\\u.csv -NoTypeInformation"],
                         logoffAfter: 50 * EpochMillis.minute)
        }

        // NTDS.dit copied through a shadow copy on the domain controller.
        let t1 = max(t0 + 15 * EpochMillis.minute, attackTime(admin, day: dayOf(1)))
        let ntds = addStep(campaign: c, stage: "credential-access", tactic: "Credential Access", technique: "T1003.003",
                           techniqueName: "OS Credential Dumping: NTDS",
                           description: "Volume shadow copy of C: on DC01, NTDS.dit and the SYSTEM hive copied out.",
                           entities: entities + [EntityRef(.host, dc.hostname)], start: t1, end: t1 + EpochMillis.hour)
        let jumpActor = Actor(account: account, device: jump, ip: jump.ip, dc: dc)
        script(.malicious(campaign: c, step: ntds)) { e in
            e.administer(t1, actor: jumpActor, server: dc, method: .rdp, random: &random,
                         commands: ["cmd.exe /c vssadmin create shadow /for=C:",
                                    "cmd.exe /c copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3\\Windows\\NTDS\\ntds.dit C:\\Windows\\Temp\\nt.dat",
                                    "cmd.exe /c reg save HKLM\\SYSTEM C:\\Windows\\Temp\\sy.dat /y"],
                         logoffAfter: 25 * EpochMillis.minute)
            let size = Int64(random.logNormal(median: 180e6, sigma: 0.3))
            e.shareAccess(t1 + 20 * EpochMillis.minute, user: account, client: device, clientIP: device.ip, server: dc, share: #"\\DC01\C$"#)
            e.fileOperation(t1 + 20 * EpochMillis.minute + 500, user: account, client: device, clientIP: device.ip, server: dc,
                            path: #"\\DC01\C$\Windows\Temp\nt.dat"#, operation: "read", bytes: size)
            e.flow(t1 + 20 * EpochMillis.minute + 200, sourceIP: device.ip, sourceHost: device.hostname, destinationIP: dc.ip, destinationHost: dc.hostname,
                   sourcePort: Emitter.ephemeralPort(&random), destinationPort: 445, application: "SMB", sent: size / 80, received: size, user: account)
        }

        // A dormant account becomes a Domain Admin.
        let t2 = max(t1 + 40 * EpochMillis.minute, attackTime(admin, day: dayOf(2)))
        let dormant = enterprise.people.last { $0.isService && $0.username.hasPrefix("svc_") && $0.username != "svc_backup" }?.username ?? "svc_web"
        let group = addStep(campaign: c, stage: "persistence", tactic: "Persistence", technique: "T1098",
                            techniqueName: "Account Manipulation", description: "\(dormant) added to Domain Admins by \(account).",
                            entities: entities + [EntityRef(.user, dormant)], start: t2, end: t2 + EpochMillis.minute)
        script(.malicious(campaign: c, step: group)) { e in
            e.groupMemberAdded(t2, actor: account, member: dormant, group: "Domain Admins", actorHost: jump, dc: dc)
        }

        // The admin account used from a colleague's machine in another office while its owner is on JUMP01.
        let t3 = max(t2 + 20 * EpochMillis.minute, attackTime(admin, day: dayOf(3)))
        let other = enterprise.people.first { !$0.isService && $0.officeIndex != admin.officeIndex && $0.deviceIndex != nil && $0.role != .itAdmin }
        if let other, let otherDevice = enterprise.device(of: other) {
            let sharing = addStep(campaign: c, stage: "credential-sharing", tactic: "Defense Evasion", technique: "T1078.002",
                                  techniqueName: "Valid Accounts: Domain Accounts",
                                  description: "\(account) logged on to JUMP01 from \(device.hostname) and to JUMP02 from \(otherDevice.hostname) at the same time.",
                                  entities: entities + [EntityRef(.host, otherDevice.hostname), EntityRef(.host, jump2.hostname)], start: t3, end: t3 + EpochMillis.hour)
            let otherActor = Actor(account: account, device: otherDevice, ip: otherDevice.ip, dc: enterprise.domainController(for: other.index))
            script(.malicious(campaign: c, step: sharing)) { e in
                e.administer(t3, actor: actor, server: jump, method: .rdp, random: &random, commands: ["cmd.exe /c query user"],
                             logoffAfter: 55 * EpochMillis.minute)
                e.kerberosTGT(t3 + 4 * EpochMillis.minute, user: account, clientIP: otherDevice.ip, clientHost: otherDevice.hostname,
                              dc: otherActor.dc)
                e.administer(t3 + 5 * EpochMillis.minute, actor: otherActor, server: jump2, method: .rdp, random: &random,
                             commands: ["cmd.exe /c net localgroup administrators"], logoffAfter: 30 * EpochMillis.minute)
            }
        }

        // A renamed tool run as svchost.exe from the wrong folder on a file server.
        let t4 = max(t3 + 90 * EpochMillis.minute, attackTime(admin, day: dayOf(4)))
        if let fs = enterprise.asset(named: "FS-FIN01") {
            let masquerade = addStep(campaign: c, stage: "defense-evasion", tactic: "Defense Evasion", technique: "T1036.005",
                                     techniqueName: "Masquerading: Match Legitimate Name or Location",
                                     description: "svchost.exe started from C:\\ProgramData on FS-FIN01.",
                                     entities: entities + [EntityRef(.host, fs.hostname)], start: t4, end: t4 + EpochMillis.hour)
            script(.malicious(campaign: c, step: masquerade)) { e in
                e.administer(t4, actor: jumpActor, server: fs, method: .winrm, random: &random,
                             commands: ["Copy-Item \\\\JUMP01\\C$\\Windows\\Temp\\svchost.exe C:\\ProgramData\\Microsoft\\svchost.exe",
                                        "Start-Process C:\\ProgramData\\Microsoft\\svchost.exe -ArgumentList '-k netsvcs -p'"])
                e.process(t4 + 95_000, user: account, host: fs, image: #"C:\ProgramData\Microsoft\svchost.exe"#,
                          commandLine: #"C:\ProgramData\Microsoft\svchost.exe -k netsvcs -p"#,
                          parent: #"C:\Windows\System32\wsmprovhost.exe"#)
            }
        }
        self.random = random
    }
}
