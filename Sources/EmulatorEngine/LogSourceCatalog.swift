import VigilCore

/// A log source type (a DSM).
struct LogSourceType: Codable, Sendable, Hashable {
    var id: Int64
    var name: String
    /// The short prefix QRadar uses when naming auto-discovered log sources ("WindowsAuthServer @ host").
    var shortName: String
    var internalType: Bool
    var custom: Bool

    var json: JSONValue {
        [
            "id": .int(id), "name": .string(name), "internal": .bool(internalType), "custom": .bool(custom),
            "protocol_types": [["protocol_id": 0, "documented": true]],
            "default_protocol_id": 0, "log_source_extension_id": .null, "supported_language_ids": [1],
            "version": "7.5.0", "latest_version": "7.5.0",
        ]
    }
}

/// Log source types. Ids 12 (Windows security event log) and 18 (Custom Rule Engine) match real consoles
/// (QRADAR.md §6.1 examples); the others are the emulator's.
struct LogSourceTypeCatalog: Sendable {
    static let windowsSecurity: Int64 = 12
    static let customRuleEngine: Int64 = 18
    static let universalLEEF: Int64 = 4001
    static let vigil: Int64 = 4002
    static let firewall: Int64 = 4003
    static let proxy: Int64 = 4004
    static let database: Int64 = 4005
    static let vpn: Int64 = 4006
    static let linux: Int64 = 4007
    static let simGeneric: Int64 = 4010

    private(set) var types: [Int64: LogSourceType] = [:]
    private var byName: [String: Int64] = [:]
    private(set) var nextCustomID: Int64 = 4100

    init() {
        let stock: [LogSourceType] = [
            .init(id: Self.windowsSecurity, name: "Microsoft Windows Security Event Log", shortName: "WindowsAuthServer", internalType: false, custom: false),
            .init(id: Self.customRuleEngine, name: "Custom Rule Engine", shortName: "Custom Rule Engine", internalType: true, custom: false),
            .init(id: Self.universalLEEF, name: "Universal LEEF", shortName: "UniversalLEEF", internalType: false, custom: false),
            .init(id: Self.vigil, name: "Vigil", shortName: "Vigil", internalType: false, custom: true),
            .init(id: Self.firewall, name: "Cisco Adaptive Security Appliance (ASA)", shortName: "ASA", internalType: false, custom: false),
            .init(id: Self.proxy, name: "Blue Coat SG Appliance", shortName: "BlueCoat", internalType: false, custom: false),
            .init(id: Self.database, name: "Oracle RDBMS Audit Record", shortName: "OracleDbAudit", internalType: false, custom: false),
            .init(id: Self.vpn, name: "Cisco AnyConnect VPN", shortName: "AnyConnect", internalType: false, custom: false),
            .init(id: Self.linux, name: "Linux OS", shortName: "LinuxServer", internalType: false, custom: false),
            .init(id: 4008, name: "Palo Alto PA Series", shortName: "PaloAlto", internalType: false, custom: false),
            .init(id: 4009, name: "Microsoft Office 365", shortName: "Office365", internalType: false, custom: false),
            .init(id: 4010, name: "SIM Generic Log DSM", shortName: "SIM Generic", internalType: true, custom: false),
        ]
        for t in stock { add(t) }
    }

    mutating func add(_ t: LogSourceType) {
        types[t.id] = t
        byName[t.name.lowercased()] = t.id
        if t.custom, t.id >= nextCustomID { nextCustomID = t.id + 1 }
    }

    func type(_ id: Int64) -> LogSourceType? { types[id] }

    func id(named name: String) -> Int64? { byName[name.lowercased()] }

    /// A type by name, created as a custom type (DSM-editor style) when unseen.
    mutating func idCreating(named name: String) -> (id: Int64, created: Bool) {
        if let id = byName[name.lowercased()] { return (id, false) }
        let id = nextCustomID
        let short = String(name.filter { !$0.isWhitespace }.prefix(32))
        add(LogSourceType(id: id, name: name, shortName: short.isEmpty ? "Custom" : short, internalType: false, custom: true))
        return (id, true)
    }

    var sorted: [LogSourceType] { types.values.sorted { $0.id < $1.id } }
}

/// A log source (§6.1), auto-discovered on first sight of its identifier like QRadar's traffic analysis.
struct LogSource: Codable, Sendable, Hashable {
    var id: Int64
    var name: String
    var description: String
    var typeID: Int64
    var identifier: String
    var enabled: Bool
    var internalSource: Bool
    var autoDiscovered: Bool
    var credibility: Int64
    var groupIDs: [Int64]
    var creationDate: Int64
    var modifiedDate: Int64
    var lastEventTime: Int64?
    var firstEventTime: Int64?
    var eventCount: Int64

    /// QRadar reports ERROR when a source has been silent this long (the CRE example's message).
    static let silenceMillis: Int64 = 720 * 60_000

    func json(now: Int64) -> JSONValue {
        var status: JSONValue
        if !enabled {
            status = ["status": "DISABLED", "last_updated": .int(modifiedDate), "messages": .null]
        } else if let last = lastEventTime, now - last <= Self.silenceMillis {
            status = ["status": "SUCCESS", "last_updated": .int(last), "messages": .null]
        } else if lastEventTime == nil && !internalSource {
            status = ["status": "N/A", "last_updated": .int(modifiedDate), "messages": .null]
        } else {
            status = [
                "status": "ERROR", "last_updated": .int(now),
                "messages": [[
                    "severity": "ERROR",
                    "text": "Events have not been received from this Log Source in over 720 minutes.",
                    "timestamp": .int(now),
                ]],
            ]
        }
        var eps: Int64 = 0
        if let first = firstEventTime, let last = lastEventTime {
            let seconds = max(1, (last - first) / 1000)
            eps = eventCount / seconds
        }
        return [
            "id": .int(id), "name": .string(name), "description": .string(description), "type_id": .int(typeID),
            "protocol_type_id": 0,
            "protocol_parameters": [
                ["id": 0, "name": "identifier", "value": .string(identifier)],
                ["id": 1, "name": "incomingPayloadEncoding", "value": "UTF-8"],
            ],
            "enabled": .bool(enabled), "gateway": false, "internal": .bool(internalSource),
            "credibility": .int(credibility), "target_event_collector_id": 7,
            "disconnected_log_collector_id": .null, "coalesce_events": true, "store_event_payload": true,
            "log_source_extension_id": .null, "language_id": 1,
            "group_ids": .array(groupIDs.map(JSONValue.int)), "requires_deploy": false, "status": status,
            "auto_discovered": .bool(autoDiscovered), "average_eps": .int(eps),
            "creation_date": .int(creationDate), "modified_date": .int(modifiedDate),
            "last_event_time": .optional(lastEventTime),
            "wincollect_internal_destination_id": .null, "wincollect_external_destination_ids": .null,
            "legacy_bulk_group_name": .null, "sending_ip": .string(identifier), "parsing_order": 0,
        ]
    }
}

/// The log sources of the console.
struct LogSourceRegistry: Sendable {
    private(set) var sources: [Int64: LogSource] = [:]
    private var byIdentity: [String: Int64] = [:]
    private var byName: [String: Int64] = [:]
    private(set) var nextID: Int64 = 100

    /// The console's own CRE log source (`Custom Rule Engine-8 :: <host>`, id 63 in the real example).
    static let creID: Int64 = 63

    /// Every log source sits in the "Other" group (QRadar's default group, id 0 here).
    static let groups: [Int64: String] = [0: "Other"]

    init(now: Int64) {
        add(LogSource(
            id: Self.creID, name: "Custom Rule Engine-8 :: qradar-emulator", description: "Custom Rule Engine",
            typeID: LogSourceTypeCatalog.customRuleEngine, identifier: "127.0.0.1", enabled: true, internalSource: true,
            autoDiscovered: false, credibility: 10, groupIDs: [0], creationDate: now, modifiedDate: now,
            lastEventTime: nil, firstEventTime: nil, eventCount: 0))
    }

    mutating func add(_ s: LogSource) {
        sources[s.id] = s
        byIdentity[Self.identity(s.typeID, s.identifier)] = s.id
        byName[s.name.lowercased()] = s.id
        if s.id >= nextID { nextID = s.id + 1 }
    }

    private static func identity(_ type: Int64, _ identifier: String) -> String { "\(type)\u{1F}\(identifier.lowercased())" }

    func source(_ id: Int64) -> LogSource? { sources[id] }

    func id(named name: String) -> Int64? { byName[name.lowercased()] }

    /// The log source for a type and identifier, auto-discovered when unseen. Returns whether it was created.
    mutating func discover(typeID: Int64, typeShortName: String, identifier: String, now: Int64) -> (id: Int64, created: Bool) {
        if let id = byIdentity[Self.identity(typeID, identifier)] { return (id, false) }
        let id = nextID
        var name = "\(typeShortName) @ \(identifier)"
        if byName[name.lowercased()] != nil { name += " (\(id))" }
        add(LogSource(
            id: id, name: name, description: "\(typeShortName) device", typeID: typeID, identifier: identifier,
            enabled: true, internalSource: false, autoDiscovered: true, credibility: 5, groupIDs: [0],
            creationDate: now, modifiedDate: now, lastEventTime: nil, firstEventTime: nil, eventCount: 0))
        return (id, true)
    }

    /// A log source by name, created (not auto-discovered: named by the loader) when unseen.
    mutating func named(_ name: String, typeID: Int64, now: Int64) -> (id: Int64, created: Bool) {
        if let id = byName[name.lowercased()] { return (id, false) }
        let id = nextID
        add(LogSource(
            id: id, name: name, description: name, typeID: typeID, identifier: name, enabled: true,
            internalSource: false, autoDiscovered: true, credibility: 5, groupIDs: [0], creationDate: now,
            modifiedDate: now, lastEventTime: nil, firstEventTime: nil, eventCount: 0))
        return (id, true)
    }

    /// A log source with an explicit id (JSONL `logsourceid`), created when unseen.
    mutating func withID(_ id: Int64, typeID: Int64, now: Int64) -> Bool {
        if sources[id] != nil { return false }
        add(LogSource(
            id: id, name: "Log Source \(id)", description: "Log Source \(id)", typeID: typeID, identifier: "logsource-\(id)",
            enabled: true, internalSource: false, autoDiscovered: true, credibility: 5, groupIDs: [0],
            creationDate: now, modifiedDate: now, lastEventTime: nil, firstEventTime: nil, eventCount: 0))
        return true
    }

    /// Records events seen at `time` (receive time) from a source.
    mutating func noteEvents(_ id: Int64, count: Int64, at time: Int64) {
        guard var s = sources[id] else { return }
        s.eventCount += count
        s.lastEventTime = max(s.lastEventTime ?? time, time)
        s.firstEventTime = min(s.firstEventTime ?? time, time)
        sources[id] = s
    }

    var sorted: [LogSource] { sources.values.sorted { $0.id < $1.id } }
}
