import VigilCore

/// Remote workers whose home connection changes: a new broadband line, or a mobile carrier whose egress sits in a
/// neighbouring country. A new public address or a new country in the VPN logs, legitimately.
public struct VPNEgressChangeLookalike: ScenarioModule {
    public let name = "vpn-egress-change"
    public let kind = ScenarioModuleKind.lookalike
    public init() {}

    /// Where a mobile carrier's egress appears for people in a country.
    static let carrierEgress: [String: Place] = [
        "DE": Place(city: "Amsterdam", country: "NL", latitude: 52.3676, longitude: 4.9041, zone: .amsterdam, addressPrefixes: ["62.140", "89.200"]),
        "GB": Place(city: "Paris", country: "FR", latitude: 48.8566, longitude: 2.3522, zone: .paris, addressPrefixes: ["37.171", "92.184"]),
        "US": Place(city: "Toronto", country: "CA", latitude: 43.6532, longitude: -79.3832, zone: .toronto, addressPrefixes: ["142.114", "99.224"]),
    ]

    public func plan(_ context: inout ScenarioContext) throws {
        guard context.days >= 3 else { return }
        let count = max(1, context.enterprise.people.count / 100)
        for _ in 0..<count {
            guard let person = context.pickPerson({ ($0.pattern == .remote || $0.pattern == .hybrid) && $0.deviceIndex != nil }) else { continue }
            let home = context.enterprise.home(of: person)
            let day = context.random.int(1...max(1, context.days - 2))
            let from = context.midnight(day: day)
            let place: Place
            let why: String
            if let carrier = Self.carrierEgress[home.country], context.random.chance(0.4) {
                place = carrier
                why = "switches to a mobile hotspot whose carrier egress is in \(carrier.city), \(carrier.country)"
            } else {
                place = home
                why = "moves to a new broadband provider in \(home.city)"
            }
            var ip = World.address(in: place, random: &context.random)
            if ip == person.homeIP { ip = World.address(in: place, random: &context.random) }
            let until = from + 5 * EpochMillis.day
            let label = context.addLookalike(kind: .vpnEgressChange, description: "\(person.displayName) \(why); VPN logins now come from \(ip).",
                                             entities: [EntityRef(.user, person.username), EntityRef(.ip, ip)], start: from, end: until)
            context.override(person.index) { $0.egress.append(EgressChange(from: from, ip: ip, place: place, label: label, labelUntil: until)) }
        }
    }
}
