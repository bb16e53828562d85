import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

@Suite struct ApprovalRoutesTests {
    @Test func listsByStatus() async throws {
        let env = try await TestEnvironment()
        try await env.queueApproval(id: "a-1")
        try await env.queueApproval(id: "a-2")
        _ = try await ApprovalQueue(store: env.store, clock: env.clock).decide(id: "a-2", approve: false, by: "bob", role: .analyst)
        let token = try env.token(.viewer)
        try await env.run { client in
            let all = try await client.call(.get, "/api/v1/approvals", token: token)
            #expect(all.status == .ok)
            #expect(try all.json()["count"]?.intValue == 2)
            let pending = try await client.call(.get, "/api/v1/approvals?status=pending", token: token)
            #expect(try pending.json()["approvals"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["a-1"])
            let bad = try await client.call(.get, "/api/v1/approvals?status=maybe", token: token)
            #expect(bad.status == .badRequest)
            let one = try await client.call(.get, "/api/v1/approvals/a-1", token: token)
            #expect(try one.json()["status"]?.stringValue == "pending")
        }
    }

    @Test func decisionGoesThroughTheControlWithThePrincipal() async throws {
        let env = try await TestEnvironment()
        try await env.queueApproval(id: "a-1")
        let analystID = try #require(env.tokenIDs[.analyst])
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: try env.token(.analyst),
                                          json: #"{"approve":true,"note":"seen the evidence"}"#)
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["status"]?.stringValue == "approved")
            #expect(body["decidedBy"]?.stringValue == "analyst-user")
            #expect(await env.control.decisionCalls == [FakeControl.DecisionCall(
                id: "a-1", approve: true, note: "seen the evidence",
                principal: APIPrincipal(tokenID: analystID, name: "analyst-user", role: .analyst))])
            let v15 = try await env.store.approval(id: "a-1")?.status
            #expect(v15 == .approved)

            // Deciding again: the workflow refuses a request that is no longer pending.
            let again = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: try env.token(.admin), json: #"{"approve":false}"#)
            #expect(again.status == .conflict)
        }
    }

    @Test func decisionErrors() async throws {
        let env = try await TestEnvironment()
        try await env.queueApproval(id: "a-1")
        let token = try env.token(.analyst)
        try await env.run { client in
            let missing = try await client.call(.post, "/api/v1/approvals/nope/decision", token: token, json: #"{"approve":true}"#)
            #expect(missing.status == .notFound)
            let noApprove = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"note":"x"}"#)
            #expect(noApprove.status == .badRequest)
            #expect(try noApprove.json()["message"]?.stringValue?.contains("approve") == true)
            let notBool = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"approve":"yes"}"#)
            #expect(notBool.status == .badRequest)

            await env.control.setDecisionError(ApprovalError.selfApproval)
            let selfApproval = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"approve":true}"#)
            #expect(selfApproval.status == .forbidden)
            await env.control.setDecisionError(ApprovalError.expired(expiresAt: 1))
            let v16 = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"approve":true}"#).status
            #expect(v16 == .conflict)
            await env.control.setDecisionError(SidecarControlError.unavailable("no executor"))
            let v17 = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"approve":true}"#).status
            #expect(v17 == .serviceUnavailable)
            struct Opaque: Error {}
            await env.control.setDecisionError(Opaque())
            let opaque = try await client.call(.post, "/api/v1/approvals/a-1/decision", token: token, json: #"{"approve":true}"#)
            #expect(opaque.status == .internalServerError)
            #expect(try opaque.json()["error"]?.stringValue == "internal-error")
        }
    }
}

@Suite struct ReidentifyRoutesTests {
    static let pseudonym = "u_v1_0123456789abcdef0123456789abcdef"

    static func reidentificationAudits(_ store: SQLiteStore) async throws -> [AuditRecord] {
        try await store.allAuditRecords().filter { $0.kind == .reidentification }
    }

    @Test func analystWithAReasonGetsTheValue() async throws {
        let env = try await TestEnvironment()
        await env.control.setReidentifyValues([Self.pseudonym: "alice@example.com"])
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/reidentify", token: try env.token(.analyst),
                                          json: #"{"pseudonym":"\#(Self.pseudonym)","reason":"INC-4711 investigation"}"#)
            #expect(r.status == .ok)
            #expect(r.headers[.cacheControl] == "no-store")
            #expect(try r.json()["value"]?.stringValue == "alice@example.com")
            let calls = await env.control.reidentifyCalls
            #expect(calls.count == 1)
            #expect(calls.first?.reason == "INC-4711 investigation")
            #expect(calls.first?.principal.role == .analyst)
        }
    }

    @Test func anEmptyReasonIs400AndAudited() async throws {
        let env = try await TestEnvironment()
        await env.control.setReidentifyValues([Self.pseudonym: "alice"])
        try await env.run { client in
            for body in [#"{"pseudonym":"\#(Self.pseudonym)","reason":"   "}"#, #"{"pseudonym":"\#(Self.pseudonym)"}"#] {
                let r = try await client.call(.post, "/api/v1/reidentify", token: try env.token(.analyst), json: body)
                #expect(r.status == .badRequest)
                #expect(!r.text.contains("alice"))
            }
            #expect(await env.control.reidentifyCalls.isEmpty)
        }
        let audits = try await Self.reidentificationAudits(env.store)
        #expect(audits.count == 2)
        #expect(audits.allSatisfy { $0.subject == Self.pseudonym && $0.payloadValue?["outcome"]?.stringValue == "denied: no reason" })
    }

    @Test func rolesWithoutThePermissionAreRefusedAndAudited() async throws {
        let env = try await TestEnvironment()
        await env.control.setReidentifyValues([Self.pseudonym: "alice"])
        let refused = Role.allCases.filter { !PermissionMatrix.default.allows($0, .reidentify) }
        #expect(!refused.isEmpty)
        try await env.run { client in
            for role in refused {
                let r = try await client.call(.post, "/api/v1/reidentify", token: try env.token(role),
                                              json: #"{"pseudonym":"\#(Self.pseudonym)","reason":"curious"}"#)
                #expect(r.status == .forbidden)
                #expect(!r.text.contains("alice"))
            }
            #expect(await env.control.reidentifyCalls.isEmpty)
        }
        let audits = try await Self.reidentificationAudits(env.store)
        #expect(audits.map { $0.payloadValue?["role"]?.stringValue } == refused.map(\.rawValue))
        #expect(audits.allSatisfy { $0.payloadValue?["outcome"]?.stringValue == "denied" && $0.payloadValue?["reason"]?.stringValue == "curious" })
    }

    @Test func controlErrorsMap() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            // The fake throws unknownPseudonym for anything it does not know.
            let r = try await client.call(.post, "/api/v1/reidentify", token: try env.token(.analyst),
                                          json: #"{"pseudonym":"\#(Self.pseudonym)","reason":"case 1"}"#)
            #expect(r.status == .notFound)
            let empty = try await client.call(.post, "/api/v1/reidentify", token: try env.token(.analyst), json: #"{"pseudonym":"","reason":"x"}"#)
            #expect(empty.status == .badRequest)
        }
    }
}
