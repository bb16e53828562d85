import VigilCore

/// The nightly backup job: the backup service account logs on to every file and database server after midnight
/// and pulls gigabytes (full backups on Saturdays), the largest transfers of the day.
public struct NightlyBackupLookalike: ScenarioModule {
    public let name = "nightly-backup"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let account = context.enterprise.person(named: "svc_backup"), let backup = context.enterprise.asset(named: "BACKUP01") else { return }
        let sources = context.enterprise.servers.filter { $0.kind == .fileServer || $0.kind == .databaseServer }
        guard !sources.isEmpty else { return }
        let label = context.addLookalike(
            kind: .nightlyBackup,
            description: "Nightly backup jobs: svc_backup on BACKUP01 copies every file and database server (full on Saturdays).",
            entities: [EntityRef(.user, account.username), EntityRef(.host, backup.hostname)] + sources.map { EntityRef(.host, $0.hostname) },
            start: context.start, end: context.end)
        let enterprise = context.enterprise
        var random = context.random
        let dc = enterprise.domainController(for: account.index)
        for day in 0..<context.days {
            let full = CivilDate.weekday(epochDay: context.firstEpochDay + day) == 5
            var t = context.midnight(day: day) + EpochMillis(random.int(60...75)) * EpochMillis.minute
            context.script(.benign(lookalike: label)) { e in
                e.kerberosTGT(t - 5_000, user: account.username, clientIP: backup.ip, clientHost: backup.hostname, dc: dc)
                for server in sources {
                    let size = Int64(random.logNormal(median: full ? 60e9 : 4e9, sigma: 0.35))
                    e.logon(t, user: account.username, target: server, from: backup, type: LogonType.network, package: "Kerberos")
                    e.specialPrivileges(t + 3, user: account.username, target: server)
                    if server.kind == .databaseServer {
                        let stem = String(server.hostname.dropFirst(3).prefix(while: { $0 != "0" }))
                        let db = stem == "DWH" ? stem : stem + "DB"
                        e.databaseStatement(t + 2_000, user: account.username, client: backup, clientIP: backup.ip, server: server,
                                            database: db, object: db,
                                            statement: "BACKUP DATABASE [\(db)] TO DISK = N'\\\\BACKUP01\\sql$\\\(db)_\(full ? "full" : "diff").bak' WITH COMPRESSION",
                                            rows: 0, bytes: 512)
                    } else {
                        e.shareAccess(t + 1_000, user: account.username, client: backup, clientIP: backup.ip, server: server,
                                      share: #"\\"# + server.hostname + #"\D$"#)
                    }
                    let duration = EpochMillis(Double(size) / 180e6 * 1000)
                    e.flow(t + 2_500, sourceIP: backup.ip, sourceHost: backup.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                           sourcePort: Emitter.ephemeralPort(&random), destinationPort: 445, application: "SMB",
                           sent: size / 400, received: size)
                    e.logoff(t + duration + 5_000, user: account.username, target: server, type: LogonType.network)
                    t += duration + EpochMillis(random.int(20...120)) * EpochMillis.second
                }
            }
        }
        context.random = random
    }
}
