import Foundation
import Testing
@testable import SidecarConfig

@Suite struct SecretRedactionTests {
    @Test func aSecretNeverPrintsItself() {
        let s = Secret("super-secret-value")
        #expect(s.description == "<redacted>")
        #expect(s.debugDescription == "<redacted>")
        #expect("\(s)" == "<redacted>")
        #expect(String(describing: s) == "<redacted>")
        #expect(String(reflecting: s) == "<redacted>")
        var dumped = ""
        dump(s, to: &dumped)
        #expect(!dumped.contains("super-secret-value"))
        #expect(!dumped.contains("115"), "no raw bytes either (115 = 's')")
        #expect(s.reveal() == "super-secret-value")
        #expect(s.bytes == Array("super-secret-value".utf8))
    }

    @Test func noSecretAppearsInAnyRenderingOfAWholeConfiguration() throws {
        let dir = TempDirectory()
        FullConfigurationTests.makeFiles(dir)
        let path = dir.write("vigil.yaml", FullConfigurationTests.yaml.replacingOccurrences(
            of: "storage:\n  url: sqlite:data/vigil.db", with: "storage:\n  url: postgres://vigil@db.example.com/vigil"))
        let env = ["VIGIL_STORAGE_PASSWORD": "pg-password-SECRET-42"]
        let config = try SidecarConfigLoader.load(path: path, environment: env)
        #expect(config.storage.url.reveal().contains("pg-password-SECRET-42"))

        var dumped = ""
        dump(config, to: &dumped)
        let renderings = [
            "\(config)", String(describing: config), String(reflecting: config), dumped, config.redactedSummary(),
            "\(config.qradar)", "\(config.privacy)", "\(config.storage)", "\(config.api)", "\(config.audit)",
        ]
        let secrets = [Fixture.token, Fixture.adminToken, Fixture.sealKey, Fixture.vaultKeyHex, "pg-password-SECRET-42",
                       String(repeating: "a", count: 32), String(repeating: "b", count: 40), "soar-bearer-token"]
        for text in renderings {
            for secret in secrets {
                #expect(!text.contains(secret), "a rendering contains a secret")
            }
        }
        #expect(dumped.contains("token: <redacted>"))
    }

    @Test func theSummaryNamesWhereSecretsComeFrom() throws {
        let dir = TempDirectory()
        FullConfigurationTests.makeFiles(dir)
        let path = dir.write("vigil.yaml", FullConfigurationTests.yaml)
        let summary = try SidecarConfigLoader.load(path: path, environment: [:]).redactedSummary()
        #expect(summary.contains("token: from file \(dir.path)/secrets/qradar.token (redacted)"))
        #expect(summary.contains("mode: autonomous"))
        #expect(summary.contains("pseudonym key v2 (current): from file \(dir.path)/secrets/pseudonym-v2.key (redacted)"))
        #expect(summary.contains("seal key: from file \(dir.path)/secrets/seal.key (redacted)"))
        #expect(summary.contains("! api.metrics_require_auth is false"))
        #expect(!summary.contains(Fixture.token))
    }

    @Test func errorsNeverQuoteSecretValues() throws {
        // A key of the wrong length, a token with a control character, an inline postgres password.
        let env = ["VIGIL_QRADAR_TOKEN": "tok\nen-value-xyz", "VIGIL_PSEUDONYM_KEY": "short-pseudonym-key",
                   "VIGIL_STORAGE_URL": "postgres://u:inline-pass-777@:99999/db"]
        let error = try #require(Fixture.error(Fixture.minimalYAML, environment: env))
        for secret in ["en-value-xyz", "short-pseudonym-key", "inline-pass-777"] {
            #expect(!error.description.contains(secret))
        }
        #expect(error.issues.count >= 3, "\(error)")
    }
}
