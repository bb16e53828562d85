import VigilCore

/// Month-end and quarter-close reporting: finance analysts export large reports from the ERP and the data
/// warehouse and save them to the finance share; a sales operations export follows. Big volumes, legitimately.
public struct BulkExportLookalike: ScenarioModule {
    public let name = "bulk-export"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        var closeDays: [Int] = []
        for day in 0..<context.days {
            let date = CivilDate(epochDay: context.firstEpochDay + day)
            let weekday = date.weekday
            guard weekday < 5 else { continue }
            let next = CivilDate(epochDay: context.firstEpochDay + day + 1)
            // First three working days and the last working day of a month.
            let workdaysSoFar = (1...date.day).filter { CivilDate(year: date.year, month: date.month, day: $0).weekday < 5 }.count
            let lastWorkday = next.month != date.month || (weekday == 4 && CivilDate(epochDay: context.firstEpochDay + day + 3).month != date.month)
            if workdaysSoFar <= 3 || lastWorkday { closeDays.append(day) }
        }
        if closeDays.isEmpty, context.days > 1 { closeDays.append(min(context.days - 1, 2)) }
        let analysts = context.candidates { $0.role == .financeAnalyst && $0.pattern != .remote && $0.deviceIndex != nil }
        let sales = context.candidates { $0.role == .salesRep && $0.deviceIndex != nil }
        guard !analysts.isEmpty else { return }
        let enterprise = context.enterprise
        guard let reporting = enterprise.resource(key: "app:ERP/Reporting"), let dwh = enterprise.resource(key: "db:DWH.dbo.fact_finance"),
              let share = enterprise.resource(key: #"share:Finance\Reports"#) else { return }
        var random = context.random
        for day in closeDays {
            let people = random.sample(min(analysts.count, max(2, analysts.count / 4)), from: analysts.count).map { analysts[$0] }
            var crm: Person?
            if !sales.isEmpty, random.chance(0.5) { crm = sales[random.below(sales.count)] }
            let date = CivilDate(epochDay: context.firstEpochDay + day)
            let label = context.addLookalike(
                kind: .bulkExport,
                description: "Close reporting on \(date): \(people.count) finance analysts export ERP and warehouse reports" + (crm != nil ? ", plus a CRM pipeline export." : "."),
                entities: people.map { EntityRef(.user, $0.username) } + (crm.map { [EntityRef(.user, $0.username)] } ?? []),
                start: context.midnight(day: day), end: context.midnight(day: day) + EpochMillis.day)
            for person in people {
                let actor = context.actor(person, remote: false)
                var t = context.localTime(person, day: day, hour: random.int(10...16), minute: random.int(0...59))
                context.script(.benign(lookalike: label)) { e in
                    for _ in 0..<random.int(2...4) {
                        let size = Int64(random.logNormal(median: 400e6, sigma: 0.6))
                        e.useApplication(t, actor: actor, resource: reporting, random: &random, volume: 1, action: "export", bytes: size)
                        e.queryDatabase(t + 90_000, actor: actor, resource: dwh, random: &random, volume: 1,
                                        statement: "SELECT * FROM dbo.fact_finance WHERE period = @p1", bytes: size / 2, rows: Int(size / 900))
                        e.accessShare(t + 300_000, actor: actor, resource: share, random: &random, volume: 1,
                                      file: "close-\(date)-export-\(random.below(90) + 10).xlsx", bytes: size, write: true)
                        t += EpochMillis(random.int(15...50)) * EpochMillis.minute
                    }
                }
            }
            if let crm, let reports = enterprise.resource(key: "app:CRM/Reports") {
                let actor = context.actor(crm, remote: crm.pattern == .remote)
                let t = context.localTime(crm, day: day, hour: random.int(9...15), minute: random.int(0...59))
                context.script(.benign(lookalike: label)) { e in
                    e.useApplication(t, actor: actor, resource: reports, random: &random, volume: 1, action: "export",
                                     bytes: Int64(random.logNormal(median: 250e6, sigma: 0.5)))
                }
            }
        }
        context.random = random
    }
}
