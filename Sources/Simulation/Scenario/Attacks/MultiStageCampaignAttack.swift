import VigilCore

/// A whole intrusion over the campaign window (7–30 days by default), across several users and hosts, each step
/// quiet on its own: a phished workstation beacons out; the implant enumerates the domain and dumps LSASS; an
/// administrator's hash is replayed to finance servers; the admin account stages the finance database and runs a
/// masquerading binary; a finance analyst's password is used over VPN from abroad; data leaves slowly over the
/// implant's channel; finally the database server's log is cleared.
public struct MultiStageCampaignAttack: ScenarioModule {
    public let name = "multi-stage-campaign"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        let a = context.attackStartDay
        let span = max(1, context.campaignDays)
        let lastRunDay = context.days - 1
        guard let patient0 = context.pickPerson({
            [.salesRep, .financeAnalyst, .hrSpecialist, .supportAgent].contains($0.role) && $0.pattern != .shift && $0.pattern != .remote
                && $0.deviceIndex != nil
        }), let device = context.enterprise.device(of: patient0),
            let admin = context.enterprise.people.first(where: { $0.role == .itAdmin && $0.adminAccount != nil && !context.reserved.contains($0.index) })
                ?? context.enterprise.people.first(where: { $0.role == .itAdmin && $0.adminAccount != nil })
        else { return }
        context.reserve(admin)
        let campaign = context.addCampaign(
            kind: "multi-stage", name: "Operation from \(device.hostname)",
            description: "Phishing on \(device.hostname) leads over \(span) days to domain credential theft, finance-server access, a second account takeover and slow exfiltration, ending with log clearing.",
            entities: [EntityRef(.user, patient0.username), EntityRef(.host, device.hostname), EntityRef(.user, admin.serverAccount)])

        guard let c2 = context.plantImplant(campaign: campaign, victim: patient0, day: a) else { return }
        // Stages are placed over what is left of the window once the implant has run, each after the one before.
        let a0 = SimTime.epochDay(c2.installed) - context.firstEpochDay
        let remaining = max(1, a + span - a0)
        func at(_ fraction: Double) -> Int { min(lastRunDay, a0 + Int(Double(remaining - 1) * fraction)) }
        let lastDay = at(1)
        context.beacon(campaign: campaign, victim: patient0, c2: c2, fromDay: a0, toDay: lastDay)
        context.implantDiscovery(campaign: campaign, victim: patient0, c2: c2, day: at(0.1))
        var cursor = c2.installed + EpochMillis.hour
        cursor = context.dumpCredentials(campaign: campaign, victim: patient0, day: at(0.2), notBefore: cursor)

        let finance = ["DB-FIN01", "FS-FIN01", "APP-ERP01"].compactMap { context.enterprise.asset(named: $0) }
        let extra = context.lateralTargets(for: patient0, count: 2).filter { t in !finance.contains { $0.index == t.index } }
        let targets = finance + extra.prefix(context.scaled(1))
        let spread = context.config.stealth < 0.5 ? 1 : max(1, at(0.45) - at(0.3))
        cursor = context.runLateralMovement(campaign: campaign, victim: patient0, admin: admin, targets: targets, day: at(0.3),
                                            spreadDays: spread, notBefore: cursor)

        if let db = context.enterprise.asset(named: "DB-FIN01") {
            cursor = context.stageDatabase(campaign: campaign, admin: admin, server: db, day: at(0.5), notBefore: cursor)
        }
        let cursorDay = SimTime.epochDay(cursor) - context.firstEpochDay
        if let analyst = context.pickPerson({ $0.role == .financeAnalyst && $0.pattern != .shift && $0.deviceIndex != nil }) {
            context.runCredentialCompromise(campaign: campaign, victim: analyst, firstDay: max(cursorDay, at(0.55)), sessions: 1, collectionStage: true)
        }
        let exfilFrom = min(lastDay, max(cursorDay + 1, at(0.6)))
        context.exfiltrateOverC2(campaign: campaign, victim: patient0, c2: c2, fromDay: exfilFrom, toDay: max(exfilFrom, at(0.95)))
        if let db = context.enterprise.asset(named: "DB-FIN01") {
            context.silenceLogSource(campaign: campaign, operatorPerson: admin, target: db, day: lastDay, notBefore: cursor)
        }
    }
}

extension ScenarioContext {
    /// The admin account dumps a database to a temp folder on its server and runs a masquerading binary there.
    @discardableResult
    mutating func stageDatabase(campaign c: Int, admin: Person, server: Asset, day: Int, notBefore: EpochMillis = 0) -> EpochMillis {
        guard let account = admin.adminAccount, let jump = enterprise.asset(named: "JUMP01") else { return notBefore }
        let t = after(notBefore, attackTime(admin, day: day))
        let entities = [EntityRef(.user, account), EntityRef(.host, server.hostname)]
        let staging = addStep(campaign: c, stage: "collection", tactic: "Collection", technique: "T1074.002",
                              techniqueName: "Data Staged: Remote Data Staging",
                              description: "FINDB backed up to C:\\Windows\\Temp on \(server.hostname) by \(account).",
                              entities: entities, start: t, end: t + EpochMillis.hour)
        let masquerade = addStep(campaign: c, stage: "defense-evasion", tactic: "Defense Evasion", technique: "T1036.005",
                                 techniqueName: "Masquerading: Match Legitimate Name or Location",
                                 description: "A copy tool named svchost.exe runs from C:\\Windows\\Temp on \(server.hostname).",
                                 entities: entities, start: t, end: t + EpochMillis.hour)
        let actor = Actor(account: account, device: jump, ip: jump.ip, dc: enterprise.domainController(for: admin.index))
        var random = self.random
        script(.malicious(campaign: c, step: staging)) { e in
            e.administer(t, actor: actor, server: server, method: .rdp, random: &random,
                         commands: ["cmd.exe /c sqlcmd -S localhost -E -Q \"BACKUP DATABASE FINDB TO DISK='C:\\Windows\\Temp\\fdb.bak' WITH COPY_ONLY, COMPRESSION\""],
                         logoffAfter: 40 * EpochMillis.minute)
            e.databaseStatement(t + 25_000, user: account, client: server, clientIP: server.ip, server: server, database: "FINDB", object: "FINDB",
                                statement: "BACKUP DATABASE FINDB TO DISK='C:\\Windows\\Temp\\fdb.bak' WITH COPY_ONLY, COMPRESSION",
                                rows: 0, bytes: 900, application: "SQLCMD")
        }
        script(.malicious(campaign: c, step: masquerade)) { e in
            e.process(t + 12 * EpochMillis.minute, user: account, host: server, image: #"C:\Windows\Temp\svchost.exe"#,
                      commandLine: #"C:\Windows\Temp\svchost.exe -k netsvcs C:\Windows\Temp\fdb.bak"#, parent: #"C:\Windows\System32\cmd.exe"#)
        }
        self.random = random
        return t + EpochMillis.hour
    }
}
