#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import EmulatorEngine
import QRadarEmulator
import Testing

/// `SEC` / Basic authentication and the `Version` header, over the router.
struct AuthAndVersionTests {
    static let unauthorizedBody: JSONValue = [
        "http_response": ["code": 401, "message": "You are unauthorized to access the requested resource."],
        "code": 18,
        "description": "",
        "details": [:],
        "message": "No SEC header present in request. Please provide it via \"SEC: token\". You may also use BASIC authentication parameters if this host supports it. e.g. \"Authorization: Basic base64Encoding\"",
    ]

    func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    @Test func missingOrWrongCredentialsGetQRadars401Body() async throws {
        try await withEmulator(events: nil) { client, _ in
            let none = try await client.send(.get, "/api/siem/offenses", authenticated: false)
            #expect(none.status == 401)
            #expect(none.json == Self.unauthorizedBody)
            #expect(none.header("Content-Type")?.hasPrefix("application/json") == true)
            let wrongToken = try await client.send(.get, "/api/siem/offenses", headers: [("SEC", "nope")], authenticated: false)
            #expect(wrongToken.status == 401 && wrongToken.json == Self.unauthorizedBody)
            let wrongPassword = try await client.send(.get, "/api/siem/offenses", headers: [basic("admin", "wrong")], authenticated: false)
            #expect(wrongPassword.status == 401 && wrongPassword.code == 18)
            let unknownPath = try await client.send(.get, "/api/no/such/thing", authenticated: false)
            #expect(unknownPath.status == 401)
        }
    }

    @Test(arguments: ["SEC", "sec", "Sec", "sEc"])
    func secHeaderNameIsCaseInsensitive(_ name: String) async throws {
        try await withEmulator(events: nil) { client, _ in
            let reply = try await client.send(.get, "/api/siem/offense_closing_reasons", headers: [(name, testToken)], authenticated: false)
            #expect(reply.status == 200)
        }
    }

    @Test func basicAuthWorksAndHandsOutASessionToken() async throws {
        try await withEmulator { client, _ in
            let login = try await client.send(.get, "/api/siem/offenses?fields=id", headers: [basic(testBasicUser.0, testBasicUser.1)], authenticated: false)
            #expect(login.status == 200)
            let cookie = try #require(login.header("Set-Cookie"))
            #expect(cookie.hasPrefix("SEC="))
            let session = String(cookie.dropFirst(4).prefix { $0 != ";" })
            // Ansible lifts the cookie into a SEC header for later calls.
            let again = try await client.send(.get, "/api/siem/offenses?fields=id", headers: [("SEC", session)], authenticated: false)
            #expect(again.status == 200)
            // A note written in that session is signed by the console user, not an API_user.
            let note = try await client.send(.post, "/api/siem/offenses/1/notes?note_text=hello", headers: [("SEC", session)], authenticated: false)
            #expect(note.status == 201 && note.json["username"] == "admin")
            // Logout ends the session but not the service token.
            let logout = try await client.send(.post, "/api/auth/logout", headers: [("SEC", session)], authenticated: false)
            #expect(logout.status == 200 && logout.json == true)
            let after = try await client.send(.get, "/api/siem/offenses", headers: [("SEC", session)], authenticated: false)
            #expect(after.status == 401)
            #expect(try await client.post("/api/auth/logout").status == 200)
            #expect(try await client.get("/api/siem/offenses").status == 200)
        }
    }

    @Test func tokenUsersAreShownAsAPIUser() async throws {
        try await withEmulator { client, _ in
            let note = try await client.post("/api/siem/offenses/1/notes?note_text=" + q("checked by the sidecar"))
            #expect(note.status == 201)
            #expect(note.json["username"] == "API_user: vigil")
            #expect(note.json["note_text"] == "checked by the sidecar")
        }
    }

    @Test func demistoTokenConventionOverBasic() async throws {
        try await withEmulator(events: nil) { client, _ in
            let reply = try await client.send(.get, "/api/siem/offenses", headers: [basic("_api_token_key", testToken)], authenticated: false)
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: ["6.0", "7.0", "8.0", "9.1", "12", "13.1", "17.0", "26.0", "27.0", "26"])
    func acceptedVersions(_ version: String) async throws {
        try await withEmulator(events: nil) { client, _ in
            let reply = try await client.get("/api/ariel/databases", headers: [("Version", version)])
            #expect(reply.status == 200, "Version \(version)")
        }
    }

    @Test func noVersionMeansLatestAndOldVersionsAreMarkedDeprecated() async throws {
        try await withEmulator(events: nil) { client, _ in
            let latest = try await client.get("/api/ariel/databases")
            #expect(latest.status == 200 && latest.header("Deprecated") == nil)
            let old = try await client.get("/api/ariel/databases", headers: [("version", "12.0")])
            #expect(old.status == 200 && old.header("Deprecated") == "true")
        }
    }

    @Test func removedAndUnknownVersionsAre422() async throws {
        try await withEmulator(events: nil) { client, _ in
            let removed = try await client.get("/api/siem/offenses", headers: [("Version", "3.0")])
            #expect(removed.status == 422 && removed.isQRadarError)
            #expect(removed.message == "Version (3.0) from header parameter (Version) has been removed and is no longer valid. Please refer to documentation for list of valid versions.")
            let unknown = try await client.get("/api/siem/offenses", headers: [("Version", "322.0123")])
            #expect(unknown.status == 422 && unknown.isQRadarError)
            #expect(unknown.message == "Version (322.0123) from header parameter (Version) is not a valid version. Please refer to documentation for list of valid versions.")
        }
    }
}
