import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

@Suite struct AuthenticationTests {
    @Test func healthNeedsNoTokenAndReportsOK() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            let r = try await client.call(.get, "/health", token: nil)
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["status"]?.stringValue == "ok")
            #expect(body["checks"]?["store"]?.stringValue == "ok")
        }
    }

    @Test func healthIsDegradedWhenASourceReportsAnError() async throws {
        let env = try await TestEnvironment()
        await env.control.setStatus(SidecarStatus(mode: .assist, startedAt: TestEnvironment.start, sources: [
            SourceStatus(name: "offenses", kind: .offenses),
            SourceStatus(name: "ariel:auth", kind: .ariel, lastError: "connection refused by qradar.internal:443"),
        ]))
        try await env.run { client in
            let r = try await client.call(.get, "/health", token: nil)
            #expect(r.status == .ok)
            let body = try r.json()
            #expect(body["status"]?.stringValue == "degraded")
            #expect(body["checks"]?["source:ariel:auth"]?.stringValue == "error")
            #expect(body["checks"]?["source:offenses"]?.stringValue == "ok")
            // Unauthenticated callers see that a check failed, not the error text.
            #expect(!r.text.contains("qradar.internal"))
        }
    }

    @Test func missingTokenIs401WithBearerChallenge() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/findings", token: nil)
            #expect(r.status == .unauthorized)
            #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let body = try r.json()
            #expect(body["error"]?.stringValue == "unauthenticated")
            #expect(body["message"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func garbageTokenIs401AndIsNotEchoed() async throws {
        let env = try await TestEnvironment()
        let garbage = "not-a-vigil-token-SECRET123"
        // Shaped like a Vigil token (valid id of an existing record) but with a wrong secret.
        let analyst = try env.token(.analyst)
        let forged = String(analyst.dropLast(4)) + "AAAA"
        try await env.run { client in
            for presented in [garbage, forged] {
                let r = try await client.call(.get, "/api/v1/status", token: presented)
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                #expect(!r.text.contains(presented))
                #expect(!(r.headers[.wwwAuthenticate] ?? "").contains(presented))
            }
        }
    }

    @Test func nonBearerSchemeIs401() async throws {
        let env = try await TestEnvironment()
        let token = try env.token(.admin)
        try await env.run { client in
            var headers = HTTPFields()
            headers[.authorization] = "Basic \(token)"
            let r = try await client.execute(uri: "/api/v1/status", method: .get, headers: headers)
            #expect(r.status == .unauthorized)
            #expect(!r.text.contains(token))
        }
    }

    @Test func bearerSchemeIsCaseInsensitive() async throws {
        let env = try await TestEnvironment()
        let token = try env.token(.viewer)
        try await env.run { client in
            var headers = HTTPFields()
            headers[.authorization] = "bearer  \(token) "
            let r = try await client.execute(uri: "/api/v1/status", method: .get, headers: headers)
            #expect(r.status == .ok)
        }
    }

    @Test func expiredTokenIs401() async throws {
        let env = try await TestEnvironment()
        let issued = try APITokens.issue(name: "short", role: .admin, createdBy: "test", now: env.clock.now(), lifetime: EpochMillis.hour)
        try await env.store.saveToken(issued.record)
        try await env.run { client in
            let v18 = try await client.call(.get, "/api/v1/status", token: issued.token).status
            #expect(v18 == .ok)
            env.clock.advance(by: EpochMillis.hour)
            let v19 = try await client.call(.get, "/api/v1/status", token: issued.token).status
            #expect(v19 == .unauthorized)
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/nothing-here", token: try env.token(.admin))
            #expect(r.status == .notFound)
            #expect(try r.json()["error"]?.stringValue == "not-found")
            // A known path with a method it does not serve is still a JSON client error, not a server error.
            let wrongMethod = try await client.call(.put, "/api/v1/status", token: try env.token(.admin))
            #expect((400..<500).contains(wrongMethod.status.code))
            #expect(try wrongMethod.json()["error"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func statusReturnsTheControlsSnapshot() async throws {
        let env = try await TestEnvironment()
        let status = SidecarStatus(
            mode: .assist, startedAt: TestEnvironment.start,
            sources: [SourceStatus(name: "syslog", kind: .syslog, eventsIngested: 42, rowsRejected: 2, duplicatesSkipped: 1)],
            writeBack: WriteBackStatus(pending: 3, done: 10, failed: 1, deduplicated: 4), approvalsPending: 2, findingsTotal: 7,
            analyticsEntities: 99)
        await env.control.setStatus(status)
        try await env.run { client in
            let r = try await client.call(.get, "/api/v1/status", token: try env.token(.viewer))
            #expect(r.status == .ok)
            let decoded = try JSONDecoder().decode(SidecarStatus.self, from: Data(r.text.utf8))
            #expect(decoded == status)
        }
    }
}
