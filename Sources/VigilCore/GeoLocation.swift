#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an address or a login is located.
public struct GeoLocation: Codable, Sendable, Hashable {
    /// ISO 3166-1 alpha-2 country code, upper case (`"DE"`).
    public var country: String
    /// City name, when known.
    public var city: String?
    /// Latitude in degrees.
    public var latitude: Double?
    /// Longitude in degrees.
    public var longitude: Double?

    public init(country: String, city: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.country = country
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in kilometres (haversine), or `nil` when either side has no coordinates.
    public func distanceKilometres(to other: GeoLocation) -> Double? {
        guard let lat1 = latitude, let lon1 = longitude, let lat2 = other.latitude, let lon2 = other.longitude else {
            return nil
        }
        let r = 6371.0088
        let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
        let dp = (lat2 - lat1) * .pi / 180, dl = (lon2 - lon1) * .pi / 180
        let s1 = sin(dp / 2), s2 = sin(dl / 2)
        let a = s1 * s1 + cos(p1) * cos(p2) * s2 * s2
        return 2 * r * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}

