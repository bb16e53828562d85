import Foundation
import Yams

extension Loader {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    func loadQRadar(_ map: YAMLMap) -> QRadarSettings? {
        map.checkKeys(["url", "api_version", "token_file", "token_env", "ca_bundle", "insecure_skip_verify", "timeout", "retry", "syslog"],
                      hints: ["token": "never put the token in the configuration file: use token_file, token_env or VIGIL_QRADAR_TOKEN",
                              "password": "Vigil authenticates with an authorized service token: use token_file, token_env or VIGIL_QRADAR_TOKEN"])
        if !map.isPresent && context.env("VIGIL_QRADAR_URL") == nil {
            context.fail("qradar", "required: the section saying how to reach QRadar (url, token_file, …)")
        }

        // URL
        var url: String?
        if let envURL = context.env("VIGIL_QRADAR_URL") {
            _ = map.string("url")
            url = validateHTTPURL(envURL, key: "qradar.url (VIGIL_QRADAR_URL)", node: nil, purpose: "qradar.url", allowAPIPath: true)
        } else if let fileURL = map.nonEmptyString("url") {
            url = validateHTTPURL(fileURL, key: "qradar.url", node: map.value("url"), purpose: "qradar.url", allowAPIPath: true)
        } else if map.isPresent {
            context.fail("qradar.url", "required: the console's https:// URL (or set VIGIL_QRADAR_URL)", at: map.node)
        }

        // API version
        var apiVersion = "20.0"
        let fileVersion = map.nonEmptyString("api_version")
        let (versionText, versionKey) = context.env("VIGIL_QRADAR_API_VERSION").map { ($0, "qradar.api_version (VIGIL_QRADAR_API_VERSION)") }
            ?? (fileVersion.map { ($0, "qradar.api_version") } ?? (nil, ""))
        if let versionText {
            let t = versionText.trimmingSpacesAndTabs()
            let parts = t.split(separator: ".", omittingEmptySubsequences: false)
            if (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                apiVersion = parts.count == 1 ? t + ".0" : t
            } else {
                context.fail(versionKey, "expected a version such as 20.0; got '\(t.prefix(20))'", at: fileVersion == nil ? nil : map.value("api_version"))
            }
        }

        // Token
        let token = readSecret(map, SecretSpec(fileKey: "token_file", envKey: "token_env",
                                               overrideVariable: "VIGIL_QRADAR_TOKEN", overrideFileVariable: "VIGIL_QRADAR_TOKEN_FILE"))
        if let token, !Self.isHeaderSafe(token.secret) {
            context.fail(token.key, "the token contains characters that cannot be sent in an HTTP header (control characters, non-ASCII, or leading/trailing spaces)")
        }
        if token == nil, !context.issues.contains(where: { $0.key.hasPrefix("qradar.token") || $0.key.hasPrefix("VIGIL_QRADAR_TOKEN") }) {
            context.fail("qradar.token_file", "required: the authorized service token, from qradar.token_file, qradar.token_env or VIGIL_QRADAR_TOKEN (never the command line)")
        }

        // TLS
        var tls = TLSVerification.systemTrustRoots
        let insecure = map.bool("insecure_skip_verify") ?? false
        let fileBundle = map.nonEmptyString("ca_bundle")
        if let envBundle = context.env("VIGIL_QRADAR_CA_BUNDLE") {
            let path = context.resolveFromEnvironment(envBundle)
            if context.fileExists(path) { tls = .caBundle(path) } else { context.fail("qradar.ca_bundle (VIGIL_QRADAR_CA_BUNDLE)", "file not found: \(path)") }
        } else if let fileBundle {
            if insecure {
                context.fail("qradar.insecure_skip_verify", "set either ca_bundle or insecure_skip_verify, not both", at: map.value("insecure_skip_verify"))
            }
            let path = context.resolve(fileBundle)
            if context.fileExists(path) { tls = .caBundle(path) } else { context.fail("qradar.ca_bundle", "file not found: \(path)", at: map.value("ca_bundle")) }
        } else if insecure {
            tls = .insecure
            context.warn("qradar.insecure_skip_verify is true: QRadar's certificate is NOT verified, so anyone on the path can read the token; use ca_bundle instead")
        }

        let timeout = map.duration("timeout", positive: true) ?? 60_000
        let retry = loadRetry(map.section("retry"))
        let syslog = loadSyslogTarget(map.section("syslog"))

        guard let url, let token else { return nil }
        return QRadarSettings(url: url, apiVersion: apiVersion, token: token.secret, tokenOrigin: token.origin, tls: tls,
                              timeoutSeconds: Int((timeout + 999) / 1_000), retry: retry, syslog: syslog)
    }

    func loadRetry(_ map: YAMLMap) -> RetrySettings {
        map.checkKeys(["max_attempts", "base_delay", "max_delay"])
        var r = RetrySettings()
        if let n = map.int("max_attempts", in: 1...100) { r.maxAttempts = n }
        if let d = map.duration("base_delay", positive: true) { r.baseDelayMillis = d }
        if let d = map.duration("max_delay", positive: true) { r.maxDelayMillis = d }
        if r.maxDelayMillis < r.baseDelayMillis {
            context.fail(map.key("max_delay"), "must not be shorter than base_delay (\(ConfigDuration.format(millis: r.baseDelayMillis)))", at: map.value("max_delay"))
        }
        return r
    }

    func loadSyslogTarget(_ map: YAMLMap) -> SyslogTarget? {
        guard map.isPresent else { return nil }
        map.checkKeys(["host", "port", "transport", "ca_bundle"])
        let host = map.nonEmptyString("host")
        if host == nil, !map.has("host") { context.fail(map.key("host"), "required: QRadar's syslog listener (event collector) host", at: map.node) }
        let port = map.int("port", in: 1...65535) ?? 514
        var transport = SyslogTransport.tcp
        if let t = map.string("transport") {
            if let parsed = SyslogTransport(rawValue: t.lowercased()) { transport = parsed } else {
                context.fail(map.key("transport"), "expected one of tcp, udp, tls; got '\(t)'", at: map.value("transport"))
            }
        }
        var bundle: String?
        if let b = map.nonEmptyString("ca_bundle") {
            let path = context.resolve(b)
            if transport != .tls {
                context.fail(map.key("ca_bundle"), "only applies to transport: tls", at: map.value("ca_bundle"))
            } else if !context.fileExists(path) {
                context.fail(map.key("ca_bundle"), "file not found: \(path)", at: map.value("ca_bundle"))
            } else {
                bundle = path
            }
        }
        if transport != .tls, let host, !Self.loopbackHosts.contains(host.lowercased()) {
            context.warn("\(map.key("transport")) is \(transport.rawValue): LEEF events (which name users and hosts) travel unencrypted to \(host)")
        }
        guard let host else { return nil }
        return SyslogTarget(host: host, port: port, transport: transport, caBundle: bundle)
    }

    /// Checks an http(s) URL: https anywhere, http only on the loopback (with a warning). Returns it without a
    /// trailing `/`. Messages never repeat the URL, which might carry credentials.
    func validateHTTPURL(_ text: String, key: String, node: Node?, purpose: String, allowAPIPath: Bool) -> String? {
        var t = text.trimmingSpacesAndTabs()
        guard let c = URLComponents(string: t), let scheme = c.scheme?.lowercased(), let host = c.host, !host.isEmpty else {
            context.fail(key, "expected an absolute URL such as https://qradar.example.com", at: node)
            return nil
        }
        guard c.user == nil, c.password == nil else {
            context.fail(key, "must not contain credentials (user:password@); secrets belong in files or the environment", at: node)
            return nil
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.loopbackHosts.contains(host.lowercased()) else {
                context.fail(key, "must use https (plain http is only allowed for 127.0.0.1 or localhost)", at: node)
                return nil
            }
            context.warn("\(purpose) uses plain http on \(host): acceptable for a local emulator only")
        default:
            context.fail(key, "expected an https:// URL; got scheme '\(scheme)'", at: node)
            return nil
        }
        if let port = c.port, !(1...65535).contains(port) {
            context.fail(key, "invalid port \(port)", at: node)
            return nil
        }
        if allowAPIPath {
            guard c.query == nil, c.fragment == nil, ["", "/", "/api", "/api/"].contains(c.path.lowercased()) else {
                context.fail(key, "expected only scheme, host and port (Vigil adds /api/…)", at: node)
                return nil
            }
            while t.hasSuffix("/") { t.removeLast() }
            if t.lowercased().hasSuffix("/api") { t.removeLast(4) }
        }
        while t.hasSuffix("/") { t.removeLast() }
        return t
    }
}
