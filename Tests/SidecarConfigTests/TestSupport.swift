import Foundation
@testable import SidecarConfig

/// A temporary directory with helpers to write files into it; removed when released.
final class TempDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/vigil-config-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `name` (relative, sub-directories created) and returns the absolute path.
    @discardableResult
    func write(_ name: String, _ contents: String) -> String {
        let full = path + "/" + name
        let dir = (full as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(contents.utf8))
        return full
    }
}

enum Fixture {
    static let token = "c0ffee00-1234-5678-9abc-def012345678"
    static let pseudonymKey = "pseudonym-key-material-with-at-least-32-bytes!"
    static let vaultKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    static let sealKey = "audit-seal-key-material-with-at-least-32-bytes"
    static let adminToken = "vgl_0123456789abcdef_" + String(repeating: "A", count: 43)

    /// The secrets every valid configuration needs, from the environment.
    static let secretsEnvironment: [String: String] = [
        "VIGIL_QRADAR_TOKEN": token,
        "VIGIL_PSEUDONYM_KEY": pseudonymKey,
    ]

    static let minimalYAML = """
    qradar:
      url: https://qradar.example.com
    """

    static func parse(_ yaml: String, base: String = "/srv/vigil", environment: [String: String] = secretsEnvironment)
        throws(ConfigurationError) -> SidecarConfiguration {
        try SidecarConfigLoader.parse(yaml: yaml, baseDirectory: base, environment: environment)
    }

    /// The error a configuration is expected to produce (nil when it loads).
    static func error(_ yaml: String, base: String = "/srv/vigil", environment: [String: String] = secretsEnvironment) -> ConfigurationError? {
        do {
            _ = try parse(yaml, base: base, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// The repository's `config/` directory.
    static var configDirectory: String {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config").path
    }
}
