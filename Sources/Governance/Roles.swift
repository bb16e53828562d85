/// Who a person (or an API token) is to Vigil.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reads findings and approval queues; changes nothing.
    case viewer
    /// Investigates: decides approvals, gives feedback, may re-identify a pseudonym with a reason.
    case analyst
    /// Runs Vigil: configuration, models, audit verification; never sees clear identities.
    case engineer
    /// Everything, including tokens and key rotation.
    case admin
}

/// A named action the permission matrix rules on.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    case readFindings = "read findings"
    case readApprovals = "read approvals"
    case requestResponseAction = "request a response action"
    case decideApproval = "decide an approval"
    case submitFeedback = "submit feedback"
    case reidentify = "re-identify a pseudonym"
    case readConfiguration = "read the configuration"
    case changeConfiguration = "change the configuration"
    case manageModels = "manage models"
    case manageTokens = "manage API tokens"
    case rotateKeys = "rotate keys"
    case verifyAudit = "verify the audit log"
    case exportAudit = "export the audit log"
}

/// Which role may do what. The default is deliberately narrow where privacy is at stake: only analysts (who
/// investigate) and admins may re-identify, engineers never do.
public struct PermissionMatrix: Sendable, Hashable {
    public var grants: [Role: Set<Permission>]

    public init(grants: [Role: Set<Permission>]) {
        self.grants = grants
    }

    /// | permission | viewer | analyst | engineer | admin |
    /// |---|---|---|---|---|
    /// | read findings, read approvals | ✓ | ✓ | ✓ | ✓ |
    /// | request a response action, decide an approval, re-identify | | ✓ | | ✓ |
    /// | submit feedback, read the configuration, verify the audit log | | ✓ | ✓ | ✓ |
    /// | change the configuration, manage models | | | ✓ | ✓ |
    /// | manage API tokens, rotate keys, export the audit log | | | | ✓ |
    public static let `default` = PermissionMatrix(grants: [
        .viewer: [.readFindings, .readApprovals],
        .analyst: [
            .readFindings, .readApprovals, .requestResponseAction, .decideApproval, .submitFeedback, .reidentify,
            .readConfiguration, .verifyAudit,
        ],
        .engineer: [
            .readFindings, .readApprovals, .submitFeedback, .readConfiguration, .changeConfiguration, .manageModels,
            .verifyAudit,
        ],
        .admin: Set(Permission.allCases),
    ])

    /// Whether `role` holds `permission`.
    public func allows(_ role: Role, _ permission: Permission) -> Bool {
        grants[role]?.contains(permission) ?? false
    }

    /// Throws ``GovernanceError/forbidden(role:permission:)`` unless `role` holds `permission`.
    public func require(_ role: Role, _ permission: Permission) throws {
        guard allows(role, permission) else { throw GovernanceError.forbidden(role: role, permission: permission) }
    }

    /// The permissions `role` holds, in declaration order.
    public func permissions(of role: Role) -> [Permission] {
        Permission.allCases.filter { allows(role, $0) }
    }
}
