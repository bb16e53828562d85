import VigilCore

/// A city somewhere in the world: offices, homes, hotels, attacker infrastructure.
public struct Place: Sendable, Hashable, Codable {
    public var city: String
    /// ISO 3166-1 alpha-2 country code.
    public var country: String
    public var latitude: Double
    public var longitude: Double
    public var zone: ZoneRule
    /// First two octets of address blocks that residential and hotel connections in this place come from.
    public var addressPrefixes: [String]

    public init(city: String, country: String, latitude: Double, longitude: Double, zone: ZoneRule, addressPrefixes: [String]) {
        self.city = city
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
        self.zone = zone
        self.addressPrefixes = addressPrefixes
    }

    /// The place as a VigilCore geolocation.
    public var geo: GeoLocation { GeoLocation(country: country, city: city, latitude: latitude, longitude: longitude) }

    /// Great-circle distance in kilometres.
    public func distanceKilometres(to other: Place) -> Double { geo.distanceKilometres(to: other.geo) ?? 0 }
}

/// One of the organisation's offices, with its local network and the cities its remote staff live in.
public struct Office: Sendable, Hashable, Codable {
    /// Three-letter site code used in host names (`NYC`).
    public var code: String
    public var place: Place
    /// Second octet of the office's user LAN, `10.<octet>.0.0/16`.
    public var subnetOctet: Int
    /// Share of the workforce based here.
    public var weight: Double
    /// Cities nearby or in the same country where remote and hybrid staff live.
    public var homeCities: [Place]
    /// Which name pool people here are drawn from.
    public var namePool: Int
}

/// The fixed geography of the simulated organisation and the world around it.
public enum World {
    /// The organisation's offices.
    public static let offices: [Office] = [
        Office(code: "NYC", place: Place(city: "New York", country: "US", latitude: 40.7128, longitude: -74.0060, zone: .newYork, addressPrefixes: ["68.173", "96.224", "24.185"]),
               subnetOctet: 10, weight: 0.30,
               homeCities: [
                   Place(city: "Jersey City", country: "US", latitude: 40.7178, longitude: -74.0431, zone: .newYork, addressPrefixes: ["68.195", "71.187"]),
                   Place(city: "Stamford", country: "US", latitude: 41.0534, longitude: -73.5387, zone: .newYork, addressPrefixes: ["24.46", "73.39"]),
                   Place(city: "Boston", country: "US", latitude: 42.3601, longitude: -71.0589, zone: .newYork, addressPrefixes: ["73.114", "98.216"]),
                   Place(city: "Philadelphia", country: "US", latitude: 39.9526, longitude: -75.1652, zone: .newYork, addressPrefixes: ["71.224", "73.165"]),
               ], namePool: 0),
        Office(code: "CHI", place: Place(city: "Chicago", country: "US", latitude: 41.8781, longitude: -87.6298, zone: .chicago, addressPrefixes: ["73.44", "98.226"]),
               subnetOctet: 11, weight: 0.12,
               homeCities: [
                   Place(city: "Evanston", country: "US", latitude: 42.0451, longitude: -87.6877, zone: .chicago, addressPrefixes: ["73.51", "98.212"]),
                   Place(city: "Milwaukee", country: "US", latitude: 43.0389, longitude: -87.9065, zone: .chicago, addressPrefixes: ["75.87", "24.209"]),
                   Place(city: "Austin", country: "US", latitude: 30.2672, longitude: -97.7431, zone: .chicago, addressPrefixes: ["70.114", "99.60"]),
                   Place(city: "Denver", country: "US", latitude: 39.7392, longitude: -104.9903, zone: .denver, addressPrefixes: ["73.229", "174.51"]),
               ], namePool: 0),
        Office(code: "LON", place: Place(city: "London", country: "GB", latitude: 51.5074, longitude: -0.1278, zone: .london, addressPrefixes: ["81.149", "86.160"]),
               subnetOctet: 20, weight: 0.18,
               homeCities: [
                   Place(city: "Reading", country: "GB", latitude: 51.4543, longitude: -0.9781, zone: .london, addressPrefixes: ["86.141", "82.32"]),
                   Place(city: "Brighton", country: "GB", latitude: 50.8225, longitude: -0.1372, zone: .london, addressPrefixes: ["81.108", "92.40"]),
                   Place(city: "Manchester", country: "GB", latitude: 53.4808, longitude: -2.2426, zone: .london, addressPrefixes: ["86.3", "90.200"]),
               ], namePool: 0),
        Office(code: "FRA", place: Place(city: "Frankfurt", country: "DE", latitude: 50.1109, longitude: 8.6821, zone: .berlin, addressPrefixes: ["84.153", "91.64"]),
               subnetOctet: 21, weight: 0.15,
               homeCities: [
                   Place(city: "Mainz", country: "DE", latitude: 49.9929, longitude: 8.2473, zone: .berlin, addressPrefixes: ["84.135", "93.220"]),
                   Place(city: "Darmstadt", country: "DE", latitude: 49.8728, longitude: 8.6512, zone: .berlin, addressPrefixes: ["91.40", "79.220"]),
                   Place(city: "Munich", country: "DE", latitude: 48.1351, longitude: 11.5820, zone: .berlin, addressPrefixes: ["84.56", "178.0"]),
               ], namePool: 1),
        Office(code: "BLR", place: Place(city: "Bengaluru", country: "IN", latitude: 12.9716, longitude: 77.5946, zone: .kolkata, addressPrefixes: ["49.207", "122.171"]),
               subnetOctet: 30, weight: 0.15,
               homeCities: [
                   Place(city: "Mysuru", country: "IN", latitude: 12.2958, longitude: 76.6394, zone: .kolkata, addressPrefixes: ["117.192", "106.51"]),
                   Place(city: "Chennai", country: "IN", latitude: 13.0827, longitude: 80.2707, zone: .kolkata, addressPrefixes: ["49.204", "122.164"]),
                   Place(city: "Hyderabad", country: "IN", latitude: 17.3850, longitude: 78.4867, zone: .kolkata, addressPrefixes: ["183.82", "49.206"]),
               ], namePool: 2),
        Office(code: "SIN", place: Place(city: "Singapore", country: "SG", latitude: 1.3521, longitude: 103.8198, zone: .singapore, addressPrefixes: ["116.86", "119.56"]),
               subnetOctet: 31, weight: 0.10,
               homeCities: [
                   Place(city: "Singapore", country: "SG", latitude: 1.3521, longitude: 103.8198, zone: .singapore, addressPrefixes: ["118.200", "42.60"]),
               ], namePool: 3),
    ]

    /// Business-travel destinations: other offices' cities, customers, conferences.
    public static let travelDestinations: [Place] = offices.map(\.place) + [
        Place(city: "Paris", country: "FR", latitude: 48.8566, longitude: 2.3522, zone: .paris, addressPrefixes: ["90.3", "176.128"]),
        Place(city: "Amsterdam", country: "NL", latitude: 52.3676, longitude: 4.9041, zone: .amsterdam, addressPrefixes: ["77.160", "84.104"]),
        Place(city: "Toronto", country: "CA", latitude: 43.6532, longitude: -79.3832, zone: .toronto, addressPrefixes: ["99.229", "174.112"]),
        Place(city: "Tokyo", country: "JP", latitude: 35.6762, longitude: 139.6503, zone: .tokyo, addressPrefixes: ["126.0", "153.156"]),
        Place(city: "Sydney", country: "AU", latitude: -33.8688, longitude: 151.2093, zone: .sydney, addressPrefixes: ["101.160", "120.156"]),
        Place(city: "Dubai", country: "AE", latitude: 25.2048, longitude: 55.2708, zone: .dubai, addressPrefixes: ["94.200", "86.96"]),
        Place(city: "São Paulo", country: "BR", latitude: -23.5505, longitude: -46.6333, zone: .saoPaulo, addressPrefixes: ["177.32", "189.18"]),
        Place(city: "San Francisco", country: "US", latitude: 37.7749, longitude: -122.4194, zone: .losAngeles, addressPrefixes: ["73.189", "108.70"]),
    ]

    /// Where credential-stuffing and account-takeover logins typically come from (hosting providers and
    /// anonymisers). Addresses are drawn from documentation ranges so no real network is branded malicious.
    public static let adversaryOrigins: [Place] = [
        Place(city: "Lagos", country: "NG", latitude: 6.5244, longitude: 3.3792, zone: .lagos, addressPrefixes: ["198.51.100"]),
        Place(city: "Bucharest", country: "RO", latitude: 44.4268, longitude: 26.1025, zone: .bucharest, addressPrefixes: ["198.51.100"]),
        Place(city: "Hanoi", country: "VN", latitude: 21.0278, longitude: 105.8342, zone: .hanoi, addressPrefixes: ["198.51.100"]),
        Place(city: "Moscow", country: "RU", latitude: 55.7558, longitude: 37.6173, zone: .moscow, addressPrefixes: ["198.51.100"]),
        Place(city: "Shenzhen", country: "CN", latitude: 22.5431, longitude: 114.0579, zone: .shanghai, addressPrefixes: ["198.51.100"]),
    ]

    /// Hosting-provider locations a careful adversary rents a server in, close to the victim's country.
    public static let hostingLocations: [Place] = [
        Place(city: "Ashburn", country: "US", latitude: 39.0438, longitude: -77.4874, zone: .newYork, addressPrefixes: ["192.0.2"]),
        Place(city: "Dallas", country: "US", latitude: 32.7767, longitude: -96.7970, zone: .chicago, addressPrefixes: ["192.0.2"]),
        Place(city: "Seattle", country: "US", latitude: 47.6062, longitude: -122.3321, zone: .losAngeles, addressPrefixes: ["192.0.2"]),
        Place(city: "Frankfurt", country: "DE", latitude: 50.1109, longitude: 8.6821, zone: .berlin, addressPrefixes: ["192.0.2"]),
        Place(city: "Amsterdam", country: "NL", latitude: 52.3676, longitude: 4.9041, zone: .amsterdam, addressPrefixes: ["192.0.2"]),
        Place(city: "London", country: "GB", latitude: 51.5074, longitude: -0.1278, zone: .london, addressPrefixes: ["192.0.2"]),
        Place(city: "Singapore", country: "SG", latitude: 1.3521, longitude: 103.8198, zone: .singapore, addressPrefixes: ["192.0.2"]),
        Place(city: "Mumbai", country: "IN", latitude: 19.0760, longitude: 72.8777, zone: .kolkata, addressPrefixes: ["192.0.2"]),
    ]

    /// A host address inside a place's blocks.
    static func address(in place: Place, random: inout SeededRandom) -> String {
        let prefix = random.pick(place.addressPrefixes)
        let octets = prefix.split(separator: ".").count
        if octets >= 3 { return prefix + "." + String(random.int(2...253)) }
        return prefix + "." + String(random.int(0...255)) + "." + String(random.int(2...253))
    }
}
