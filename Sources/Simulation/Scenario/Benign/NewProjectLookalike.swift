import VigilCore

/// Someone joins a cross-cutting project and starts using its share, its Jira project and, for some projects,
/// another department's data: new resources, legitimately.
public struct NewProjectLookalike: ScenarioModule {
    public let name = "new-project"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    /// Data a project needs beyond its own share and tracker.
    static let projectData: [String: [String]] = [
        "Atlas": ["server:APP-CI01", #"share:Engineering\Releases"#],
        "Mercury": ["app:ERP/General Ledger", "db:FINDB.dbo.gl_entries"],
        "Orion": ["app:CRM/Reports", #"share:Sales\Forecasts"#],
        "Q4Audit": [#"share:Finance\Audit"#, "db:DWH.dbo.fact_finance"],
        "Nova": ["app:Jira/PLAT", #"share:Engineering\Design"#],
    ]

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 4 else { return }
        let count = max(1, context.enterprise.people.count / 100)
        for _ in 0..<count {
            guard let person = context.pickPerson({ !$0.isService && $0.projects.isEmpty && $0.deviceIndex != nil }) else { continue }
            let eligible = Catalog.projects.indices.filter { Catalog.projects[$0].departments.contains(person.department) }
            guard !eligible.isEmpty else { continue }
            let project = Catalog.projects[context.random.pick(eligible)].name
            let day = context.random.int(max(1, context.days / 5)...max(1, context.days * 4 / 5))
            var habits = person.habits
            var weights = zip(person.habits.indices, person.habitCumulative).map { i, c in c - (i > 0 ? person.habitCumulative[i - 1] : 0) }
            var fresh: [Int] = []
            for key in [#"share:Projects\"# + project, "app:Jira/" + project.uppercased()] + (Self.projectData[project] ?? []) {
                guard let r = context.enterprise.resourceIndex(key), !habits.contains(r) else { continue }
                habits.append(r)
                weights.append(2.5)
                fresh.append(r)
            }
            guard !fresh.isEmpty else { continue }
            let start = context.midnight(day: day)
            let label = context.addLookalike(
                kind: .newProject,
                description: "\(person.displayName) (\(person.role.rawValue)) joins project \(project) and starts using its resources.",
                entities: [EntityRef(.user, person.username)] + fresh.map { EntityRef(.resource, context.enterprise.resources[$0].name) },
                start: start, end: start + 10 * EpochMillis.day)
            let change = HabitChange(fromDay: context.firstEpochDay + day, habits: habits, cumulative: RoleChangeLookalike.cumulative(weights),
                                     newResources: fresh, label: label, labelUntilDay: context.firstEpochDay + day + 10)
            context.override(person.index) { $0.habitChanges.append(change) }
            context.addHRChange(person, HRChange(date: CivilDate(epochDay: SimTime.epochDay(start)).description, kind: "project-assignment",
                                                 detail: "Assigned to project \(project)", project: project))
        }
    }
}
