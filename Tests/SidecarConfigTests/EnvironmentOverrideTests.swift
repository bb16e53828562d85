import Foundation
import Testing
import VigilCore
@testable import SidecarConfig

@Suite struct EnvironmentOverrideTests {
    static let yaml = """
    qradar:
      url: https://file.example.com
      api_version: "19.0"
      token_env: FILE_TOKEN
    rollout:
      mode: shadow
    storage:
      url: sqlite:file.db
    api:
      host: 127.0.0.1
      port: 9440
    """

    func load(_ extra: [String: String]) throws -> SidecarConfiguration {
        var env = Fixture.secretsEnvironment
        env["VIGIL_QRADAR_TOKEN"] = nil
        env["FILE_TOKEN"] = "token-from-the-file-route"
        env["VIGIL_VAULT_KEY"] = Fixture.vaultKeyHex
        for (k, v) in extra { env[k] = v }
        return try Fixture.parse(Self.yaml, environment: env)
    }

    @Test func withoutOverridesTheFileWins() throws {
        let c = try load([:])
        #expect(c.qradar.url == "https://file.example.com")
        #expect(c.qradar.token.reveal() == "token-from-the-file-route")
        #expect(c.qradar.tokenOrigin == .environment("FILE_TOKEN"))
    }

    @Test func qradarURLAndVersion() throws {
        let c = try load(["VIGIL_QRADAR_URL": "https://env.example.com/", "VIGIL_QRADAR_API_VERSION": "21"])
        #expect(c.qradar.url == "https://env.example.com")
        #expect(c.qradar.apiVersion == "21.0")
    }

    @Test func tokenVariableBeatsTheTokenFileVariableWhichBeatsTheFile() throws {
        let dir = TempDirectory()
        let tokenFile = dir.write("t", "token-from-env-file\n")
        #expect(try load(["VIGIL_QRADAR_TOKEN_FILE": tokenFile]).qradar.token.reveal() == "token-from-env-file")
        #expect(try load(["VIGIL_QRADAR_TOKEN_FILE": tokenFile]).qradar.tokenOrigin == .file(tokenFile))
        let both = try load(["VIGIL_QRADAR_TOKEN_FILE": tokenFile, "VIGIL_QRADAR_TOKEN": "token-direct"])
        #expect(both.qradar.token.reveal() == "token-direct")
        #expect(both.qradar.tokenOrigin == .environment("VIGIL_QRADAR_TOKEN"))
    }

    @Test func caBundle() throws {
        let dir = TempDirectory()
        let ca = dir.write("ca.pem", "pem")
        #expect(try load(["VIGIL_QRADAR_CA_BUNDLE": ca]).qradar.tls == .caBundle(ca))
    }

    @Test func rolloutMode() throws {
        #expect(try load(["VIGIL_ROLLOUT_MODE": "assist"]).rollout.mode == .assist)
        var env = Fixture.secretsEnvironment
        env["VIGIL_ROLLOUT_MODE"] = "asist"
        let error = try #require(Fixture.error(Self.yaml, environment: env.merging(["FILE_TOKEN": "x-token"]) { a, _ in a }))
        let issue = try #require(error.issue(for: "rollout.mode (VIGIL_ROLLOUT_MODE)"))
        #expect(issue.message.contains("expected one of shadow, assist, autonomous; got 'asist'"))
    }

    @Test func storageURLAndPassword() throws {
        let c = try load(["VIGIL_STORAGE_URL": "postgres://vigil@db.example.com:5433/vigil?sslmode=require",
                          "VIGIL_STORAGE_PASSWORD": "p@ss word/1"])
        #expect(c.storage.isPostgres)
        #expect(c.storage.url.reveal() == "postgres://vigil:p%40ss%20word%2F1@db.example.com:5433/vigil?sslmode=require")
        #expect(c.storage.displayURL == "postgres://vigil:***@db.example.com:5433/vigil?sslmode=require")
        #expect(c.storage.passwordOrigin == .environment("VIGIL_STORAGE_PASSWORD"))
        let sqlite = try load(["VIGIL_STORAGE_URL": "sqlite:/var/lib/vigil/v.db"])
        #expect(sqlite.storage.sqlitePath == "/var/lib/vigil/v.db")
    }

    @Test func apiHostPortAndAdminToken() throws {
        let c = try load(["VIGIL_API_HOST": "::1", "VIGIL_API_PORT": "0", "VIGIL_ADMIN_TOKEN": Fixture.adminToken])
        #expect(c.api.host == "::1")
        #expect(c.api.port == 0)
        #expect(c.api.bootstrapAdminToken?.reveal() == Fixture.adminToken)
        #expect(c.api.bootstrapAdminTokenOrigin == .environment("VIGIL_ADMIN_TOKEN"))
        var env = Fixture.secretsEnvironment
        env["VIGIL_API_PORT"] = "http"
        let error = try #require(Fixture.error(Fixture.minimalYAML, environment: env))
        #expect(error.issue(for: "api.port (VIGIL_API_PORT)") != nil)
    }

    @Test func keysFromTheEnvironment() throws {
        let c = try load(["VIGIL_AUDIT_SEAL_KEY": Fixture.sealKey])
        #expect(c.privacy.pseudonymKeys.map(\.origin) == [.environment("VIGIL_PSEUDONYM_KEY")])
        #expect(c.privacy.pseudonymKeys[0].secret.reveal() == Fixture.pseudonymKey)
        #expect(c.privacy.vaultKeys[0].secret.bytes == Array(0..<32))
        #expect(c.audit.sealKey?.reveal() == Fixture.sealKey)
    }

    @Test func theVaultKeyMayBeBase64() throws {
        let base64 = Data(Array(0..<32) as [UInt8]).base64EncodedString()
        let c = try load(["VIGIL_VAULT_KEY": base64])
        #expect(c.privacy.vaultKeys[0].secret.bytes == Array(0..<32))
    }

    @Test func thePseudonymKeyVariableReplacesVersionOneOfTheFileWithoutReadingItsFile() throws {
        let dir = TempDirectory()
        dir.write("v2.key", String(repeating: "z", count: 33))
        let yaml = Fixture.minimalYAML + "\n" + """
        privacy:
          keys:
            - version: 1
              secret_file: missing/v1.key
            - version: 2
              secret_file: v2.key
          current_key_version: 2
        """
        let c = try Fixture.parse(yaml, base: dir.path)
        #expect(c.privacy.pseudonymKeys.map(\.version) == [1, 2])
        #expect(c.privacy.pseudonymKeys[0].origin == .environment("VIGIL_PSEUDONYM_KEY"))
        #expect(c.privacy.pseudonymKeys[1].origin == .file(dir.path + "/v2.key"))
        #expect(try c.privacy.makeKeyRing().current == 2)
    }

    @Test func everyDocumentedOverrideIsListed() {
        let names = Set(SidecarConfigLoader.environmentOverrides.map(\.variable))
        #expect(names == ["VIGIL_QRADAR_URL", "VIGIL_QRADAR_API_VERSION", "VIGIL_QRADAR_TOKEN", "VIGIL_QRADAR_TOKEN_FILE",
                          "VIGIL_QRADAR_CA_BUNDLE", "VIGIL_ROLLOUT_MODE", "VIGIL_STORAGE_URL", "VIGIL_STORAGE_PASSWORD",
                          "VIGIL_API_HOST", "VIGIL_API_PORT", "VIGIL_ADMIN_TOKEN", "VIGIL_PSEUDONYM_KEY", "VIGIL_VAULT_KEY",
                          "VIGIL_AUDIT_SEAL_KEY"])
    }
}
