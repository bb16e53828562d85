import Correlation
import Governance
import Ingestion
import VigilCore

extension SidecarConfiguration {
    /// A human-readable summary for `vigil serve --check`: every resolved setting, where each secret comes from,
    /// never a secret's value.
    public func redactedSummary() -> String {
        var lines: [String] = []
        func add(_ s: String) { lines.append(s) }
        func d(_ ms: Int64) -> String { ConfigDuration.format(millis: ms) }
        func origin(_ o: SecretOrigin?) -> String { o.map { "\($0) (redacted)" } ?? "not set" }

        if let sourceFile { add("configuration: \(sourceFile)") }
        add("qradar:")
        add("  url: \(qradar.url)")
        add("  api_version: \(qradar.apiVersion)")
        add("  token: \(origin(qradar.tokenOrigin))")
        add("  tls: \(qradar.tls)")
        add("  timeout: \(qradar.timeoutSeconds)s")
        add("  retry: \(qradar.retry.maxAttempts) attempts, \(d(qradar.retry.baseDelayMillis))…\(d(qradar.retry.maxDelayMillis)) back-off")
        if let s = qradar.syslog {
            add("  syslog: \(s.transport.rawValue)://\(s.host):\(s.port)" + (s.caBundle.map { " (CA bundle \($0))" } ?? ""))
        } else {
            add("  syslog: not configured (no LEEF events)")
        }
        add("sources: \(sources.count)")
        for s in sources {
            let query = s.select.map { "select: \($0)" } ?? s.filter.map { "filter: \($0)" } ?? "all rows"
            add("  - \(s.name) [\(s.database.rawValue), mapping \(s.mapping)] every \(d(s.pollIntervalMillis)), overlap \(d(s.overlapMillis)), max window \(d(s.maxWindowMillis)), delay \(d(s.ingestionDelayMillis)), lookback \(d(s.initialLookbackMillis)); \(query)")
        }
        add("mappings: \(mappings.keys.sorted().joined(separator: ", "))")
        add("offenses: " + (offenses.enabled
            ? "every \(d(offenses.pollIntervalMillis)), overlap \(d(offenses.overlapMillis)), page size \(offenses.pageSize)"
            : "disabled"))
        if let l = syslogListener {
            var ports: [String] = []
            if let p = l.udpPort { ports.append("udp \(p)") }
            if let p = l.tcpPort { ports.append("tcp \(p)") }
            if let p = l.tlsPort { ports.append("tls \(p)") }
            add("syslog_listener: \(l.host) \(ports.joined(separator: ", ")); queue \(l.maxQueuedMessages), max message \(l.maxMessageBytes) bytes, mapping \(l.mapping)")
        } else {
            add("syslog_listener: off")
        }
        add("rollout:")
        add("  mode: \(rollout.mode.rawValue)")
        add("  autonomous_use_cases: " + (rollout.autonomousUseCases.isEmpty ? "none" : rollout.autonomousUseCases.sorted().joined(separator: ", ")))
        add("  min_autonomous_confidence: \(rollout.minimumAutonomousConfidence)")
        add("  reference sets: \(rollout.suspiciousUsersSet), \(rollout.suspiciousIPsSet) (ttl \(d(rollout.referenceSetTimeToLive)))")
        add("actions:")
        add("  blocklist_reference_set: \(rollout.actions.blocklistReferenceSet)")
        add("  disable_account_webhook: \(rollout.actions.disableAccountWebhook ?? "not configured (disable-account actions are not offered)")"
            + (disableAccountWebhookToken != nil ? ", token (redacted)" : ""))
        add("  approval_ttl: \(d(rollout.actions.approvalTimeToLive))")
        add("leef: \(leef.vendor)|\(leef.product)|\(leef.version)")
        add("privacy:")
        let names = Loader.pseudonymizedFieldNames.filter { privacy.policy.fields.contains($0.value) }.keys.sorted()
        add("  pseudonymize: " + (names.isEmpty ? "nothing" : names.joined(separator: ", ")))
        for k in privacy.pseudonymKeys {
            add("  pseudonym key v\(k.version)\(k.version == privacy.currentPseudonymKeyVersion ? " (current)" : ""): \(k.origin) (redacted)")
        }
        if privacy.vaultKeys.isEmpty { add("  vault key: not set") }
        for k in privacy.vaultKeys {
            add("  vault key v\(k.version)\(k.version == privacy.currentVaultKeyVersion ? " (current)" : ""): \(k.origin) (redacted)")
        }
        add("storage: \(storage.displayURL)" + (storage.passwordOrigin.map { "; password \($0) (redacted)" } ?? ""))
        add("api: \(api.tlsCertificate == nil ? "http" : "https")://\(api.host):\(api.port); admin token: \(origin(api.bootstrapAdminTokenOrigin)); metrics require auth: \(api.metricsRequireAuth)")
        add("audit: anchors every \(d(audit.anchorIntervalMillis)); seal key: \(origin(audit.sealKeyOrigin))")
        add("analytics: warmup \(d(analytics.warmupMillis)), time zone \(analytics.defaultTimeZone), batch size \(analytics.batchSize), directory \(analytics.directoryFile ?? "none"), Sigma rules \(analytics.sigmaRules.isEmpty ? "none" : analytics.sigmaRules.joined(separator: ", ") + " (level ≥ \(analytics.sigmaMinimumLevel))")")
        let k = correlation
        add("correlation: window \(k.windowDays)d, age half-life \(Int(k.ageHalfLifeDays))d, raise at score \(k.raiseScore) with \(k.minimumTactics) tactics in order or \(k.minimumEntities) linked users and hosts, hubs above \(k.hubDegree) subjects, at most \(k.maximumSubjects) subjects")
        if !warnings.isEmpty {
            add("warnings:")
            for w in warnings { add("  ! \(w)") }
        }
        return lines.joined(separator: "\n")
    }
}
