import Synchronization

/// Whether a module plays an adversary or a benign look-alike.
public enum ScenarioModuleKind: String, Sendable, Hashable {
    case attack
    case lookalike
}

/// A building block of a scenario: one attack or one benign look-alike. A module plans its behaviour up front by
/// adding labels, scripted events, behaviour overrides and silences to the context.
///
/// Modules must be deterministic: draw randomness only from `context.random` (a stream derived from the run's
/// seed and the module's ``name``), and never iterate a `Dictionary` or `Set` when the order matters.
public protocol ScenarioModule: Sendable {
    /// Stable name; seeds the module's random stream, so renaming a module changes its output.
    var name: String { get }
    var kind: ScenarioModuleKind { get }
    /// Plans the module's part of the run.
    func plan(_ context: inout ScenarioContext) throws
}

/// A named mix of modules with default size.
public struct Scenario: Sendable {
    public var name: String
    public var summary: String
    public var modules: [any ScenarioModule]
    public var defaultUsers: Int
    public var defaultDays: Int

    public init(name: String, summary: String, modules: [any ScenarioModule], defaultUsers: Int = 500, defaultDays: Int = 30) {
        self.name = name
        self.summary = summary
        self.modules = modules
        self.defaultUsers = defaultUsers
        self.defaultDays = defaultDays
    }
}

/// The scenarios `vigil simulate --scenario NAME` knows. The built-in ones are registered at first use; add
/// your own with ``register(_:)`` before resolving a configuration.
public enum ScenarioRegistry {
    private static let table = Mutex<[String: Scenario]>(builtIn())

    /// Adds or replaces a scenario.
    public static func register(_ scenario: Scenario) {
        table.withLock { $0[scenario.name] = scenario }
    }

    /// The scenario with a name.
    public static func scenario(named name: String) -> Scenario? {
        table.withLock { $0[name] }
    }

    /// Registered names, sorted.
    public static var names: [String] {
        table.withLock { $0.keys.sorted() }
    }

    /// The benign look-alikes every built-in scenario includes.
    public static var standardLookalikes: [any ScenarioModule] {
        [
            BusinessTravelLookalike(), RoleChangeLookalike(), NewProjectLookalike(), NewHireLookalike(),
            MaintenanceWindowLookalike(), PenetrationTestLookalike(), NightlyBackupLookalike(), BulkExportLookalike(),
            OnCallNightWorkLookalike(), DaylightSavingLookalike(), VPNEgressChangeLookalike(), PasswordResetBurstLookalike(),
        ]
    }

    private static func builtIn() -> [String: Scenario] {
        let lookalikes = standardLookalikes
        let scenarios: [Scenario] = [
            Scenario(name: "baseline", summary: "A quiet month: everyday behaviour and the benign look-alikes, no attacks.", modules: lookalikes),
            Scenario(name: "credential-compromise", summary: "A stolen password used over VPN from far away, then sensitive data.",
                     modules: [CredentialCompromiseAttack()] + lookalikes),
            Scenario(name: "insider-theft", summary: "A leaver stages other teams' data and exfiltrates it low and slow over weeks.",
                     modules: [InsiderTheftAttack()] + lookalikes),
            Scenario(name: "lateral-movement", summary: "Pass-the-hash and remote services fanning out from one workstation across servers.",
                     modules: [LateralMovementAttack()] + lookalikes),
            Scenario(name: "c2-beaconing", summary: "An implant calling home on a jittered schedule to a rare external host.",
                     modules: [C2BeaconingAttack()] + lookalikes),
            Scenario(name: "privileged-misuse", summary: "An admin account running rare commands, shared across hosts, with masquerading binaries.",
                     modules: [PrivilegedMisuseAttack()] + lookalikes),
            Scenario(name: "log-tampering", summary: "A critical log source is cleared and goes silent; another starts sending garbage.",
                     modules: [LogTamperingAttack()] + lookalikes),
            Scenario(name: "campaign", summary: "A multi-stage intrusion over weeks across users and hosts, each step quiet, among the look-alikes.",
                     modules: [MultiStageCampaignAttack()] + lookalikes),
            Scenario(name: "large", summary: "The campaign scenario at scale: 10,000 people for 30 days.",
                     modules: [MultiStageCampaignAttack()] + lookalikes, defaultUsers: 10_000, defaultDays: 30),
        ]
        var table: [String: Scenario] = [:]
        for s in scenarios { table[s.name] = s }
        return table
    }
}
