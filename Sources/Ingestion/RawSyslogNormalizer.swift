import LEEF
import VigilCore

/// Turns a forwarded line that is not LEEF — a raw payload (sshd, sudo, su, PAM, auditd, WinCollect) or JSON of the
/// normalized fields — into an ``Event`` with the same ``FieldMapping`` as Ariel rows and LEEF (see
/// ``RawPayloadParser``). A line no parser recognises is rejected with its reason, for the caller to count and
/// quarantine: raw lines are never dropped silently.
///
/// The id is the mapping's id column when the row has one, else a hash of the whole line (header included), prefixed
/// `raw:` — so the same line re-sent is the same event.
public struct RawSyslogNormalizer: Sendable {
    public let normalizer: ArielNormalizer
    public let parser = RawPayloadParser()

    public init(mapping: FieldMapping) {
        normalizer = ArielNormalizer(mapping: mapping)
    }

    /// Normalizes one line received at `receivedAt` (the reference for RFC 3164 years and the start time of lines
    /// without a timestamp).
    public func normalize(_ line: String, receivedAt: EpochMillis) -> NormalizationOutcome {
        let split: SyslogLine
        do {
            split = try SyslogLine.split(line, referenceTime: receivedAt)
        } catch {
            return NormalizationOutcome(event: nil, rejection: "not LEEF, and not a readable syslog line: \(error)", issues: [])
        }
        guard let row = parser.row(for: split, receivedAt: receivedAt) else {
            let program = split.header?.appName.map { " from '\($0)'" } ?? ""
            return NormalizationOutcome(
                event: nil,
                rejection: "unrecognised raw payload\(program): not LEEF, JSON, or a line Vigil parses (sshd, sudo, su, PAM, auditd, WinCollect)",
                issues: [])
        }
        let lookup = RowLookup(row)
        var id: String?
        for column in normalizer.mapping.identity.idColumns {
            if let v = lookup.value(column)?.text { id = v; break }
        }
        if id == nil {
            var hasher = ContentHasher()
            hasher.add(line)
            id = "raw:" + hasher.hex
        }
        return normalizer.normalize(row, database: .events, id: id)
    }
}
