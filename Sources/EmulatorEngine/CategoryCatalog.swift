/// A low-level event category (`category` field) and the high-level category it belongs to.
struct LowLevelCategory: Codable, Sendable, Hashable {
    var id: Int64
    var name: String
    var highLevelID: Int64
    /// QRadar's default severity for the category (0–10).
    var severity: Int64
}

/// QRadar's event categories.
///
/// High-level ids 1000–14000 and the low-level ids 3001–3018, 4001–4021 and 12001–12005 follow IBM's published
/// category tables ("High-level event categories", "Authentication", "Access", "CRE" pages of the QRadar 7.5
/// docs). Ids marked "emulator" below are not IBM's: they stand in for categories the emulator needs but whose
/// real ids were not verified, and custom ones get ids from 90001 up.
struct CategoryCatalog: Sendable {
    private(set) var highLevel: [Int64: String]
    private(set) var lowLevel: [Int64: LowLevelCategory]
    private var byName: [String: Int64]
    private(set) var nextCustomID: Int64 = 90_001

    static let unknownLowLevel: Int64 = 10_001
    static let vigilLowLevel: Int64 = 15_901
    static let standardFlow: Int64 = 14_901

    init() {
        highLevel = [
            1000: "Recon", 2000: "DoS", 3000: "Authentication", 4000: "Access", 5000: "Exploit", 6000: "Malware",
            7000: "Suspicious Activity", 8000: "System", 9000: "Policy", 10000: "Unknown", 12000: "CRE",
            13000: "Potential Exploit", 14000: "Flow",
            // emulator: the ids of these two were not verified against IBM's tables.
            15000: "User Defined", 19000: "Audit",
        ]
        let stock: [(Int64, String, Int64, Int64)] = [
            (3001, "Unknown Authentication", 3000, 1), (3002, "Host Login Succeeded", 3000, 1),
            (3003, "Host Login Failed", 3000, 3), (3004, "Misc Login Succeeded", 3000, 1),
            (3005, "Misc Login Failed", 3000, 3), (3006, "Privilege Escalation Failed", 3000, 3),
            (3007, "Privilege Escalation Succeeded", 3000, 1), (3008, "Mail Service Login Succeeded", 3000, 1),
            (3009, "Mail Service Login Failed", 3000, 3), (3010, "Auth Server Login Failed", 3000, 3),
            (3011, "Auth Server Login Succeeded", 3000, 1), (3012, "Web Service Login Succeeded", 3000, 1),
            (3013, "Web Service Login Failed", 3000, 3), (3014, "Admin Login Successful", 3000, 1),
            (3015, "Admin Login Failure", 3000, 3), (3016, "Suspicious Username", 3000, 4),
            (3017, "Login with username/ password defaults successful", 3000, 4),
            (3018, "Login with username/ password defaults failed", 3000, 4),
            (4001, "Unknown Network Communication Event", 4000, 3), (4002, "Firewall Permit", 4000, 0),
            (4003, "Firewall Deny", 4000, 4), (4005, "Misc Network Communication Event", 4000, 3),
            (4006, "IPS Deny", 4000, 4), (4007, "Firewall Session Opened", 4000, 0),
            (4008, "Firewall Session Closed", 4000, 0), (4011, "Misc Authorization", 4000, 2),
            (4012, "ACL Permit", 4000, 0), (4013, "ACL Deny", 4000, 4), (4014, "Access Permitted", 4000, 0),
            (4015, "Access Denied", 4000, 4), (4016, "Session Opened", 4000, 1), (4017, "Session Closed", 4000, 1),
            (4018, "Session Reset", 4000, 3), (4019, "Session Terminated", 4000, 4), (4020, "Session Denied", 4000, 5),
            (4021, "Session in Progress", 4000, 1),
            (12001, "Unknown CRE Event", 12000, 5), (12002, "Single Event Rule Match", 12000, 5),
            (12003, "Event Sequence Rule Match", 12000, 5), (12004, "Cross-Offense Event Sequence Rule Match", 12000, 5),
            (12005, "Offense Rule Match", 12000, 5),
            // emulator: stand-ins with unverified ids.
            (1008, "Host Port Scan", 1000, 4), (6001, "Unknown Malware", 6000, 6),
            (7001, "Unknown Suspicious Event", 7000, 3), (8901, "Process Creation", 8000, 1),
            (8902, "Service Started", 8000, 1), (9001, "Unknown Policy Violation", 9000, 2),
            (9902, "Web Policy Violation", 9000, 3), (4901, "Database Query", 4000, 1),
            (4902, "File Share Access", 4000, 1), (4903, "Data Transfer", 4000, 2),
            (CategoryCatalog.unknownLowLevel, "Unknown", 10000, 3),
            (CategoryCatalog.vigilLowLevel, "Vigil AI Finding", 15000, 3),
            (19001, "General Audit Event", 19000, 1),
            (CategoryCatalog.standardFlow, "Standard Flow", 14000, 0),
        ]
        var low: [Int64: LowLevelCategory] = [:]
        var names: [String: Int64] = [:]
        for (id, name, high, sev) in stock {
            low[id] = LowLevelCategory(id: id, name: name, highLevelID: high, severity: sev)
            names[name.lowercased()] = id
        }
        lowLevel = low
        byName = names
    }

    /// The name of a low- or high-level category id (`CATEGORYNAME` accepts both).
    func name(of id: Int64) -> String? { lowLevel[id]?.name ?? highLevel[id] }

    func lowLevelCategory(_ id: Int64) -> LowLevelCategory? { lowLevel[id] }

    /// The high-level id of a low-level id (unknown ids fall under Unknown).
    func highLevelID(of lowLevelID: Int64) -> Int64 {
        if let c = lowLevel[lowLevelID] { return c.highLevelID }
        if highLevel[lowLevelID] != nil { return lowLevelID }
        let guess = (lowLevelID / 1000) * 1000
        return highLevel[guess] != nil ? guess : 10000
    }

    /// A low-level id by name (case-insensitive).
    func id(named name: String) -> Int64? { byName[name.lowercased()] }

    /// A low-level id by name, creating a custom category under Unknown (or `highLevelID`) when unseen.
    mutating func idCreating(named name: String, highLevelID: Int64 = 10000) -> (id: Int64, created: Bool) {
        if let id = byName[name.lowercased()] { return (id, false) }
        let id = nextCustomID
        nextCustomID += 1
        add(LowLevelCategory(id: id, name: name, highLevelID: highLevelID, severity: 3))
        return (id, true)
    }

    /// Adds (or restores) a category.
    mutating func add(_ c: LowLevelCategory) {
        lowLevel[c.id] = c
        byName[c.name.lowercased()] = c.id
        if c.id >= nextCustomID { nextCustomID = c.id + 1 }
    }

    /// Whether a low-level category counts as a policy category for `policy_category_count`.
    func isPolicy(_ lowLevelID: Int64) -> Bool { highLevelID(of: lowLevelID) == 9000 }
}
