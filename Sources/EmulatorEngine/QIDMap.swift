/// One QID map entry: an event name with its low-level category, and the DSM key (log source type, event id,
/// event category) that maps a device's events onto it.
struct QIDEntry: Codable, Sendable, Hashable {
    var qid: Int64
    var name: String
    var description: String
    var lowLevelCategory: Int64
    var severity: Int64
    /// The log source type the DSM mapping belongs to (nil: any type, for entries created by name).
    var logSourceTypeID: Int64?
    /// The device's event id (LEEF `EventID`, Windows event code…).
    var eventID: String?
    /// The device's event category (LEEF `cat`), when the mapping needs it.
    var eventCategory: String?
    /// Created by the emulator's auto-mapping (a DSM-editor mapping on a real console).
    var custom: Bool
}

/// The QID map: stock entries for the demo's devices, plus entries created on first sight of an unknown event id
/// or name, as an administrator's DSM-editor mapping would create them.
///
/// QID numbers are the emulator's own (IBM's QIDs for these events were not verified); mapping order follows
/// QRadar's: event id + category first, then event id alone.
struct QIDMap: Sendable {
    private(set) var entries: [Int64: QIDEntry] = [:]
    private var byKey: [String: Int64] = [:]
    private var byName: [String: Int64] = [:]
    private(set) var nextCustomQID: Int64 = 100_000_001

    init() {
        for e in QIDMap.stock { add(e) }
    }

    mutating func add(_ e: QIDEntry) {
        entries[e.qid] = e
        if let eventID = e.eventID {
            byKey[Self.key(e.logSourceTypeID, eventID, e.eventCategory)] = e.qid
        }
        if byName[e.name.lowercased()] == nil { byName[e.name.lowercased()] = e.qid }
        if e.custom, e.qid >= nextCustomQID { nextCustomQID = e.qid + 1 }
    }

    private static func key(_ type: Int64?, _ eventID: String, _ cat: String?) -> String {
        "\(type.map(String.init) ?? "*")\u{1F}\(eventID)\u{1F}\(cat ?? "")"
    }

    func entry(_ qid: Int64) -> QIDEntry? { entries[qid] }

    /// Device event id and category per QID (`qideventid`, `qideventcategory`).
    var details: [Int64: (eventID: String?, eventCategory: String?)] {
        entries.mapValues { ($0.eventID, $0.eventCategory) }
    }

    /// The QID for a device event, or nil when unmapped.
    func lookup(logSourceTypeID: Int64, eventID: String, eventCategory: String?) -> QIDEntry? {
        if let cat = eventCategory, let q = byKey[Self.key(logSourceTypeID, eventID, cat)] { return entries[q] }
        if let q = byKey[Self.key(logSourceTypeID, eventID, nil)] { return entries[q] }
        if let cat = eventCategory, let q = byKey[Self.key(nil, eventID, cat)] { return entries[q] }
        if let q = byKey[Self.key(nil, eventID, nil)] { return entries[q] }
        return nil
    }

    /// Maps a device event, creating a custom QID for an unseen event id.
    mutating func resolve(logSourceTypeID: Int64, eventID: String, eventCategory: String?, lowLevelCategory: Int64, severity: Int64) -> (entry: QIDEntry, created: Bool) {
        if let e = lookup(logSourceTypeID: logSourceTypeID, eventID: eventID, eventCategory: eventCategory) { return (e, false) }
        let e = QIDEntry(
            qid: nextCustomQID, name: eventID, description: eventID, lowLevelCategory: lowLevelCategory,
            severity: severity, logSourceTypeID: logSourceTypeID, eventID: eventID, eventCategory: eventCategory,
            custom: true)
        add(e)
        return (e, true)
    }

    /// An entry by event name (case-insensitive).
    func lookup(name: String) -> QIDEntry? { byName[name.lowercased()].flatMap { entries[$0] } }

    /// An entry by event name, creating a custom QID for an unseen name.
    mutating func resolve(name: String, lowLevelCategory: Int64, severity: Int64) -> (entry: QIDEntry, created: Bool) {
        if let e = lookup(name: name) { return (e, false) }
        let e = QIDEntry(
            qid: nextCustomQID, name: name, description: name, lowLevelCategory: lowLevelCategory, severity: severity,
            logSourceTypeID: nil, eventID: nil, eventCategory: nil, custom: true)
        add(e)
        return (e, true)
    }

    /// Stock entries for the demo's devices.
    static let stock: [QIDEntry] = {
        var out: [QIDEntry] = []
        var next: Int64 = 5_000_001
        func add(_ type: Int64?, _ eventID: String?, _ name: String, _ category: Int64, _ severity: Int64, _ description: String? = nil) {
            out.append(QIDEntry(qid: next, name: name, description: description ?? name, lowLevelCategory: category,
                                severity: severity, logSourceTypeID: type, eventID: eventID, eventCategory: nil, custom: false))
            next += 1
        }
        let win = LogSourceTypeCatalog.windowsSecurity
        add(win, "4624", "Success Audit: An account was successfully logged on", 3002, 1)
        add(win, "4625", "Failure Audit: An account failed to log on", 3003, 3)
        add(win, "4634", "Success Audit: An account was logged off", 4017, 1)
        add(win, "4648", "Success Audit: A logon was attempted using explicit credentials", 3004, 2)
        add(win, "4672", "Success Audit: Special privileges assigned to new logon", 3007, 2)
        add(win, "4688", "Success Audit: A new process has been created", 8901, 1)
        add(win, "4768", "Success Audit: A Kerberos authentication ticket (TGT) was requested", 3011, 1)
        add(win, "4769", "Success Audit: A Kerberos service ticket was requested", 3011, 1)
        add(win, "5140", "Success Audit: A network share object was accessed", 4902, 1)
        add(win, "5145", "Success Audit: A network share object was checked to see whether client can be granted desired access", 4902, 1)
        let vpn = LogSourceTypeCatalog.vpn
        add(vpn, "VPN_SESSION_START", "VPN Session Started", 3004, 1)
        add(vpn, "VPN_SESSION_END", "VPN Session Ended", 4017, 1)
        add(vpn, "VPN_AUTH_FAILURE", "VPN Authentication Failed", 3005, 3)
        let proxy = LogSourceTypeCatalog.proxy
        add(proxy, "TCP_MISS", "Web Request Allowed", 4014, 0)
        add(proxy, "TCP_DENIED", "Web Request Blocked", 9902, 3)
        add(proxy, "UPLOAD", "Web Upload", 4903, 2)
        let db = LogSourceTypeCatalog.database
        add(db, "LOGON", "Database Login Succeeded", 3004, 1)
        add(db, "LOGON_FAILED", "Database Login Failed", 3005, 3)
        add(db, "SELECT", "Database Query Executed", 4901, 1)
        add(db, "EXPORT", "Database Export", 4903, 3)
        let fw = LogSourceTypeCatalog.firewall
        add(fw, "106100", "Firewall Permit", 4002, 0)
        add(fw, "106023", "Firewall Deny", 4003, 4)
        add(fw, "733100", "Port Scan Detected", 1008, 5)
        let linux = LogSourceTypeCatalog.linux
        add(linux, "sshd_accepted", "SSH Login Succeeded", 3002, 1)
        add(linux, "sshd_failed", "SSH Login Failed", 3003, 3)
        add(linux, "sudo", "Sudo Command Executed", 3007, 2)
        let vigil = LogSourceTypeCatalog.vigil
        add(vigil, "AIFinding", "Vigil AI Finding", CategoryCatalog.vigilLowLevel, 3,
            "An anomaly or attack campaign detected by the Vigil AI sidecar")
        add(vigil, "RiskScore", "Vigil Risk Score", CategoryCatalog.vigilLowLevel, 3,
            "An entity risk score reported by the Vigil AI sidecar")
        add(vigil, "CampaignUpdate", "Vigil Campaign Update", CategoryCatalog.vigilLowLevel, 3,
            "A change to a campaign tracked by the Vigil AI sidecar")
        add(nil, "Unknown", "Unknown Log Event", CategoryCatalog.unknownLowLevel, 3)
        add(nil, "StandardFlow", "Standard Flow", CategoryCatalog.standardFlow, 0)
        return out
    }()
}
