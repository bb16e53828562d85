import Analytics
import Governance
import SidecarConfig
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
        self.init(gate: gate, analytics: Self.analyticsConfiguration(c), directory: directory,
                  defaultTimeZone: TimeZoneResolver.rule(named: c.analytics.defaultTimeZone) ?? .utc, policy: c.rollout,
                  detectors: detectors, correlation: c.correlation)
    }

    /// The analytics' settings from the configuration (the learning period is the warm-up).
    public static func analyticsConfiguration(_ c: SidecarConfiguration) -> AnalyticsConfiguration {
        var a = AnalyticsConfiguration()
        a.learningDays = max(1, Int(c.analytics.warmupMillis / EpochMillis.day))
        return a
    }
}
