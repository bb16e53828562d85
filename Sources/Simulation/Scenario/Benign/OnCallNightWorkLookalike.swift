import VigilCore

/// On-call call-outs: the administrator on call that week is paged at night, connects over VPN and works on
/// servers for an hour or so. Off-hours privileged activity, legitimately.
public struct OnCallNightWorkLookalike: ScenarioModule {
    public let name = "on-call-night-work"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        let rota = context.enterprise.people.filter { $0.pattern == .onCall && !context.reserved.contains($0.index) }
        guard !rota.isEmpty else { return }
        let weeks = (context.days + 6) / 7
        for week in 0..<weeks {
            let person = rota[(week + rota.count / 2) % rota.count]
            let callouts = context.random.poisson(1.4)
            for _ in 0..<callouts {
                let day = week * 7 + context.random.below(7)
                guard day < context.days else { continue }
                let start = context.localTime(person, day: day, hour: context.random.int(0...4), minute: context.random.int(0...59))
                let end = start + EpochMillis(context.random.int(35...110)) * EpochMillis.minute
                guard end < context.end else { continue }
                let label = context.addLookalike(
                    kind: .onCallNightWork,
                    description: "\(person.displayName) (on call) is paged at \(SimTime.iso8601(start)) and works on servers over VPN.",
                    entities: [EntityRef(.user, person.username)] + (person.adminAccount.map { [EntityRef(.user, $0)] } ?? []),
                    start: start, end: end)
                context.override(person.index) {
                    $0.extraWindows.append(ExtraWindow(start: start, end: end, label: label, adminOnly: true))
                }
            }
        }
    }
}
