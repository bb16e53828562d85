import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

/// The same application over a real socket (bound to port 0 by the test framework), so headers, streamed bodies
/// and the body limit behave as they do in production.
@Suite struct LiveServerTests {
    @Test func servesOverHTTP() async throws {
        let env = try await TestEnvironment(settings: SidecarAPISettings(maxBodyBytes: 512))
        try await env.saveFinding(id: "f-1", time: TestEnvironment.start)
        let analyst = try env.token(.analyst)
        try await env.server.makeApplication().test(.live) { client in
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok)
            let unauthenticated = try await client.call(.get, "/api/v1/findings", token: nil)
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let feedback = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: analyst, json: #"{"label":"false-positive"}"#)
            #expect(feedback.status == .created)
            let big = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: analyst,
                                            json: #"{"label":"false-positive","note":"\#(String(repeating: "y", count: 4_000))"}"#)
            #expect(big.status == .contentTooLarge)
        }
        #expect(await env.control.feedbackCalls.count == 1)
    }
}
