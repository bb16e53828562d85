import VigilCore

/// Clocks change: after a daylight-saving transition everyone in the affected offices starts work an hour
/// earlier or later in UTC, so a detector that keeps hour-of-day baselines in UTC sees a whole office at odd
/// hours. The first logons of the three days after the change are labelled.
public struct DaylightSavingLookalike: ScenarioModule {
    public let name = "daylight-saving-shift"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        var zones: [ZoneRule] = []
        for office in context.enterprise.offices where !zones.contains(office.place.zone) { zones.append(office.place.zone) }
        let firstYear = CivilDate(epochDay: context.firstEpochDay).year
        let lastYear = CivilDate(epochDay: SimTime.epochDay(context.end - 1)).year
        for zone in zones where zone.daylight != .none {
            for year in firstYear...lastYear {
                let (on, off) = zone.transitions(year: year)
                for transition in [on, off] where transition >= context.start && transition < context.end {
                    let offices = context.enterprise.offices.indices.filter { context.enterprise.offices[$0].place.zone == zone }
                    let people = context.enterprise.people.filter { !$0.isService && offices.contains($0.officeIndex) }
                    guard !people.isEmpty else { continue }
                    let until = transition + 3 * EpochMillis.day
                    let forward = transition == on
                    let label = context.addLookalike(
                        kind: .daylightSavingShift,
                        description: "\(zone.name) clocks go \(forward ? "forward" : "back") at \(SimTime.iso8601(transition)); \(people.count) people start work an hour \(forward ? "earlier" : "later") in UTC. First logons of the next three days are labelled.",
                        entities: offices.map { EntityRef(.resource, "office:" + context.enterprise.offices[$0].code) },
                        start: transition, end: until)
                    for person in people {
                        context.override(person.index) { $0.sessionLabel = (label, transition, until) }
                    }
                }
            }
        }
    }
}
