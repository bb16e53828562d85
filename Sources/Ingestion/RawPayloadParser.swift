import LEEF
import VigilCore

/// Reads the raw payloads QRadar forwards besides LEEF — a forwarding destination set to "Payload" sends each event's
/// original line — for the sources that matter most to Vigil: OpenSSH's `sshd`, `sudo`, `su`, PAM, Linux `auditd`
/// records, and Windows events in WinCollect's syslog form (`AgentDevice=WindowsLog`). JSON of the normalized fields
/// (a forwarding destination set to "JSON") is read as a row as it is.
///
/// Each payload becomes a row named as Ariel names it after QRadar's DSM parsed the event — `username`, `sourceip`,
/// `sourceport`, `Event Name`, `categoryname` (QRadar's documented low-level category names, e.g. `Host Login
/// Failed`), `logsourcetypename` (`Linux OS`, `Microsoft Windows Security Event Log`), the custom properties
/// `Process CommandLine`, `Failure Reason`, `Logon Type`, `Authentication Package` — so the same ``FieldMapping``
/// turns it into an ``Event`` as it turns Ariel rows. What a parser does not recognise is not guessed at: ``parse``
/// returns nil and the caller counts and quarantines the line.
public struct RawPayloadParser: Sendable {
    public init() {}

    /// The programs (syslog tags) whose lines the parser reads.
    public static let programs: Set<String> = ["sshd", "sudo", "su", "login", "audispd", "auditd", "audit", "systemd-logind", "cron", "crond", "polkitd"]

    /// The row for one message, or nil when no parser recognises it. `line.message` is the payload after the
    /// syslog header.
    public func row(for line: SyslogLine, receivedAt: EpochMillis) -> IngestRow? {
        let message = line.message
        var row: IngestRow = [:]
        row["starttime"] = .int(line.header?.timestamp ?? receivedAt)
        if let host = line.header?.hostname, !host.isEmpty {
            row["logsourcename"] = .string(host)
            row["Source Host"] = .string(host)
        }
        let parsed: Bool
        if message.hasPrefix("{") {
            parsed = Self.json(message, into: &row)
        } else if message.hasPrefix("AgentDevice=WindowsLog") {
            parsed = WinCollectRecord.parse(message, into: &row)
        } else if message.hasPrefix("type=") || message.hasPrefix("node=") {
            parsed = AuditdRecord.parse(message, into: &row)
        } else {
            let program = (line.header?.appName ?? "").lowercased()
            switch program {
            case "sshd": parsed = LinuxAuthLine.sshd(message, into: &row)
            case "sudo": parsed = LinuxAuthLine.sudo(message, into: &row)
            case "su": parsed = LinuxAuthLine.su(message, into: &row)
            case "audispd", "auditd", "audit": parsed = AuditdRecord.parse(message, into: &row)
            case let tag where tag.hasSuffix("(pam_unix)"):
                // Older Linux-PAM logs under the ident `SERVICE(pam_unix)` without the `pam_unix(SERVICE:type): `
                // prefix of today's lines (`sshd(pam_unix)[19939]: authentication failure; … rhost=…`). sshd then
                // logged only through PAM, so its PAM line is the login event.
                let service = String(tag.dropLast("(pam_unix)".count))
                parsed = LinuxAuthLine.pam("pam_unix(\(service):legacy): " + message, program: service, into: &row)
            default: parsed = LinuxAuthLine.pam(message, program: program, into: &row)
            }
        }
        guard parsed else { return nil }
        if row["logsourcetypename"] == nil { row["logsourcetypename"] = .string("Linux OS") }
        return row
    }

    /// A JSON object of normalized fields: each member is a column (names are matched by the mapping ignoring case
    /// and punctuation; LEEF's predefined keys take QRadar's column names as in ``LEEFNormalizer``). Nested values
    /// stay text.
    static func json(_ text: String, into row: inout IngestRow) -> Bool {
        guard let value = try? JSONValue.parse(text), case .object(let members) = value, !members.isEmpty else { return false }
        for (key, v) in members {
            let column = LEEFNormalizer.renamed[key] ?? key
            switch v {
            case .null: continue
            case .bool(let b): row[column] = .bool(b)
            case .int(let i): row[column] = .int(i)
            case .double(let d): row[column] = .double(d)
            case .string(let s): row[column] = .string(s)
            case .array, .object: row[column] = .string(JSONWriter().text(v))
            }
        }
        return true
    }
}
