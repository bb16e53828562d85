import VigilCore

/// Business trips: someone flies to another country, checks into a hotel that evening and works from there on VPN
/// for a few days, in the local time zone. A new country and odd hours at home time, but reached at airliner speed.
public struct BusinessTravelLookalike: ScenarioModule {
    public let name = "business-travel"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 5 else { return }
        let trips = max(1, context.enterprise.people.count / 60)
        for _ in 0..<trips {
            let roles: Set<Role> = context.random.chance(0.7) ? [.executive, .salesRep] : [.financeAnalyst, .developer, .hrSpecialist, .itAdmin]
            guard let traveller = context.pickPerson({ roles.contains($0.role) && $0.pattern != .shift && $0.deviceIndex != nil }) else { continue }
            let home = context.enterprise.office(of: traveller).place
            let abroad = World.travelDestinations.filter { $0.country != home.country }
            let destination = context.random.pick(abroad)
            let length = context.random.int(3...6)
            let departDay = context.random.int(1...max(1, context.days - length - 2))
            let departure = context.localTime(traveller, day: departDay, hour: context.random.int(8...11), minute: context.random.int(0...59))
            let distance = home.distanceKilometres(to: destination)
            // Airliner cruise speed plus taxi, climb and descent.
            let flight = EpochMillis((distance / 850 + 1) * 3_600_000)
            let arrival = departure + flight
            let returnDay = departDay + length
            let returnDeparture = destination.zone.utc(localDay: context.firstEpochDay + returnDay, minuteOfDay: context.random.int(9 * 60...14 * 60))
            let hotelIP = World.address(in: destination, random: &context.random)
            let label = context.addLookalike(
                kind: .businessTravel,
                description: "\(traveller.displayName) travels from \(home.city) to \(destination.city), \(destination.country) (\(Int(distance)) km, flight lands \(SimTime.iso8601(arrival))) and works from a hotel on VPN.",
                entities: [EntityRef(.user, traveller.username), EntityRef(.ip, hotelIP)], start: arrival, end: returnDeparture)
            let travel = Travel(departDay: context.firstEpochDay + departDay, returnDay: context.firstEpochDay + returnDay,
                                arrival: arrival, returnDeparture: returnDeparture, place: destination, hotelIP: hotelIP, label: label)
            context.override(traveller.index) { $0.travels.append(travel) }
        }
    }
}
