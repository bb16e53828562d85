import VigilCore

/// The simulated organisation: its people, assets, log sources, the resources people use and the outside world
/// they reach. Built deterministically from a seed; person `i` is the same person whatever the head count.
public struct Enterprise: Sendable {
    /// The organisation's name, DNS domain and Windows NetBIOS domain.
    public static let name = "Meridian Holdings"
    public static let dnsDomain = "corp.meridian.example"
    public static let windowsDomain = "MERIDIAN"

    public internal(set) var people: [Person]
    public internal(set) var assets: [Asset]
    public internal(set) var logSources: [LogSource]
    public internal(set) var resources: [Resource]
    public internal(set) var destinations: [ExternalDestination]
    public let offices: [Office]
    /// Cross-cutting project names.
    public let projects: [String]
    /// Public holidays for the years the run covers.
    public let holidays: HolidayCalendar

    var assetByHostname: [String: Int] = [:]
    var resourceByKey: [String: Int] = [:]
    var personByUsername: [String: Int] = [:]
    var destinationByDomain: [String: Int] = [:]
    /// Index of the first endpoint asset; servers come before it.
    var firstEndpointAsset: Int = 0

    /// The person with a user name (or admin account name).
    public func person(named username: String) -> Person? {
        personByUsername[username].map { people[$0] }
    }

    /// The asset with a host name.
    public func asset(named hostname: String) -> Asset? {
        assetByHostname[hostname].map { assets[$0] }
    }

    /// The resource with a key.
    public func resource(key: String) -> Resource? {
        resourceByKey[key].map { resources[$0] }
    }

    /// Server assets (everything that is not an endpoint).
    public var servers: ArraySlice<Asset> { assets[0..<firstEndpointAsset] }

    func assetIndex(_ hostname: String) -> Int {
        guard let i = assetByHostname[hostname] else {
            preconditionFailure("catalog names an unknown host \(hostname)")
        }
        return i
    }

    func resourceIndex(_ key: String) -> Int? { resourceByKey[key] }

    /// The place a person lives.
    public func home(of person: Person) -> Place {
        offices[person.officeIndex].homeCities[person.homeCityIndex]
    }

    /// The office a person belongs to.
    public func office(of person: Person) -> Office { offices[person.officeIndex] }

    /// The device of a person (nil for service accounts).
    public func device(of person: Person) -> Asset? { person.deviceIndex.map { assets[$0] } }

    /// People in a role, in index order.
    public func people(in role: Role) -> [Person] { people.filter { $0.role == role } }

    /// The domain controller that serves a client address (by a stable split, as AD sites would).
    func domainController(for index: Int) -> Asset {
        let dcs = domainControllers
        return assets[dcs[index % dcs.count]]
    }

    var domainControllers: [Int] { [assetIndex("DC01"), assetIndex("DC02")] }
    var vpnConcentrators: [Int] { [assetIndex("VPN01"), assetIndex("VPN02")] }
    var proxies: [Int] { [assetIndex("PROXY01"), assetIndex("PROXY02")] }

    /// The VPN pool address a person's session gets (stable per person, as a reservation would be).
    func vpnAddress(of person: Int) -> String {
        let n = person % 62_500
        return "10." + String(248 + (person / 62_500) % 8) + "." + String(n / 250) + "." + String(n % 250 + 2)
    }
}
