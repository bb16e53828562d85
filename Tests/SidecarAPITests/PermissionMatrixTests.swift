import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

/// Every endpoint, every role: allowed exactly when the permission matrix grants the endpoint's permission.
@Suite struct PermissionMatrixTests {
    struct Endpoint: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        /// The permission the issue assigns to this endpoint.
        var permission: Permission
        var description: String { "\(method.rawValue) \(uri)" }
    }

    static let endpoints: [Endpoint] = [
        Endpoint(method: .get, uri: "/api/v1/status", permission: .readFindings),
        Endpoint(method: .get, uri: "/api/v1/findings", permission: .readFindings),
        Endpoint(method: .get, uri: "/api/v1/findings/f-1", permission: .readFindings),
        Endpoint(method: .get, uri: "/api/v1/quality", permission: .readFindings),
        Endpoint(method: .post, uri: "/api/v1/findings/f-1/feedback", body: #"{"label":"true-positive","note":"confirmed"}"#,
                 permission: .submitFeedback),
        Endpoint(method: .get, uri: "/api/v1/campaigns", permission: .readFindings),
        Endpoint(method: .get, uri: "/api/v1/campaigns/c-none", permission: .readFindings),
        Endpoint(method: .post, uri: "/api/v1/campaigns/c-none/feedback", body: #"{"label":"false-positive"}"#, permission: .submitFeedback),
        Endpoint(method: .get, uri: "/api/v1/approvals", permission: .readApprovals),
        Endpoint(method: .get, uri: "/api/v1/approvals/a-none", permission: .readApprovals),
        Endpoint(method: .post, uri: "/api/v1/approvals/a-none/decision", body: #"{"approve":false}"#, permission: .decideApproval),
        Endpoint(method: .post, uri: "/api/v1/reidentify", body: #"{"pseudonym":"u_v1_00000000000000000000000000000001","reason":"case 7"}"#,
                 permission: .reidentify),
        Endpoint(method: .get, uri: "/api/v1/audit/verify", permission: .verifyAudit),
        Endpoint(method: .get, uri: "/api/v1/audit/export?format=csv", permission: .exportAudit),
        Endpoint(method: .get, uri: "/api/v1/tokens", permission: .manageTokens),
        Endpoint(method: .post, uri: "/api/v1/tokens", body: #"{"name":"new","role":"viewer","lifetime_hours":1}"#, permission: .manageTokens),
        Endpoint(method: .delete, uri: "/api/v1/tokens/0000000000000000", permission: .manageTokens),
    ]

    @Test(arguments: Role.allCases)
    func eachRoleReachesExactlyWhatTheMatrixAllows(role: Role) async throws {
        let env = try await TestEnvironment()
        try await env.saveFinding(id: "f-1", time: TestEnvironment.start)
        await env.control.setReidentifyValues(["u_v1_00000000000000000000000000000001": "alice"])
        let matrix = PermissionMatrix.default
        let token = try env.token(role)
        try await env.run { client in
            for endpoint in Self.endpoints {
                let r = try await client.call(endpoint.method, endpoint.uri, token: token, json: endpoint.body)
                if matrix.allows(role, endpoint.permission) {
                    #expect(r.status != .forbidden && r.status != .unauthorized && r.status.code < 500,
                            "\(role) should reach \(endpoint): got \(r.status.code) \(r.text)")
                } else {
                    #expect(r.status == .forbidden, "\(role) should be refused \(endpoint): got \(r.status.code)")
                    #expect(try r.json()["error"]?.stringValue == "forbidden")
                }
            }
        }
    }

    @Test func everyEndpointRefusesAMissingToken() async throws {
        let env = try await TestEnvironment()
        try await env.run { client in
            for endpoint in Self.endpoints {
                let r = try await client.call(endpoint.method, endpoint.uri, token: nil, json: endpoint.body)
                #expect(r.status == .unauthorized, "\(endpoint)")
            }
        }
    }

    @Test func aCustomMatrixIsHonoured() async throws {
        // Viewers may submit feedback in this deployment; analysts may not read approvals.
        var grants = PermissionMatrix.default.grants
        grants[.viewer, default: []].insert(.submitFeedback)
        grants[.analyst, default: []].remove(.readApprovals)
        let env = try await TestEnvironment(permissions: PermissionMatrix(grants: grants))
        try await env.saveFinding(id: "f-1", time: TestEnvironment.start)
        try await env.run { client in
            let fb = try await client.call(.post, "/api/v1/findings/f-1/feedback", token: try env.token(.viewer), json: #"{"label":"false-positive"}"#)
            #expect(fb.status == .created)
            let ap = try await client.call(.get, "/api/v1/approvals", token: try env.token(.analyst))
            #expect(ap.status == .forbidden)
        }
    }
}
