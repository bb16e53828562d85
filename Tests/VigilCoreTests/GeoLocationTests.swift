import Testing
@testable import VigilCore

@Suite struct GeoLocationTests {
    @Test func distanceBetweenKnownCities() throws {
        let london = GeoLocation(country: "GB", city: "London", latitude: 51.5074, longitude: -0.1278)
        let paris = GeoLocation(country: "FR", city: "Paris", latitude: 48.8566, longitude: 2.3522)
        // Published great-circle distance London–Paris is about 343.5 km.
        let d = try #require(london.distanceKilometres(to: paris))
        #expect(abs(d - 343.5) < 2)
    }

    @Test func distanceIsSymmetricAndZeroToSelf() throws {
        let a = GeoLocation(country: "US", latitude: 40.7128, longitude: -74.0060)
        let b = GeoLocation(country: "JP", latitude: 35.6762, longitude: 139.6503)
        let ab = try #require(a.distanceKilometres(to: b))
        let ba = try #require(b.distanceKilometres(to: a))
        #expect(abs(ab - ba) < 1e-6)
        #expect(try #require(a.distanceKilometres(to: a)) < 1e-6)
        // New York–Tokyo is about 10,850 km.
        #expect(abs(ab - 10_850) < 60)
    }

    @Test func missingCoordinatesGiveNil() {
        let a = GeoLocation(country: "US")
        let b = GeoLocation(country: "DE", latitude: 52.5, longitude: 13.4)
        #expect(a.distanceKilometres(to: b) == nil)
    }
}
