import Correlation
import Governance
import Ingestion
import Testing
import VigilCore
@testable import SidecarConfig

@Suite struct DefaultsTests {
    @Test func aMinimalConfigurationTakesTheDocumentedDefaults() throws {
        let c = try Fixture.parse(Fixture.minimalYAML)
        #expect(c.qradar.apiVersion == "20.0")
        #expect(c.qradar.tls == .systemTrustRoots)
        #expect(c.qradar.timeoutSeconds == 60)
        #expect(c.qradar.retry == RetrySettings(maxAttempts: 5, baseDelayMillis: 250, maxDelayMillis: 15_000))
        #expect(c.qradar.syslog == nil)
        #expect(c.qradar.tokenOrigin == .environment("VIGIL_QRADAR_TOKEN"))

        #expect(c.mappings.keys.sorted() == ["default"])
        #expect(c.offenses.enabled)
        #expect(c.offenses.pollIntervalMillis == 60_000)
        #expect(c.offenses.overlapMillis == 5 * EpochMillis.minute)
        #expect(c.offenses.pageSize == 50)
        #expect(c.offenses.closingReasons == .qradarDefault)
        #expect(c.syslogListener == nil)

        #expect(c.rollout == RolloutPolicy(mode: .shadow))
        #expect(c.disableAccountWebhookToken == nil)
        #expect(c.leef == LEEFSettings(vendor: "Vigil", product: "Sidecar", version: "1.0"))
        #expect(c.privacy.policy == .default)
        #expect(c.privacy.pseudonymKeys.map(\.version) == [1])
        #expect(c.privacy.currentPseudonymKeyVersion == 1)
        #expect(c.privacy.vaultKeys.isEmpty)
        #expect(try c.privacy.makeMappingCipher() == nil)
        #expect(c.storage.url.reveal() == "sqlite:/srv/vigil/vigil.db", "relative to the configuration's directory")
        #expect(c.api.host == "127.0.0.1")
        #expect(c.api.port == 9440)
        #expect(c.api.bootstrapAdminToken == nil)
        #expect(c.api.metricsRequireAuth)
        #expect(c.api.tlsCertificate == nil)
        #expect(c.audit.sealKey == nil)
        #expect(c.audit.anchorIntervalMillis == EpochMillis.hour)
        #expect(try c.audit.makeSealer() == nil)
        #expect(c.analytics == AnalyticsSettings(warmupMillis: 7 * EpochMillis.day, defaultTimeZone: "UTC", batchSize: 5000))
        #expect(c.warnings.count == 1)
        #expect(c.warnings.first?.contains("no vault key") == true)
    }

    @Test func sigmaRulePathsMustExistAndLevelsAreChecked() throws {
        let dir = TempDirectory()
        dir.write("sigma/windows/a.yml", "title: a")
        let c = try Fixture.parse(Fixture.minimalYAML + "\nanalytics:\n  sigma_rules: [sigma]\n  sigma_minimum_level: medium\n", base: dir.path)
        #expect(c.analytics.sigmaRules == [dir.path + "/sigma"])
        #expect(c.analytics.sigmaMinimumLevel == "medium")
        #expect(c.redactedSummary().contains("Sigma rules \(dir.path)/sigma (level ≥ medium)"))
        #expect(try Fixture.parse(Fixture.minimalYAML).analytics.sigmaRules.isEmpty)
        let missing = try #require(Fixture.error(Fixture.minimalYAML + "\nanalytics:\n  sigma_rules: nowhere\n", base: dir.path))
        #expect(missing.issue(for: "analytics.sigma_rules") != nil)
        let level = try #require(Fixture.error(Fixture.minimalYAML + "\nanalytics:\n  sigma_minimum_level: severe\n", base: dir.path))
        #expect(level.issue(for: "analytics.sigma_minimum_level") != nil)
        var env = Fixture.secretsEnvironment
        env["VIGIL_SIGMA_RULES"] = dir.path + "/sigma/windows/a.yml," + dir.path + "/sigma"
        let fromEnv = try Fixture.parse(Fixture.minimalYAML, base: dir.path, environment: env)
        #expect(fromEnv.analytics.sigmaRules == [dir.path + "/sigma/windows/a.yml", dir.path + "/sigma"])
    }

    @Test func theCorrelationSectionSetsTheCampaignWindowAndIsValidated() throws {
        #expect(try Fixture.parse(Fixture.minimalYAML).correlation == CorrelationConfiguration())
        let c = try Fixture.parse(Fixture.minimalYAML + """

            correlation:
              window: 14d
              age_half_life: 10d
              raise_score: 3
              minimum_tactics: 4
              maximum_subjects: 12
            """)
        #expect(c.correlation.windowDays == 14)
        #expect(c.correlation.ageHalfLifeDays == 10)
        #expect(c.correlation.raiseScore == 3)
        #expect(c.correlation.minimumTactics == 4)
        #expect(c.correlation.maximumSubjects == 12)
        #expect(c.redactedSummary().contains("correlation: window 14d"))
        let tooLong = try #require(Fixture.error(Fixture.minimalYAML + "\ncorrelation:\n  window: 120d\n"))
        #expect(tooLong.issue(for: "correlation") != nil)
        let partDay = try #require(Fixture.error(Fixture.minimalYAML + "\ncorrelation:\n  window: 36h\n"))
        #expect(partDay.issue(for: "correlation.window") != nil)
        let typo = try #require(Fixture.error(Fixture.minimalYAML + "\ncorrelation:\n  window_days: 30\n"))
        #expect(typo.issue(for: "correlation.window_days") != nil)
    }

    @Test func withoutSourcesTheDefaultSetIsUsedAndValidates() throws {
        let c = try Fixture.parse(Fixture.minimalYAML)
        #expect(c.sources.map(\.name) == ["authentication", "vpn", "file-access", "flows"])
        #expect(c.sources.filter { $0.database == .flows }.count == 1)
        #expect(c.sources.allSatisfy { $0.mapping == "default" })
        let planners = try c.pollPlanners()
        #expect(planners.count == 4)
        // Each query selects starttime so overlapping polls de-duplicate; none aggregates.
        #expect(planners.allSatisfy { !$0.isAggregate })
    }

    @Test func theDefaultAuthenticationSourceExcludesRemoteAccessWhichTheVPNSourceReads() throws {
        let auth = try #require(DefaultSources.authentication.filter)
        let vpn = try #require(DefaultSources.vpn.filter)
        #expect(auth.contains("NOT"))
        #expect(auth.contains("'%remote access%'"))
        #expect(vpn.contains("'%remote access%'"))
        let mapping = try FieldMapping.defaultMapping()
        let plan = try #require(try PollPlanner(source: DefaultSources.vpn, mapping: mapping).plan(checkpoint: nil, now: 10 * EpochMillis.day))
        #expect(plan.query.contains("FROM events"))
        #expect(plan.query.contains("START"))
    }

    @Test func anEmptyFileReportsTheMissingEssentials() throws {
        let error = try #require(Fixture.error("", environment: [:]))
        #expect(error.issue(for: "qradar") != nil)
        #expect(error.issue(for: "qradar.token_file") != nil)
        #expect(error.issue(for: "privacy.keys") != nil)
    }

    @Test func theEnvironmentAloneCanSupplyEverythingRequired() throws {
        var env = Fixture.secretsEnvironment
        env["VIGIL_QRADAR_URL"] = "https://qradar.internal"
        let c = try Fixture.parse("", environment: env)
        #expect(c.qradar.url == "https://qradar.internal")
    }
}
