import Testing

@testable import QRadarClient

@Suite struct RequestHeaderTests {
    static let offense = #"{"id": 7, "status": "OPEN"}"#

    @Test func secTokenIsSentAsSECHeaderWithDefaultVersion() async throws {
        try await FakeQRadarServer.with(handler: { _ in .json(200, Self.offense) }) { server in
            let client = try makeClient(port: server.port, authentication: .secToken("abc-123-token"))
            let offense = try await withClient(client) { try await $0.offense(id: 7) }
            #expect(offense.id == 7)
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/siem/offenses/7")
            #expect(request.header("SEC") == "abc-123-token")
            #expect(request.header("Authorization") == nil)
            #expect(request.header("Version") == "20.0")
            #expect(request.header("Accept") == "application/json")
            #expect(request.header("User-Agent") == "Vigil-QRadarClient/1.0")
        }
    }

    @Test func basicAuthIsSentAsAuthorizationHeader() async throws {
        try await FakeQRadarServer.with(handler: { _ in .json(200, Self.offense) }) { server in
            let client = try makeClient(port: server.port, authentication: .basic(username: "admin", password: "s3cret"))
            _ = try await withClient(client) { try await $0.offense(id: 7) }
            let request = try #require(server.requests.first)
            // base64("admin:s3cret"), computed with coreutils `base64`.
            #expect(request.header("Authorization") == "Basic YWRtaW46czNjcmV0")
            #expect(request.header("SEC") == nil)
        }
    }

    @Test func versionAndUserAgentAreConfigurable() async throws {
        try await FakeQRadarServer.with(handler: { _ in .json(200, Self.offense) }) { server in
            let client = try makeClient(port: server.port) { config in
                config.apiVersion = "17.0"
                config.userAgent = "vigil-test/9"
            }
            _ = try await withClient(client) { try await $0.offense(id: 7) }
            let request = try #require(server.requests.first)
            #expect(request.header("Version") == "17.0")
            #expect(request.header("User-Agent") == "vigil-test/9")
        }
    }

    @Test func baseURLMayEndWithSlashOrApi() async throws {
        try await FakeQRadarServer.with(handler: { _ in .json(200, Self.offense) }) { server in
            let client = try makeClient(port: server.port) { config in config.baseURL = "http://127.0.0.1:\(server.port)/api/" }
            _ = try await withClient(client) { try await $0.offense(id: 7) }
            #expect(server.requests.first?.path == "/api/siem/offenses/7")
        }
    }

    @Test(arguments: [
        "ftp://qradar", "https://", "https://qradar/some/path", "qradar.example.com", "https://user@qradar",
    ])
    func invalidBaseURLIsAConfigurationError(_ url: String) {
        let config = QRadarClientConfiguration(baseURL: url, authentication: .secToken("t"))
        #expect(throws: QRadarConfigurationError.self) { _ = try QRadarClient(configuration: config) }
    }

    @Test func tokenThatCannotBeAHeaderIsRejectedWithoutEchoingIt() {
        let config = QRadarClientConfiguration(baseURL: "https://qradar", authentication: .secToken("line1\nsecretpart"))
        do {
            _ = try QRadarClient(configuration: config)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error is QRadarConfigurationError)
            #expect(!"\(error)".contains("secretpart"))
        }
    }

    @Test func configurationDescriptionRedactsSecrets() {
        let token = QRadarClientConfiguration(baseURL: "https://q", authentication: .secToken("TOPSECRET-TOKEN"))
        let basic = QRadarClientConfiguration(baseURL: "https://q", authentication: .basic(username: "bob", password: "hunter2"))
        for text in ["\(token)", String(reflecting: token.authentication), "\(basic)", String(reflecting: basic.authentication)] {
            #expect(!text.contains("TOPSECRET-TOKEN"))
            #expect(!text.contains("hunter2"))
        }
        var dumped = ""
        dump(token, to: &dumped)
        dump(basic, to: &dumped)
        #expect(!dumped.contains("TOPSECRET-TOKEN"))
        #expect(!dumped.contains("hunter2"))
    }

    @Test func pathSegmentsAndQueryValuesArePercentEncoded() async throws {
        let set = #"{"name": "Bad IPs / list", "element_type": "ALN"}"#
        try await FakeQRadarServer.with(handler: { _ in .json(200, set) }) { server in
            let client = try makeClient(port: server.port)
            _ = try await withClient(client) {
                try await $0.addReferenceSetValue(name: "Bad IPs / list", value: "a&b=c d+e", source: "vigil")
            }
            let request = try #require(server.requests.first)
            #expect(request.rawPath == "/api/reference_data/sets/Bad%20IPs%20%2F%20list")
            #expect(request.query("value") == "a&b=c d+e")
            #expect(request.query("source") == "vigil")
        }
    }
}
