import VigilCore

/// A MITRE ATT&CK Enterprise tactic, in the order an intrusion usually moves through them (the ATT&CK matrix's
/// column order). Campaign stages are tactics; "in order" means in this order.
public enum Tactic: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case reconnaissance, resourceDevelopment, initialAccess, execution, persistence, privilegeEscalation, defenseEvasion,
         credentialAccess, discovery, lateralMovement, collection, commandAndControl, exfiltration, impact

    public static func < (lhs: Tactic, rhs: Tactic) -> Bool { lhs.rawValue < rhs.rawValue }

    /// ATT&CK's short name (`"lateral-movement"`), used as the stage name.
    public var name: String {
        switch self {
        case .reconnaissance: "reconnaissance"
        case .resourceDevelopment: "resource-development"
        case .initialAccess: "initial-access"
        case .execution: "execution"
        case .persistence: "persistence"
        case .privilegeEscalation: "privilege-escalation"
        case .defenseEvasion: "defense-evasion"
        case .credentialAccess: "credential-access"
        case .discovery: "discovery"
        case .lateralMovement: "lateral-movement"
        case .collection: "collection"
        case .commandAndControl: "command-and-control"
        case .exfiltration: "exfiltration"
        case .impact: "impact"
        }
    }

    /// ATT&CK's tactic id (`"TA0008"`).
    public var attackID: String {
        switch self {
        case .reconnaissance: "TA0043"
        case .resourceDevelopment: "TA0042"
        case .initialAccess: "TA0001"
        case .execution: "TA0002"
        case .persistence: "TA0003"
        case .privilegeEscalation: "TA0004"
        case .defenseEvasion: "TA0005"
        case .credentialAccess: "TA0006"
        case .discovery: "TA0007"
        case .lateralMovement: "TA0008"
        case .collection: "TA0009"
        case .commandAndControl: "TA0011"
        case .exfiltration: "TA0010"
        case .impact: "TA0040"
        }
    }

    /// The tactic a technique serves. ATT&CK lists some techniques under several tactics (Valid Accounts is
    /// initial access, persistence, privilege escalation and defense evasion); the first listed in the matrix for
    /// the way Vigil observes it is used, so that a stage is never counted twice for one observation. Unknown
    /// techniques give nil.
    public static func of(technique: String) -> Tactic? {
        let base = technique.split(separator: ".").first.map(String.init) ?? technique
        return techniqueTable[base]
    }

    /// The tactic a detector's signals stand for when they carry no technique; nil when the detector's signals
    /// say nothing about the stage (peer and joint outliers).
    public static func of(detector: String) -> Tactic? {
        switch detector {
        case "beaconing": .commandAndControl
        case "lateral-movement": .lateralMovement
        case "log-source-health": .defenseEvasion
        case "privileged-sequence": .execution
        case "behaviour.time", "behaviour.location", "behaviour.identity": .initialAccess
        case "behaviour.access": .collection
        case "behaviour.volume": .exfiltration
        case "behaviour.failure", "credential-attack": .credentialAccess
        case "behaviour.novelty": .discovery
        default: nil
        }
    }

    /// The tactic of a signal: its technique's, else its detector's.
    public static func of(_ signal: Signal) -> Tactic? {
        if let t = signal.technique, let tactic = of(technique: t) { return tactic }
        return of(detector: signal.detector)
    }

    /// Techniques by their base id (sub-techniques share the parent's tactic), from the ATT&CK Enterprise matrix.
    static let techniqueTable: [String: Tactic] = {
        var t: [String: Tactic] = [:]
        for id in ["T1595", "T1592", "T1589", "T1590", "T1591", "T1593", "T1594", "T1596", "T1597", "T1598"] { t[id] = .reconnaissance }
        for id in ["T1583", "T1584", "T1585", "T1586", "T1587", "T1588", "T1608"] { t[id] = .resourceDevelopment }
        for id in ["T1078", "T1190", "T1133", "T1566", "T1189", "T1195", "T1199", "T1200", "T1091"] { t[id] = .initialAccess }
        for id in ["T1059", "T1047", "T1053", "T1569", "T1204", "T1106", "T1129", "T1203", "T1559", "T1609", "T1610", "T1648"] {
            t[id] = .execution
        }
        for id in ["T1098", "T1136", "T1543", "T1547", "T1505", "T1546", "T1037", "T1137", "T1176", "T1197", "T1542", "T1554", "T1556"] {
            t[id] = .persistence
        }
        for id in ["T1068", "T1134", "T1548", "T1484", "T1611"] { t[id] = .privilegeEscalation }
        for id in ["T1562", "T1070", "T1036", "T1112", "T1027", "T1218", "T1140", "T1222", "T1564", "T1574", "T1620", "T1127", "T1202", "T1207"] {
            t[id] = .defenseEvasion
        }
        for id in ["T1110", "T1003", "T1558", "T1552", "T1555", "T1557", "T1212", "T1187", "T1056", "T1111", "T1539", "T1606", "T1649"] {
            t[id] = .credentialAccess
        }
        for id in ["T1087", "T1069", "T1135", "T1018", "T1082", "T1016", "T1049", "T1057", "T1482", "T1083", "T1007", "T1033", "T1046", "T1201", "T1518", "T1615"] {
            t[id] = .discovery
        }
        for id in ["T1021", "T1550", "T1570", "T1563", "T1534", "T1080", "T1210"] { t[id] = .lateralMovement }
        for id in ["T1213", "T1039", "T1005", "T1114", "T1119", "T1560", "T1074", "T1025", "T1113", "T1115", "T1123", "T1125", "T1530", "T1602"] {
            t[id] = .collection
        }
        for id in ["T1071", "T1573", "T1095", "T1572", "T1090", "T1105", "T1132", "T1001", "T1008", "T1102", "T1104", "T1219", "T1568", "T1571"] {
            t[id] = .commandAndControl
        }
        for id in ["T1041", "T1567", "T1048", "T1020", "T1029", "T1030", "T1011", "T1052", "T1537"] { t[id] = .exfiltration }
        for id in ["T1486", "T1490", "T1485", "T1489", "T1531", "T1491", "T1495", "T1496", "T1498", "T1499", "T1529", "T1561", "T1565"] {
            t[id] = .impact
        }
        return t
    }()
}
