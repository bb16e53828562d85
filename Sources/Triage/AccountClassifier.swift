import VigilCore

/// What kind of account a user name is, decided on the clear name before pseudonymisation (a pseudonym hides the
/// `$` of a machine account and the spelling of `NT AUTHORITY\SYSTEM`).
public enum AccountClass: String, Sendable, Hashable, Codable {
    /// A person's account (the default).
    case person
    /// A service account: the directory says so (`employment: service-account`), or its name follows the service
    /// naming convention (``AccountClassifier/servicePrefixes``).
    case service
    /// A person's privileged account: the directory lists it among the person's `other_accounts`, or its name follows
    /// the administrator naming convention (``AccountClassifier/adminPrefixes``).
    case admin
    /// A computer's domain account (`WS-0012$`): activity of the host, not of a person.
    case machine
    /// A built-in operating-system identity (SYSTEM, LOCAL SERVICE, NETWORK SERVICE, ANONYMOUS LOGON, root, the
    /// per-session DWM-n and UMFD-n accounts): the same name on every host, so never one shared "user".
    case system
}

/// Classifies accounts by their clear names and the directory's service accounts. The privacy gate records the
/// class as the event property ``property`` (only for non-person accounts, to keep events small).
public struct AccountClassifier: Sendable {
    /// The event property holding the class of the event's user.
    public static let property = Event.accountClassProperty
    /// Service accounts from the directory, lower-cased.
    public var serviceAccounts: Set<String>
    /// Administrator accounts from the directory, lower-cased.
    public var adminAccounts: Set<String>
    /// The organisation's naming conventions for administrator and service accounts, lower-cased, matched on the
    /// clear name (without its domain) before pseudonymisation — afterwards a pseudonym shows no prefix.
    public var adminPrefixes: [String]
    public var servicePrefixes: [String]

    public static let defaultAdminPrefixes = ["adm-", "adm_", "admin-", "admin_"]
    public static let defaultServicePrefixes = ["svc-", "svc_"]

    public init(serviceAccounts: Set<String> = [], adminAccounts: Set<String> = [], adminPrefixes: [String] = defaultAdminPrefixes,
                servicePrefixes: [String] = defaultServicePrefixes) {
        self.serviceAccounts = Set(serviceAccounts.map { $0.lowercased() })
        self.adminAccounts = Set(adminAccounts.map { $0.lowercased() })
        self.adminPrefixes = adminPrefixes.map { $0.lowercased() }
        self.servicePrefixes = servicePrefixes.map { $0.lowercased() }
    }

    static let systemNames: Set<String> = [
        "system", "local service", "localservice", "network service", "networkservice", "anonymous logon", "anonymous",
        "root", "nt authority\\system", "nt authority\\local service", "nt authority\\network service",
        "nt authority\\anonymous logon", "local system", "localsystem", "-",
    ]

    /// The class of `user`.
    public func classify(_ user: String) -> AccountClass {
        let lower = user.lowercased()
        let bare = lower.split(separator: "\\").last.map(String.init) ?? lower
        if Self.systemNames.contains(lower) || Self.systemNames.contains(bare) { return .system }
        if Self.isSessionAccount(bare) { return .system }
        if bare.hasSuffix("$"), bare.count > 1 { return .machine }
        // The directory first: it knows accounts whatever their names.
        if serviceAccounts.contains(lower) || serviceAccounts.contains(bare) { return .service }
        if adminAccounts.contains(lower) || adminAccounts.contains(bare) { return .admin }
        let local = bare.split(separator: "@").first.map(String.init) ?? bare
        if adminPrefixes.contains(where: { local.hasPrefix($0) && local.count > $0.count }) { return .admin }
        if servicePrefixes.contains(where: { local.hasPrefix($0) && local.count > $0.count }) { return .service }
        return .person
    }

    /// Windows' per-session accounts: `DWM-3`, `UMFD-0`.
    static func isSessionAccount(_ name: String) -> Bool {
        for prefix in ["dwm-", "umfd-"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            return !rest.isEmpty && rest.allSatisfy(\.isNumber)
        }
        return false
    }
}
