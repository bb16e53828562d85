#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The emulated QRadar console's data plane: Ariel store, log sources, QID map, Ariel searches, the Custom Rules
/// Engine, offenses and notes, closing reasons, offense types, addresses, reference sets and assets.
///
/// Every method returns complete QRadar-shaped objects (QRADAR.md §2, §3, §5, §6) and throws ``EngineError`` with
/// QRadar's HTTP status and unique code. All methods are safe to call from any thread or task: state sits behind
/// one mutex, and every change is written to SQLite (when a data directory is configured) before the call returns.
public final class QRadarEngine: Sendable {
    let configuration: EngineConfiguration
    private let state: Mutex<EngineState>

    /// Opens (or creates) the engine's state; with a data directory, the state of the previous run is reloaded.
    /// Throws when the data directory or the rules file cannot be used.
    public init(configuration: EngineConfiguration) throws {
        self.configuration = configuration
        state = Mutex(try EngineState(configuration: configuration))
    }

    private func withState<T: Sendable>(_ body: (inout EngineState) throws(EngineError) -> T) throws(EngineError) -> T {
        try state.withLock { (s: inout EngineState) throws(EngineError) -> T in
            defer { s.flush() }
            return try body(&s)
        }
    }

    private func withState<T: Sendable>(_ body: (inout EngineState) -> T) -> T {
        state.withLock { (s: inout EngineState) -> T in
            defer { s.flush() }
            return body(&s)
        }
    }

    // MARK: Offenses (§2)

    /// All offenses, ascending by id.
    public func offenses() -> [JSONValue] {
        withState { s in s.offenses.keys.sorted().compactMap { s.offenses[$0]?.json } }
    }

    /// One offense; 404/1002 if absent.
    public func offense(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.offense(id).json }
    }

    /// `POST /siem/offenses/{id}`: change status, assignment, follow-up, protection. Closing needs a usable
    /// closing reason (422/1005); a CLOSED offense cannot be reopened (409/1008); a bad status is 422/11.
    /// `user` becomes `closing_user` when the call closes the offense.
    public func updateOffense(id: Int64, status: String?, closingReasonID: Int64?, assignedTo: String?, followUp: Bool?, protected: Bool?, user: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in
            try s.updateOffense(id: id, status: status, closingReasonID: closingReasonID, assignedTo: assignedTo,
                                followUp: followUp, protected: `protected`, user: user)
        }
    }

    /// The notes of an offense, ascending by id.
    public func offenseNotes(offenseID: Int64) throws(EngineError) -> [JSONValue] {
        try withState { (s) throws(EngineError) in try s.notes(offenseID: offenseID) }
    }

    /// One note of an offense.
    public func offenseNote(offenseID: Int64, noteID: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.note(offenseID: offenseID, noteID: noteID) }
    }

    /// Adds a note; `user` is the note's `username` as the HTTP layer renders it ("API_user: name" or "admin").
    /// An empty text is 422/8.
    public func addOffenseNote(offenseID: Int64, text: String, user: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.addNote(offenseID: offenseID, text: text, user: user) }
    }

    /// Closing reasons; reserved and deleted ones only when asked for.
    public func closingReasons(includeReserved: Bool, includeDeleted: Bool) -> [JSONValue] {
        withState { s in s.closingReasonList(includeReserved: includeReserved, includeDeleted: includeDeleted) }
    }

    /// One closing reason.
    public func closingReason(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.closingReason(id) }
    }

    /// Adds a closing reason (5–60 characters, else 422/1005; 409/1004 when the text exists).
    public func addClosingReason(text: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.addClosingReason(text) }
    }

    /// Offense types, ascending by id (custom-property types appear once a rule indexes on them).
    public func offenseTypes() -> [JSONValue] {
        withState { s in s.offenseTypes.keys.sorted().compactMap { s.offenseTypes[$0]?.json } }
    }

    /// One offense type.
    public func offenseType(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.offenseTypeJSON(id) }
    }

    /// `/siem/source_addresses`.
    public func sourceAddresses() -> [JSONValue] {
        withState { s in s.sourceAddresses.keys.sorted().compactMap { s.sourceAddresses[$0]?.json } }
    }

    /// One source address.
    public func sourceAddress(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.sourceAddressJSON(id) }
    }

    /// `/siem/local_destination_addresses`.
    public func localDestinationAddresses() -> [JSONValue] {
        withState { s in s.localDestinations.keys.sorted().compactMap { s.localDestinations[$0]?.json } }
    }

    /// One local destination address.
    public func localDestinationAddress(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.localDestinationJSON(id) }
    }

    /// The emulated CRE's rules as `/analytics/rules` objects.
    public func rules() -> [JSONValue] {
        withState { s in s.rules.map { $0.json(created: s.rulesLoadedAt) } }
    }

    // MARK: Ariel (§3)

    /// Creates a search (201 body, status WAIT); 422/2000 on invalid AQL; 409/1004 when the INTO name is
    /// taken. An identical query created within the last 30 s returns the earlier search.
    public func createSearch(queryExpression: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.createSearch(queryExpression) }
    }

    /// The search object (a poll: its status advances on the engine clock).
    public func search(id: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in
            let search = try s.pollSearch(id)
            return search.json(at: s.now)
        }
    }

    /// `Prefer: wait=N`: polls for up to `seconds` of wall time until the search is COMPLETED, CANCELED or ERROR.
    /// `completed` is false when the wait ran out (the HTTP layer answers 206).
    public func waitForSearch(id: String, seconds: Int) async throws(EngineError) -> (search: JSONValue, completed: Bool) {
        let deadline = EngineState.wallMillis() + Int64(max(0, seconds)) * 1000
        while true {
            let (json, status) = try withState { (s) throws(EngineError) -> (JSONValue, String) in
                let search = try s.pollSearch(id)
                return (search.json(at: s.now), search.status(at: s.now))
            }
            let done = status == "COMPLETED" || status == "CANCELED" || status == "ERROR"
            if done || EngineState.wallMillis() >= deadline { return (json, status == "COMPLETED") }
            do {
                try await Task.sleep(nanoseconds: 50_000_000)
            } catch {
                return (json, false)
            }
        }
    }

    /// Results; 404/1003 while running. `database` is "events" or "flows"; each row is keyed by the AQL result
    /// column names (IPs as strings, times as epoch-ms integers, null for missing values).
    public func searchResults(id: String) throws(EngineError) -> (database: String, rows: [JSONValue]) {
        try withState { (s) throws(EngineError) in
            let (db, rows) = try s.searchResults(id)
            return (database: db, rows: rows)
        }
    }

    /// `/ariel/searches/{id}/metadata` columns.
    public func searchColumns(id: String) throws(EngineError) -> [JSONValue] {
        try withState { (s) throws(EngineError) in
            guard let search = s.searches[id] else { throw EngineState.searchNotFound(id) }
            return search.columnsJSON
        }
    }

    /// `POST /ariel/searches/{id}`: `status=CANCELED` (the only valid value, else 422/11) cancels a running
    /// search; `save_results` is recorded when no status is given.
    public func updateSearch(id: String, status: String?, saveResults: Bool?) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.updateSearch(id, status: status, saveResults: saveResults) }
    }

    /// `DELETE /ariel/searches/{id}` (202 body: the search as it was).
    public func deleteSearch(id: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.deleteSearch(id) }
    }

    /// The ids of the searches that exist, oldest first.
    public func searchIDs() -> [String] {
        withState { s in
            s.expireSearches()
            return s.searches.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map(\.id)
        }
    }

    /// `["events", "flows"]`.
    public func databases() -> [String] { ["events", "flows"] }

    /// `/ariel/databases/{name}` columns (built-in fields, then custom properties seen so far); 404/1002 for an
    /// unknown database.
    public func databaseColumns(name: String) throws(EngineError) -> [JSONValue] {
        try withState { (s) throws(EngineError) in
            let table: ArielTable
            switch name.lowercased() {
            case "events": table = s.events
            case "flows": table = s.flows
            default:
                throw EngineError(httpStatus: 404, code: 1002, message: "Database \(name) does not exist.",
                                  description: "The database does not exist.")
            }
            var out = table.schema.columns.filter { !$0.hidden }.map(\.json)
            for p in table.propertyNames {
                out.append(["argument_type": "STRING", "indexable": false, "name": .string(p), "nullable": true,
                            "object_value_type": "String", "provider_name": "CustomProperty"])
            }
            return out
        }
    }

    /// `/ariel/validators/aql`: `{"error_messages": []}` for a valid query, else one message with its position.
    public func validateAQL(_ query: String) -> JSONValue {
        withState { s in s.validate(query) }
    }

    // MARK: Reference data (§5.1)

    /// Set metadata without data.
    public func referenceSets() -> [JSONValue] {
        withState { s in s.referenceSetList() }
    }

    /// Set metadata with `data` (expired elements are gone); 404/1002 if absent.
    public func referenceSet(name: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.liveSet(name).withData(now: s.now) }
    }

    /// Creates a set (201 body). Missing name/element_type 422/8, bad enums 422/11, bad time_to_live 422/1005,
    /// existing name 409/1004.
    public func createReferenceSet(name: String, elementType: String, timeoutType: String?, timeToLive: String?) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in
            try s.createReferenceSet(name: name, elementType: elementType, timeoutType: timeoutType, timeToLive: timeToLive)
        }
    }

    /// Upserts a value (200 body: set metadata); a value of the wrong type is 422/1005.
    public func addToReferenceSet(name: String, value: String, source: String?) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.addToReferenceSet(name: name, value: value, source: source) }
    }

    /// Bulk load (200 body: set metadata); all values are validated before any is added.
    public func bulkLoadReferenceSet(name: String, values: [String]) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.bulkLoad(name: name, values: values) }
    }

    /// Removes a value; 404/1003 if absent.
    public func deleteReferenceSetValue(name: String, value: String) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.deleteReferenceSetValue(name: name, value: value) }
    }

    /// Deletes or purges a set (202 body: a COMPLETED task object).
    public func deleteReferenceSet(name: String, purgeOnly: Bool) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.deleteReferenceSet(name: name, purgeOnly: purgeOnly) }
    }

    /// `/system/task_management/tasks/{id}`.
    public func task(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in try s.taskJSON(id) }
    }

    // MARK: Assets, log sources (§6)

    /// `/asset_model/assets`, ascending by id.
    public func assets() -> [JSONValue] {
        withState { s in s.assets.sorted }
    }

    /// `/config/event_sources/log_source_management/log_sources`, ascending by id.
    public func logSources() -> [JSONValue] {
        withState { s in
            let t = s.now
            return s.logSources.sorted.map { $0.json(now: t) }
        }
    }

    /// One log source; 404/1002 if absent.
    public func logSource(id: Int64) throws(EngineError) -> JSONValue {
        try withState { (s) throws(EngineError) in
            guard let src = s.logSources.source(id) else {
                throw EngineError(httpStatus: 404, code: 1002, message: "No log source was found for the provided id.",
                                  description: "The log source does not exist.")
            }
            return src.json(now: s.now)
        }
    }

    /// `/config/event_sources/log_source_management/log_source_types`, ascending by id.
    public func logSourceTypes() -> [JSONValue] {
        withState { s in s.logSourceTypes.sorted.map(\.json) }
    }

    // MARK: Ingest

    /// One syslog line from the sink (start time = `receivedAt`). Malformed lines are counted and quarantined,
    /// never thrown.
    public func ingestLEEF(_ line: String, sourceHost: String?, receivedAt: Int64) -> IngestOutcome {
        withState { s in
            switch s.ingestLEEFLine(line, sourceHost: sourceHost, receivedAt: receivedAt, historical: false) {
            case .success(let offenses):
                return IngestOutcome(accepted: true, reason: nil, offenseIDs: offenses)
            case .failure(let e):
                s.reject(e.message, line: line)
                return IngestOutcome(accepted: false, reason: e.message, offenseIDs: [])
            }
        }
    }

    /// Ariel JSONL (one object per line). Bad lines are counted in `rejected` with their line numbers; the load
    /// never aborts.
    public func load(jsonLines: String) throws(EngineError) -> LoadSummary {
        withState { s in s.loadJSONLines(jsonLines) }
    }

    /// Historical LEEF lines (start time = the event's devTime, else its syslog timestamp, else now).
    public func load(leefLines: String, sourceHost: String?) -> LoadSummary {
        withState { s in s.loadLEEFLines(leefLines, sourceHost: sourceHost) }
    }

    /// A file: `.jsonl`/`.json`/`.ndjson` as Ariel JSONL, `.leef`/`.log`/`.syslog`/`.txt` as LEEF, otherwise
    /// sniffed from its first non-blank line. 404/1002 when the file cannot be read.
    public func loadFile(path: String) throws(EngineError) -> LoadSummary {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EngineError(httpStatus: 404, code: 1002, message: "Cannot read \(path): \(error)", description: "The file could not be read.")
        }
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let isJSON: Bool
        switch ext {
        case "jsonl", "json", "ndjson": isJSON = true
        case "leef", "log", "syslog", "txt": isJSON = false
        default:
            let first = text.split(separator: "\n").first { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
            isJSON = first?.drop { $0 == " " || $0 == "\t" }.first == "{"
        }
        if isJSON { return try load(jsonLines: text) }
        return load(leefLines: text, sourceHost: nil)
    }

    /// Adds or replaces assets (QRadar asset objects, §6.2, or the simpler CMDB shape). All are validated
    /// before any is stored; an invalid one is 422/1005.
    public func addAssets(_ assets: [JSONValue]) throws(EngineError) {
        try withState { (s) throws(EngineError) in
            var store = s.assets
            var ids: [Int64] = []
            for a in assets {
                let stored = try store.upsert(a, now: s.now)
                if let id = stored["id"]?.intValue { ids.append(id) }
            }
            s.assets = store
            for id in ids { s.markDirty("asset", id) }
        }
    }

    /// Counts: events, flows, offenses, open offenses, rejected lines, the quarantine (last 100 rejected lines
    /// with reasons), persistence errors.
    public func stats() -> JSONValue {
        withState { s in s.stats() }
    }
}
