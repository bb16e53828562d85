import VigilCore

/// A fact from HR (an LDAP or HR-system import) that changes what is normal for an entity.
public enum ContextChange: Sendable, Hashable {
    /// New department, role or title: the entity's peer prior becomes its new HR group for a transition period, so
    /// the new team's resources are expected rather than alarming.
    case roleChange(department: String?, role: String?, title: String?)
    /// Joined a project: resources whose names mention the project are expected for a while.
    case projectAssignment(String)
    /// Handed in notice: the entity is watched (its risk counts more) until some time after its last day, as
    /// QRadar UBA's watchlists with a risk scale do.
    case resignation(lastDay: EpochMillis)
}

/// Per-entity HR context in force.
struct EntityContext: Sendable {
    var transitionUntil: EpochMillis = .min
    var projects: [(token: String, until: EpochMillis)] = []
    var watchUntil: EpochMillis = .min
}

extension BehaviouralAnalytics {
    /// Days a role change keeps the entity on its new HR group's prior.
    static let transitionDays: Int64 = 21
    /// Days a project assignment makes the project's resources expected.
    static let projectDays: Int64 = 30
    /// Risk multiplier for watched entities (leavers in their notice period).
    static let watchRiskScale = 1.5

    /// Applies an HR fact from `time` on.
    public mutating func apply(_ change: ContextChange, to entity: EntityRef, at time: EpochMillis) {
        let hrName: String
        switch change {
        case let .roleChange(department, role, title):
            var a = directory.attributes(of: entity) ?? EntityAttributes()
            if let department { a.department = department }
            if let role { a.role = role }
            if let title { a.title = title }
            if entity.kind == .user { directory.users[entity.id] = a } else { directory.hosts[entity.id] = a }
            hrName = a.hrGroup
            var c = contexts[entity] ?? EntityContext()
            c.transitionUntil = time + Self.transitionDays * EpochMillis.day
            contexts[entity] = c
            if let e = store.slot(of: entity) {
                store.hrGroup[e] = peers.hrGroup(named: hrName)
                store.peerGroup[e] = -1
            }
        case let .projectAssignment(name):
            var c = contexts[entity] ?? EntityContext()
            c.projects.append((name.lowercased(), time + Self.projectDays * EpochMillis.day))
            contexts[entity] = c
        case let .resignation(lastDay):
            var c = contexts[entity] ?? EntityContext()
            c.watchUntil = lastDay + 30 * EpochMillis.day
            contexts[entity] = c
        }
    }

    /// Whether an entity is between a role change and the end of its transition.
    func inTransition(_ entity: EntityRef, at t: EpochMillis) -> Bool {
        guard let c = contexts[entity] else { return false }
        return t < c.transitionUntil
    }

    /// Whether a resource name mentions one of the entity's current projects.
    func isProjectResource(_ entity: EntityRef, name: String, at t: EpochMillis) -> Bool {
        guard let c = contexts[entity], !c.projects.isEmpty else { return false }
        let lower = name.lowercased()
        for p in c.projects where t < p.until && lower.contains(p.token) { return true }
        return false
    }

    /// Risk multiplier from watchlists.
    func riskScale(_ entity: EntityRef, at t: EpochMillis) -> Double {
        guard let c = contexts[entity], t < c.watchUntil else { return 1 }
        return Self.watchRiskScale
    }
}
