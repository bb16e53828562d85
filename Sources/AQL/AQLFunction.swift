/// One entry of AQL's function table: name, arity, argument types, result type.
public struct AQLFunction: Sendable, Hashable {
    /// Upper-case name, e.g. `QIDNAME`, `GEO::LOOKUP`.
    public let name: String
    public let minArguments: Int
    /// `nil` for variadic functions (the last argument type repeats).
    public let maxArguments: Int?
    public let argumentTypes: [AQLType]
    public let returnType: AQLType
    public let isAggregate: Bool
    /// What it does, for `GET /ariel/functions` and error messages.
    public let info: String

    public init(_ name: String, _ argumentTypes: [AQLType], returns: AQLType, min: Int? = nil, max: Int?? = nil,
                aggregate: Bool = false, info: String) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.returnType = returns
        self.minArguments = min ?? argumentTypes.count
        self.maxArguments = max ?? argumentTypes.count
        self.isAggregate = aggregate
        self.info = info
    }

    /// The type expected at argument `index`.
    public func argumentType(at index: Int) -> AQLType {
        if argumentTypes.isEmpty { return .any }
        return index < argumentTypes.count ? argumentTypes[index] : argumentTypes[argumentTypes.count - 1]
    }

    /// Whether `count` arguments are acceptable.
    public func accepts(argumentCount count: Int) -> Bool {
        count >= minArguments && (maxArguments.map { count <= $0 } ?? true)
    }

    /// `QIDNAME(1)`, `CONCAT(1+)`, `SUBSTRING(2-3)` — the arity for messages.
    public var arityDescription: String {
        if let max = maxArguments {
            return max == minArguments ? "\(max)" : "\(minArguments)-\(max)"
        }
        return "\(minArguments)+"
    }

    /// Looks a function up by name, case-insensitively.
    public static func named(_ name: String) -> AQLFunction? {
        if let f = table[name] { return f }
        return table[name.uppercased()]
    }

    /// Every known function, alphabetically.
    public static var all: [AQLFunction] { table.values.sorted { $0.name < $1.name } }

    private static let table: [String: AQLFunction] = {
        var t: [String: AQLFunction] = [:]
        for f in definitions { t[f.name] = f }
        return t
    }()

    private static let definitions: [AQLFunction] = [
        // Aggregates.
        AQLFunction("COUNT", [.any], returns: .long, min: 0, aggregate: true, info: "Number of rows (COUNT(*) or COUNT()) or of non-null values."),
        AQLFunction("SUM", [.double], returns: .double, aggregate: true, info: "Sum of the values."),
        AQLFunction("MIN", [.any], returns: .any, aggregate: true, info: "Smallest value."),
        AQLFunction("MAX", [.any], returns: .any, aggregate: true, info: "Largest value."),
        AQLFunction("AVG", [.double], returns: .double, aggregate: true, info: "Mean of the values."),
        AQLFunction("UNIQUECOUNT", [.any], returns: .long, aggregate: true, info: "Number of distinct values."),
        AQLFunction("DISTINCTCOUNT", [.any], returns: .long, aggregate: true, info: "Number of distinct values (QRadar approximates with HyperLogLog; exact here)."),
        AQLFunction("FIRST", [.any], returns: .any, aggregate: true, info: "Value from the first row of the group."),
        AQLFunction("LAST", [.any], returns: .any, aggregate: true, info: "Value from the last row of the group."),
        AQLFunction("STDEV", [.double], returns: .double, aggregate: true, info: "Sample standard deviation."),
        AQLFunction("STDEVP", [.double], returns: .double, aggregate: true, info: "Population standard deviation."),

        // Data retrieval.
        AQLFunction("APPLICATIONNAME", [.long], returns: .string, info: "Flow application name for an application id."),
        AQLFunction("ARIELSERVERS4EPID", [.long], returns: .string, info: "Ariel servers of an event processor id (for PARAMETERS REMOTESERVERS)."),
        AQLFunction("ARIELSERVERS4EPNAME", [.string], returns: .string, info: "Ariel servers of an event processor name."),
        AQLFunction("ASSETHOSTNAME", [.ip, .time], returns: .string, min: 1, info: "Host name of the asset with this IP (optionally at a time)."),
        AQLFunction("ASSETPROPERTY", [.string, .ip, .long], returns: .string, min: 2, info: "An asset property of the asset with this IP."),
        AQLFunction("ASSETUSER", [.ip, .time], returns: .string, min: 1, info: "User of the asset with this IP."),
        AQLFunction("CATEGORYNAME", [.long], returns: .string, info: "Name of a (high- or low-level) category id."),
        AQLFunction("DOMAINNAME", [.long], returns: .string, info: "Name of a domain id."),
        AQLFunction("GEO::LOOKUP", [.ip, .string], returns: .any, min: 1, max: .some(nil), info: "Geographic data for an IP: GEO::LOOKUP(ip, 'city'|'country'|'latitude'|…)."),
        AQLFunction("GEO::LOOKUP_BY_DOMAIN", [.ip, .long, .string], returns: .any, min: 2, max: .some(nil), info: "GEO::LOOKUP within a domain."),
        AQLFunction("GEO::LOOKUP_TEXT", [.ip, .string], returns: .string, min: 1, max: .some(nil), info: "Geographic data for an IP as text."),
        AQLFunction("GEO::LOOKUP_TEXT_BY_DOMAIN", [.ip, .long, .string], returns: .string, min: 2, max: .some(nil), info: "GEO::LOOKUP_TEXT within a domain."),
        AQLFunction("GEO::DISTANCE", [.ip, .ip], returns: .double, info: "Distance in km between the locations of two IPs."),
        AQLFunction("GEO::DISTANCE_BY_DOMAIN", [.ip, .ip, .long], returns: .double, min: 2, info: "GEO::DISTANCE within a domain."),
        AQLFunction("HOSTNAME", [.long], returns: .string, info: "Host name of the appliance for a log source or processor id."),
        AQLFunction("INCIDR", [.string, .ip], returns: .bool, info: "Whether the IP is in the CIDR range: INCIDR('10.0.0.0/8', sourceip)."),
        AQLFunction("INOFFENSE", [.long], returns: .bool, info: "Whether the row contributed to the offense."),
        AQLFunction("LOGSOURCENAME", [.long], returns: .string, info: "Name of a log source id."),
        AQLFunction("LOGSOURCEGROUPNAME", [.any], returns: .string, info: "Names of the log source groups (devicegrouplist)."),
        AQLFunction("LOGSOURCETYPENAME", [.long], returns: .string, info: "Name of a log source type id (devicetype)."),
        AQLFunction("MATCHESASSETSEARCH", [.string, .ip], returns: .bool, info: "Whether the IP's asset matches a saved asset search."),
        AQLFunction("NETWORKNAME", [.ip], returns: .string, info: "Network hierarchy leaf name of an IP."),
        AQLFunction("FULLNETWORKNAME", [.ip], returns: .string, info: "Full network hierarchy name of an IP."),
        AQLFunction("PROCESSORNAME", [.long], returns: .string, info: "Name of an event processor id."),
        AQLFunction("PROTOCOLNAME", [.long], returns: .string, info: "Name of an IP protocol number."),
        AQLFunction("QIDNAME", [.long], returns: .string, info: "Event name of a QID."),
        AQLFunction("QIDDESCRIPTION", [.long], returns: .string, info: "Event description of a QID."),
        AQLFunction("REFERENCEMAP", [.string, .any], returns: .any, info: "Value under a key in a reference map."),
        AQLFunction("REFERENCEMAPSETCONTAINS", [.string, .any, .any], returns: .bool, info: "Whether a reference map of sets holds a value under a key."),
        AQLFunction("REFERENCETABLE", [.string, .string, .any], returns: .any, info: "Value of a column for a key in a reference table."),
        AQLFunction("REFERENCESETCONTAINS", [.string, .any], returns: .bool, info: "Whether a reference set contains a value."),
        AQLFunction("RULENAME", [.any], returns: .any, info: "Rule name(s) for a rule id or a rule list (creEventList)."),

        // Calculation and formatting.
        AQLFunction("BASE64", [.any], returns: .string, info: "Base64 encoding of the value's bytes."),
        AQLFunction("CONCAT", [.string], returns: .string, min: 1, max: .some(nil), info: "Concatenation of the values as text."),
        AQLFunction("DATEFORMAT", [.time, .string], returns: .string, info: "Formats epoch ms with a Java SimpleDateFormat pattern."),
        AQLFunction("DOUBLE", [.any], returns: .double, info: "Converts to a double."),
        AQLFunction("LONG", [.any], returns: .long, info: "Converts to a long (IPv4 addresses to their 32-bit value)."),
        AQLFunction("STR", [.any], returns: .string, info: "Converts to text."),
        AQLFunction("UTF8", [.any], returns: .string, info: "Decodes bytes (payload) as UTF-8 text."),
        AQLFunction("LOWER", [.string], returns: .string, info: "Lower-cases text."),
        AQLFunction("UPPER", [.string], returns: .string, info: "Upper-cases text."),
        AQLFunction("LEN", [.string], returns: .long, info: "Length of the text in characters."),
        AQLFunction("STRLEN", [.string], returns: .long, info: "Length of the text in characters."),
        AQLFunction("STRPOS", [.string, .string, .long], returns: .long, min: 2, info: "0-based index of a substring (-1 if absent)."),
        AQLFunction("SUBSTRING", [.string, .long, .long], returns: .string, min: 2, info: "Substring from a 0-based start for a length."),
        AQLFunction("REPLACEALL", [.string, .string, .string], returns: .string, info: "REPLACEALL(regex, text, replacement): replaces every match."),
        AQLFunction("REPLACEFIRST", [.string, .string, .string], returns: .string, info: "REPLACEFIRST(regex, text, replacement): replaces the first match."),
        AQLFunction("NOW", [], returns: .time, info: "Current time in epoch ms."),
        AQLFunction("PARSEDATETIME", [.string], returns: .time, info: "Epoch ms of 'now', '<n> <units> ago' or a QRadar date string."),
        AQLFunction("PARSETIMESTAMP", [.string, .string], returns: .time, info: "PARSETIMESTAMP(pattern, text): epoch ms of text read with a SimpleDateFormat pattern."),
    ]
}
