import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

@Suite struct FindingRoutesTests {
    static let t0 = TestEnvironment.start

    /// Four findings with different times, entities, severities and statuses.
    static func seeded() async throws -> TestEnvironment {
        let env = try await TestEnvironment()
        try await env.saveFinding(id: "f-1", time: t0, entity: "user:a", severity: .low)
        try await env.saveFinding(id: "f-2", time: t0 + 1_000, entity: "user:b", severity: .high, status: .closed)
        try await env.saveFinding(id: "f-3", time: t0 + 2_000, entity: "user:a", severity: .critical)
        try await env.saveFinding(id: "f-4", time: t0 + 3_000, entity: "host:h", severity: .medium, body: "not json")
        return env
    }

    static func ids(_ r: TestResponse) throws -> [String] {
        try #require(try r.json()["findings"]?.arrayValue).compactMap { $0["id"]?.stringValue }
    }

    @Test func listsNewestFirstWithTheBodyAsJSON() async throws {
        let env = try await Self.seeded()
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/findings", token: try env.token(.viewer))
            #expect(r.status == .ok)
            #expect(try Self.ids(r) == ["f-4", "f-3", "f-2", "f-1"])
            let body = try r.json()
            #expect(body["count"]?.intValue == 4)
            let first = try #require(body["findings"]?.arrayValue?.last)
            #expect(first["finding"]?["narrative"]?.stringValue == "n")
            #expect(first["severity"]?.stringValue == "low")
            // A body that is not JSON is passed through as a string, not dropped.
            #expect(body["findings"]?.arrayValue?.first?["finding"]?.stringValue == "not json")
        }
    }

    @Test func filtersCombine() async throws {
        let env = try await Self.seeded()
        let token = try env.token(.viewer)
        try await env.run { client in
            let v1 = try Self.ids(try await client.call(.get, "/api/v1/findings?entity=user:a", token: token))
            #expect(v1 == ["f-3", "f-1"])
            let v2 = try Self.ids(try await client.call(.get, "/api/v1/findings?status=closed", token: token))
            #expect(v2 == ["f-2"])
            let v3 = try Self.ids(try await client.call(.get, "/api/v1/findings?min_severity=high", token: token))
            #expect(v3 == ["f-3", "f-2"])
            let v4 = try Self.ids(try await client.call(.get, "/api/v1/findings?min_severity=4", token: token))
            #expect(v4 == ["f-3", "f-2"])
            let range = "/api/v1/findings?from=\(Self.t0 + 1_000)&to=\(Self.t0 + 3_000)"
            let v5 = try Self.ids(try await client.call(.get, range, token: token))
            #expect(v5 == ["f-3", "f-2"])
            let v6 = try Self.ids(try await client.call(.get, "/api/v1/findings?limit=2", token: token))
            #expect(v6 == ["f-4", "f-3"])
            let v7 = try Self.ids(try await client.call(.get, "/api/v1/findings?entity=user:a&min_severity=critical", token: token))
            #expect(v7 == ["f-3"])
        }
    }

    @Test func badFiltersAre400() async throws {
        let env = try await Self.seeded()
        let token = try env.token(.viewer)
        try await env.run { client in
            for query in ["status=bogus", "min_severity=9", "min_severity=urgent", "from=yesterday", "limit=0", "limit=100000",
                          "from=10&to=5"] {
                let r = try await client.call(.get, "/api/v1/findings?\(query)", token: token)
                #expect(r.status == .badRequest, "\(query)")
                #expect(try r.json()["error"]?.stringValue == "bad-request")
            }
        }
    }

    @Test func oneFindingWithItsFeedbackAnd404() async throws {
        let env = try await Self.seeded()
        try await env.store.saveFeedback(FeedbackRecord(id: "fb-x", findingID: "f-2", label: .falsePositive, source: .qradarClosure,
                                                        actor: "qradar", time: Self.t0 + 5_000))
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/findings/f-2", token: try env.token(.viewer))
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["finding"]?["id"]?.stringValue == "f-2")
            #expect(body["feedback"]?.arrayValue?.count == 1)
            #expect(body["feedback"]?.arrayValue?.first?["label"]?.stringValue == "false-positive")
            let missing = try await client.call(.get, "/api/v1/findings/nope", token: try env.token(.viewer))
            #expect(missing.status == .notFound)
            #expect(try missing.json()["error"]?.stringValue == "not-found")
        }
    }

    @Test func feedbackReachesTheControlWithThePrincipal() async throws {
        let env = try await Self.seeded()
        let analystID = try #require(env.tokenIDs[.analyst])
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/findings/f-3/feedback", token: try env.token(.analyst),
                                          json: #"{"label":"benign:maintenance-window","note":"  patch night  "}"#)
            #expect(r.status == .created)
            #expect(try r.json()["label"]?.stringValue == "benign:maintenance-window")
            let calls = await env.control.feedbackCalls
            #expect(calls == [FakeControl.FeedbackCall(
                findingID: "f-3", label: .benign(.maintenanceWindow), note: "patch night",
                principal: APIPrincipal(tokenID: analystID, name: "analyst-user", role: .analyst))])
            // The control stored it; the finding's detail shows it.
            let detail = try await client.call(.get, "/api/v1/findings/f-3", token: try env.token(.viewer))
            #expect(try detail.json()["feedback"]?.arrayValue?.first?["actor"]?.stringValue == "analyst-user")
        }
    }

    @Test func feedbackErrors() async throws {
        let env = try await Self.seeded()
        let token = try env.token(.analyst)
        try await env.run { client in
            let unknown = try await client.call(.post, "/api/v1/findings/nope/feedback", token: token, json: #"{"label":"true-positive"}"#)
            #expect(unknown.status == .notFound)
            let badLabel = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: token, json: #"{"label":"meh"}"#)
            #expect(badLabel.status == .badRequest)
            #expect(try badLabel.json()["message"]?.stringValue?.contains("false-positive") == true)
            let badJSON = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: token, json: #"{"label": "#)
            #expect(badJSON.status == .badRequest)
            #expect(try badJSON.json()["message"]?.stringValue == "the body is not valid JSON")
            let missing = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: token, json: #"{"note":"x"}"#)
            #expect(missing.status == .badRequest)
            #expect(try missing.json()["message"]?.stringValue?.contains("label") == true)
            let wrongType = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: token, json: #"{"label":5}"#)
            #expect(wrongType.status == .badRequest)
            let empty = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: token)
            #expect(empty.status == .badRequest)
            #expect(await env.control.feedbackCalls.isEmpty)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let env = try await TestEnvironment(settings: SidecarAPISettings(maxBodyBytes: 256))
        try await env.saveFinding(id: "f-1", time: Self.t0)
        try await env.run { client in
            let note = String(repeating: "x", count: 1_000)
            let r = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: try env.token(.analyst),
                                          json: #"{"label":"true-positive","note":"\#(note)"}"#)
            #expect(r.status == .contentTooLarge)
            #expect(try r.json()["error"]?.stringValue == "body-too-large")
            #expect(await env.control.feedbackCalls.isEmpty)
        }
    }

    @Test func qualityComesFromTheControl() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/quality", token: try env.token(.viewer))
            #expect(r.status == .ok)
            let report = try JSONDecoder().decode(QualityReport.self, from: Data(r.text.utf8))
            #expect(report == (await env.control.quality()))
        }
    }
}
