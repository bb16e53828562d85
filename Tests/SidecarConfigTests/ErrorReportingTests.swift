import Testing
@testable import SidecarConfig

@Suite struct ErrorReportingTests {
    @Test func severalProblemsInOneFileAreAllReportedEachNamingItsKey() throws {
        let yaml = """
        qradar:
          url: http://qradar.example.com
          api_version: twenty
          retry:
            max_attempts: 0
        sources:
          - name: a
            database: evnts
          - name: b
            filter: CATEGORYNAME(category) ILIKE '%login%'
          - name: c
            filter: "starttime >>> 5"
          - name: b
            filter: qid = 5
        rollout:
          mode: asist
          min_autonomous_confidence: 1.5
        analytics:
          default_time_zone: Mars/Olympus
          batch_size: lots
        """
        let error = try #require(Fixture.error(yaml))
        let keys = Set(error.issues.map(\.key))
        #expect(keys == ["qradar.url", "qradar.api_version", "qradar.retry.max_attempts", "sources[0].database", "sources[2].filter",
                         "sources[3].name", "rollout.mode", "rollout.min_autonomous_confidence", "analytics.default_time_zone",
                         "analytics.batch_size"], "\(error)")
        #expect(error.issue(for: "rollout.mode")?.message == "expected one of shadow, assist, autonomous; got 'asist' (did you mean 'assist'?)")
        #expect(error.issue(for: "qradar.url")?.message.contains("https") == true)
        #expect(error.issue(for: "sources[0].database")?.message == "expected events or flows; got 'evnts'")
        #expect(error.issue(for: "sources[3].name")?.message.contains("duplicate source name 'b' (also sources[1])") == true)
        #expect(error.issue(for: "qradar.retry.max_attempts")?.message.contains("between 1 and 100") == true)
        // One line per issue, `key: message`.
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == error.issues.count)
        #expect(lines.contains { $0.hasPrefix("rollout.mode: expected one of") })
    }

    @Test func issuesCarryTheirLineNumber() throws {
        let yaml = """
        qradar:
          url: https://q.example.com
        rollout:
          mode: sometimes
        """
        let error = try #require(Fixture.error(yaml))
        let issue = try #require(error.issue(for: "rollout.mode"))
        #expect(issue.line == 4)
        #expect(issue.description.hasSuffix("(line 4)"))
    }

    @Test func unknownKeysAreErrorsWithASuggestion() throws {
        let yaml = """
        qradar:
          url: https://q.example.com
          timout: 5s
        rollout:
          mdoe: assist
        privacy:
          pseudonymise: [user]
        storge:
          url: sqlite:x.db
        frobnicate: true
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "rollout.mdoe")?.message == "unknown key (did you mean 'mode'?)")
        #expect(error.issue(for: "qradar.timout")?.message == "unknown key (did you mean 'timeout'?)")
        #expect(error.issue(for: "privacy.pseudonymise")?.message == "unknown key (did you mean 'pseudonymize'?)")
        #expect(error.issue(for: "storge")?.message == "unknown key (did you mean 'storage'?)")
        let far = try #require(error.issue(for: "frobnicate"))
        #expect(far.message.hasPrefix("unknown key (allowed here: qradar, sources"))
        // Keys inside list items are checked too.
        let sourceError = try #require(Fixture.error(Fixture.minimalYAML + "\nsources:\n  - name: x\n    filtr: qid = 1\n"))
        #expect(sourceError.issue(for: "sources[0].filtr")?.message == "unknown key (did you mean 'filter'?)")
        let camel = try #require(Fixture.error(Fixture.minimalYAML + "\nsources:\n  - name: x\n    pollIntervalMillis: 60000\n"))
        #expect(camel.issue(for: "sources[0].pollIntervalMillis")?.message == "unknown key: write poll_interval with a duration (1m)")
    }

    @Test func yamlSyntaxErrorsReportLineAndColumn() throws {
        let yaml = """
        qradar:
          url: https://q.example.com
          retry: [1, 2
        rollout:
          mode: shadow
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.key == "yaml")
        #expect(issue.message.contains("line "))
        #expect(issue.message.contains("column "))
        #expect(issue.line != nil)
    }

    @Test func wrongTypesNameTheKey() throws {
        let yaml = """
        qradar: https://q.example.com
        sources: authentication
        api:
          port: [1]
          metrics_require_auth: maybe
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "qradar")?.message.contains("expected a mapping") == true)
        #expect(error.issue(for: "sources")?.message == "expected a list, got a single value")
        #expect(error.issue(for: "api.port")?.message == "expected a whole number, got a list")
        #expect(error.issue(for: "api.metrics_require_auth")?.message == "expected true or false, got 'maybe'")
    }

    @Test func tokenProblems() throws {
        // No token anywhere.
        let none = try #require(Fixture.error(Fixture.minimalYAML, environment: ["VIGIL_PSEUDONYM_KEY": Fixture.pseudonymKey]))
        #expect(none.issue(for: "qradar.token_file")?.message.hasPrefix("required") == true)
        // The token literally in the file is refused, and the message does not repeat it.
        let literal = try #require(Fixture.error(Fixture.minimalYAML + "\n  token: hunter2-literal-token\n"))
        let issue = try #require(literal.issue(for: "qradar.token"))
        #expect(issue.message.contains("token_file"))
        #expect(!literal.description.contains("hunter2"))
        // A missing file and an unset variable.
        var env = ["VIGIL_PSEUDONYM_KEY": Fixture.pseudonymKey]
        let missing = try #require(Fixture.error(Fixture.minimalYAML + "\n  token_file: nope/token\n", environment: env))
        #expect(missing.issue(for: "qradar.token_file")?.message == "file not found: /srv/vigil/nope/token")
        let unset = try #require(Fixture.error(Fixture.minimalYAML + "\n  token_env: NOT_SET_ANYWHERE\n", environment: env))
        #expect(unset.issue(for: "qradar.token_env")?.message == "the environment variable NOT_SET_ANYWHERE is not set")
        env["BOTH"] = "x"
        let both = try #require(Fixture.error(Fixture.minimalYAML + "\n  token_file: a\n  token_env: BOTH\n", environment: env))
        #expect(both.issue(for: "qradar.token_file")?.message == "set only one of token_file and token_env")
        // A token that cannot be a header value; the message must not quote it.
        env["VIGIL_QRADAR_TOKEN"] = "bad\u{7}token"
        let bad = try #require(Fixture.error(Fixture.minimalYAML, environment: env))
        #expect(bad.issue(for: "VIGIL_QRADAR_TOKEN") != nil)
        #expect(!bad.description.contains("bad\u{7}token"))
    }

    @Test func urlRules() throws {
        func urlIssue(_ url: String) -> ConfigurationIssue? {
            Fixture.error("qradar:\n  url: \(url)\n")?.issue(for: "qradar.url")
        }
        #expect(urlIssue("ftp://q.example.com")?.message == "expected an https:// URL; got scheme 'ftp'")
        #expect(urlIssue("http://10.0.0.5")?.message.contains("plain http is only allowed for 127.0.0.1 or localhost") == true)
        #expect(urlIssue("not a url") != nil)
        #expect(urlIssue("https://q.example.com/console/do") != nil)
        let creds = try #require(urlIssue("https://admin:secretpw@q.example.com"))
        #expect(creds.message.contains("must not contain credentials"))
        #expect(!creds.message.contains("secretpw"))

        let local = try Fixture.parse("qradar:\n  url: http://127.0.0.1:8443/api\n")
        #expect(local.qradar.url == "http://127.0.0.1:8443")
        #expect(local.warnings.contains { $0.contains("plain http") })
    }

    @Test func insecureTLSIsAllowedWithAWarningButNotTogetherWithABundle() throws {
        let c = try Fixture.parse(Fixture.minimalYAML + "\n  insecure_skip_verify: true\n")
        #expect(c.qradar.tls == .insecure)
        #expect(c.warnings.contains { $0.contains("insecure_skip_verify") })
        let dir = TempDirectory()
        dir.write("ca.pem", "pem")
        let error = try #require(Fixture.error(Fixture.minimalYAML + "\n  insecure_skip_verify: true\n  ca_bundle: ca.pem\n", base: dir.path))
        #expect(error.issue(for: "qradar.insecure_skip_verify") != nil)
        let missing = try #require(Fixture.error(Fixture.minimalYAML + "\n  ca_bundle: nowhere.pem\n"))
        #expect(missing.issue(for: "qradar.ca_bundle")?.message == "file not found: /srv/vigil/nowhere.pem")
    }

    @Test func rolloutAndActionsRules() throws {
        // Autonomous use cases need a syslog target for their LEEF events.
        var env = Fixture.secretsEnvironment
        env["VIGIL_VAULT_KEY"] = Fixture.vaultKeyHex
        let auto = try #require(Fixture.error(Fixture.minimalYAML + "\nrollout:\n  mode: autonomous\n  autonomous_use_cases: [beaconing]\n", environment: env))
        #expect(auto.issue(for: "qradar.syslog") != nil)
        // Assist needs the vault.
        let assist = try #require(Fixture.error(Fixture.minimalYAML + "\nrollout:\n  mode: assist\n"))
        #expect(assist.issue(for: "privacy.vault_key_file")?.message.hasPrefix("required in assist mode") == true)
        // Webhook URL rules and closing reason labels.
        let yaml = Fixture.minimalYAML + "\n" + """
        actions:
          disable_account_webhook: http://soar.example.com/hook
          approval_ttl: 0s
        offenses:
          closing_reasons:
            "Done": maybe-positive
        rollout:
          reference_set_ttl: 10s
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "actions.disable_account_webhook") != nil)
        #expect(error.issue(for: "actions.approval_ttl")?.message == "must be longer than zero; got '0s'")
        #expect(error.issue(for: "offenses.closing_reasons.Done")?.message.hasPrefix("unknown label 'maybe-positive'") == true)
        #expect(error.issue(for: "rollout.reference_set_ttl") != nil)
        let local = try Fixture.parse(Fixture.minimalYAML + "\nactions:\n  disable_account_webhook: http://localhost:9000/hook\n")
        #expect(local.rollout.actions.disableAccountWebhook == "http://localhost:9000/hook")
    }

    @Test func keyProblems() throws {
        let dir = TempDirectory()
        dir.write("short.key", "too-short")
        dir.write("long.key", String(repeating: "k", count: 32))
        let yaml = Fixture.minimalYAML + "\n" + """
        privacy:
          pseudonymize: [user, mac_address]
          keys:
            - version: 1
              secret_file: short.key
            - version: 2
            - version: 4
              secret_file: long.key
          current_key_version: 3
        audit:
          seal_key_file: short.key
        api:
          admin_token_file: short.key
        """
        let error = try #require(Fixture.error(yaml, base: dir.path, environment: ["VIGIL_QRADAR_TOKEN": Fixture.token, "VIGIL_VAULT_KEY": "abc"]))
        #expect(error.issue(for: "privacy.pseudonymize[1]")?.message.hasPrefix("unknown field 'mac_address'") == true)
        #expect(error.issue(for: "privacy.keys[0].secret_file")?.message == "a pseudonymisation key must be at least 32 bytes; got 9")
        #expect(error.issue(for: "privacy.keys[1].secret_file")?.message == "required: secret_file or secret_env")
        #expect(error.issue(for: "privacy.current_key_version") != nil)
        #expect(error.issue(for: "VIGIL_VAULT_KEY")?.message.contains("32 bytes") == true)
        #expect(error.issue(for: "audit.seal_key_file")?.message == "the audit sealing key must be at least 32 bytes; got 9")
        #expect(error.issue(for: "api.admin_token_file") != nil)
        #expect(!error.description.contains("too-short"))
    }

    @Test func listenerRules() throws {
        let yaml = Fixture.minimalYAML + "\n" + """
        syslog_listener:
          host: 0.0.0.0
          tls_port: 6514
          mapping: nosuch
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "syslog_listener.certificate")?.message.hasPrefix("required with tls_port") == true)
        #expect(error.issue(for: "syslog_listener.key") != nil)
        #expect(error.issue(for: "syslog_listener.mapping")?.message.hasPrefix("unknown mapping 'nosuch'") == true)
        let noPorts = try #require(Fixture.error(Fixture.minimalYAML + "\nsyslog_listener:\n  host: 0.0.0.0\n"))
        #expect(noPorts.issue(for: "syslog_listener") != nil)
        let off = try Fixture.parse(Fixture.minimalYAML + "\nsyslog_listener:\n  enabled: false\n  udp_port: 5514\n")
        #expect(off.syslogListener == nil)
        let on = try Fixture.parse(Fixture.minimalYAML + "\nsyslog_listener:\n  udp_port: 0\n")
        #expect(on.syslogListener?.udpPort == 0)
        #expect(on.syslogListener?.maxQueuedMessages == 10_000)
        #expect(on.syslogListener?.maxMessageBytes == 65_536)
        #expect(on.syslogListener?.host == "0.0.0.0")
    }
}

@Suite struct YAMLFeatureTests {
    @Test func anchorsUnderXKeysAreAllowedAndAliasesResolve() throws {
        let yaml = """
        x-timing: &timing
          poll_interval: 2m
          overlap: 10m
        qradar:
          url: https://q.example.com
        sources:
          - name: one
            <<: *timing
          - name: two
            database: flows
            poll_interval: 3m
        """
        // `<<` merge keys are not part of YAML 1.2; Vigil treats `<<` as an unknown key rather than guessing.
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "sources[0].<<") != nil)
        #expect(error.issue(for: "x-timing") == nil)

        let plain = """
        x-interval: &interval 2m
        qradar:
          url: https://q.example.com
        sources:
          - name: one
            poll_interval: *interval
        """
        let c = try Fixture.parse(plain)
        #expect(c.sources.first?.pollIntervalMillis == 120_000)
    }

    @Test func duplicateKeysAreSyntaxErrors() throws {
        let error = try #require(Fixture.error("qradar:\n  url: https://a.example.com\n  url: https://b.example.com\n"))
        #expect(error.issues.map(\.key) == ["yaml"])
        #expect(error.issues.first?.message.contains("duplicate key url") == true)
    }
}
