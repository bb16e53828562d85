import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

@Suite struct TokenRoutesTests {
    @Test func issuedTokenAuthenticatesAndOnlyItsHashIsStored() async throws {
        let env = try await TestEnvironment()
        let admin = try env.token(.admin)
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/tokens", token: admin, json: #"{"name":"soar playbook","role":"analyst","lifetime_hours":24}"#)
            #expect(r.status == .created)
            #expect(r.headers[.cacheControl] == "no-store")
            let body = try r.json()
            let token = try #require(body["token"]?.stringValue)
            let id = try #require(body["record"]?["id"]?.stringValue)
            #expect(body["record"]?["role"]?.stringValue == "analyst")
            #expect(body["record"]?["expiresAt"]?.intValue == TestEnvironment.start + 24 * EpochMillis.hour)
            #expect(body["record"]?["hash"] == nil)

            // Stored hashed: the record holds the SHA-256 of the token, and the token text appears nowhere in it.
            let stored = try #require(try await env.store.token(id: id))
            #expect(stored.hash == APITokens.hash(token))
            #expect(stored.hash != token)
            let storedText = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
            #expect(!storedText.contains(token))
            #expect(stored.createdBy == "admin-user")

            // The new token works with its role's permissions.
            let v8 = try await client.call(.get, "/api/v1/approvals", token: token).status
            #expect(v8 == .ok)
            let v9 = try await client.call(.get, "/api/v1/tokens", token: token).status
            #expect(v9 == .forbidden)

            // The listing never shows hashes or tokens.
            let list = try await client.call(.get, "/api/v1/tokens", token: admin)
            #expect(try list.json()["count"]?.intValue == Int64(Role.allCases.count + 1))
            #expect(!list.text.contains(stored.hash))
            #expect(!list.text.contains(token))
        }
        // Issuing is audited, without the token.
        let audits = try await env.store.allAuditRecords().filter { $0.subject == "issue-api-token" }
        #expect(audits.count == 1)
        #expect(audits.first?.actor == "admin-user")
    }

    @Test func revokedTokenIs401() async throws {
        let env = try await TestEnvironment()
        let admin = try env.token(.admin)
        let analystID = try #require(env.tokenIDs[.analyst])
        try await env.run { client in
            let v10 = try await client.call(.get, "/api/v1/status", token: try env.token(.analyst)).status
            #expect(v10 == .ok)
            let r = try await client.call(.delete, "/api/v1/tokens/\(analystID)", token: admin)
            #expect(r.status == .ok)
            #expect(try r.json()["revokedAt"]?.intValue == TestEnvironment.start)
            let v11 = try await client.call(.get, "/api/v1/status", token: try env.token(.analyst)).status
            #expect(v11 == .unauthorized)
            let v12 = try await client.call(.delete, "/api/v1/tokens/\(analystID)", token: admin).status
            #expect(v12 == .conflict)
            let v13 = try await client.call(.delete, "/api/v1/tokens/ffffffffffffffff", token: admin).status
            #expect(v13 == .notFound)
        }
        let revocations = try await env.store.allAuditRecords().filter { $0.subject == "revoke-api-token" }
        #expect(revocations.count == 1)
    }

    @Test func badTokenRequestsAre400() async throws {
        let env = try await TestEnvironment()
        let admin = try env.token(.admin)
        try await env.run { client in
            for body in [#"{"name":"x","role":"superuser"}"#, #"{"name":"  ","role":"viewer"}"#, #"{"name":"x","role":"viewer","lifetime_hours":0}"#,
                         #"{"name":"x","role":"viewer","lifetime_hours":100000000}"#, #"{"role":"viewer"}"#, "[]"] {
                let r = try await client.call(.post, "/api/v1/tokens", token: admin, json: body)
                #expect(r.status == .badRequest, "\(body)")
            }
            let tokens = try await env.store.tokens()
            #expect(tokens.count == Role.allCases.count)
        }
    }

    @Test func defaultLifetimeComesFromSettings() async throws {
        let env = try await TestEnvironment(settings: SidecarAPISettings(defaultTokenLifetimeHours: 2))
        try await env.run { client in
            let r = try await client.call(.post, "/api/v1/tokens", token: try env.token(.admin), json: #"{"name":"n","role":"viewer"}"#)
            #expect(try r.json()["record"]?["expiresAt"]?.intValue == TestEnvironment.start + 2 * EpochMillis.hour)
        }
    }
}
