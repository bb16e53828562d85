import VigilCore

/// One custom rule of the emulated Custom Rules Engine, as configured in the rules JSON file.
///
/// Shape (every `match` test is optional; the tests given must all hold; lists inside a test are alternatives):
/// ```json
/// {"id": 100100, "name": "…", "enabled": true, "type": "EVENT",
///  "match": {"qids": [5000001], "eventNames": ["…"], "eventIDs": ["4625"], "logSourceTypes": ["…"],
///            "categories": ["Host Login Failed"], "highLevelCategories": ["Authentication"],
///            "properties": [{"property": "username", "equals": "admin"}, {"property": "URL", "contains": "/admin"}],
///            "referenceSet": {"name": "Watchlist", "property": "username"},
///            "threshold": {"count": 5, "withinSeconds": 600, "groupBy": "username"}},
///  "response": {"offense": true, "indexOn": ["username", "sourceip"], "description": "…",
///               "severity": {"set": 3}, "credibility": {"adjust": 1}, "relevance": {"set": 5}}}
/// ```
/// `property` names are Ariel field names (`username`, `sourceip`, `logsourceid` …), the derived names `qidname`,
/// `eventid`, `logsourcename`, `logsourcetypename`, `categoryname`, `highlevelcategoryname`, LEEF header fields
/// `leefvendor`/`leefproduct`/`leefeventid`, or a custom property's display name (all case-insensitive).
struct CRERule: Sendable, Hashable {
    struct PropertyTest: Sendable, Hashable {
        var property: String
        var equals: [String]
        var contains: [String]
        var ignoreCase: Bool
    }

    struct ReferenceSetTest: Sendable, Hashable {
        var name: String
        var property: String
    }

    struct Threshold: Sendable, Hashable {
        var count: Int
        var withinMillis: Int64
        var groupBy: String?
    }

    struct Adjustment: Sendable, Hashable {
        var set: Int64?
        var adjust: Int64

        func apply(_ v: Int64) -> Int64 { min(10, max(0, (set ?? v) + adjust)) }
    }

    var id: Int64
    var name: String
    var enabled: Bool
    /// EVENT, FLOW or COMMON.
    var type: String
    var notes: String
    // match
    var qids: Set<Int64>
    var eventNames: Set<String>
    var eventIDs: Set<String>
    var logSourceTypes: Set<String>
    var categories: Set<String>
    var highLevelCategories: Set<String>
    var properties: [PropertyTest]
    var referenceSet: ReferenceSetTest?
    var threshold: Threshold?
    // response
    var createsOffense: Bool
    var indexOn: [String]
    var offenseDescription: String
    var severity: Adjustment?
    var credibility: Adjustment?
    var relevance: Adjustment?

    func applies(toDatabase db: String) -> Bool {
        switch type {
        case "COMMON": return true
        case "FLOW": return db == "flows"
        default: return db == "events"
        }
    }

    /// QRadar's `/analytics/rules` object for this rule.
    func json(created: Int64) -> JSONValue {
        [
            "id": .int(id), "name": .string(name), "type": .string(type), "enabled": .bool(enabled),
            "owner": "admin", "origin": "USER", "base_capacity": 0, "base_host_id": 0, "average_capacity": 0,
            "capacity_timestamp": 0, "identifier": .string("VIGIL-EMU-\(id)"), "linked_rule_identifier": .null,
            "creation_date": .int(created), "modification_date": .int(created),
        ]
    }

    static func invalid(_ message: String) -> EngineError {
        EngineError(httpStatus: 422, code: 1005, message: "Invalid rules file: \(message)", description: "The custom rules could not be loaded.")
    }

    /// Reads rules from a JSON document: `{"rules": [...]}` or a bare array.
    static func parse(_ text: String) throws(EngineError) -> [CRERule] {
        let doc: JSONValue
        do { doc = try JSONText.parse(text) } catch { throw invalid(error.description) }
        guard let list = doc["rules"]?.arrayValue ?? doc.arrayValue else { throw invalid("expected {\"rules\": [...]} or an array") }
        var out: [CRERule] = []
        var ids = Set<Int64>()
        for (k, item) in list.enumerated() {
            let rule = try CRERule(json: item, position: k)
            guard ids.insert(rule.id).inserted else { throw invalid("duplicate rule id \(rule.id)") }
            out.append(rule)
        }
        return out
    }

    init(json: JSONValue, position: Int) throws(EngineError) {
        guard case .object(let o) = json else { throw Self.invalid("rule \(position) is not an object") }
        guard let id = o["id"]?.intValue else { throw Self.invalid("rule \(position) has no integer id") }
        guard let name = o["name"]?.stringValue, !name.isEmpty else { throw Self.invalid("rule \(id) has no name") }
        self.id = id
        self.name = name
        enabled = o["enabled"]?.boolValue ?? true
        type = (o["type"]?.stringValue ?? "EVENT").uppercased()
        guard ["EVENT", "FLOW", "COMMON"].contains(type) else { throw Self.invalid("rule \(id): type must be EVENT, FLOW or COMMON") }
        notes = o["notes"]?.stringValue ?? ""

        let m = o["match"]?.objectValue ?? [:]
        func strings(_ key: String) -> [String] {
            if let s = m[key]?.stringValue { return [s] }
            return (m[key]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
        }
        qids = Set((m["qids"]?.arrayValue ?? []).compactMap(\.intValue))
        eventNames = Set(strings("eventNames").map { $0.lowercased() })
        eventIDs = Set(strings("eventIDs"))
        logSourceTypes = Set(strings("logSourceTypes").map { $0.lowercased() })
        categories = Set(strings("categories").map { $0.lowercased() })
        highLevelCategories = Set(strings("highLevelCategories").map { $0.lowercased() })
        var props: [PropertyTest] = []
        for p in m["properties"]?.arrayValue ?? [] {
            guard let prop = p["property"]?.stringValue else { throw Self.invalid("rule \(id): a property test needs \"property\"") }
            func list(_ key: String) -> [String] {
                if let s = p[key]?.stringValue { return [s] }
                if let i = p[key]?.intValue { return [String(i)] }
                return (p[key]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
            }
            let test = PropertyTest(property: prop, equals: list("equals"), contains: list("contains"),
                                    ignoreCase: p["ignoreCase"]?.boolValue ?? true)
            guard !test.equals.isEmpty || !test.contains.isEmpty else {
                throw Self.invalid("rule \(id): property test on \(prop) needs \"equals\" or \"contains\"")
            }
            props.append(test)
        }
        properties = props
        if let r = m["referenceSet"] {
            guard let n = r["name"]?.stringValue, let p = r["property"]?.stringValue else {
                throw Self.invalid("rule \(id): referenceSet needs name and property")
            }
            referenceSet = ReferenceSetTest(name: n, property: p)
        } else {
            referenceSet = nil
        }
        if let t = m["threshold"] {
            guard let c = t["count"]?.intValue, (1...100_000).contains(c), let w = t["withinSeconds"]?.intValue, (1...31_536_000).contains(w) else {
                throw Self.invalid("rule \(id): threshold needs count 1...100000 and withinSeconds 1...31536000")
            }
            threshold = Threshold(count: Int(c), withinMillis: w * 1000, groupBy: t["groupBy"]?.stringValue)
        } else {
            threshold = nil
        }

        let r = o["response"]?.objectValue ?? [:]
        createsOffense = r["offense"]?.boolValue ?? true
        if let s = r["indexOn"]?.stringValue {
            indexOn = [s]
        } else {
            indexOn = (r["indexOn"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        if indexOn.isEmpty { indexOn = ["sourceip"] }
        offenseDescription = r["description"]?.stringValue ?? name
        func adjustment(_ key: String) throws(EngineError) -> Adjustment? {
            guard let a = r[key] else { return nil }
            if let v = a.intValue {
                guard (0...10).contains(v) else { throw Self.invalid("rule \(id): \(key) must be 0...10") }
                return Adjustment(set: v, adjust: 0)
            }
            let set = a["set"]?.intValue
            let adjust = a["adjust"]?.intValue ?? 0
            if set == nil && a["adjust"] == nil { throw Self.invalid("rule \(id): \(key) needs set or adjust") }
            if let s = set, !(0...10).contains(s) { throw Self.invalid("rule \(id): \(key).set must be 0...10") }
            guard (-10...10).contains(adjust) else { throw Self.invalid("rule \(id): \(key).adjust must be -10...10") }
            return Adjustment(set: set, adjust: adjust)
        }
        severity = try adjustment("severity")
        credibility = try adjustment("credibility")
        relevance = try adjustment("relevance")
    }
}
