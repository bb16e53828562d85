import Correlation
import Governance
import Foundation
import Ingestion
import VigilCore

extension Loader {
    func loadLEEF(_ map: YAMLMap) -> LEEFSettings {
        map.checkKeys(["vendor", "product", "version"])
        var s = LEEFSettings()
        for (key, path) in [("vendor", \LEEFSettings.vendor), ("product", \.product), ("version", \.version)] {
            guard let v = map.nonEmptyString(key) else { continue }
            if v.contains("|") || v.contains("\n") {
                context.fail(map.key(key), "must not contain '|' or line breaks (they delimit the LEEF header)", at: map.value(key))
            } else {
                s[keyPath: path] = v
            }
        }
        return s
    }

    func loadSyslogListener(_ map: YAMLMap, mappings: [String: FieldMapping]) -> SyslogListenerSettings? {
        map.checkKeys(["enabled", "host", "udp_port", "tcp_port", "tls_port", "certificate", "key", "max_queued_messages",
                       "max_message_bytes", "mapping"])
        guard map.isPresent else { return nil }
        let enabled = map.bool("enabled") ?? true
        let host = map.nonEmptyString("host") ?? "0.0.0.0"
        let udp = map.int("udp_port", in: 0...65535)
        let tcp = map.int("tcp_port", in: 0...65535)
        let tls = map.int("tls_port", in: 0...65535)
        let certificate = map.nonEmptyString("certificate").map { context.resolve($0) }
        let key = map.nonEmptyString("key").map { context.resolve($0) }
        let maxQueued = map.int("max_queued_messages", in: 1...10_000_000) ?? 10_000
        let maxBytes = map.int("max_message_bytes", in: 480...(16 * 1024 * 1024)) ?? 64 * 1024
        let mapping = map.nonEmptyString("mapping") ?? "default"
        guard enabled else { return nil }
        if udp == nil, tcp == nil, tls == nil, !map.has("udp_port"), !map.has("tcp_port"), !map.has("tls_port") {
            context.fail(map.path, "enable at least one of udp_port, tcp_port, tls_port (or set enabled: false)", at: map.node)
        }
        if tls != nil {
            if certificate == nil, !map.has("certificate") { context.fail(map.key("certificate"), "required with tls_port: PEM certificate chain", at: map.node) }
            if key == nil, !map.has("key") { context.fail(map.key("key"), "required with tls_port: PEM private key", at: map.node) }
        } else if certificate != nil || key != nil {
            context.fail(map.key(certificate != nil ? "certificate" : "key"), "only applies with tls_port", at: map.value(certificate != nil ? "certificate" : "key"))
        }
        for (name, path) in [("certificate", certificate), ("key", key)] {
            if let path, !context.fileExists(path) { context.fail(map.key(name), "file not found: \(path)", at: map.value(name)) }
        }
        if let tcp, let tls, tcp != 0, tcp == tls {
            context.fail(map.key("tls_port"), "tcp_port and tls_port must differ", at: map.value("tls_port"))
        }
        if mappings[mapping] == nil {
            context.fail(map.key("mapping"), "unknown mapping '\(mapping)' (known: \(mappings.keys.sorted().joined(separator: ", ")))", at: map.value("mapping"))
        }
        return SyslogListenerSettings(host: host, udpPort: udp, tcpPort: tcp, tlsPort: tls, tlsCertificate: certificate, tlsKey: key,
                                      maxQueuedMessages: maxQueued, maxMessageBytes: maxBytes, mapping: mapping)
    }

    func loadStorage(_ map: YAMLMap) -> StorageSettings? {
        map.checkKeys(["url", "password_file", "password_env"], hints: ["password": "never put the password in the configuration file: use password_file, password_env or VIGIL_STORAGE_PASSWORD"])
        let fileURL = map.nonEmptyString("url")
        let password = readSecret(map, SecretSpec(fileKey: "password_file", envKey: "password_env", overrideVariable: "VIGIL_STORAGE_PASSWORD"))
        let text: String, key: String, fromEnvironment: Bool
        if let e = context.env("VIGIL_STORAGE_URL") {
            (text, key, fromEnvironment) = (e.trimmingSpacesAndTabs(), "storage.url (VIGIL_STORAGE_URL)", true)
        } else {
            (text, key, fromEnvironment) = ((fileURL ?? "sqlite:vigil.db").trimmingSpacesAndTabs(), "storage.url", false)
        }
        let node = fromEnvironment ? nil : map.value("url")
        let lower = text.lowercased()

        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            guard var c = URLComponents(string: text) else {
                context.fail(key, "not a valid postgres:// URL", at: node)
                return nil
            }
            let socket = c.queryItems?.first(where: { $0.name == "host" })?.value
            if (c.host ?? "").isEmpty, socket?.hasPrefix("/") != true {
                context.fail(key, "the postgres URL names no host", at: node)
                return nil
            }
            if let port = c.port, !(1...65535).contains(port) {
                context.fail(key, "invalid port \(port)", at: node)
                return nil
            }
            if c.password != nil {
                if password == nil {
                    context.warn("\(key) contains a password: prefer storage.password_file or VIGIL_STORAGE_PASSWORD, so the URL can be shown")
                }
            }
            if let password {
                if c.user == nil { c.percentEncodedUser = "postgres" }
                c.percentEncodedPassword = Self.percentEncodeUserInfo(password.secret.reveal())
            }
            guard let full = c.string else {
                context.fail(key, "not a valid postgres:// URL", at: node)
                return nil
            }
            var display = c
            if display.password != nil { display.percentEncodedPassword = "***" }
            return StorageSettings(url: Secret(full), displayURL: display.string ?? "postgres://…", isPostgres: true, sqlitePath: nil,
                                   passwordOrigin: password?.origin)
        }
        if let password {
            context.fail(password.key, "a password only applies to a postgres:// storage.url")
            return nil
        }
        if lower == ":memory:" || lower == "sqlite::memory:" {
            return StorageSettings(url: Secret("sqlite::memory:"), displayURL: "sqlite::memory:", isPostgres: false, sqlitePath: nil, passwordOrigin: nil)
        }
        var path = text
        if lower.hasPrefix("sqlite://") { path = String(text.dropFirst("sqlite://".count)) } else if lower.hasPrefix("sqlite:") {
            path = String(text.dropFirst("sqlite:".count))
        } else if text.contains("://") {
            context.fail(key, "unsupported storage URL scheme; use sqlite:PATH or postgres://…", at: node)
            return nil
        }
        guard !path.isEmpty else {
            context.fail(key, "the SQLite path is empty", at: node)
            return nil
        }
        let absolute = fromEnvironment ? context.resolveFromEnvironment(path) : context.resolve(path)
        return StorageSettings(url: Secret("sqlite:" + absolute), displayURL: "sqlite:" + absolute, isPostgres: false,
                               sqlitePath: absolute, passwordOrigin: nil)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncodeUserInfo(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if b < 0x80, c.isLetter || c.isNumber || c == "-" || c == "." || c == "_" || c == "~" {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    func loadAPI(_ map: YAMLMap) -> APISettings? {
        map.checkKeys(["host", "port", "admin_token_file", "admin_token_env", "metrics_require_auth", "tls_certificate", "tls_key"],
                      hints: ["admin_token": "never put a token in the configuration file: use admin_token_file, admin_token_env or VIGIL_ADMIN_TOKEN"])
        var host = map.nonEmptyString("host") ?? "127.0.0.1"
        if let e = context.env("VIGIL_API_HOST") { host = e.trimmingSpacesAndTabs() }
        var port = map.int("port", in: 0...65535) ?? 9440
        var valid = true
        if let e = context.env("VIGIL_API_PORT") {
            if let p = Int(e.trimmingSpacesAndTabs()), (0...65535).contains(p) { port = p } else {
                context.fail("api.port (VIGIL_API_PORT)", "expected a port number 0…65535; got '\(e.prefix(20))'")
                valid = false
            }
        }
        let token = readSecret(map, SecretSpec(fileKey: "admin_token_file", envKey: "admin_token_env", overrideVariable: "VIGIL_ADMIN_TOKEN"))
        if let token, APITokens.tokenID(of: token.secret.reveal()) == nil {
            context.fail(token.key, "the bootstrap admin token must be a Vigil API token (vgl_<16 hex>_<43 base64url>); make one with `vigil token issue`")
            valid = false
        }
        let metrics = map.bool("metrics_require_auth") ?? true
        let cert = map.nonEmptyString("tls_certificate").map { context.resolve($0) }
        let key = map.nonEmptyString("tls_key").map { context.resolve($0) }
        if (cert == nil) != (key == nil), !(map.has("tls_certificate") && map.has("tls_key")) {
            context.fail(map.key(cert == nil ? "tls_certificate" : "tls_key"), "set both tls_certificate and tls_key, or neither")
            valid = false
        }
        for (name, path) in [("tls_certificate", cert), ("tls_key", key)] {
            if let path, !context.fileExists(path) {
                context.fail(map.key(name), "file not found: \(path)", at: map.value(name))
                valid = false
            }
        }
        if cert == nil, !Self.loopbackHosts.contains(host.lowercased()) {
            context.warn("api.host is \(host) without tls_certificate: API tokens cross the network unencrypted")
        }
        if !metrics {
            context.warn("api.metrics_require_auth is false: /metrics is readable without a token")
        }
        guard valid else { return nil }
        return APISettings(host: host, port: port, bootstrapAdminToken: token?.secret, bootstrapAdminTokenOrigin: token?.origin,
                           metricsRequireAuth: metrics, tlsCertificate: cert, tlsKey: key)
    }

    func loadAudit(_ map: YAMLMap) -> AuditSettings? {
        map.checkKeys(["seal_key_file", "seal_key_env", "anchor_interval"],
                      hints: ["seal_key": "never put a key in the configuration file: use seal_key_file, seal_key_env or VIGIL_AUDIT_SEAL_KEY"])
        let key = readSecret(map, SecretSpec(fileKey: "seal_key_file", envKey: "seal_key_env", overrideVariable: "VIGIL_AUDIT_SEAL_KEY"))
        let interval = map.duration("anchor_interval", positive: true) ?? 3_600_000
        if let key, key.secret.count < 32 {
            context.fail(key.key, "the audit sealing key must be at least 32 bytes; got \(key.secret.count)")
            return nil
        }
        return AuditSettings(sealKey: key?.secret, sealKeyOrigin: key?.origin, anchorIntervalMillis: interval)
    }

    func loadAnalytics(_ map: YAMLMap) -> AnalyticsSettings {
        map.checkKeys(["warmup", "default_time_zone", "batch_size", "directory_file", "sigma_rules", "sigma_minimum_level"])
        var s = AnalyticsSettings()
        if let d = map.duration("warmup") { s.warmupMillis = d }
        if let tz = map.nonEmptyString("default_time_zone") {
            if TimeZone(identifier: tz) != nil { s.defaultTimeZone = tz } else {
                context.fail(map.key("default_time_zone"), "unknown IANA time zone '\(tz)' (e.g. UTC, Europe/London, America/New_York)",
                             at: map.value("default_time_zone"))
            }
        }
        if let n = map.int("batch_size", in: 1...1_000_000) { s.batchSize = n }
        if let env = context.env("VIGIL_DIRECTORY_FILE") {
            let path = context.resolveFromEnvironment(env)
            if context.fileExists(path) { s.directoryFile = path } else {
                context.fail("analytics.directory_file (VIGIL_DIRECTORY_FILE)", "file not found: \(path)")
            }
        } else if let file = map.nonEmptyString("directory_file") {
            let path = context.resolve(file)
            if context.fileExists(path) { s.directoryFile = path } else {
                context.fail(map.key("directory_file"), "file not found: \(path)", at: map.value("directory_file"))
            }
        }
        let sigmaPaths: [(path: String, key: String)]
        if let env = context.env("VIGIL_SIGMA_RULES") {
            sigmaPaths = env.split(separator: ",").map { (context.resolveFromEnvironment(String($0)), "analytics.sigma_rules (VIGIL_SIGMA_RULES)") }
        } else {
            sigmaPaths = (map.stringList("sigma_rules") ?? []).map { (context.resolve($0), map.key("sigma_rules")) }
        }
        for (path, key) in sigmaPaths {
            if context.pathExists(path) { s.sigmaRules.append(path) } else { context.fail(key, "file or folder not found: \(path)") }
        }
        if let level = map.nonEmptyString("sigma_minimum_level") {
            let levels = ["informational", "low", "medium", "high", "critical"]
            if levels.contains(level.lowercased()) { s.sigmaMinimumLevel = level.lowercased() } else {
                context.fail(map.key("sigma_minimum_level"), "expected one of \(levels.joined(separator: ", "))", at: map.value("sigma_minimum_level"))
            }
        }
        return s
    }
}

extension Loader {
    /// `correlation:` — every key optional; durations in whole days.
    func loadCorrelation(_ map: YAMLMap) -> CorrelationConfiguration? {
        map.checkKeys(["window", "age_half_life", "minimum_score", "link_score", "raise_score", "minimum_tactics",
                       "minimum_entities", "hub_degree", "maximum_fan_out", "maximum_subjects"],
                      hints: ["window_days": "write window with a duration in days (30d)"])
        var c = CorrelationConfiguration()
        func days(_ key: String) -> Int? {
            guard let d = map.duration(key, positive: true) else { return nil }
            guard d % EpochMillis.day == 0 else {
                context.fail(map.key(key), "must be whole days (30d)", at: map.value(key))
                return nil
            }
            return Int(d / EpochMillis.day)
        }
        if let d = days("window") { c.windowDays = d }
        if let d = days("age_half_life") { c.ageHalfLifeDays = Double(d) }
        if let x = map.double("minimum_score", in: 0...1) { c.minimumScore = x }
        if let x = map.double("link_score", in: 0...1) { c.linkScore = x }
        if let x = map.double("raise_score", in: 0.1...1_000) { c.raiseScore = x }
        if let n = map.int("minimum_tactics", in: 2...14) { c.minimumTactics = n }
        if let n = map.int("minimum_entities", in: 2...64) { c.minimumEntities = n }
        if let n = map.int("hub_degree", in: 2...10_000) { c.hubDegree = n }
        if let n = map.int("maximum_fan_out", in: 1...1_000) { c.maximumFanOut = n }
        if let n = map.int("maximum_subjects", in: 2...1_000) { c.maximumSubjects = n }
        if let problem = c.problem {
            context.fail("correlation", problem)
            return nil
        }
        return c
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
