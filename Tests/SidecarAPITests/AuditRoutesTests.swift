import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SidecarAPI
import Storage
import Testing
import VigilCore

@Suite struct AuditRoutesTests {
    static func seed(_ env: TestEnvironment) async throws {
        for i in 0..<5 {
            try await env.store.appendAudit(AuditDraft.configuration(change: "change-\(i)", time: TestEnvironment.start + Int64(i), actor: "ops"))
        }
    }

    @Test func verifyReportsOKThenTheTamperedRecord() async throws {
        let env = try await TestEnvironment()
        try await Self.seed(env)
        let token = try env.token(.engineer)
        try await env.run { client in
            let ok = try await client.call(.get, "/api/v1/audit/verify", token: token)
            #expect(ok.status == .ok)
            let okBody = try ok.json()
            #expect(okBody["ok"]?.boolValue == true)
            #expect(okBody["checked"]?.intValue == 5)

            // Someone with direct database access rewrites record 3.
            try await env.store.rawExecute("DROP TRIGGER audit_record_no_update")
            try await env.store.rawExecute("UPDATE audit_record SET actor = 'mallory' WHERE sequence = 3")

            let broken = try await client.call(.get, "/api/v1/audit/verify", token: token)
            #expect(broken.status == .ok)
            let body = try broken.json()
            #expect(body["ok"]?.boolValue == false)
            #expect(body["firstBrokenSequence"]?.intValue == 3)
            #expect(body["reason"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func exportInBothFormats() async throws {
        let env = try await TestEnvironment()
        try await Self.seed(env)
        let token = try env.token(.admin)
        try await env.run { client in
            let csv = try await client.call(.get, "/api/v1/audit/export?format=csv&from=\(TestEnvironment.start + 1)&to=\(TestEnvironment.start + 3)",
                                            token: token)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("change-1") && csv.text.contains("change-2"))
            #expect(!csv.text.contains("change-0") && !csv.text.contains("change-3"))
            let json = try await client.call(.get, "/api/v1/audit/export", token: token)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            _ = try json.json()
            let v20 = try await client.call(.get, "/api/v1/audit/export?format=xml", token: token).status
            #expect(v20 == .badRequest)
            let v21 = try await client.call(.get, "/api/v1/audit/export?from=abc", token: token).status
            #expect(v21 == .badRequest)
        }
    }
}
