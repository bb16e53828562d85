/// The predefined LEEF attribute keys from IBM's "Predefined LEEF event attributes" table.
///
/// Custom keys are allowed too; QRadar advises against redefining these names with another meaning.
public enum LEEFKey {
    public static let category = "cat"
    public static let devTime = "devTime"
    public static let devTimeFormat = "devTimeFormat"
    public static let proto = "proto"
    public static let severity = "sev"
    public static let source = "src"
    public static let destination = "dst"
    public static let sourcePort = "srcPort"
    public static let destinationPort = "dstPort"
    public static let sourcePreNAT = "srcPreNAT"
    public static let destinationPreNAT = "dstPreNAT"
    public static let sourcePostNAT = "srcPostNAT"
    public static let destinationPostNAT = "dstPostNAT"
    public static let userName = "usrName"
    public static let sourceMAC = "srcMAC"
    public static let destinationMAC = "dstMAC"
    public static let sourcePreNATPort = "srcPreNATPort"
    public static let destinationPreNATPort = "dstPreNATPort"
    public static let sourcePostNATPort = "srcPostNATPort"
    public static let destinationPostNATPort = "dstPostNATPort"
    public static let identitySource = "identSrc"
    public static let identityHostName = "identHostName"
    public static let identityNetBios = "identNetBios"
    public static let identityGroupName = "identGrpName"
    public static let identityMAC = "identMAC"
    public static let virtualSource = "vSrc"
    public static let virtualSourceName = "vSrcName"
    public static let accountName = "accountName"
    public static let sourceBytes = "srcBytes"
    public static let destinationBytes = "dstBytes"
    public static let sourcePackets = "srcPackets"
    public static let destinationPackets = "dstPackets"
    public static let totalPackets = "totalPackets"
    public static let role = "role"
    public static let realm = "realm"
    public static let policy = "policy"
    public static let resource = "resource"
    public static let url = "url"
    public static let groupID = "groupID"
    public static let domain = "domain"
    public static let isLoginEvent = "isLoginEvent"
    public static let isLogoutEvent = "isLogoutEvent"
    /// Spelled `identSecondlp` (lower-case L) in IBM's table; kept verbatim.
    public static let identitySecondIP = "identSecondlp"
    public static let calendarLanguage = "calLanguage"
    public static let attributeLimits = "AttributeLimits"
    public static let calendarCountryOrRegion = "calCountryOrRegion"

    /// Every predefined key, in the order of IBM's table.
    public static let all: [String] = [
        category, devTime, devTimeFormat, proto, severity, source, destination, sourcePort, destinationPort,
        sourcePreNAT, destinationPreNAT, sourcePostNAT, destinationPostNAT, userName, sourceMAC, destinationMAC,
        sourcePreNATPort, destinationPreNATPort, sourcePostNATPort, destinationPostNATPort, identitySource,
        identityHostName, identityNetBios, identityGroupName, identityMAC, virtualSource, virtualSourceName,
        accountName, sourceBytes, destinationBytes, sourcePackets, destinationPackets, totalPackets, role, realm,
        policy, resource, url, groupID, domain, isLoginEvent, isLogoutEvent, identitySecondIP, calendarLanguage,
        attributeLimits, calendarCountryOrRegion,
    ]

    /// Whether `key` is one of the predefined keys (case-sensitive, as QRadar matches them).
    public static func isPredefined(_ key: String) -> Bool { predefinedSet.contains(key) }

    private static let predefinedSet = Set(all)
}
