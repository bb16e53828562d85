import VigilCore

/// An authorised penetration test: an outside tester plugs a laptop into the office network and scans, sprays
/// passwords, roasts Kerberos tickets and tries admin shares, exactly like an intruder, over two days.
public struct PenetrationTestLookalike: ScenarioModule {
    public let name = "penetration-test"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 3 else { return }
        let nyc = context.enterprise.offices[0]
        let day = context.random.int(max(1, context.days / 3)...max(1, context.days - 2))
        let startDay = CivilDate.weekday(epochDay: context.firstEpochDay + day) >= 5 ? min(context.days - 2, day + 2) : day
        let tester = "ext-pentest01"
        let laptop = context.unmanagedHost("PT-KALI01", ip: "10.\(nyc.subnetOctet).250.77")
        let start = context.localTime(nyc.place.zone, day: startDay, hour: 9, minute: 30)
        let end = context.localTime(nyc.place.zone, day: startDay + 1, hour: 17, minute: 0)
        let label = context.addLookalike(
            kind: .penetrationTest,
            description: "Authorised external penetration test (engagement PT-\(CivilDate(epochDay: context.firstEpochDay + startDay).year)-07) from PT-KALI01 on the New York LAN.",
            entities: [EntityRef(.user, tester), EntityRef(.host, laptop.hostname), EntityRef(.ip, laptop.ip)], start: start, end: end)
        let enterprise = context.enterprise
        let servers = Array(enterprise.servers)
        let staff = enterprise.people.filter { !$0.isService }
        var random = context.random
        context.script(.benign(lookalike: label)) { e in
            // Day one: discovery scans across the server ranges.
            var t = start
            for server in servers {
                for port in [22, 80, 135, 443, 445, 1433, 3389, 5985] {
                    e.flow(t, sourceIP: laptop.ip, sourceHost: laptop.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                           sourcePort: Emitter.ephemeralPort(&random), destinationPort: port, application: "TCP", sent: 60, received: port == 445 ? 120 : 54)
                    t += EpochMillis(random.int(40...400))
                }
            }
            // Password spraying against the domain controllers.
            t += 45 * EpochMillis.minute
            let dc = enterprise.asset(named: "DC01")!
            for person in staff.prefix(40) {
                e.logonFailure(t, user: person.username, target: dc, from: laptop, type: LogonType.network, package: "NTLM", failure: .badPassword)
                t += EpochMillis(random.int(2...9)) * EpochMillis.second
            }
            // Kerberoasting: RC4 service tickets for the service accounts.
            t += 30 * EpochMillis.minute
            let test = staff[min(staff.count - 1, 30)]
            e.kerberosTGT(t, user: test.username, clientIP: laptop.ip, clientHost: laptop.hostname, dc: dc)
            for service in ["MSSQLSvc/DB-FIN01.corp.meridian.example:1433", "MSSQLSvc/DB-DWH01.corp.meridian.example:1433", "HTTP/APP-WEB01", "MSSQLSvc/DB-APP01.corp.meridian.example:1433"] {
                t += EpochMillis(random.int(1...6)) * EpochMillis.second
                e.kerberosService(t, user: test.username, clientIP: laptop.ip, clientHost: laptop.hostname, dc: dc, service: service, encryption: "0x17")
            }
            // Day two: admin-share access with a cracked service account, PsExec on a couple of servers.
            t = start + EpochMillis.day + EpochMillis(random.int(30...90)) * EpochMillis.minute
            for server in servers.filter({ $0.platform == .windowsServer }).prefix(3) {
                e.logon(t, user: "svc_report", target: server, from: laptop, type: LogonType.network, package: "NTLM")
                e.shareAccess(t + 200, user: "svc_report", client: laptop, clientIP: laptop.ip, server: server, share: #"\\"# + server.hostname + #"\ADMIN$"#)
                e.shareObjectAccess(t + 400, user: "svc_report", client: laptop, clientIP: laptop.ip, server: server,
                                    share: #"\\"# + server.hostname + #"\ADMIN$"#, relativeTarget: "PSEXESVC.exe", write: true)
                e.serviceInstalled(t + 900, user: "svc_report", host: server, service: "PSEXESVC", image: #"%SystemRoot%\PSEXESVC.exe"#)
                e.process(t + 2_000, user: "svc_report", host: server, image: #"C:\Windows\System32\cmd.exe"#, commandLine: "cmd.exe /c whoami /all",
                          parent: #"C:\Windows\PSEXESVC.exe"#)
                e.logoff(t + 60_000, user: "svc_report", target: server, type: LogonType.network)
                t += EpochMillis(random.int(10...40)) * EpochMillis.minute
            }
        }
        context.random = random
    }
}
