import VigilCore

/// Who is acting and from where: the account, the device and the address the traffic comes from.
struct Actor {
    var account: String
    var device: Asset?
    var ip: String
    var dc: Asset
}

/// Composite activities: one thing a person does, as the several log records it leaves behind.
extension Emitter {
    /// Opens a file on a share: optional Kerberos ticket and network logon, 5140, 5145, the file-audit record,
    /// the SMB flow and the logoff.
    mutating func accessShare(_ t: EpochMillis, actor: Actor, resource: Resource, random: inout SeededRandom, volume: Double,
                              file: String? = nil, bytes: Int64? = nil, write: Bool? = nil, sessionProbability: Double = 0.3,
                              package: String = "Kerberos") {
        guard let serverIndex = resource.assetIndex else { return }
        let server = enterprise.assets[serverIndex]
        let session = random.chance(sessionProbability)
        if package == "Kerberos", random.chance(0.25) {
            kerberosService(t - 220, user: actor.account, clientIP: actor.ip, clientHost: actor.device?.hostname, dc: actor.dc,
                            service: "cifs/" + server.hostname)
        }
        if session {
            logon(t - 120, user: actor.account, target: server, from: actor.device, clientIP: actor.ip, type: LogonType.network, package: package)
            // Explorer lists the server's shares over IPC$ (srvsvc) now and then when it connects.
            if random.chance(0.1) {
                shareAccess(t - 60, user: actor.account, client: actor.device, clientIP: actor.ip, server: server,
                            share: #"\\"# + server.hostname + #"\IPC$"#)
            }
        }
        shareAccess(t, user: actor.account, client: actor.device, clientIP: actor.ip, server: server, share: resource.name)
        let name = file ?? (resource.details.isEmpty ? "document.docx" : random.pick(resource.details))
        let isWrite = write ?? random.chance(0.22)
        shareObjectAccess(t + 40, user: actor.account, client: actor.device, clientIP: actor.ip, server: server, share: resource.name,
                          relativeTarget: name, write: isWrite)
        let size = bytes ?? Self.volumeBytes(median: resource.medianBytes * volume, random: &random)
        fileOperation(t + 310, user: actor.account, client: actor.device, clientIP: actor.ip, server: server,
                      path: resource.name + "\\" + name, operation: isWrite ? "write" : "read", bytes: size)
        flow(t + 90, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
             sourcePort: Self.ephemeralPort(&random), destinationPort: 445, application: "SMB",
             sent: isWrite ? size + 3_000 : 2_600 + size / 90, received: isWrite ? 2_400 + size / 90 : size + 3_200, user: actor.account)
        if session {
            logoff(t + 1_000 + EpochMillis(random.below(90_000)), user: actor.account, target: server, type: LogonType.network)
        }
    }

    /// A request to an internal business application, with the HTTPS flow half of the time.
    mutating func useApplication(_ t: EpochMillis, actor: Actor, resource: Resource, random: inout SeededRandom, volume: Double,
                                 action: String? = nil, bytes: Int64? = nil) {
        guard let serverIndex = resource.assetIndex else { return }
        let server = enterprise.assets[serverIndex]
        let act = action ?? (resource.details.isEmpty ? "view" : random.pick(resource.details))
        let size = bytes ?? Self.volumeBytes(median: resource.medianBytes * volume * (act == "export" ? 8 : 1), random: &random)
        if random.chance(0.12) {
            kerberosService(t - 150, user: actor.account, clientIP: actor.ip, clientHost: actor.device?.hostname, dc: actor.dc,
                            service: "HTTP/" + server.hostname)
        }
        applicationAccess(t, user: actor.account, client: actor.device, clientIP: actor.ip, resource: resource, action: act, bytes: size)
        if random.chance(0.5) || bytes != nil {
            let upload = act == "push" || act == "update" || act == "create" || act == "edit"
            flow(t + 60, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                 sourcePort: Self.ephemeralPort(&random), destinationPort: 443, application: "HTTPS",
                 sent: upload ? size + 1_500 : 2_100, received: upload ? 3_000 : size + 4_000, user: actor.account)
        }
    }

    /// A query against a table, with its TDS flow.
    mutating func queryDatabase(_ t: EpochMillis, actor: Actor, resource: Resource, random: inout SeededRandom, volume: Double,
                                statement: String? = nil, bytes: Int64? = nil, rows: Int? = nil, application: String = "Microsoft SQL Server") {
        guard let serverIndex = resource.assetIndex, resource.details.count >= 2 else { return }
        let server = enterprise.assets[serverIndex]
        let database = resource.details[0], table = resource.details[1]
        let sql = (statement ?? random.pick(Catalog.userStatements)).replacing("{t}", with: table)
            .replacing("{d}", with: database)
        let size = bytes ?? Self.volumeBytes(median: resource.medianBytes * volume * 0.5, random: &random)
        let rowCount = rows ?? max(1, Int(size / 180))
        databaseStatement(t, user: actor.account, client: actor.device, clientIP: actor.ip, server: server, database: database,
                          object: resource.name, statement: sql, rows: rowCount, bytes: size, application: application)
        flow(t + 30, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
             sourcePort: Self.ephemeralPort(&random), destinationPort: 1433, application: "SQL",
             sent: Int64(sql.utf8.count) + 900, received: size + 1_200, user: actor.account)
    }

    /// A visit to a web site through the proxy: a few requests, one perimeter flow per visit.
    mutating func browse(_ t: EpochMillis, actor: Actor, destination: ExternalDestination, random: inout SeededRandom, volume: Double,
                         median: Double) {
        let requests = 1 + random.poisson(0.4)
        let proxyIndex = enterprise.proxies[(actor.ip.utf8.last.map { Int($0) } ?? 0) % 2]
        var when = t
        for r in 0..<requests {
            let down = Self.volumeBytes(median: median * volume / Double(requests), random: &random)
            webRequest(when, user: actor.account, client: actor.device, clientIP: actor.ip, destination: destination,
                       path: Self.webPath(destination.category, random: &random), method: random.chance(0.15) ? "POST" : "GET",
                       uploaded: 600 + Int64(random.below(2_400)), downloaded: down, proxyIndex: proxyIndex,
                       withFlow: r == 0 && random.chance(0.6), random: &random)
            when += 800 + EpochMillis(random.below(25_000))
        }
    }

    /// An administrator's remote session on a server: the flow, the logon, privileges, a few commands and the logoff.
    mutating func administer(_ t: EpochMillis, actor: Actor, server: Asset, method: RemoteMethod, random: inout SeededRandom,
                             commands: [String]? = nil, logoffAfter: EpochMillis? = nil, package: String? = nil) {
        let cmds = commands ?? {
            let pool = method == .ssh ? Catalog.linuxAdminCommands : Catalog.windowsAdminCommands
            return (0..<(1 + random.below(3))).map { _ in random.pick(pool) }
        }()
        let length = logoffAfter ?? EpochMillis(random.int(4...40)) * EpochMillis.minute
        switch method {
        case .rdp:
            flow(t - 400, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                 sourcePort: Self.ephemeralPort(&random), destinationPort: 3389, application: "RDP",
                 sent: 400_000 + Int64(random.below(3_000_000)), received: 2_000_000 + Int64(random.below(20_000_000)), user: actor.account)
            if package != "NTLM" {
                kerberosService(t - 300, user: actor.account, clientIP: actor.ip, clientHost: actor.device?.hostname, dc: actor.dc,
                                service: "TERMSRV/" + server.hostname)
            }
            logon(t, user: actor.account, target: server, from: actor.device, clientIP: actor.ip, type: LogonType.remoteInteractive,
                  package: package ?? "Negotiate")
            specialPrivileges(t + 5, user: actor.account, target: server)
            var when = t + 20_000
            for c in cmds {
                let image = c.hasPrefix("powershell") ? #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"# : #"C:\Windows\System32\cmd.exe"#
                process(when, user: actor.account, host: server, image: image, commandLine: c)
                when += EpochMillis(random.int(15...240)) * EpochMillis.second
            }
            logoff(t + length, user: actor.account, target: server, type: LogonType.remoteInteractive)
        case .winrm:
            flow(t - 300, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                 sourcePort: Self.ephemeralPort(&random), destinationPort: 5985, application: "WinRM",
                 sent: 20_000 + Int64(random.below(60_000)), received: 30_000 + Int64(random.below(200_000)), user: actor.account)
            if package != "NTLM" {
                kerberosService(t - 200, user: actor.account, clientIP: actor.ip, clientHost: actor.device?.hostname, dc: actor.dc,
                                service: "HTTP/" + server.hostname)
            }
            logon(t, user: actor.account, target: server, from: actor.device, clientIP: actor.ip, type: LogonType.network,
                  package: package ?? "Kerberos")
            specialPrivileges(t + 5, user: actor.account, target: server)
            var when = t + 2_000
            for c in cmds {
                powershell(when, user: actor.account, host: server, script: c.hasPrefix("powershell.exe ") ? String(c.dropFirst(15)) : c,
                           remoteFrom: actor.device)
                when += EpochMillis(random.int(5...90)) * EpochMillis.second
            }
            logoff(min(t + length, when + 5_000), user: actor.account, target: server, type: LogonType.network)
        case .ssh:
            flow(t - 200, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                 sourcePort: Self.ephemeralPort(&random), destinationPort: 22, application: "SSH",
                 sent: 8_000 + Int64(random.below(40_000)), received: 20_000 + Int64(random.below(300_000)), user: actor.account)
            sshLogin(t, user: actor.account, server: server, from: actor.device, clientIP: actor.ip)
            var when = t + 10_000
            for c in cmds {
                sudo(when, user: actor.account, server: server, command: c)
                when += EpochMillis(random.int(10...180)) * EpochMillis.second
            }
        }
    }

    /// Remote execution through a service, as PsExec, PAExec and software-deployment tools do it: an SMB
    /// session, a network logon with privileges, the binary written to `ADMIN$`, the service installed, its
    /// child process running as SYSTEM, the logoff. Shared by deployment tooling, IT staff and attackers, so the
    /// records differ only in who, where and when.
    mutating func remoteServiceExecution(_ t: EpochMillis, actor: Actor, target: Asset, service: String, image: String, child: String,
                                         command: String, package: String, random: inout SeededRandom) {
        let binary = Self.fileName(image.replacing("%SystemRoot%", with: #"C:\Windows"#))
        flow(t - 500, sourceIP: actor.ip, sourceHost: actor.device?.hostname, destinationIP: target.ip, destinationHost: target.hostname,
             sourcePort: Self.ephemeralPort(&random), destinationPort: 445, application: "SMB",
             sent: 420_000 + Int64(random.below(200_000)), received: 30_000 + Int64(random.below(20_000)), user: actor.account)
        if package == "Kerberos" {
            kerberosService(t - 300, user: actor.account, clientIP: actor.ip, clientHost: actor.device?.hostname, dc: actor.dc,
                            service: "cifs/" + target.hostname)
        }
        logon(t, user: actor.account, target: target, from: actor.device, clientIP: actor.ip, type: LogonType.network, package: package)
        specialPrivileges(t + 5, user: actor.account, target: target)
        let admin = #"\\"# + target.hostname + #"\ADMIN$"#
        // The service control manager is reached over the svcctl pipe on IPC$ before the binary is copied.
        shareAccess(t + 200, user: actor.account, client: actor.device, clientIP: actor.ip, server: target,
                    share: #"\\"# + target.hostname + #"\IPC$"#)
        shareAccess(t + 400, user: actor.account, client: actor.device, clientIP: actor.ip, server: target, share: admin)
        shareObjectAccess(t + 700, user: actor.account, client: actor.device, clientIP: actor.ip, server: target, share: admin,
                          relativeTarget: binary, write: true)
        serviceInstalled(t + 1_500, user: actor.account, host: target, service: service, image: image)
        process(t + 2_500, user: "SYSTEM", host: target, image: child, commandLine: command, parent: "C:\\Windows\\" + binary)
        logoff(t + EpochMillis(random.int(2...9)) * EpochMillis.minute, user: actor.account, target: target, type: LogonType.network)
    }

    /// Bytes for one access: log-normal around the median with an occasional Pareto-sized outlier, so volumes
    /// have the heavy right tail real transfer sizes have.
    static func volumeBytes(median: Double, random: inout SeededRandom) -> Int64 {
        var v = random.logNormal(median: max(median, 256), sigma: 1.1)
        if random.chance(0.015) { v *= random.pareto(xm: 4, alpha: 1.3) }
        return Int64(min(v, 40e9))
    }

    static func webPath(_ category: String, random: inout SeededRandom) -> String {
        switch category {
        case "Email": return random.pick(["/owa/", "/mail/inbox", "/owa/service.svc"])
        case "Software Development": return random.pick(["/search", "/api/v1/packages", "/questions", "/releases"])
        case "Online Storage": return random.pick(["/upload", "/files", "/share"])
        default: return random.pick(["/", "/index.html", "/api/data", "/static/app.js", "/search"])
        }
    }
}
