import VigilCore

/// Blinding the SOC: an intruder with admin rights clears (or stops forwarding) a critical server's security log so
/// it goes silent for hours, and a tampered forwarder on the VPN concentrator sends malformed records instead of
/// events.
public struct LogTamperingAttack: ScenarioModule {
    public let name = "log-tampering"
    public let kind = ScenarioModuleKind.attack
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard let admin = context.enterprise.people.first(where: { $0.role == .itAdmin && $0.adminAccount != nil }),
              let target = context.enterprise.asset(named: "DC02") else { return }
        let campaign = context.addCampaign(
            kind: name, name: "Log tampering on \(target.hostname)",
            description: "\(target.hostname)'s security log is cleared and goes silent; the VPN concentrator's forwarder starts sending garbage.",
            entities: [EntityRef(.host, target.hostname), EntityRef(.user, admin.serverAccount)])
        let day = min(context.days - 1, context.attackStartDay + context.random.below(max(1, min(4, context.days - context.attackStartDay))))
        context.silenceLogSource(campaign: campaign, operatorPerson: admin, target: target, day: day)
        if let vpn = context.enterprise.asset(named: "VPN01") {
            let other = min(context.days - 1, day + (context.days - day > 2 ? 1 : 0))
            context.garbleLogSource(campaign: campaign, source: vpn.logSource, day: other)
        }
    }
}

extension ScenarioContext {
    /// An administrator account clears (noisy) or stops (careful) the security log of `target`, which then sends
    /// nothing for hours.
    mutating func silenceLogSource(campaign c: Int, operatorPerson admin: Person, target: Asset, day: Int, notBefore: EpochMillis = 0) {
        guard let jump = enterprise.asset(named: "JUMP01") else { return }
        let stealth = config.stealth
        let account = admin.serverAccount
        let t = after(notBefore, attackTime(admin, day: day))
        let hours = (stealth < 0.5 ? random.uniform(6, 10) : random.uniform(2, 4)) * min(2, max(0.5, config.intensity))
        let silentFrom = t + 3 * EpochMillis.minute
        let silentUntil = min(end, silentFrom + EpochMillis(hours * 3_600_000))
        let clear = stealth < 0.5
        let step = addStep(campaign: c, stage: "defense-evasion", tactic: "Defense Evasion",
                           technique: clear ? "T1070.001" : "T1562.002",
                           techniqueName: clear ? "Indicator Removal: Clear Windows Event Logs" : "Impair Defenses: Disable Windows Event Logging",
                           description: clear ? "wevtutil clears the Security log on \(target.hostname); the source is silent for \(Int(hours)) h."
                               : "Log forwarding and auditing stopped on \(target.hostname); the source is silent for \(Int(hours)) h.",
                           entities: [EntityRef(.host, target.hostname), EntityRef(.user, account),
                                      EntityRef(.logSource, enterprise.logSources[target.logSource].name)],
                           start: t, end: silentUntil)
        let actor = Actor(account: account, device: jump, ip: jump.ip, dc: enterprise.domainController(for: admin.index))
        var random = self.random
        script(.malicious(campaign: c, step: step)) { e in
            e.administer(t, actor: actor, server: target, method: .rdp, random: &random,
                         commands: clear ? ["cmd.exe /c wevtutil cl Security"] : ["cmd.exe /c auditpol /clear /y", "cmd.exe /c sc stop WinCollect"],
                         logoffAfter: 150_000)
            if clear { e.auditLogCleared(t + 30_000, user: account, host: target) }
        }
        self.random = random
        silence(logSource: target.logSource, from: silentFrom, until: silentUntil, campaign: c, step: step)
    }

    /// A log source sends malformed lines instead of events for a few hours.
    mutating func garbleLogSource(campaign c: Int, source: Int, day: Int) {
        let logSource = enterprise.logSources[source]
        let from = midnight(day: day) + EpochMillis(random.int(1...20)) * EpochMillis.hour
        let hours = random.uniform(1.5, 4) * min(2, max(0.5, config.intensity))
        let until = min(end, from + EpochMillis(hours * 3_600_000))
        guard from < until else { return }
        let step = addStep(campaign: c, stage: "defense-evasion", tactic: "Defense Evasion", technique: "T1562.006",
                           techniqueName: "Impair Defenses: Indicator Blocking",
                           description: "\(logSource.name) sends malformed records instead of events for about \(max(1, Int(hours.rounded()))) h.",
                           entities: [EntityRef(.logSource, logSource.name), EntityRef(.host, logSource.hostname)], start: from, end: until)
        silence(logSource: source, from: from, until: until, campaign: c, step: step)
        var random = self.random
        script(.malicious(campaign: c, step: step)) { e in
            var t = from
            while t < until {
                e.malformed(t, logSource: source, line: MalformedLines.line(source: logSource, time: t, random: &random))
                t += EpochMillis(random.int(15...90)) * EpochMillis.second
            }
        }
        self.random = random
    }
}
