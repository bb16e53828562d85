import LEEF
import VigilCore

/// Turns LEEF events (QRadar's event forwarding, or any LEEF source) into `Event`s with the same ``FieldMapping``
/// as Ariel rows.
///
/// The message first becomes a row named like an Ariel result: the predefined keys take QRadar's column names
/// (`src` → `sourceip`, `usrName` → `username`, `cat` → `categoryname`, `sev` → `severity`, `proto` →
/// `protocolname`, `srcBytes`/`dstBytes` → `sourcebytes`/`destinationbytes`, `srcPackets`/`dstPackets` →
/// `sourcepackets`/`destinationpackets`, `srcPort`/`dstPort` → `sourceport`/`destinationport`), the parsed
/// `devTime` becomes `devicetime`, the syslog timestamp (or the receive time) `starttime`, the header's EventID
/// `Event ID`, vendor and product `logsourcetypename`, the syslog host `logsourcename`; every other key keeps its
/// name. Mapping columns match keys ignoring case and punctuation, so `"Logon Type"` reads `logonType` and
/// `"Vigil Event ID"` reads `vigilEventId`. A LEEF line carries no QID name, so ``Event/name`` stays nil unless
/// the line has an `Event Name`/`EventName` key.
public struct LEEFNormalizer: Sendable {
    public let normalizer: ArielNormalizer

    public init(mapping: FieldMapping) {
        normalizer = ArielNormalizer(mapping: mapping)
    }

    static let renamed: [String: String] = [
        LEEFKey.category: "categoryname", LEEFKey.severity: "severity", LEEFKey.source: "sourceip",
        LEEFKey.destination: "destinationip", LEEFKey.sourcePort: "sourceport", LEEFKey.destinationPort: "destinationport",
        LEEFKey.userName: "username", LEEFKey.proto: "protocolname", "srcBytes": "sourcebytes", "dstBytes": "destinationbytes",
        "srcPackets": "sourcepackets", "dstPackets": "destinationpackets",
    ]

    /// The Ariel-style row for a message.
    public func row(for message: LEEFMessage, receivedAt: EpochMillis) -> IngestRow {
        let event = message.event
        var row: IngestRow = [:]
        row["starttime"] = .int(message.header?.timestamp ?? receivedAt)
        if let raw = event.attributes[LEEFKey.devTime] {
            // An unreadable devTime stays text so the mapping counts it as malformed and falls back to starttime.
            row["devicetime"] = event.devTime(referenceTime: receivedAt).map(IngestValue.int) ?? .string(raw)
        }
        if !event.eventID.isEmpty { row["Event ID"] = .string(event.eventID) }
        row["logsourcetypename"] = .string("\(event.vendor) \(event.product)")
        if let host = message.header?.hostname, !host.isEmpty { row["logsourcename"] = .string(host) }
        for pair in event.attributes where pair.key != LEEFKey.devTime && pair.key != LEEFKey.devTimeFormat {
            let key = Self.renamed[pair.key] ?? pair.key
            if row[key] == nil { row[key] = .string(pair.value) }
        }
        return row
    }

    /// Normalizes one message. The id is the mapping's id column when present (`vigilEventId`), else a hash of
    /// the header and every attribute, prefixed `leef:`.
    public func normalize(_ message: LEEFMessage, receivedAt: EpochMillis) -> NormalizationOutcome {
        let r = row(for: message, receivedAt: receivedAt)
        let lookup = RowLookup(r)
        var id: String?
        for column in normalizer.mapping.identity.idColumns {
            if let v = lookup.value(column)?.text { id = v; break }
        }
        if id == nil {
            var hasher = ContentHasher()
            let e = message.event
            for part in [e.vendor, e.product, e.productVersion, e.eventID, message.header?.hostname ?? "",
                         message.header?.timestamp.map { String($0) } ?? ""] { hasher.add(part) }
            for pair in e.attributes { hasher.add(pair.key); hasher.add(pair.value) }
            id = "leef:" + hasher.hex
        }
        return normalizer.normalize(r, database: .events, id: id)
    }
}
