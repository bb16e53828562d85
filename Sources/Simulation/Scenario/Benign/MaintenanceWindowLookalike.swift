import VigilCore

/// Planned maintenance on Saturday nights: administrators hop from the jump host onto many servers in quick
/// succession, install updates and reboot them, so logs go quiet for a few minutes per server. Fan-out, admin
/// commands at night and silent log sources, all under a change ticket.
public struct MaintenanceWindowLookalike: ScenarioModule {
    public let name = "maintenance-window"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        let admins = context.enterprise.people.filter { $0.role == .itAdmin }
        guard !admins.isEmpty, let jump = context.enterprise.asset(named: "JUMP01") else { return }
        let windowsServers = context.enterprise.servers.filter {
            $0.platform == .windowsServer && $0.kind != .jumpHost && $0.kind != .domainController
        }
        let nyc = context.enterprise.offices[0].place.zone
        var day = 0
        var ticket = 4100 + context.random.below(800)
        while day < context.days {
            defer { day += 1 }
            guard CivilDate.weekday(epochDay: context.firstEpochDay + day) == 5, day % 14 < 7 || context.days < 14 else { continue }
            let start = context.localTime(nyc, day: day, hour: 22, minute: context.random.int(0...20))
            guard start + 6 * EpochMillis.hour < context.end else { continue }
            ticket += 1
            let crew = Array(admins.prefix(3))
            let targets = context.random.sample(min(windowsServers.count, context.random.int(8...14)), from: windowsServers.count).map { windowsServers[$0] }
            let label = context.addLookalike(
                kind: .maintenanceWindow,
                description: "Change CHG\(ticket): monthly patching of \(targets.count) servers from JUMP01, with reboots.",
                entities: crew.map { EntityRef(.user, $0.serverAccount) } + [EntityRef(.host, jump.hostname)] + targets.map { EntityRef(.host, $0.hostname) },
                start: start, end: start + 6 * EpochMillis.hour)
            var t = start
            let truth = GroundTruth.benign(lookalike: label)
            var random = context.random
            context.script(truth) { e in
                // The crew works from home: VPN first, then the jump host.
                for admin in crew {
                    let vpn = e.enterprise.assets[e.enterprise.vpnConcentrators[admin.index % 2]]
                    let device = e.enterprise.device(of: admin)
                    e.vpnLogin(t - 120_000, user: admin.username, publicIP: admin.homeIP, place: e.enterprise.home(of: admin),
                               device: device?.hostname ?? "unknown", vpn: vpn, assignedIP: e.enterprise.vpnAddress(of: admin.index), success: true)
                    e.logon(t, user: admin.serverAccount, target: jump, from: device,
                            clientIP: e.enterprise.vpnAddress(of: admin.index), type: LogonType.remoteInteractive, package: "Kerberos")
                    e.specialPrivileges(t + 5, user: admin.serverAccount, target: jump)
                    t += EpochMillis(random.int(60...300)) * EpochMillis.second
                }
            }
            for (i, server) in targets.enumerated() {
                let admin = crew[i % crew.count]
                let actor = Actor(account: admin.serverAccount, device: jump, ip: jump.ip, dc: context.enterprise.domainController(for: i))
                t += EpochMillis(random.int(4...14)) * EpochMillis.minute
                let reboot = t + EpochMillis(random.int(8...20)) * EpochMillis.minute
                let back = reboot + EpochMillis(random.int(4...9)) * EpochMillis.minute
                context.script(truth) { e in
                    e.administer(t, actor: actor, server: server, method: .rdp, random: &random,
                                 commands: ["powershell.exe Install-WindowsUpdate -AcceptAll -IgnoreReboot -Verbose",
                                            "cmd.exe /c shutdown /r /t 60 /c \"CHG\(ticket) monthly patching\""],
                                 logoffAfter: reboot - t - 30_000)
                    e.systemState(reboot, host: server, starting: false)
                    e.systemState(back, host: server, starting: true)
                    e.logon(back + 120_000, user: admin.serverAccount, target: server, from: jump, type: LogonType.remoteInteractive, package: "Kerberos")
                    e.process(back + 150_000, user: admin.serverAccount, host: server, image: #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#,
                              commandLine: "powershell.exe Get-Service | Where-Object {$_.StartType -eq 'Automatic' -and $_.Status -ne 'Running'}")
                    e.logoff(back + 420_000, user: admin.serverAccount, target: server, type: LogonType.remoteInteractive)
                }
                context.silence(logSource: server.logSource, from: reboot + 1_000, until: back, lookalike: label)
                if let service = server.serviceLogSource { context.silence(logSource: service, from: reboot + 1_000, until: back + 60_000, lookalike: label) }
            }
            let finish = t + 45 * EpochMillis.minute
            context.script(truth) { e in
                for admin in crew {
                    let vpn = e.enterprise.assets[e.enterprise.vpnConcentrators[admin.index % 2]]
                    e.logoff(finish - 60_000, user: admin.serverAccount, target: jump, type: LogonType.remoteInteractive)
                    e.vpnLogout(finish, user: admin.username, publicIP: admin.homeIP, place: e.enterprise.home(of: admin),
                                device: e.enterprise.device(of: admin)?.hostname ?? "unknown", vpn: vpn,
                                assignedIP: e.enterprise.vpnAddress(of: admin.index), sent: Int64(random.int(20...90)) * 1_000_000,
                                received: Int64(random.int(200...900)) * 1_000_000, durationSeconds: (finish - start) / 1000)
                }
            }
            context.random = random
        }
    }
}
