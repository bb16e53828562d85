import Analytics
import SidecarConfig
import VigilCore

/// What `vigil eval` runs: a simulated scenario over several seeds, replayed through Vigil and through a baseline
/// of QRadar-style rules on the same events.
public struct EvaluationConfig: Sendable {
    /// Scenario name from the simulator's registry (`"campaign"`, `"credential-compromise"`, …), or `"all"` for
    /// every attack scenario.
    public var scenario: String
    /// Seeds to report on. Parameters were tuned on seeds 1000 and up; report on others (1–5 by default).
    public var seeds: [UInt64]
    public var users: Int
    public var days: Int
    /// Simulator knobs (defaults are the simulator's).
    public var stealth: Double
    public var intensity: Double
    /// Days of history both systems learn from before alerts count (Vigil's learning period; the rules' reference
    /// sets are populated over the same days).
    public var warmupDays: Int
    /// Analyst budgets (alerts per day per 1,000 users) at which precision is reported.
    public var budgets: [Double]
    /// Also replay with a simulated analyst who labels each alert a few hours after it is raised (from the ground
    /// truth), so that benign patterns are suppressed and calibration adapts.
    public var simulateFeedback: Bool
    /// Hours between an alert and the simulated analyst's verdict.
    public var feedbackDelayHours: Double
    /// Give Vigil the directory file a deployment is configured with (departments, roles, time zones, sites and
    /// dated HR facts; docs/DIRECTORY.md), as the simulated HR system exports it. Without it Vigil learns peers from
    /// behaviour alone, as a SOC without an HR feed would run it.
    public var useDirectory: Bool
    /// The sidecar configuration whose triage core is evaluated (`vigil eval --config`); nil: the built-in
    /// evaluation configuration (``defaultSidecarYAML``), which is the shipped defaults in shadow mode.
    public var sidecar: SidecarConfiguration?
    /// Feed the network detectors (beaconing, lateral movement, log-source health) into the composite risk.
    public var includeDetectors: Bool
    /// Sigma rule files and folders to run (`vigil eval --sigma-rules`), added to the sidecar configuration's.
    public var sigmaRules: [String] = []
    /// Lowest Sigma rule level loaded, when ``sigmaRules`` is set.
    public var sigmaMinimumLevel: String?

    public init(scenario: String = "campaign", seeds: [UInt64] = [1, 2, 3, 4, 5], users: Int = 500, days: Int = 30,
                stealth: Double = 0.5, intensity: Double = 1, warmupDays: Int = 7, budgets: [Double] = [1, 5],
                simulateFeedback: Bool = true, feedbackDelayHours: Double = 4, useDirectory: Bool = true, includeDetectors: Bool = true,
                sidecar: SidecarConfiguration? = nil) {
        self.scenario = scenario
        self.seeds = seeds
        self.users = users
        self.days = days
        self.stealth = stealth
        self.intensity = intensity
        self.warmupDays = warmupDays
        self.budgets = budgets
        self.simulateFeedback = simulateFeedback
        self.feedbackDelayHours = feedbackDelayHours
        self.useDirectory = useDirectory
        self.includeDetectors = includeDetectors
        self.sidecar = sidecar
    }

    /// Attack scenarios run by `"all"`.
    public static let attackScenarios = [
        "credential-compromise", "insider-theft", "lateral-movement", "c2-beaconing", "privileged-misuse", "log-tampering", "campaign",
    ]

    /// The scenarios this configuration runs.
    public var scenarios: [String] { scenario == "all" ? Self.attackScenarios : [scenario] }
}

/// Why an evaluation could not run.
public enum EvaluationError: Error, Sendable, CustomStringConvertible {
    case simulation(String)
    case invalid(String)
    case io(String)

    public var description: String {
        switch self {
        case let .simulation(s): "simulation failed: \(s)"
        case let .invalid(s): "invalid evaluation configuration: \(s)"
        case let .io(s): "I/O error: \(s)"
        }
    }
}

extension EvaluationConfig {
    /// The evaluation's sidecar configuration when none is given: the shipped defaults, in shadow mode, with the
    /// learning period set to the warm-up days. Only the secrets are made up (an evaluation talks to no QRadar).
    public static let defaultSidecarYAML = """
        qradar:
          url: https://qradar.invalid
          token_env: VIGIL_EVAL_QRADAR_TOKEN
        rollout:
          mode: shadow
        privacy:
          pseudonymize: [user, source_host, destination_host, device, source_ip, destination_ip]
          keys:
            - version: 1
              secret_env: VIGIL_EVAL_PSEUDONYM_KEY
        storage:
          url: "sqlite::memory:"
        """

    /// The sidecar configuration the seed runs with: the given one, or the default with a per-seed pseudonymisation
    /// key; its warm-up is the evaluation's.
    func sidecarConfiguration(seed: UInt64) throws(EvaluationError) -> SidecarConfiguration {
        var c: SidecarConfiguration
        if let sidecar {
            c = sidecar
        } else {
            let environment = ["VIGIL_EVAL_QRADAR_TOKEN": "evaluation-has-no-qradar",
                               "VIGIL_EVAL_PSEUDONYM_KEY": "vigil-evaluation-pseudonym-key-for-seed-\(seed)-0123456789abcdef"]
            do {
                c = try SidecarConfigLoader.parse(yaml: Self.defaultSidecarYAML, baseDirectory: "/", environment: environment)
            } catch {
                throw .invalid("the built-in evaluation configuration: \(error)")
            }
        }
        c.analytics.warmupMillis = Int64(warmupDays) * EpochMillis.day
        c.analytics.sigmaRules += sigmaRules
        if let level = sigmaMinimumLevel { c.analytics.sigmaMinimumLevel = level }
        // The ablation without detectors measures the behavioural analytics alone.
        if !includeDetectors { c.analytics.sigmaRules = [] }
        return c
    }
}
