import Analytics
import Governance
import SidecarConfig
import Sigma
import VigilCore

extension TriageCore {
    /// The core as `vigil serve` runs it, from its configuration: the privacy policy and key ring, the rollout
    /// policy, the learning period, the default time zone and the directory file (``DirectoryFile``). `vigil eval`
    /// builds its core through this same initialiser, so what it measures is what ships.
    /// - Parameter directory: overrides `analytics.directory_file` (an evaluation hands in the simulator's export;
    ///   `.some(nil)` runs without a directory).
    public init(configuration c: SidecarConfiguration, directory override: DirectoryFile?? = nil,
                detectors: [any Detector] = DetectionEngine.defaultDetectors()) throws {
        let directory: DirectoryFile?
        if let override {
            directory = override
        } else if let path = c.analytics.directoryFile {
            directory = try DirectoryFile.load(path: path)
        } else {
            directory = nil
        }
        let pseudonymizer = Pseudonymizer(keyRing: try c.privacy.makeKeyRing())
        let gate = TriageCore.gate(pseudonymizer: pseudonymizer, policy: c.privacy.policy, directory: directory)
        var all = detectors
        if let sigma = try Self.sigmaDetector(c) { all.append(sigma) }
        self.init(gate: gate, analytics: Self.analyticsConfiguration(c), directory: directory,
                  defaultTimeZone: TimeZoneResolver.rule(named: c.analytics.defaultTimeZone) ?? .utc, policy: c.rollout,
                  detectors: all, correlation: c.correlation)
    }

    /// The Sigma detector over `analytics.sigma_rules`, nil when none are configured. Malformed rules are not
    /// fatal: they are in the rule set's `rejected` list, which the sidecar logs at start (``sigmaRules``).
    public static func sigmaDetector(_ c: SidecarConfiguration) throws -> SigmaDetector? {
        guard !c.analytics.sigmaRules.isEmpty else { return nil }
        var options = SigmaRuleSet.Options()
        options.minimumLevel = SigmaLevel(rawValue: c.analytics.sigmaMinimumLevel) ?? .low
        return SigmaDetector(ruleSet: try SigmaRuleSet.load(paths: c.analytics.sigmaRules, options: options))
    }

    /// The Sigma rules the core runs, if any.
    public var sigmaRules: SigmaRuleSet? {
        engine.detectors.lazy.compactMap { ($0 as? SigmaDetector)?.ruleSet }.first
    }

    /// The analytics' settings from the configuration (the learning period is the warm-up).
    public static func analyticsConfiguration(_ c: SidecarConfiguration) -> AnalyticsConfiguration {
        var a = AnalyticsConfiguration()
        a.learningDays = max(1, Int(c.analytics.warmupMillis / EpochMillis.day))
        return a
    }
}
