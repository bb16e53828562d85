import VigilCore

/// Internal moves: someone changes role and, from that day, uses the new team's resources (and a few old ones).
/// Access to resources the person never touched before is labelled for the first ten days.
public struct RoleChangeLookalike: ScenarioModule {
    public let name = "role-change"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    static let moves: [Role: Role] = [
        .supportAgent: .salesRep, .helpDesk: .itAdmin, .developer: .dba, .salesRep: .financeAnalyst,
        .financeAnalyst: .hrSpecialist, .contractor: .developer,
    ]

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 4 else { return }
        let count = max(1, context.enterprise.people.count / 150)
        for _ in 0..<count {
            guard let person = context.pickPerson({ Self.moves[$0.role] != nil && $0.pattern != .shift && $0.deviceIndex != nil }),
                  let newRole = Self.moves[person.role] else { continue }
            let day = context.random.int(max(1, context.days / 4)...max(1, context.days * 3 / 4))
            var habits: [Int] = []
            var weights: [Double] = []
            for (key, probability, weight) in Catalog.habits(for: newRole) where context.random.chance(probability) {
                guard let r = context.enterprise.resourceIndex(key), !habits.contains(r) else { continue }
                habits.append(r)
                weights.append(weight)
            }
            // Old habits fade rather than vanish.
            for (i, r) in person.habits.enumerated() where !habits.contains(r) && context.random.chance(0.4) {
                habits.append(r)
                weights.append((person.habitCumulative[i] - (i > 0 ? person.habitCumulative[i - 1] : 0)) * 0.5)
            }
            let fresh = habits.filter { !person.habits.contains($0) }
            let newTitle = newRole.titles[0]
            let start = context.midnight(day: day)
            let label = context.addLookalike(
                kind: .roleChange,
                description: "\(person.displayName) moves from \(person.title) to \(newTitle) and starts using \(fresh.count) resources new to them.",
                entities: [EntityRef(.user, person.username)] + fresh.prefix(8).map { EntityRef(.resource, context.enterprise.resources[$0].name) },
                start: start, end: start + 10 * EpochMillis.day)
            let change = HabitChange(fromDay: context.firstEpochDay + day, habits: habits, cumulative: Self.cumulative(weights),
                                     newResources: fresh, label: label, labelUntilDay: context.firstEpochDay + day + 10)
            context.override(person.index) { $0.habitChanges.append(change) }
            context.addHRChange(person, HRChange(
                date: CivilDate(epochDay: SimTime.epochDay(start)).description, kind: "role-change",
                detail: "\(person.title) (\(person.role.rawValue)) -> \(newTitle) (\(newRole.rawValue)), department \(newRole.department.rawValue)",
                department: newRole.department.rawValue, role: newRole.rawValue, title: newTitle))
        }
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }
}
