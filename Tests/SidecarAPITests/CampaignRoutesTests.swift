import Correlation
import Foundation
import Governance
import SidecarAPI
import Storage
import Testing
import VigilCore

/// `/api/v1/campaigns`: campaigns as the triage core stores them in findings, listed, filtered, read and judged.
@Suite struct CampaignRoutesTests {
    static let t0 = TestEnvironment.start
    static let mallory = EntityRef(.user, "u_v1_00000000000000000000000000000abc")
    static let ws = EntityRef(.host, "h_v1_00000000000000000000000000000def")
    static let bob = EntityRef(.user, "u_v1_00000000000000000000000000000b0b")

    /// A raised campaign from the correlator itself (the same type the core stores).
    static func campaign(_ id: String, subject: EntityRef, related: [EntityRef], at time: EpochMillis) throws -> Campaign {
        var c = CampaignCorrelator()
        let s = Signal(id: id, detector: "risk", entity: subject, related: related, time: time, score: 0.9, title: "risk of \(subject)",
                       evidence: ["ev-" + id], technique: "T1078")
        return try #require(c.observe(s, strong: true).first?.campaign)
    }

    /// Stores a finding whose body carries the campaign, its offense and writes, and the core's timeline.
    @discardableResult
    static func store(_ campaign: Campaign, in env: TestEnvironment, offense: Int?, notes: [Int] = [], timeline: [String]? = nil) async throws -> String {
        var body: [String: Any] = [
            "campaign": try JSONSerialization.jsonObject(with: JSONEncoder().encode(campaign)),
            "writes": try JSONSerialization.jsonObject(with: JSONEncoder().encode(notes.map { PlannedWrite.offenseNote(offenseID: $0) })),
        ]
        if let offense { body["offenseID"] = offense }
        if let timeline { body["report"] = ["timeline": timeline] }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let id = Campaign.findingID(of: campaign.id)
        try await env.saveFinding(id: id, time: campaign.end, entity: campaign.primaryEntity.description, severity: campaign.severity, body: text)
        return id
    }

    @Test func listsFiltersAndPagesCampaigns() async throws {
        let env = try await TestEnvironment()
        let a = try Self.campaign("a", subject: Self.mallory, related: [Self.ws], at: Self.t0)
        let b = try Self.campaign("b", subject: Self.bob, related: [], at: Self.t0 + 1000)
        try await Self.store(a, in: env, offense: 41)
        try await Self.store(b, in: env, offense: nil)
        // A finding that is not a campaign is not listed.
        try await env.saveFinding(id: "plain", time: Self.t0 + 2000)
        let token = try env.token(.viewer)
        try await env.run { client in
            let all = try await client.call(.get, "/api/v1/campaigns", token: token)
            #expect(all.status == .ok)
            #expect(try all.json()["total"]?.intValue == 2)
            // Any entity of the campaign matches, not only the primary one.
            let byHost = try await client.call(.get, "/api/v1/campaigns?entity=\(Self.ws.description)", token: token)
            #expect(try byHost.json()["campaigns"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [a.id])
            let open = try await client.call(.get, "/api/v1/campaigns?campaign_status=open&limit=1&offset=1", token: token)
            let page = try open.json()
            #expect(page["count"]?.intValue == 1)
            #expect(page["total"]?.intValue == 2)
            #expect(page["offset"]?.intValue == 1)
            let none = try await client.call(.get, "/api/v1/campaigns?campaign_status=merged", token: token)
            #expect(try none.json()["total"]?.intValue == 0)
            let bad = try await client.call(.get, "/api/v1/campaigns?campaign_status=maybe", token: token)
            #expect(bad.status == .badRequest)
            #expect(try bad.json()["message"]?.stringValue?.contains("closed-false-positive") == true || bad.text.contains("closed-false-positive"))
            let badOffset = try await client.call(.get, "/api/v1/campaigns?offset=-1", token: token)
            #expect(badOffset.status == .badRequest)
        }
    }

    @Test func detailByCampaignOrFindingIdWithTimelineAndOffenses() async throws {
        let env = try await TestEnvironment()
        let a = try Self.campaign("a", subject: Self.mallory, related: [Self.ws], at: Self.t0)
        let findingID = try await Self.store(a, in: env, offense: 41, notes: [41, 42], timeline: ["as the core wrote it"])
        let token = try env.token(.viewer)
        try await env.run { client in
            for id in [a.id, findingID] {
                let r = try await client.call(.get, "/api/v1/campaigns/\(id)", token: token)
                #expect(r.status == .ok)
                let body = try r.json()
                #expect(body["summary"]?["id"]?.stringValue == a.id)
                #expect(body["summary"]?["findingID"]?.stringValue == findingID)
                #expect(body["offenses"]?.arrayValue?.compactMap(\.intValue) == [41, 42])
                #expect(body["timeline"]?.arrayValue?.compactMap(\.stringValue) == ["as the core wrote it"])
                #expect(body["evidence"]?.arrayValue?.compactMap(\.stringValue) == ["ev-a"])
                #expect(body["campaign"]?["contributions"]?.arrayValue?.count == 1)
            }
            let missing = try await client.call(.get, "/api/v1/campaigns/nope", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func feedbackOnACampaignGoesToItsFindingWithThePrincipal() async throws {
        let env = try await TestEnvironment()
        let a = try Self.campaign("a", subject: Self.mallory, related: [], at: Self.t0)
        let findingID = try await Self.store(a, in: env, offense: nil)
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/campaigns/\(a.id)/feedback", token: try env.token(.analyst),
                                          json: #"{"label":"false-positive","note":"known admin"}"#)
            #expect(r.status == .created)
            let calls = await env.control.feedbackCalls
            #expect(calls.map(\.findingID) == [findingID])
            #expect(calls.first?.label == .falsePositive)
            #expect(calls.first?.note == "known admin")
            #expect(calls.first?.principal.role == .analyst)
            let bad = try await client.call(.post, "/api/v1/campaigns/\(a.id)/feedback", token: try env.token(.analyst), json: #"{"label":"maybe"}"#)
            #expect(bad.status == .badRequest)
            let missing = try await client.call(.post, "/api/v1/campaigns/nope/feedback", token: try env.token(.analyst),
                                                json: #"{"label":"false-positive"}"#)
            #expect(missing.status == .notFound)
            #expect(await env.control.feedbackCalls.count == 1)
        }
    }
}
