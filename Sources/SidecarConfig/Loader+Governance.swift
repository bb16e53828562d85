import Governance
import VigilCore

extension Loader {
    func loadOffenses(_ map: YAMLMap) -> OffenseSettings {
        map.checkKeys(["enabled", "poll_interval", "overlap", "page_size", "closing_reasons"])
        var s = OffenseSettings()
        if let b = map.bool("enabled") { s.enabled = b }
        if let d = map.duration("poll_interval", positive: true) { s.pollIntervalMillis = d }
        if let d = map.duration("overlap") { s.overlapMillis = d }
        if let n = map.int("page_size", in: 1...1_000) { s.pageSize = n }
        let reasons = map.section("closing_reasons")
        for (text, keyNode) in reasons.keys {
            let key = reasons.key(text)
            guard let labelText = reasons.string(text) else {
                if !reasons.has(text) { context.fail(key, "expected a label", at: keyNode) }
                continue
            }
            guard let label = FeedbackLabel(name: labelText.trimmingSpacesAndTabs().lowercased()) else {
                let triggers = BenignTrigger.allCases.map { "benign:\($0.rawValue)" }.joined(separator: ", ")
                context.fail(key, "unknown label '\(labelText)' (expected false-positive, true-positive, policy-violation, benign or one of \(triggers))",
                             at: reasons.value(text))
                continue
            }
            s.closingReasons = s.closingReasons.adding(text, as: label)
        }
        return s
    }

    /// The rollout policy with its response-action settings, and the SOAR webhook's secret.
    func loadRollout(_ map: YAMLMap, actions: YAMLMap, qradar: QRadarSettings?) -> (RolloutPolicy?, Secret?) {
        map.checkKeys(["mode", "autonomous_use_cases", "min_autonomous_confidence", "suspicious_users_set", "suspicious_ips_set",
                       "reference_set_ttl"])
        var policy = RolloutPolicy(mode: .shadow)
        var valid = true
        let fileMode = map.string("mode")
        let (modeText, modeKey) = context.env("VIGIL_ROLLOUT_MODE").map { ($0, "rollout.mode (VIGIL_ROLLOUT_MODE)") }
            ?? (fileMode.map { ($0, "rollout.mode") } ?? (nil, ""))
        if let modeText {
            if let mode = RolloutMode(rawValue: modeText.trimmingSpacesAndTabs().lowercased()) {
                policy.mode = mode
            } else {
                let suggestion = Suggestion.nearest(to: modeText, in: RolloutMode.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                context.fail(modeKey, "expected one of shadow, assist, autonomous; got '\(modeText)'\(suggestion)",
                             at: fileMode == nil || modeKey != "rollout.mode" ? nil : map.value("mode"))
                valid = false
            }
        }
        if let cases = map.stringList("autonomous_use_cases") {
            policy.autonomousUseCases = Set(cases.map { $0.trimmingSpacesAndTabs() }.filter { !$0.isEmpty })
        }
        if let c = map.double("min_autonomous_confidence", in: 0...1) { policy.minimumAutonomousConfidence = c }
        if let s = map.nonEmptyString("suspicious_users_set") { policy.suspiciousUsersSet = s }
        if let s = map.nonEmptyString("suspicious_ips_set") { policy.suspiciousIPsSet = s }
        if let d = map.duration("reference_set_ttl", positive: true) {
            if d < EpochMillis.minute {
                context.fail(map.key("reference_set_ttl"), "must be at least one minute (QRadar counts time to live in minutes)",
                             at: map.value("reference_set_ttl"))
            } else {
                policy.referenceSetTimeToLive = d
            }
        }
        if policy.mode == .autonomous {
            if policy.autonomousUseCases.isEmpty {
                context.warn("rollout.mode is autonomous but rollout.autonomous_use_cases is empty: no LEEF events will be sent (behaves like assist)")
            } else if qradar != nil, qradar?.syslog == nil {
                context.fail("qradar.syslog", "required in autonomous mode with autonomous_use_cases: LEEF events go to QRadar's syslog listener (host, port, transport)")
            }
        }

        actions.checkKeys(["blocklist_reference_set", "disable_account_webhook", "webhook_token_file", "webhook_token_env", "approval_ttl"])
        if let s = actions.nonEmptyString("blocklist_reference_set") { policy.actions.blocklistReferenceSet = s }
        if let hook = actions.nonEmptyString("disable_account_webhook") {
            if let url = validateHTTPURL(hook, key: actions.key("disable_account_webhook"), node: actions.value("disable_account_webhook"),
                                         purpose: "actions.disable_account_webhook", allowAPIPath: false) {
                policy.actions.disableAccountWebhook = url
            }
        }
        let webhookToken = readSecret(actions, SecretSpec(fileKey: "webhook_token_file", envKey: "webhook_token_env"))
        if let webhookToken, !Self.isHeaderSafe(webhookToken.secret) {
            context.fail(webhookToken.key, "the webhook token contains characters that cannot be sent in an HTTP header")
        }
        if webhookToken != nil, policy.actions.disableAccountWebhook == nil, !actions.has("disable_account_webhook") {
            context.fail(actions.key("webhook_token_file"), "a webhook token without disable_account_webhook has nothing to authenticate to")
        }
        if let d = actions.duration("approval_ttl", positive: true) { policy.actions.approvalTimeToLive = d }
        return (valid ? policy : nil, webhookToken?.secret)
    }

    static let pseudonymizedFieldNames: [String: PseudonymizedField] = [
        "user": .user, "source_host": .sourceHost, "destination_host": .destinationHost, "device": .device,
        "source_ip": .sourceIP, "destination_ip": .destinationIP,
    ]
    static let pseudonymKindNames: [String: PseudonymKind] = [
        "user": .user, "host": .host, "ip": .ip, "device": .device, "email": .email, "other": .other,
    ]

    func loadPrivacy(_ map: YAMLMap, mode: RolloutMode?) -> PrivacySettings? {
        map.checkKeys(["pseudonymize", "properties", "keys", "current_key_version", "vault_key_file", "vault_key_env", "vault_keys",
                       "current_vault_key_version"])
        var policy = PseudonymizationPolicy.default
        if let names = map.stringList("pseudonymize") {
            var fields = Set<PseudonymizedField>()
            for (i, n) in names.enumerated() {
                let normalized = n.trimmingSpacesAndTabs()
                if let f = Self.pseudonymizedFieldNames[normalized.lowercased()] ?? PseudonymizedField(rawValue: normalized) {
                    fields.insert(f)
                } else {
                    context.fail("\(map.key("pseudonymize"))[\(i)]",
                                 "unknown field '\(n)' (known: \(Self.pseudonymizedFieldNames.keys.sorted().joined(separator: ", ")))",
                                 at: map.value("pseudonymize"))
                }
            }
            policy.fields = fields
            if names.isEmpty {
                context.warn("privacy.pseudonymize is empty: analytics and storage see clear user names, hosts and addresses")
            }
        }
        let properties = map.section("properties")
        for (name, keyNode) in properties.keys {
            guard let kindText = properties.string(name) else {
                if !properties.has(name) { context.fail(properties.key(name), "expected a kind", at: keyNode) }
                continue
            }
            if let kind = Self.pseudonymKindNames[kindText.lowercased()] {
                policy.properties[name] = kind
            } else {
                context.fail(properties.key(name), "unknown kind '\(kindText)' (known: \(Self.pseudonymKindNames.keys.sorted().joined(separator: ", ")))",
                             at: properties.value(name))
            }
        }

        // Pseudonymisation keys.
        var keys: [VersionedSecret] = []
        for (k, key) in readVersionedSecrets(map, listKey: "keys", shorthand: nil, overrideVariable: "VIGIL_PSEUDONYM_KEY") {
            if k.secret.count < 32 {
                context.fail(key, "a pseudonymisation key must be at least 32 bytes; got \(k.secret.count)")
            } else {
                keys.append(k)
            }
        }
        let current = currentVersion(map, key: "current_key_version", keys: keys)
        if keys.isEmpty, !context.issues.contains(where: { $0.key.hasPrefix(map.key("keys")) || $0.key == "VIGIL_PSEUDONYM_KEY" }) {
            context.fail(map.key("keys"), "required: a pseudonymisation key (privacy.keys with secret_file or secret_env, or VIGIL_PSEUDONYM_KEY), at least 32 bytes")
        }

        // Vault keys (32 bytes each, decoded).
        var vault: [VersionedSecret] = []
        for (k, key) in readVersionedSecrets(map, listKey: "vault_keys", shorthand: ("vault_key_file", "vault_key_env"),
                                             overrideVariable: "VIGIL_VAULT_KEY") {
            if let bytes = Self.decode32ByteKey(k.secret) {
                vault.append(VersionedSecret(version: k.version, secret: Secret(bytes: bytes), origin: k.origin))
            } else {
                context.fail(key, "a vault key must be 32 bytes, written as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)")
            }
        }
        let currentVault = currentVersion(map, key: "current_vault_key_version", keys: vault)
        if vault.isEmpty {
            if let mode, mode != .shadow {
                if !context.issues.contains(where: { $0.key.hasPrefix("privacy.vault") || $0.key == "VIGIL_VAULT_KEY" }) {
                    context.fail(map.key("vault_key_file"), "required in \(mode.rawValue) mode: write-backs re-identify pseudonyms through the vault (vault_key_file, vault_key_env or VIGIL_VAULT_KEY)")
                }
            } else {
                context.warn("no vault key (privacy.vault_key_file / VIGIL_VAULT_KEY): pseudonyms cannot be re-identified; required before assist or autonomous mode")
            }
        }
        guard let current, let currentVault else { return nil }
        return PrivacySettings(policy: policy, pseudonymKeys: keys, currentPseudonymKeyVersion: current,
                               vaultKeys: vault, currentVaultKeyVersion: currentVault)
    }

    /// The current version: the configured one (which must exist), else the highest; 1 when there are no keys.
    private func currentVersion(_ map: YAMLMap, key: String, keys: [VersionedSecret]) -> Int? {
        let highest = keys.map(\.version).max() ?? 1
        guard let v = map.int(key, in: 1...1_000_000) else { return map.has(key) ? nil : highest }
        guard keys.isEmpty || keys.contains(where: { $0.version == v }) else {
            context.fail(map.key(key), "no key with version \(v) (configured: \(keys.map { String($0.version) }.joined(separator: ", ")))",
                         at: map.value(key))
            return nil
        }
        return v
    }

    /// `[{version, secret_file | secret_env}]`, plus an optional `*_file`/`*_env` shorthand for version 1, plus
    /// an environment variable that supplies (or replaces) version 1. Sorted by version, each with the key (or
    /// variable) it came from, for errors about its value.
    private func readVersionedSecrets(_ map: YAMLMap, listKey: String, shorthand: (file: String, env: String)?,
                                      overrideVariable: String) -> [(VersionedSecret, String)] {
        var byVersion: [Int: (VersionedSecret, String)] = [:]
        if let items = map.list(listKey) {
            for (i, item) in items.enumerated() {
                let entry = YAMLMap(path: "\(map.key(listKey))[\(i)]", node: item, context: context)
                guard entry.isPresent else {
                    context.fail(entry.path, "expected a mapping with version and secret_file or secret_env", at: item)
                    continue
                }
                entry.checkKeys(["version", "secret_file", "secret_env"], hints: ["secret": "never put a key in the configuration file: use secret_file or secret_env"])
                let version = entry.int("version", in: 1...1_000_000)
                if version == nil, !entry.has("version") { context.fail(entry.key("version"), "required: the key's version (1, 2, …)", at: item) }
                // The environment variable replaces version 1, so its file is not even read.
                if version == 1, context.env(overrideVariable) != nil { continue }
                let found = readSecret(entry, SecretSpec(fileKey: "secret_file", envKey: "secret_env"))
                if found == nil, !entry.has("secret_file"), !entry.has("secret_env") {
                    context.fail(entry.key("secret_file"), "required: secret_file or secret_env", at: item)
                }
                guard let version, let found else { continue }
                if byVersion[version] != nil {
                    context.fail(entry.key("version"), "version \(version) appears twice", at: entry.value("version"))
                    continue
                }
                byVersion[version] = (VersionedSecret(version: version, secret: found.secret, origin: found.origin), found.key)
            }
        }
        if let shorthand, context.env(overrideVariable) == nil {
            if let found = readSecret(map, SecretSpec(fileKey: shorthand.file, envKey: shorthand.env)) {
                if byVersion[1] != nil {
                    context.fail(map.key(shorthand.file), "\(shorthand.file)/\(shorthand.env) is version 1, which \(listKey) also defines; use one or the other")
                } else {
                    byVersion[1] = (VersionedSecret(version: 1, secret: found.secret, origin: found.origin), found.key)
                }
            }
        }
        if let value = context.env(overrideVariable) {
            byVersion[1] = (VersionedSecret(version: 1, secret: Secret(Self.trimTrailingNewlines(value)), origin: .environment(overrideVariable)),
                            overrideVariable)
        }
        return byVersion.keys.sorted().compactMap { byVersion[$0] }
    }
}
