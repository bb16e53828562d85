import VigilCore

/// New joiners: an account with no history starts logging on and touching its team's resources. Everything a
/// new hire does in their first week is labelled.
public struct NewHireLookalike: ScenarioModule {
    public let name = "new-hire"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 3 else { return }
        let count = max(1, context.enterprise.people.count / 80)
        for _ in 0..<count {
            guard let person = context.pickPerson({ $0.index >= Enterprise.keyPeople.count && !$0.isService && $0.deviceIndex != nil })
            else { continue }
            let day = context.workday(person, onOrAfter: context.random.int(1...max(1, context.days - 2)))
            let start = context.midnight(day: day)
            let label = context.addLookalike(
                kind: .newHire,
                description: "\(person.displayName) joins as \(person.title) in \(person.department.rawValue) on \(CivilDate(epochDay: context.firstEpochDay + day)); first week of activity.",
                entities: [EntityRef(.user, person.username)] + (context.enterprise.device(of: person).map { [EntityRef(.host, $0.hostname)] } ?? []),
                start: start, end: start + 7 * EpochMillis.day)
            let hireDay = context.firstEpochDay + day
            context.override(person.index) {
                $0.hireDay = hireDay
                $0.hireLabel = label
                $0.hireLabelUntilDay = hireDay + 7
            }
            context.addHRChange(person, date: start, kind: "hire", detail: "Joined as \(person.title)")
        }
    }
}
