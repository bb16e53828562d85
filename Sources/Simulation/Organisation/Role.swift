/// A department of the organisation.
public enum Department: String, Sendable, Hashable, Codable, CaseIterable {
    case finance = "Finance"
    case humanResources = "Human Resources"
    case engineering = "Engineering"
    case sales = "Sales"
    case executive = "Executive"
    case it = "IT"
    case customerSupport = "Customer Support"
}

/// A job role: people in one role are peers and behave alike without being identical.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case financeAnalyst = "finance-analyst"
    case hrSpecialist = "hr-specialist"
    case developer
    case salesRep = "sales-rep"
    case executive
    case itAdmin = "it-admin"
    case dba
    case helpDesk = "help-desk"
    case supportAgent = "support-agent"
    case contractor
    case serviceAccount = "service-account"

    /// The department a role belongs to (contractors are placed in one when they are hired).
    public var department: Department {
        switch self {
        case .financeAnalyst: .finance
        case .hrSpecialist: .humanResources
        case .developer, .contractor: .engineering
        case .salesRep: .sales
        case .executive: .executive
        case .itAdmin, .dba, .helpDesk, .serviceAccount: .it
        case .supportAgent: .customerSupport
        }
    }

    /// Share of the workforce hired into the role.
    var hiringWeight: Double {
        switch self {
        case .financeAnalyst: 0.09
        case .hrSpecialist: 0.04
        case .developer: 0.24
        case .salesRep: 0.17
        case .executive: 0.02
        case .itAdmin: 0.04
        case .dba: 0.015
        case .helpDesk: 0.035
        case .supportAgent: 0.15
        case .contractor: 0.09
        case .serviceAccount: 0.02
        }
    }

    /// Job titles, junior to senior.
    var titles: [String] {
        switch self {
        case .financeAnalyst: ["Financial Analyst", "Senior Financial Analyst", "Accountant", "Finance Manager"]
        case .hrSpecialist: ["HR Coordinator", "HR Business Partner", "Recruiter", "HR Manager"]
        case .developer: ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager"]
        case .salesRep: ["Account Executive", "Sales Development Representative", "Senior Account Executive", "Sales Manager"]
        case .executive: ["Vice President", "Senior Vice President", "Chief of Staff", "Director"]
        case .itAdmin: ["Systems Administrator", "Senior Systems Administrator", "Infrastructure Engineer", "IT Operations Manager"]
        case .dba: ["Database Administrator", "Senior Database Administrator"]
        case .helpDesk: ["Service Desk Analyst", "Senior Service Desk Analyst", "Service Desk Lead"]
        case .supportAgent: ["Customer Support Agent", "Senior Support Agent", "Support Team Lead"]
        case .contractor: ["Contractor - Software", "Contractor - Consultant", "Contractor - Analyst"]
        case .serviceAccount: ["Service Account"]
        }
    }

    /// Whether the role administers systems and so holds a separate `adm-` account.
    public var isPrivileged: Bool { self == .itAdmin || self == .dba }

    /// Mean activities per working hour (each activity is a handful of events).
    var activityRate: Double {
        switch self {
        case .financeAnalyst: 3.2
        case .hrSpecialist: 2.8
        case .developer: 3.6
        case .salesRep: 2.8
        case .executive: 2.2
        case .itAdmin: 3.4
        case .dba: 3.0
        case .helpDesk: 3.8
        case .supportAgent: 3.4
        case .contractor: 2.6
        case .serviceAccount: 0
        }
    }

    /// Typical data volume multiplier of the role (developers and analysts move more bytes).
    var volumeScale: Double {
        switch self {
        case .financeAnalyst: 1.4
        case .hrSpecialist: 0.8
        case .developer: 2.0
        case .salesRep: 0.9
        case .executive: 0.7
        case .itAdmin: 1.5
        case .dba: 2.5
        case .helpDesk: 0.6
        case .supportAgent: 0.5
        case .contractor: 1.0
        case .serviceAccount: 1.0
        }
    }
}

/// When and where someone works.
public enum WorkPattern: String, Sendable, Hashable, Codable, CaseIterable {
    /// Office hours in the office, the occasional day at home.
    case office
    /// Office hours, two or three days a week at home on VPN.
    case hybrid
    /// Office hours, always from home on VPN.
    case remote
    /// Rotating early, late and night shifts, weekends included.
    case shift
    /// Office hours plus a weekly on-call rotation with night call-outs.
    case onCall = "on-call"
    /// Shorter days, four days a week.
    case partTime = "part-time"
    /// A machine: around the clock, on a schedule.
    case service
}
