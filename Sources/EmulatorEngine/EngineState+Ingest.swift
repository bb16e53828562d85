#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import Ingestion
import LEEF

/// Turning Ariel JSONL and LEEF lines into stored events and flows.
extension EngineState {
    /// Records per transaction during bulk loads.
    static let flushEvery = 5_000
    /// How many rejection reasons a load summary carries.
    static let summaryErrorLimit = 20

    struct LineError: Error {
        var message: String
    }

    // MARK: Storing

    /// Runs the CRE on a complete record, updates its log source and stores it. Returns the offenses it fed.
    @discardableResult
    mutating func store(_ record: ArielRecord, database: String, extras: [String: String] = [:], receivedAt: Int64) -> [Int64] {
        var r = record
        runRules(&r, database: database, extras: extras)
        if database == "flows" {
            flows.append(r)
            if db != nil { pendingFlows.append(r) }
        } else {
            if let ls = r.long(EV.logSourceID) {
                logSources.noteEvents(ls, count: max(1, r.long(EV.eventCount) ?? 1), at: receivedAt)
                markDirty("logSource", ls)
            }
            events.append(r)
            if db != nil { pendingEvents.append(r) }
        }
        if pendingEvents.count + pendingFlows.count >= Self.flushEvery { flush() }
        return r.offenses
    }

    // MARK: Ariel JSONL

    /// Loads Ariel JSONL text; bad lines are counted, quarantined and reported with their line numbers.
    mutating func loadJSONLines(_ text: String) -> LoadSummary {
        var summary = LoadSummary()
        Self.forEachLine(text) { lineNumber, lineText in
            do throws(LineError) {
                let (record, database) = try ariel(fromJSONLine: lineText)
                store(record, database: database, receivedAt: now)
                if database == "flows" { summary.flows += 1 } else { summary.events += 1 }
            } catch {
                summary.rejected += 1
                if summary.errors.count < Self.summaryErrorLimit { summary.errors.append("line \(lineNumber): \(error.message)") }
                reject("line \(lineNumber): \(error.message)", line: lineText)
            }
        }
        flush()
        return summary
    }

    /// Calls `body` with each non-blank line (1-based number, text without the line break), splitting on bytes.
    static func forEachLine(_ text: String, _ body: (Int, String) -> Void) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var number = 0
        func emit(_ end: String.Index) {
            number += 1
            var slice = utf8[start..<end]
            if slice.last == 13 { slice = slice.dropLast() }
            if slice.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
            body(number, String(Substring(slice)))
        }
        var i = utf8.startIndex
        while i < utf8.endIndex {
            if utf8[i] == 10 {
                emit(i)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if start < utf8.endIndex { emit(utf8.endIndex) }
    }

    private func jsonInt(_ v: JSONValue?, _ key: String) throws(LineError) -> Int64? {
        guard let v else { return nil }
        switch v {
        case .null: return nil
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded() == d, abs(d) < 9e18 else { throw LineError(message: "\(key) must be an integer") }
            return Int64(d)
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            if let i = Int64(s.trimmingSpaces) { return i }
            if let d = Double(s.trimmingSpaces), d.isFinite, d.rounded() == d, abs(d) < 9e18 { return Int64(d) }
            throw LineError(message: "\(key) must be an integer, got \"\(s.prefix(40))\"")
        default: throw LineError(message: "\(key) must be an integer")
        }
    }

    /// Epoch milliseconds from 1970 to the end of year 9999.
    static let timeRange: ClosedRange<Int64> = 0...253_402_300_799_999

    private func jsonTime(_ v: JSONValue?, _ key: String) throws(LineError) -> Int64? {
        guard let t = try jsonInt(v, key) else { return nil }
        guard Self.timeRange.contains(t) else { throw LineError(message: "\(key) \(t) is not a time in epoch milliseconds") }
        return t
    }

    /// Ids (QIDs, log sources, categories, applications, domains) are non-negative 32-bit numbers on QRadar.
    private func jsonID(_ v: JSONValue?, _ key: String) throws(LineError) -> Int64? {
        guard let i = try jsonInt(v, key) else { return nil }
        guard (0...Int64(Int32.max)).contains(i) else { throw LineError(message: "\(key) \(i) is out of range") }
        return i
    }

    private func jsonString(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        switch v {
        case .null: return nil
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return JSONText.encode(v)
        }
    }

    private func jsonIP(_ v: JSONValue?, _ key: String) throws(LineError) -> String? {
        guard let s = jsonString(v)?.trimmingSpaces, !s.isEmpty else { return nil }
        guard IPAddress.isValid(s) else { throw LineError(message: "\(key) \"\(s.prefix(60))\" is not an IP address") }
        return s
    }

    private func jsonPort(_ v: JSONValue?, _ key: String) throws(LineError) -> Int64? {
        guard let p = try jsonInt(v, key) else { return nil }
        guard (0...65535).contains(p) else { throw LineError(message: "\(key) \(p) is not a port number") }
        return p
    }

    private func clampScore(_ v: Int64?, _ key: String) throws(LineError) -> Int64? {
        guard let v else { return nil }
        guard (0...10).contains(v) else { throw LineError(message: "\(key) must be between 0 and 10") }
        return v
    }

    static let eventKeys: Set<String> = [
        "database", "starttime", "endtime", "devicetime", "qid", "qidname", "category", "categoryname",
        "highlevelcategory", "logsourceid", "logsourcename", "logsourcetypename", "devicetype", "username", "sourceip",
        "destinationip", "sourceport", "destinationport", "protocolid", "protocolname", "magnitude", "severity",
        "credibility", "relevance", "eventcount", "payload", "eventdirection", "identityip", "identityhostname",
        "domainid", "hasoffense", "sourcemac", "destinationmac", "properties",
    ]

    static let flowKeys: Set<String> = [
        "database", "starttime", "endtime", "firstpackettime", "lastpackettime", "qid", "qidname", "category",
        "categoryname", "sourceip", "destinationip", "sourceport", "destinationport", "protocolid", "protocolname",
        "sourcebytes", "destinationbytes", "sourcepackets", "destinationpackets", "applicationid", "applicationname",
        "flowdirection", "flowid", "flowtype", "geographic", "severity", "credibility", "relevance", "magnitude",
        "domainid", "sourcepayload", "destinationpayload", "flowsource", "flowinterface", "flowbias", "icmptype",
        "icmpcode", "sourcedscp", "destinationdscp", "sourceflags", "destinationflags", "hasoffense", "properties",
    ]

    /// Parses one JSONL line into a record of the events or flows table.
    mutating func ariel(fromJSONLine line: String) throws(LineError) -> (ArielRecord, String) {
        let doc: JSONValue
        do { doc = try JSONText.parse(line) } catch { throw LineError(message: "invalid JSON: \(error.description)") }
        guard case .object(let raw) = doc else { throw LineError(message: "a line must be a JSON object") }
        var f: [String: JSONValue] = [:]
        var extra: [(name: String, value: String)] = []
        for (k, v) in raw {
            let lk = k.lowercased()
            if f[lk] == nil { f[lk] = v }
        }
        let database = (jsonString(f["database"]) ?? "events").lowercased()
        guard database == "events" || database == "flows" else { throw LineError(message: "unknown database \"\(database.prefix(40))\"") }
        let known = database == "flows" ? Self.flowKeys : Self.eventKeys
        for (k, v) in raw where !known.contains(k.lowercased()) {
            if let s = jsonString(v) { extra.append((k, s)) }
        }
        if let props = f["properties"] {
            guard case .object(let p) = props else { throw LineError(message: "properties must be an object") }
            for k in p.keys.sorted() { if let s = jsonString(p[k]) { extra.append((k, s)) } }
        }
        extra.sort { $0.name < $1.name }
        if database == "flows" { return (try flowRecord(f, properties: extra), "flows") }
        return (try eventRecord(f, properties: extra, line: line), "events")
    }

    private mutating func resolveCategory(_ f: [String: JSONValue]) throws(LineError) -> Int64? {
        if let c = try jsonID(f["category"], "category") { return c }
        if let name = jsonString(f["categoryname"]), !name.isEmpty {
            let (id, created) = categories.idCreating(named: name)
            if created { markDirty("category", id) }
            return id
        }
        return nil
    }

    private mutating func resolveQID(_ f: [String: JSONValue], category: Int64?, severity: Int64?, fallbackName: String) throws(LineError) -> QIDEntry {
        if let q = try jsonID(f["qid"], "qid") {
            if let e = qids.entry(q) { return e }
            let cat = category ?? CategoryCatalog.unknownLowLevel
            let e = QIDEntry(qid: q, name: "QID \(q)", description: "QID \(q)", lowLevelCategory: cat,
                             severity: severity ?? categories.lowLevelCategory(cat)?.severity ?? 3,
                             logSourceTypeID: nil, eventID: nil, eventCategory: nil, custom: true)
            qids.add(e)
            markDirty("qid", q)
            return e
        }
        let name = jsonString(f["qidname"]).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName
        let cat = category ?? CategoryCatalog.unknownLowLevel
        let (e, created) = qids.resolve(name: name, lowLevelCategory: cat,
                                        severity: severity ?? categories.lowLevelCategory(cat)?.severity ?? 3)
        if created { markDirty("qid", e.qid) }
        return e
    }

    private mutating func eventRecord(_ f: [String: JSONValue], properties: [(name: String, value: String)], line: String) throws(LineError) -> ArielRecord {
        let t = now
        var r = ArielRecord(schema: .events)
        let device = try jsonTime(f["devicetime"], "devicetime")
        let start = try jsonTime(f["starttime"], "starttime") ?? device ?? t
        r.longs[EV.startTime] = start
        r.longs[EV.deviceTime] = device ?? start
        r.longs[EV.endTime] = try jsonTime(f["endtime"], "endtime") ?? start

        // Log source: by id, by name, or the import's own source.
        var typeID = LogSourceTypeCatalog.simGeneric
        if let typeName = jsonString(f["logsourcetypename"]), !typeName.isEmpty {
            let (id, created) = logSourceTypes.idCreating(named: typeName)
            if created { markDirty("logSourceType", id) }
            typeID = id
        } else if let dt = try jsonID(f["devicetype"], "devicetype"), logSourceTypes.type(dt) != nil {
            typeID = dt
        }
        let logSourceID: Int64
        if let id = try jsonID(f["logsourceid"], "logsourceid") {
            if logSources.withID(id, typeID: typeID, now: t) { markDirty("logSource", id) }
            logSourceID = id
        } else {
            let name = jsonString(f["logsourcename"]).flatMap { $0.isEmpty ? nil : $0 } ?? "Ariel Import"
            let (id, created) = logSources.named(name, typeID: typeID, now: t)
            if created { markDirty("logSource", id) }
            logSourceID = id
        }
        r.longs[EV.logSourceID] = logSourceID
        r.longs[EV.deviceType] = logSources.source(logSourceID)?.typeID ?? typeID

        let severity = try clampScore(jsonInt(f["severity"], "severity"), "severity")
        let category = try resolveCategory(f)
        let q = try resolveQID(f, category: category, severity: severity, fallbackName: "Unknown Log Event")
        let cat = category ?? q.lowLevelCategory
        r.longs[EV.qid] = q.qid
        r.longs[EV.category] = cat
        r.longs[EV.highLevelCategory] = categories.highLevelID(of: cat)
        let sev = severity ?? q.severity
        let cred = try clampScore(jsonInt(f["credibility"], "credibility"), "credibility") ?? logSources.source(logSourceID)?.credibility ?? 5
        let rel = try clampScore(jsonInt(f["relevance"], "relevance"), "relevance") ?? 5
        r.longs[EV.severity] = sev
        r.longs[EV.credibility] = cred
        r.longs[EV.relevance] = rel
        r.longs[EV.magnitude] = try clampScore(jsonInt(f["magnitude"], "magnitude"), "magnitude")
            ?? Offense.magnitude(severity: sev, credibility: cred, relevance: rel)
        if let p = try jsonInt(f["protocolid"], "protocolid") {
            guard (0...255).contains(p) else { throw LineError(message: "protocolid \(p) is not an IP protocol number") }
            r.longs[EV.protocolID] = p
        } else if let name = jsonString(f["protocolname"]) {
            guard let p = NetworkCatalog.protocolID(name) else { throw LineError(message: "unknown protocolname \"\(name.prefix(40))\"") }
            r.longs[EV.protocolID] = p
        } else {
            r.longs[EV.protocolID] = 255
        }
        let count = try jsonInt(f["eventcount"], "eventcount") ?? 1
        guard (1...1_000_000_000).contains(count) else { throw LineError(message: "eventcount must be between 1 and 1000000000") }
        r.longs[EV.eventCount] = count
        r.longs[EV.domainID] = try jsonID(f["domainid"], "domainid") ?? 0
        r.longs[EV.sourcePort] = try jsonPort(f["sourceport"], "sourceport") ?? 0
        r.longs[EV.destinationPort] = try jsonPort(f["destinationport"], "destinationport") ?? 0
        r.longs[EV.isCREEvent] = 0
        let src = try jsonIP(f["sourceip"], "sourceip") ?? "0.0.0.0"
        let dst = try jsonIP(f["destinationip"], "destinationip") ?? "0.0.0.0"
        r.texts[EV.sourceIP] = src
        r.texts[EV.destinationIP] = dst
        r.texts[EV.username] = jsonString(f["username"]).flatMap { $0.isEmpty ? nil : $0 }
        r.texts[EV.identityIP] = try jsonIP(f["identityip"], "identityip")
        r.texts[EV.identityHostName] = jsonString(f["identityhostname"])
        r.texts[EV.sourceMAC] = jsonString(f["sourcemac"]) ?? "00:00:00:00:00:00"
        r.texts[EV.destinationMAC] = jsonString(f["destinationmac"]) ?? "00:00:00:00:00:00"
        if let dir = jsonString(f["eventdirection"]) {
            let d = dir.uppercased()
            guard ["L2L", "L2R", "R2L", "R2R"].contains(d) else { throw LineError(message: "eventdirection must be L2L, L2R, R2L or R2R") }
            r.texts[EV.eventDirection] = d
        } else {
            r.texts[EV.eventDirection] = network.direction(source: src, destination: dst)
        }
        r.bytes[EV.payload] = jsonString(f["payload"]) ?? line
        r.properties = properties
        return r
    }

    private mutating func flowRecord(_ f: [String: JSONValue], properties: [(name: String, value: String)]) throws(LineError) -> ArielRecord {
        let t = now
        var r = ArielRecord(schema: .flows)
        let first = try jsonTime(f["firstpackettime"], "firstpackettime")
        let last = try jsonTime(f["lastpackettime"], "lastpackettime")
        let start = try jsonTime(f["starttime"], "starttime") ?? first ?? t
        let end = try jsonTime(f["endtime"], "endtime") ?? last ?? start
        r.longs[FL.startTime] = start
        r.longs[FL.endTime] = end
        r.longs[FL.firstPacketTime] = first ?? start
        r.longs[FL.lastPacketTime] = last ?? end
        let severity = try clampScore(jsonInt(f["severity"], "severity"), "severity")
        let category = try resolveCategory(f)
        let q = try resolveQID(f, category: category ?? CategoryCatalog.standardFlow, severity: severity, fallbackName: "Standard Flow")
        let cat = category ?? q.lowLevelCategory
        r.longs[FL.qid] = q.qid
        r.longs[FL.category] = cat
        r.longs[FL.highLevelCategory] = categories.highLevelID(of: cat)
        let sev = severity ?? q.severity
        let cred = try clampScore(jsonInt(f["credibility"], "credibility"), "credibility") ?? 10
        let rel = try clampScore(jsonInt(f["relevance"], "relevance"), "relevance") ?? 0
        r.longs[FL.severity] = sev
        r.longs[FL.credibility] = cred
        r.longs[FL.relevance] = rel
        r.longs[FL.magnitude] = try clampScore(jsonInt(f["magnitude"], "magnitude"), "magnitude")
            ?? Offense.magnitude(severity: sev, credibility: cred, relevance: rel)
        if let p = try jsonInt(f["protocolid"], "protocolid") {
            guard (0...255).contains(p) else { throw LineError(message: "protocolid \(p) is not an IP protocol number") }
            r.longs[FL.protocolID] = p
        } else if let name = jsonString(f["protocolname"]) {
            guard let p = NetworkCatalog.protocolID(name) else { throw LineError(message: "unknown protocolname \"\(name.prefix(40))\"") }
            r.longs[FL.protocolID] = p
        } else {
            r.longs[FL.protocolID] = 6
        }
        for (key, slot) in [("sourcebytes", FL.sourceBytes), ("destinationbytes", FL.destinationBytes),
                            ("sourcepackets", FL.sourcePackets), ("destinationpackets", FL.destinationPackets)] {
            let v = try jsonInt(f[key], key) ?? 0
            guard v >= 0 else { throw LineError(message: "\(key) must not be negative") }
            r.longs[slot] = v
        }
        if let a = try jsonID(f["applicationid"], "applicationid") {
            r.longs[FL.applicationID] = a
        } else if let name = jsonString(f["applicationname"]), !name.isEmpty {
            let (id, created) = applications.idCreating(named: name)
            if created { markDirty("application", id) }
            r.longs[FL.applicationID] = id
        } else {
            r.longs[FL.applicationID] = 1000
        }
        r.longs[FL.flowID] = try jsonInt(f["flowid"], "flowid") ?? Int64(flows.rowCount + 1)
        r.longs[FL.flowType] = try jsonInt(f["flowtype"], "flowtype") ?? 0
        r.longs[FL.domainID] = try jsonID(f["domainid"], "domainid") ?? 0
        r.longs[FL.sourcePort] = try jsonPort(f["sourceport"], "sourceport") ?? 0
        r.longs[FL.destinationPort] = try jsonPort(f["destinationport"], "destinationport") ?? 0
        for (key, slot) in [("icmptype", FL.icmpType), ("icmpcode", FL.icmpCode), ("sourcedscp", FL.sourceDSCP),
                            ("destinationdscp", FL.destinationDSCP), ("sourceflags", FL.sourceFlags),
                            ("destinationflags", FL.destinationFlags)] {
            r.longs[slot] = try jsonInt(f[key], key) ?? 0
        }
        let src = try jsonIP(f["sourceip"], "sourceip") ?? "0.0.0.0"
        let dst = try jsonIP(f["destinationip"], "destinationip") ?? "0.0.0.0"
        r.texts[FL.sourceIP] = src
        r.texts[FL.destinationIP] = dst
        if let dir = jsonString(f["flowdirection"]) {
            let d = dir.uppercased()
            guard ["L2L", "L2R", "R2L", "R2R"].contains(d) else { throw LineError(message: "flowdirection must be L2L, L2R, R2L or R2R") }
            r.texts[FL.flowDirection] = d
        } else {
            r.texts[FL.flowDirection] = network.direction(source: src, destination: dst)
        }
        r.texts[FL.geographic] = jsonString(f["geographic"]) ?? geographic(src: src, dst: dst)
        r.texts[FL.flowSource] = jsonString(f["flowsource"]) ?? "emulator"
        r.texts[FL.flowInterface] = jsonString(f["flowinterface"]) ?? "emulator_default"
        r.texts[FL.flowBias] = jsonString(f["flowbias"]) ?? "other"
        r.bytes[FL.sourcePayload] = jsonString(f["sourcepayload"])
        r.bytes[FL.destinationPayload] = jsonString(f["destinationpayload"])
        r.properties = properties
        return r
    }

    /// QRadar's `geographic` flow field: the remote side's `Continent.Country`, or `other`.
    func geographic(src: String, dst: String) -> String {
        let remote = network.isLocal(src) ? dst : src
        guard let p = network.place(remote) else { return "other" }
        return p.continent.filter { $0 != " " } + "." + p.countryName.filter { $0 != " " }
    }

    // MARK: LEEF

    /// Loads historical LEEF lines (start time = the event's devTime).
    mutating func loadLEEFLines(_ text: String, sourceHost: String?) -> LoadSummary {
        var summary = LoadSummary()
        Self.forEachLine(text) { lineNumber, lineText in
            switch ingestLEEFLine(lineText, sourceHost: sourceHost, receivedAt: now, historical: true) {
            case .success: summary.events += 1
            case .failure(let e):
                summary.rejected += 1
                if summary.errors.count < Self.summaryErrorLimit { summary.errors.append("line \(lineNumber): \(e.message)") }
                reject("line \(lineNumber): \(e.message)", line: lineText)
            }
        }
        flush()
        return summary
    }

    /// Decodes and stores one LEEF line. Does not record the rejection (callers do, with their context).
    mutating func ingestLEEFLine(_ line: String, sourceHost: String?, receivedAt: Int64, historical: Bool) -> Result<[Int64], LineError> {
        let message: LEEFMessage
        do {
            message = try LEEFDecoder.decode(line, referenceTime: receivedAt)
        } catch where error.code == .notLEEF {
            // A raw payload (sshd, sudo, su, PAM, auditd, WinCollect) or JSON, parsed as the DSMs parse them.
            guard let raw = Self.rawMessage(line, receivedAt: receivedAt) else {
                return .failure(LineError(message: "not a LEEF event, and not a raw payload the collector parses (sshd, sudo, su, PAM, auditd, WinCollect, JSON): \(error.description)"))
            }
            message = raw
        } catch {
            return .failure(LineError(message: "not a LEEF event: \(error.description)"))
        }
        let (record, extras) = eventRecord(fromLEEF: message, raw: line, sourceHost: sourceHost, receivedAt: receivedAt, historical: historical)
        return .success(store(record, database: "events", extras: extras, receivedAt: receivedAt))
    }

    /// A raw line as the event the DSM would make of it: Vigil's ``RawPayloadParser`` (the same one the sidecar's
    /// syslog listener uses) gives QRadar's columns, carried here as LEEF attributes so one path stores both.
    static func rawMessage(_ line: String, receivedAt: Int64) -> LEEFMessage? {
        guard let split = try? SyslogLine.split(line, referenceTime: receivedAt),
              let row = RawPayloadParser().row(for: split, receivedAt: receivedAt) else { return nil }
        let type = row["logsourcetypename"]?.text ?? "Linux OS"
        let (vendor, product): (String, String) = type.hasPrefix("Microsoft") ? ("Microsoft", "Windows Security Event Log") : ("Linux", "OS")
        let eventID = row["Event ID"]?.text ?? row["Event Name"]?.text ?? "raw"
        var attributes = LEEFAttributes()
        let renamed: [String: String] = [
            "categoryname": LEEFKey.category, "username": LEEFKey.userName, "sourceip": LEEFKey.source,
            "sourceport": LEEFKey.sourcePort, "destinationip": LEEFKey.destination, "destinationport": LEEFKey.destinationPort,
        ]
        for (key, value) in row.sorted(by: { $0.key < $1.key }) {
            guard let text = value.text, !text.isEmpty else { continue }
            switch key {
            case "logsourcetypename", "logsourcename", "starttime", "Event ID": continue
            case "devicetime":
                // Epoch milliseconds: LEEFTime reads a bare epoch number without a format.
                attributes[LEEFKey.devTime] = text
            default:
                attributes[renamed[key] ?? key] = text
            }
        }
        let event = LEEFEvent(vendor: vendor, product: product, productVersion: "", eventID: eventID, attributes: attributes)
        return LEEFMessage(header: split.header, event: event)
    }

    /// The log source type a LEEF header implies: Vigil's own events get the "Vigil" DSM, Windows events the
    /// Windows DSM, Linux OS lines the Linux DSM, everything else Universal LEEF.
    func leefLogSourceType(vendor: String, product: String) -> Int64 {
        let v = vendor.lowercased(), p = product.lowercased()
        if v == "vigil" { return LogSourceTypeCatalog.vigil }
        if v == "linux" && p == "os" { return LogSourceTypeCatalog.linux }
        if v.contains("microsoft") && p.contains("windows") { return LogSourceTypeCatalog.windowsSecurity }
        return LogSourceTypeCatalog.universalLEEF
    }

    static let consumedLEEFKeys: Set<String> = [
        LEEFKey.category, LEEFKey.devTime, LEEFKey.devTimeFormat, LEEFKey.proto, LEEFKey.severity, LEEFKey.source,
        LEEFKey.destination, LEEFKey.sourcePort, LEEFKey.destinationPort, LEEFKey.userName, LEEFKey.sourceMAC,
        LEEFKey.destinationMAC, LEEFKey.identitySource, LEEFKey.identityHostName,
    ]

    mutating func eventRecord(fromLEEF message: LEEFMessage, raw: String, sourceHost: String?, receivedAt: Int64, historical: Bool) -> (ArielRecord, [String: String]) {
        let ev = message.event
        let a = ev.attributes
        var r = ArielRecord(schema: .events)
        let typeID = leefLogSourceType(vendor: ev.vendor, product: ev.product)
        let type = logSourceTypes.type(typeID)
        let identifier = message.header?.hostname.flatMap { $0.isEmpty || $0 == "-" ? nil : $0 }
            ?? sourceHost ?? a[LEEFKey.identitySource] ?? "127.0.0.1"
        let (logSourceID, created) = logSources.discover(typeID: typeID, typeShortName: type?.shortName ?? "LEEF",
                                                         identifier: identifier, now: now)
        if created { markDirty("logSource", logSourceID) }

        let devTime = (ev.devTime(referenceTime: receivedAt) ?? message.header?.timestamp).flatMap { Self.timeRange.contains($0) ? $0 : nil }
        let start = historical ? (devTime ?? receivedAt) : receivedAt
        r.longs[EV.startTime] = start
        r.longs[EV.endTime] = start
        r.longs[EV.deviceTime] = devTime ?? start
        r.longs[EV.logSourceID] = logSourceID
        r.longs[EV.deviceType] = typeID

        let cat = ev.category
        let sevAttr = ev.severity.map { Int64(min(10, max(0, $0))) }
        let defaultCategory: Int64
        if typeID == LogSourceTypeCatalog.vigil {
            defaultCategory = CategoryCatalog.vigilLowLevel
        } else if let c = cat, let id = categories.id(named: c) {
            defaultCategory = id
        } else {
            defaultCategory = CategoryCatalog.unknownLowLevel
        }
        let (q, qidCreated) = qids.resolve(
            logSourceTypeID: typeID, eventID: ev.eventID, eventCategory: cat, lowLevelCategory: defaultCategory,
            severity: sevAttr ?? categories.lowLevelCategory(defaultCategory)?.severity ?? 3)
        if qidCreated { markDirty("qid", q.qid) }
        r.longs[EV.qid] = q.qid
        r.longs[EV.category] = q.lowLevelCategory
        r.longs[EV.highLevelCategory] = categories.highLevelID(of: q.lowLevelCategory)
        let sev = sevAttr ?? q.severity
        let cred = logSources.source(logSourceID)?.credibility ?? 5
        let rel: Int64 = 5
        r.longs[EV.severity] = sev
        r.longs[EV.credibility] = cred
        r.longs[EV.relevance] = rel
        r.longs[EV.magnitude] = Offense.magnitude(severity: sev, credibility: cred, relevance: rel)
        r.longs[EV.protocolID] = ev.protocolName.flatMap(NetworkCatalog.protocolID) ?? 255
        r.longs[EV.eventCount] = 1
        r.longs[EV.domainID] = 0
        r.longs[EV.sourcePort] = Int64(ev.sourcePort ?? 0)
        r.longs[EV.destinationPort] = Int64(ev.destinationPort ?? 0)
        r.longs[EV.isCREEvent] = 0

        var properties: [(name: String, value: String)] = []
        func ip(_ key: String) -> String? {
            guard let v = a[key]?.trimmingSpaces, !v.isEmpty else { return nil }
            if IPAddress.isValid(v) { return v }
            properties.append((key, v))
            return nil
        }
        let src = ip(LEEFKey.source) ?? "0.0.0.0"
        let dst = ip(LEEFKey.destination) ?? "0.0.0.0"
        r.texts[EV.sourceIP] = src
        r.texts[EV.destinationIP] = dst
        r.texts[EV.identityIP] = ip(LEEFKey.identitySource)
        r.texts[EV.identityHostName] = ev.identityHostName
        r.texts[EV.username] = ev.userName.flatMap { $0.isEmpty ? nil : $0 }
        r.texts[EV.sourceMAC] = ev.sourceMAC ?? "00:00:00:00:00:00"
        r.texts[EV.destinationMAC] = ev.destinationMAC ?? "00:00:00:00:00:00"
        r.texts[EV.eventDirection] = network.direction(source: src, destination: dst)
        r.bytes[EV.payload] = raw
        var seen = Set<String>()
        for pair in a where !Self.consumedLEEFKeys.contains(pair.key) && seen.insert(pair.key.lowercased()).inserted {
            properties.append((pair.key, pair.value))
        }
        if let c = cat { properties.append(("LEEF Category", c)) }
        properties.append(("LEEF Event ID", ev.eventID))
        r.properties = properties
        let extras = [
            "leefvendor": ev.vendor, "leefproduct": ev.product, "leefeventid": ev.eventID,
            "leefversion": ev.version.description,
        ]
        return (r, extras)
    }
}
