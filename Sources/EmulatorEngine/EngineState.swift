#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import AQL

/// A line the engine could not load, kept (bounded) for inspection.
struct QuarantinedLine: Sendable {
    var reason: String
    var line: String
    var receivedAt: Int64
}

/// Everything the engine knows, guarded by the engine's mutex. Mutations mark objects dirty; ``flush()`` writes
/// them (and new events/flows) to SQLite in one transaction.
struct EngineState: Sendable {
    static let quarantineLimit = 100
    static let searchRetentionMillis: Int64 = 86_400_000

    let clock: @Sendable () -> Int64
    let timing: SearchTiming
    let db: EngineDatabase?

    var events = ArielTable(schema: .events)
    var flows = ArielTable(schema: .flows)
    var categories = CategoryCatalog()
    var qids = QIDMap()
    var logSourceTypes = LogSourceTypeCatalog()
    var logSources: LogSourceRegistry
    var applications = ApplicationCatalog()
    let network = NetworkCatalog()

    let rules: [CRERule]
    let rulesByID: [Int64: CRERule]
    let rulesLoadedAt: Int64
    /// Threshold-rule windows: "ruleID␟group" → event times in the window.
    var thresholdWindows: [String: [Int64]] = [:]

    var offenses: [Int64: Offense] = [:]
    var nextOffenseID: Int64 = 1
    /// "offenseType␟indexValue" → the OPEN or HIDDEN offense it feeds.
    var activeOffenseIndex: [String: Int64] = [:]
    var notes: [Int64: OffenseNote] = [:]
    var notesByOffense: [Int64: [Int64]] = [:]
    var nextNoteID: Int64 = 1
    var closingReasons: [Int64: ClosingReason] = [:]
    var offenseTypes: [Int64: OffenseType] = [:]
    var sourceAddresses: [Int64: SourceAddress] = [:]
    var sourceAddressByIP: [String: Int64] = [:]
    var localDestinations: [Int64: LocalDestinationAddress] = [:]
    var localDestinationByIP: [String: Int64] = [:]
    var nextAddressID: Int64 = 1

    var referenceSets: [String: ReferenceSet] = [:]
    var tasks: [Int64: EngineTask] = [:]
    var nextTaskID: Int64 = 1
    var assets = AssetStore()

    var searches: [String: ArielSearch] = [:]

    var rejectedLines = 0
    var quarantine: [QuarantinedLine] = []
    var persistenceErrors = 0
    var lastPersistenceError: String?

    var dirty: [ObjectKey] = []
    var dirtySet: Set<ObjectKey> = []
    var pendingEvents: [ArielRecord] = []
    var pendingFlows: [ArielRecord] = []

    var now: Int64 { clock() }

    init(configuration: EngineConfiguration) throws {
        clock = configuration.now
        timing = configuration.searchTiming
        let t = configuration.now()
        logSources = LogSourceRegistry(now: t)
        rulesLoadedAt = t
        if let file = configuration.rulesFile {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw EngineError(httpStatus: 500, code: 1020, message: "Cannot read the rules file \(file): \(error)")
            }
            rules = try CRERule.parse(text)
        } else {
            rules = try CRERule.parse(DefaultRules.json)
        }
        rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for r in ClosingReason.stock { closingReasons[r.id] = r }
        for o in OffenseType.stock { offenseTypes[o.id] = o }
        if let dir = configuration.dataDirectory {
            db = try EngineDatabase(directory: dir)
            try restore()
        } else {
            db = nil
        }
        // The console's own CRE log source exists from the first start on.
        markDirty("logSource", LogSourceRegistry.creID)
        if assets.assets.isEmpty {
            for a in AssetStore.demo { if let asset = try? assets.upsert(a, now: t), let id = asset["id"]?.intValue { markDirty("asset", id) } }
        }
        flush()
    }

    // MARK: Dirty tracking and flushing

    mutating func markDirty(_ kind: String, _ key: String) {
        let k = ObjectKey(kind: kind, key: key)
        if dirtySet.insert(k).inserted { dirty.append(k) }
    }

    mutating func markDirty(_ kind: String, _ id: Int64) { markDirty(kind, String(id)) }

    /// Writes every dirty object and pending row; failures are counted (the in-memory state stays authoritative).
    mutating func flush() {
        guard let db else {
            dirty.removeAll()
            dirtySet.removeAll()
            pendingEvents.removeAll()
            pendingFlows.removeAll()
            return
        }
        guard !dirty.isEmpty || !pendingEvents.isEmpty || !pendingFlows.isEmpty else { return }
        var batch = PersistBatch()
        let encoder = JSONEncoder()
        for key in dirty { batch.objects.append((key, body(for: key, encoder: encoder))) }
        batch.events = pendingEvents
        batch.flows = pendingFlows
        dirty.removeAll()
        dirtySet.removeAll()
        pendingEvents.removeAll(keepingCapacity: true)
        pendingFlows.removeAll(keepingCapacity: true)
        do {
            try db.write(batch)
        } catch {
            persistenceErrors += 1
            lastPersistenceError = "\(error)"
        }
    }

    /// The current encoding of an object, or nil when it no longer exists.
    private func body(for key: ObjectKey, encoder: JSONEncoder) -> Data? {
        func enc<T: Encodable>(_ v: T?) -> Data? { v.flatMap { try? encoder.encode($0) } }
        let id = Int64(key.key)
        switch key.kind {
        case "offense": return enc(id.flatMap { offenses[$0] })
        case "note": return enc(id.flatMap { notes[$0] })
        case "closingReason": return enc(id.flatMap { closingReasons[$0] })
        case "offenseType": return enc(id.flatMap { offenseTypes[$0] })
        case "sourceAddress": return enc(id.flatMap { sourceAddresses[$0] })
        case "localDestination": return enc(id.flatMap { localDestinations[$0] })
        case "task": return enc(id.flatMap { tasks[$0] })
        // JSONValue bodies go through JSONText so integral doubles (risk_score_sum 0.0) stay doubles.
        case "asset": return id.flatMap { assets.assets[$0] }.map { Data(JSONText.encode($0).utf8) }
        case "logSource": return enc(id.flatMap { logSources.source($0) })
        case "logSourceType": return enc(id.flatMap { logSourceTypes.type($0) })
        case "qid": return enc(id.flatMap { qids.entry($0) })
        case "category": return enc(id.flatMap { categories.lowLevelCategory($0) })
        case "application":
            return id.flatMap { i in applications.name(i).map { Data(JSONText.encode(["id": .int(i), "name": .string($0)]).utf8) } }
        case "refset":
            guard var set = referenceSets[key.key] else { return nil }
            set.elements = [:]
            return enc(set)
        case "refelem":
            let parts = key.key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return enc(referenceSets[String(parts[0])]?.elements[String(parts[1])])
        case "counter":
            switch key.key {
            case "offense": return enc(nextOffenseID)
            case "note": return enc(nextNoteID)
            case "address": return enc(nextAddressID)
            case "task": return enc(nextTaskID)
            default: return nil
            }
        default: return nil
        }
    }

    /// Reloads the previous run's state from the database.
    private mutating func restore() throws {
        guard let db else { return }
        let decoder = JSONDecoder()
        func each<T: Decodable>(_ kind: String, _ type: T.Type, _ body: (String, T) -> Void) throws {
            for (key, data) in try db.objects(kind: kind) {
                if let v = try? decoder.decode(T.self, from: data) { body(key, v) }
            }
        }
        try each("category", LowLevelCategory.self) { _, c in categories.add(c) }
        try each("logSourceType", LogSourceType.self) { _, t in logSourceTypes.add(t) }
        try each("qid", QIDEntry.self) { _, q in qids.add(q) }
        func eachJSON(_ kind: String, _ body: (JSONValue) -> Void) throws {
            for (_, data) in try db.objects(kind: kind) {
                if let v = try? JSONText.parse(String(decoding: data, as: UTF8.self)) { body(v) }
            }
        }
        try eachJSON("application") { a in
            if let id = a["id"]?.intValue, let name = a["name"]?.stringValue { applications.add(id: id, name: name) }
        }
        try each("logSource", LogSource.self) { _, s in logSources.add(s) }
        try each("closingReason", ClosingReason.self) { _, r in closingReasons[r.id] = r }
        try each("offenseType", OffenseType.self) { _, t in offenseTypes[t.id] = t }
        try each("offense", Offense.self) { _, o in
            offenses[o.id] = o
            nextOffenseID = max(nextOffenseID, o.id + 1)
            if o.status != "CLOSED" { activeOffenseIndex[Self.indexKey(o.offenseType, o.offenseSource)] = o.id }
        }
        try each("note", OffenseNote.self) { _, n in
            notes[n.id] = n
            notesByOffense[n.offenseID, default: []].append(n.id)
            nextNoteID = max(nextNoteID, n.id + 1)
        }
        for k in notesByOffense.keys { notesByOffense[k]?.sort() }
        try each("sourceAddress", SourceAddress.self) { _, a in
            sourceAddresses[a.id] = a
            sourceAddressByIP[a.ip] = a.id
            nextAddressID = max(nextAddressID, a.id + 1)
        }
        try each("localDestination", LocalDestinationAddress.self) { _, a in
            localDestinations[a.id] = a
            localDestinationByIP[a.ip] = a.id
            nextAddressID = max(nextAddressID, a.id + 1)
        }
        try each("refset", ReferenceSet.self) { name, s in referenceSets[name] = s }
        try each("refelem", ReferenceSetElement.self) { key, e in
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return }
            referenceSets[String(parts[0])]?.elements[String(parts[1])] = e
        }
        try each("task", EngineTask.self) { _, t in
            tasks[t.id] = t
            nextTaskID = max(nextTaskID, t.id + 1)
        }
        try eachJSON("asset") { a in assets.restore(a) }
        try each("counter", Int64.self) { key, v in
            switch key {
            case "offense": nextOffenseID = max(nextOffenseID, v)
            case "note": nextNoteID = max(nextNoteID, v)
            case "address": nextAddressID = max(nextAddressID, v)
            case "task": nextTaskID = max(nextTaskID, v)
            default: break
            }
        }
        try db.forEachRecord(table: "events", schema: .events) { events.append($0) }
        try db.forEachRecord(table: "flows", schema: .flows) { flows.append($0) }
    }

    static func indexKey(_ type: Int64, _ value: String) -> String { "\(type)\u{1F}\(value)" }

    // MARK: Quarantine

    mutating func reject(_ reason: String, line: String) {
        rejectedLines += 1
        if quarantine.count >= Self.quarantineLimit { quarantine.removeFirst() }
        let clipped = line.utf8.count > 512 ? String(decoding: Array(line.utf8.prefix(512)), as: UTF8.self) : line
        quarantine.append(QuarantinedLine(reason: reason, line: clipped, receivedAt: now))
    }

    func stats() -> JSONValue {
        let open = offenses.values.filter { $0.status == "OPEN" }.count
        return [
            "events": .int(Int64(events.rowCount)),
            "flows": .int(Int64(flows.rowCount)),
            "offenses": .int(Int64(offenses.count)),
            "open_offenses": .int(Int64(open)),
            "notes": .int(Int64(notes.count)),
            "log_sources": .int(Int64(logSources.sources.count)),
            "reference_sets": .int(Int64(referenceSets.count)),
            "assets": .int(Int64(assets.assets.count)),
            "searches": .int(Int64(searches.count)),
            "rules": .int(Int64(rules.count)),
            "custom_qids": .int(Int64(qids.entries.values.filter(\.custom).count)),
            "rejected": .int(Int64(rejectedLines)),
            "malformed": .int(Int64(rejectedLines)),
            "quarantine": .array(quarantine.map {
                ["reason": .string($0.reason), "line": .string($0.line), "received_at": .int($0.receivedAt)]
            }),
            "persistence_errors": .int(Int64(persistenceErrors)),
            "last_persistence_error": .optional(lastPersistenceError),
            "persistent": .bool(db != nil),
        ]
    }
}
