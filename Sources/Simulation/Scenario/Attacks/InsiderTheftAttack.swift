import VigilCore

/// A leaver steals data: after handing in their notice, a person reads other teams' repositories a few files at a
/// time, stages and compresses them on their laptop, and uploads them to personal cloud storage in small daily
/// chunks, during normal working hours, for weeks.
public struct InsiderTheftAttack: ScenarioModule {
    public let name = "insider-theft"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let insider = context.pickPerson({
            [.developer, .salesRep, .financeAnalyst].contains($0.role) && $0.pattern != .shift && $0.deviceIndex != nil
        }) else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Data theft by leaver \(insider.username)",
            description: "\(insider.displayName) resigns, then collects other departments' data and uploads it to personal cloud storage over weeks.",
            entities: [EntityRef(.user, insider.username)])
        context.runInsiderTheft(campaign: campaign, insider: insider, noticeDay: context.attackStartDay,
                                untilDay: min(context.days - 1, context.attackStartDay + max(context.campaignDays, 7)))
    }
}

extension ScenarioContext {
    /// Runs an insider's theft from the day after `noticeDay` until `untilDay` (or their last day).
    mutating func runInsiderTheft(campaign c: Int, insider: Person, noticeDay: Int, untilDay: Int) {
        let stealth = config.stealth
        let lastDay = noticeDay + 28
        // The same HR record as every other leaver's (the background has several).
        resign(insider, noticeEpochDay: firstEpochDay + noticeDay, lastEpochDay: firstEpochDay + lastDay)

        guard let device = enterprise.device(of: insider) else { return }
        let targets = enterprise.resources.filter {
            ($0.kind == .share || $0.kind == .application || $0.kind == .database) && $0.sensitivity >= .confidential
                && $0.department != nil && $0.department != insider.department && !insider.habits.contains($0.index)
        }
        guard !targets.isEmpty else { return }
        let chosen = random.sample(min(targets.count, 3 + random.below(3)), from: targets.count).map { targets[$0] }
        let storageDomain = stealth < 0.5 ? "mega.nz" : "drive.google.com"
        guard let storageIndex = enterprise.destinationByDomain[storageDomain] else { return }
        let storage = enterprise.destinations[storageIndex]
        let entities = [EntityRef(.user, insider.username), EntityRef(.host, device.hostname)]
        let start = midnight(day: noticeDay + 1)
        let finish = midnight(day: untilDay) + EpochMillis.day
        let shareStep = addStep(campaign: c, stage: "collection", tactic: "Collection", technique: "T1039",
                                techniqueName: "Data from Network Shared Drive",
                                description: "Reads files from other departments' shares a few at a time.",
                                entities: entities + chosen.filter { $0.kind == .share }.map { EntityRef(.resource, $0.name) }, start: start, end: finish)
        let repoStep = addStep(campaign: c, stage: "collection", tactic: "Collection", technique: "T1213",
                               techniqueName: "Data from Information Repositories",
                               description: "Exports records from applications and databases outside the person's role.",
                               entities: entities + chosen.filter { $0.kind != .share }.map { EntityRef(.resource, $0.name) }, start: start, end: finish)
        let stageStep = addStep(campaign: c, stage: "staging", tactic: "Collection", technique: "T1074.001",
                                techniqueName: "Data Staged: Local Data Staging",
                                description: "Copies collected files into a hidden folder on the laptop.", entities: entities, start: start, end: finish)
        let archiveStep = addStep(campaign: c, stage: "staging", tactic: "Collection", technique: "T1560.001",
                                  techniqueName: "Archive Collected Data: Archive via Utility",
                                  description: "Compresses and encrypts the staged folder with 7-Zip.", entities: entities, start: start, end: finish)
        let exfilStep = addStep(campaign: c, stage: "exfiltration", tactic: "Exfiltration", technique: "T1567.002",
                                techniqueName: "Exfiltration Over Web Service: Exfiltration to Cloud Storage",
                                description: "Uploads small encrypted chunks to personal storage at \(storageDomain) every working day.",
                                entities: entities + [EntityRef(.ip, storage.ip)], start: start, end: finish)

        let staging = #"C:\Users\"# + insider.username + #"\AppData\Local\Temp\~sync"#
        var random = self.random
        var lastStaged = -7
        for day in (noticeDay + 1)...max(noticeDay + 1, min(untilDay, lastDay)) where day < days {
            guard let work = workSession(insider, day: day), work.end - work.start >= 2 * EpochMillis.hour else { continue }
            let actor = self.actor(insider, remote: work.remote)
            let window = (work.start + 30 * EpochMillis.minute, work.end - 30 * EpochMillis.minute)
            if random.chance(0.6) {
                for _ in 0..<scaled(Double(1 + random.below(3))) {
                    let r = chosen[random.below(chosen.count)]
                    let t = random.int64(window.0, window.1)
                    script(.malicious(campaign: c, step: r.kind == .share ? shareStep : repoStep)) { e in
                        switch r.kind {
                        case .share: e.accessShare(t, actor: actor, resource: r, random: &random, volume: 1.5, write: false)
                        case .database: e.queryDatabase(t, actor: actor, resource: r, random: &random, volume: 3,
                                                        statement: "SELECT * FROM dbo.\(r.details[1])")
                        default: e.useApplication(t, actor: actor, resource: r, random: &random, volume: 2,
                                                  action: r.details.contains("export") ? "export" : (r.details.contains("pull") ? "pull" : "view"))
                        }
                    }
                }
            }
            if day - lastStaged >= 5 {
                lastStaged = day
                let t = random.int64(window.0, window.1)
                let source = chosen.first { $0.kind == .share }?.name ?? #"\\FS-CORP01\Public\Templates"#
                script(.malicious(campaign: c, step: stageStep)) { e in
                    e.process(t, user: insider.username, host: device, image: #"C:\Windows\System32\Robocopy.exe"#,
                              commandLine: "robocopy \"\(source)\" \"\(staging)\" /E /R:1 /W:1 /NP", parent: #"C:\Windows\System32\cmd.exe"#)
                }
                script(.malicious(campaign: c, step: archiveStep)) { e in
                    e.process(t + EpochMillis(random.int(3...25)) * EpochMillis.minute, user: insider.username, host: device,
                              image: #"C:\Program Files\7-Zip\7z.exe"#,
                              commandLine: "\"C:\\Program Files\\7-Zip\\7z.exe\" a -t7z -mhe=on -p \"\(staging)\\part\(day).7z\" \"\(staging)\\*\" -v25m",
                              parent: #"C:\Windows\System32\cmd.exe"#)
                }
            }
            // Low and slow: a few tens of megabytes a day, inside working hours.
            let uploads = 1 + random.below(stealth < 0.5 ? 3 : 2)
            for _ in 0..<uploads {
                let t = random.int64(window.0, window.1)
                let chunk = Int64(random.uniform(8e6, 45e6) * config.intensity * (1.3 - stealth / 2))
                script(.malicious(campaign: c, step: exfilStep)) { e in
                    e.webRequest(t, user: insider.username, client: device, clientIP: actor.ip, destination: storage, path: "/upload",
                                 method: "POST", uploaded: chunk, downloaded: 2_000 + Int64(random.below(6_000)),
                                 proxyIndex: e.enterprise.proxies[insider.index % 2], withFlow: true, random: &random)
                }
            }
        }
        self.random = random
    }
}
