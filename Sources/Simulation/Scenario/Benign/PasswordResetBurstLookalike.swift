import VigilCore

/// A Monday when a password-expiry policy catches many people at once: logon failures with "password expired",
/// a rush of calls, and the help desk resetting dozens of passwords within two hours.
public struct PasswordResetBurstLookalike: ScenarioModule {
    public let name = "password-reset-burst"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        let desk = context.enterprise.people.filter { $0.role == .helpDesk && $0.deviceIndex != nil }
        guard !desk.isEmpty else { return }
        guard let day = (0..<context.days).first(where: {
            $0 >= min(context.days - 1, 3) && CivilDate.weekday(epochDay: context.firstEpochDay + $0) == 0
        }) ?? (0..<context.days).first(where: { CivilDate.weekday(epochDay: context.firstEpochDay + $0) < 5 }) else { return }
        let nyc = context.enterprise.offices[0]
        let affected = context.enterprise.people.filter {
            $0.officeIndex == 0 && !$0.isService && $0.deviceIndex != nil && !context.reserved.contains($0.index) && $0.pattern != .remote
        }
        guard !affected.isEmpty else { return }
        let count = min(affected.count, max(6, affected.count / 6))
        let victims = context.random.sample(count, from: affected.count).map { affected[$0] }
        let start = context.localTime(nyc.place.zone, day: day, hour: 8, minute: 0)
        let label = context.addLookalike(
            kind: .passwordResetBurst,
            description: "Password expiry policy hits \(victims.count) New York staff on \(CivilDate(epochDay: context.firstEpochDay + day)); the help desk resets their passwords.",
            entities: desk.map { EntityRef(.user, $0.username) } + victims.map { EntityRef(.user, $0.username) },
            start: start, end: start + 3 * EpochMillis.hour)
        let enterprise = context.enterprise
        var random = context.random
        context.script(.benign(lookalike: label)) { e in
            guard let resetApp = enterprise.resource(key: "app:ServiceDesk/Password Reset") else { return }
            for (i, victim) in victims.enumerated() {
                guard let device = enterprise.device(of: victim) else { continue }
                let dc = enterprise.domainController(for: victim.index)
                let first = start + EpochMillis(random.int(0...100)) * EpochMillis.minute
                let attempts = 1 + random.below(3)
                for k in 0..<attempts {
                    e.logonFailure(first + EpochMillis(k * 20_000), user: victim.username, target: device, from: device,
                                   type: LogonType.interactive, package: "Negotiate", failure: k == 0 ? .expiredPassword : .mustChange)
                }
                if attempts == 3, random.chance(0.3) {
                    e.accountLockout(first + 61_000, target: victim.username, callerHost: device.hostname, dc: dc)
                }
                let agent = desk[i % desk.count]
                let actor = Actor(account: agent.username, device: enterprise.device(of: agent), ip: enterprise.device(of: agent)!.ip, dc: dc)
                let reset = first + EpochMillis(random.int(4...35)) * EpochMillis.minute
                e.useApplication(reset, actor: actor, resource: resetApp, random: &random, volume: 1, action: "reset-password")
                e.passwordReset(reset + 5_000, actor: agent.username, target: victim.username, actorHost: enterprise.device(of: agent), dc: dc)
                e.kerberosTGT(reset + EpochMillis(random.int(2...10)) * EpochMillis.minute, user: victim.username, clientIP: device.ip,
                              clientHost: device.hostname, dc: dc)
                e.logon(reset + EpochMillis(random.int(10...11)) * EpochMillis.minute, user: victim.username, target: device, from: device,
                        type: LogonType.interactive, package: "Kerberos")
            }
        }
        context.random = random
    }
}
