import Testing
@testable import VigilCore

@Suite struct SignalTests {
    @Test func scoreIsClampedToUnitInterval() {
        let s = Signal(id: "s", detector: "d", entity: EntityRef(.user, "u"), time: 0, score: 3.5, title: "t")
        #expect(s.score == 1)
        let n = Signal(id: "s", detector: "d", entity: EntityRef(.user, "u"), time: 0, score: -1, title: "t")
        #expect(n.score == 0)
    }

    @Test func deviationRatios() {
        let d = FeatureDeviation(feature: "bytes_out_night", observed: 1400, baseline: 100, peerBaseline: 0,
                                 peerGroup: "Finance-Analyst", unit: "MB", detail: "")
        #expect(d.ratioToBaseline == 14)
        #expect(d.ratioToPeers == nil)
    }

    @Test func eventRoundTripsThroughJSON() throws {
        let e = Event(id: "e1", time: 1_700_000_000_000, kind: .authentication, user: "jdoe", sourceIP: "10.0.0.1",
                      geo: GeoLocation(country: "DE", city: "Berlin", latitude: 52.5, longitude: 13.4),
                      outcome: .failure, logonType: 3, properties: ["k": "v"])
        let data = try JSONEncoderShim.encode(e)
        let back = try JSONEncoderShim.decode(Event.self, from: data)
        #expect(back == e)
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let c = ManualEpochClock(1000)
        #expect(c.now() == 1000)
        c.advance(by: 500)
        #expect(c.now() == 1500)
        c.set(10)
        #expect(c.now() == 10)
    }
}

import Foundation
enum JSONEncoderShim {
    static func encode<T: Encodable>(_ v: T) throws -> Data { try JSONEncoder().encode(v) }
    static func decode<T: Decodable>(_ t: T.Type, from d: Data) throws -> T { try JSONDecoder().decode(t, from: d) }
}
