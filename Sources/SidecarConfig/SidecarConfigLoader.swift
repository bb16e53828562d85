import Foundation
import Governance
import Ingestion
import VigilCore
import Yams

/// An environment variable that overrides a configuration key (the environment beats the file).
public struct EnvironmentOverride: Sendable, Hashable {
    public var variable: String
    /// The key it overrides, in the file's spelling.
    public var key: String
    public var meaning: String
}

/// Loads and validates the sidecar's YAML configuration plus environment overrides.
///
/// Loading collects every problem (unknown keys with a "did you mean", wrong types, bad values, missing files or
/// secrets, AQL that does not validate) and throws them together as one ``ConfigurationError``. Relative paths in
/// the file are resolved against the file's directory; relative paths in environment variables against the
/// working directory. Secrets come only from files and the environment and are held as ``Secret``.
public enum SidecarConfigLoader {
    /// The environment variables that override keys of the file.
    public static let environmentOverrides: [EnvironmentOverride] = [
        .init(variable: "VIGIL_QRADAR_URL", key: "qradar.url", meaning: "QRadar console URL"),
        .init(variable: "VIGIL_QRADAR_API_VERSION", key: "qradar.api_version", meaning: "REST API version header"),
        .init(variable: "VIGIL_QRADAR_TOKEN", key: "qradar.token_file / qradar.token_env", meaning: "the SEC token itself"),
        .init(variable: "VIGIL_QRADAR_TOKEN_FILE", key: "qradar.token_file", meaning: "file holding the SEC token"),
        .init(variable: "VIGIL_QRADAR_CA_BUNDLE", key: "qradar.ca_bundle", meaning: "PEM CA bundle for QRadar's certificate"),
        .init(variable: "VIGIL_ROLLOUT_MODE", key: "rollout.mode", meaning: "shadow, assist or autonomous"),
        .init(variable: "VIGIL_STORAGE_URL", key: "storage.url", meaning: "sqlite:PATH or postgres://… URL"),
        .init(variable: "VIGIL_STORAGE_PASSWORD", key: "storage.password_file", meaning: "PostgreSQL password, merged into the URL"),
        .init(variable: "VIGIL_API_HOST", key: "api.host", meaning: "address the HTTP API binds"),
        .init(variable: "VIGIL_API_PORT", key: "api.port", meaning: "port the HTTP API binds"),
        .init(variable: "VIGIL_ADMIN_TOKEN", key: "api.admin_token_file", meaning: "bootstrap admin token"),
        .init(variable: "VIGIL_PSEUDONYM_KEY", key: "privacy.keys (version 1)", meaning: "pseudonymisation key, ≥ 32 bytes"),
        .init(variable: "VIGIL_VAULT_KEY", key: "privacy.vault_key_file (version 1)", meaning: "vault key: 32 bytes as 64 hex digits or base64"),
        .init(variable: "VIGIL_AUDIT_SEAL_KEY", key: "audit.seal_key_file", meaning: "audit anchor sealing key, ≥ 32 bytes"),
    ]

    /// Reads the file at `path` and resolves it (relative paths against the file's directory).
    public static func load(path: String, environment: [String: String]) throws(ConfigurationError) -> SidecarConfiguration {
        let absolute = LoadContext.resolve(path, against: FileManager.default.currentDirectoryPath)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigurationError(issues: [ConfigurationIssue(key: "config", message: "cannot read the configuration file \(absolute)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(issues: [ConfigurationIssue(key: "config", message: "the configuration file \(absolute) is not UTF-8 text")])
        }
        let directory = absolute.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var configuration = try parse(yaml: text, baseDirectory: directory.isEmpty ? "/" : directory, environment: environment)
        configuration.sourceFile = absolute
        return configuration
    }

    /// Parses configuration text; relative paths resolve against `baseDirectory`.
    public static func parse(yaml: String, baseDirectory: String, environment: [String: String]) throws(ConfigurationError) -> SidecarConfiguration {
        let context = LoadContext(environment: environment,
                                  baseDirectory: LoadContext.resolve(baseDirectory, against: FileManager.default.currentDirectoryPath),
                                  workingDirectory: FileManager.default.currentDirectoryPath)
        let root: YAMLMap
        do {
            let node = try Yams.compose(yaml: yaml)
            if let node, node.mapping == nil, !YAMLMap.isNull(node) {
                throw ConfigurationError(issues: [ConfigurationIssue(key: "config", message: "the configuration must be a mapping of sections (qradar:, sources:, …), got \(YAMLMap.kindName(node))", line: node.mark?.line)])
            }
            root = YAMLMap(path: "", node: node.flatMap { YAMLMap.isNull($0) ? nil : $0 }, context: context)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(issues: [syntaxIssue(error)])
        }
        let loader = Loader(context: context)
        let result = loader.load(root)
        guard context.issues.isEmpty, let configuration = result else {
            let issues = context.issues.isEmpty
                ? [ConfigurationIssue(key: "config", message: "the configuration is incomplete")]
                : context.issues
            throw ConfigurationError(issues: issues)
        }
        return configuration
    }

    static func syntaxIssue(_ error: any Error) -> ConfigurationIssue {
        guard let yamlError = error as? YamlError else {
            return ConfigurationIssue(key: "yaml", message: "the file is not valid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return ConfigurationIssue(key: "yaml", message: "syntax error at line \(mark.line), column \(mark.column): \(ctx)\(problem)",
                                      line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationIssue(key: "yaml", message: "duplicate key \(duplicates.joined(separator: ", ")) at line \(context.mark.line), column \(context.mark.column)",
                                      line: context.mark.line)
        default:
            // Other Yams errors quote the input; the input may hold a secret by mistake, so keep only the kind.
            let first = "\(yamlError)".split(separator: ":", maxSplits: 3).prefix(3).joined(separator: ":")
            return ConfigurationIssue(key: "yaml", message: "the file is not valid YAML (\(first))")
        }
    }
}

/// Reads each section; problems go to the context.
struct Loader {
    let context: LoadContext

    static let topLevelKeys = ["qradar", "sources", "mappings", "offenses", "syslog_listener", "rollout", "actions", "leef",
                               "privacy", "storage", "api", "audit", "analytics", "correlation"]

    func load(_ root: YAMLMap) -> SidecarConfiguration? {
        // Top-level `x-…` keys are free for YAML anchors (`x-defaults: &defaults …`), as in Compose files.
        root.checkKeys(Self.topLevelKeys + root.keys.map(\.name).filter { $0.hasPrefix("x-") })
        let qradar = loadQRadar(root.section("qradar"))
        let mappings = loadMappings(root)
        let listener = loadSyslogListener(root.section("syslog_listener"), mappings: mappings)
        let sources = loadSources(root, mappings: mappings, listenerEnabled: listener != nil)
        let offenses = loadOffenses(root.section("offenses"))
        let (rollout, webhookToken) = loadRollout(root.section("rollout"), actions: root.section("actions"), qradar: qradar)
        let leef = loadLEEF(root.section("leef"))
        let privacy = loadPrivacy(root.section("privacy"), mode: rollout?.mode)
        let storage = loadStorage(root.section("storage"))
        let api = loadAPI(root.section("api"))
        let audit = loadAudit(root.section("audit"))
        let analytics = loadAnalytics(root.section("analytics"))
        let correlation = loadCorrelation(root.section("correlation"))
        guard let qradar, let rollout, let privacy, let storage, let api, let audit, let correlation else { return nil }
        return SidecarConfiguration(qradar: qradar, sources: sources, mappings: mappings, offenses: offenses,
                                    syslogListener: listener, rollout: rollout, disableAccountWebhookToken: webhookToken,
                                    leef: leef, privacy: privacy, storage: storage, api: api, audit: audit,
                                    analytics: analytics, correlation: correlation, warnings: context.warnings, sourceFile: nil)
    }
}
