import VigilCore

/// Load on shared services by UTC hour: Asia in the early hours, Europe mid-morning, the Americas in the afternoon.
private let utcLoad: [Double] = [
    0.35, 0.3, 0.3, 0.45, 0.6, 0.7, 0.75, 0.85, 0.95, 1.0, 0.95, 0.85, 0.9, 1.0, 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35,
]

extension HourGenerator {
    /// What the machines do on their own in an hour: heartbeats, application service accounts talking to their
    /// databases, the reporting ETL, the build pipeline, domain-controller replication.
    func infrastructureHour(h0: EpochMillis, hour: Int, emitter: inout Emitter, random: inout SeededRandom) {
        let enterprise = model.enterprise
        let utcHour = Int((h0 / EpochMillis.hour) % 24)
        let weekday = CivilDate.weekday(epochDay: SimTime.epochDay(h0))
        let weekend = weekday >= 5

        // Heartbeats of the server-side log sources (endpoints beat from their sessions).
        for source in enterprise.logSources where source.assetIndex < enterprise.firstEndpointAsset {
            let interval = source.type.heartbeatMinutes
            var minute = (source.index * 3) % interval
            while minute < 60 {
                emitter.heartbeat(h0 + EpochMillis(minute) * EpochMillis.minute + EpochMillis(source.index % 997), logSource: source.index)
                minute += interval
            }
        }

        // Domain-controller replication.
        let dc1 = enterprise.asset(named: "DC01")!, dc2 = enterprise.asset(named: "DC02")!
        emitter.flow(h0 + EpochMillis(random.below(3_600_000)), sourceIP: dc1.ip, sourceHost: dc1.hostname, destinationIP: dc2.ip,
                     destinationHost: dc2.hostname, sourcePort: Emitter.ephemeralPort(&random), destinationPort: 135, application: "MSRPC",
                     sent: 40_000 + Int64(random.below(400_000)), received: 30_000 + Int64(random.below(300_000)))

        let load = utcLoad[utcHour] * (weekend ? 0.25 : 1) * max(1, Double(enterprise.people.count) / 250)
        for service in enterprise.people where service.isService {
            switch service.username {
            case "svc_sql":
                for (app, db, table) in [("APP-ERP01", "DB-FIN01", "db:FINDB.dbo.gl_entries"), ("APP-PAY01", "DB-HR01", "db:HRDB.dbo.salaries"),
                                         ("APP-HRIS01", "DB-HR01", "db:HRDB.dbo.employees"), ("APP-CRM01", "DB-CRM01", "db:CRMDB.dbo.accounts")] {
                    serviceConnections(service: service, from: app, to: db, table: table, count: random.poisson(2 * load), h0: h0,
                                       emitter: &emitter, random: &random)
                }
            case "svc_web":
                serviceConnections(service: service, from: "APP-WEB01", to: "DB-APP01", table: "db:APPDB.dbo.sessions",
                                   count: random.poisson(1.5 * load), h0: h0, emitter: &emitter, random: &random)
            case "svc_report":
                guard utcHour == 1 || utcHour == 2 else { continue }
                let dwh = enterprise.asset(named: "DB-DWH01")!
                let actor = Actor(account: service.username, device: dwh, ip: dwh.ip, dc: enterprise.domainController(for: service.index))
                for key in ["db:FINDB.dbo.gl_entries", "db:CRMDB.dbo.opportunities", "db:APPDB.dbo.orders"] {
                    guard let r = enterprise.resource(key: key) else { continue }
                    let t = h0 + EpochMillis(random.below(3_000_000))
                    if let server = r.assetIndex.map({ enterprise.assets[$0] }) {
                        emitter.logon(t - 500, user: service.username, target: server, from: dwh, type: LogonType.network, package: "Kerberos")
                    }
                    emitter.queryDatabase(t, actor: actor, resource: r, random: &random, volume: 1,
                                          statement: "SELECT * FROM dbo.\(r.details[1]) WHERE modified_at >= @p1",
                                          bytes: Int64(random.logNormal(median: 60e6, sigma: 0.4)))
                }
            case "svc_ci":
                guard !weekend || random.chance(0.3), (5...21).contains(utcHour) else { continue }
                let ci = enterprise.asset(named: "APP-CI01")!
                let actor = Actor(account: service.username, device: ci, ip: ci.ip, dc: enterprise.domainController(for: service.index))
                let builds = random.poisson(1.5 * max(1, load / 4))
                for _ in 0..<builds {
                    let t = h0 + EpochMillis(random.below(3_500_000))
                    if let repo = enterprise.resource(key: random.pick(["app:GitLab/platform", "app:GitLab/mobile", "app:GitLab/data-pipeline"])) {
                        emitter.useApplication(t, actor: actor, resource: repo, random: &random, volume: 1, action: "pull")
                    }
                    if random.chance(0.4), let builds = enterprise.resource(key: #"share:Engineering\Builds"#) {
                        emitter.accessShare(t + 240_000, actor: actor, resource: builds, random: &random, volume: 1,
                                            file: "build-\(hour)-\(random.below(1000)).zip", write: true, sessionProbability: 1)
                    }
                }
            case "svc_backup":
                continue  // the nightly backups are the backup look-alike's job
            default:
                // Other service accounts: a scheduled job on a server every so often.
                guard random.chance(0.6) else { continue }
                let servers = enterprise.servers
                let server = servers[servers.startIndex + (service.index * 31) % servers.count]
                guard server.platform == .windowsServer else { continue }
                let t = h0 + EpochMillis(random.below(3_600_000))
                emitter.logon(t, user: service.username, target: server, from: server, type: LogonType.batch, package: "Negotiate")
                emitter.logoff(t + EpochMillis(random.int(5...300)) * EpochMillis.second, user: service.username, target: server,
                               type: LogonType.batch)
            }
        }
    }

    /// An application server's service account opening connections to its database.
    private func serviceConnections(service: Person, from app: String, to db: String, table: String, count: Int, h0: EpochMillis,
                                    emitter: inout Emitter, random: inout SeededRandom) {
        let enterprise = model.enterprise
        guard count > 0, let appServer = enterprise.asset(named: app), let dbServer = enterprise.asset(named: db),
              let resource = enterprise.resource(key: table) else { return }
        let actor = Actor(account: service.username, device: appServer, ip: appServer.ip, dc: enterprise.domainController(for: service.index))
        for _ in 0..<count {
            let t = h0 + EpochMillis(random.below(3_600_000))
            if random.chance(0.3) {
                emitter.logon(t - 200, user: service.username, target: dbServer, from: appServer, type: LogonType.network, package: "Kerberos")
            }
            emitter.queryDatabase(t, actor: actor, resource: resource, random: &random, volume: 0.6, application: resource.application)
        }
    }
}
