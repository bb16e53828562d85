import VigilCore

/// Linux audit records (`type=EXECVE msg=audit(1364481363.243:24287): argc=3 a0="cat" a1=2F6574632F736861646F77`)
/// as rows (see ``RawPayloadParser``). Every record type is kept; these are read closely:
/// - `EXECVE`: the command line (hex-encoded arguments decoded) → a process event;
/// - `USER_CMD` (sudo's record): the `cmd` → a process event of the acting account;
/// - `USER_LOGIN`, `USER_AUTH`, `USER_ERR`: logins with their account, address and result;
/// - any other type: an event named after the type, with the account and address it names.
///
/// The time is the record's own (`audit(EPOCH.mmm:SERIAL)`); the account is the enriched name (`AUID="alice"`, logged
/// by `log_format = ENRICHED`) or `acct`, else the numeric `auid` as `uid:N` (never the unset 4294967295).
enum AuditdRecord {
    static func parse(_ text: String, into row: inout IngestRow) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("node=") { body = body.drop { $0 != " " }.drop { $0 == " " } }
        guard body.hasPrefix("type=") else { return false }
        let typeEnd = body.firstIndex(of: " ") ?? body.endIndex
        let type = String(body[body.index(body.startIndex, offsetBy: 5)..<typeEnd])
        guard !type.isEmpty, let stamp = body.firstRange(of: "msg=audit("), let close = body[stamp.upperBound...].firstIndex(of: ")") else { return false }
        let stampText = body[stamp.upperBound..<close]
        let parts = stampText.split(separator: ":")
        guard parts.count == 2, let seconds = Double(parts[0]) else { return false }
        row["devicetime"] = .int(Int64((seconds * 1000).rounded()))
        row["Audit Serial"] = .string(String(parts[1]))
        row["Event ID"] = .string(type)
        var rest = body[body.index(after: close)...]
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        // The enriched names follow a group separator (0x1D).
        var enriched: [String: String] = [:]
        if let gs = rest.firstIndex(of: "\u{1D}") {
            enriched = fields(rest[rest.index(after: gs)...])
            rest = rest[..<gs]
        }
        var f = fields(rest)
        // USER_* records put their details in a quoted `msg='…'`.
        if let inner = f["msg"] {
            for (k, v) in fields(Substring(inner)) where f[k] == nil { f[k] = v }
        }
        if let name = enriched["AUID"], name != "unset" {
            row["username"] = .string(name)
        } else if let acct = f["acct"], !acct.isEmpty, acct != "?" {
            row["username"] = .string(acct)
        } else if let auid = f["auid"], auid != "4294967295", auid != "-1" {
            row["username"] = .string("uid:" + auid)
        }
        if let uid = enriched["UID"] { row["Effective User"] = .string(uid) }
        if let addr = f["addr"], addr != "?", !addr.isEmpty { row["sourceip"] = .string(addr) }
        if let host = f["hostname"], host != "?", !host.isEmpty, row["sourceip"] == nil { row["sourceip"] = .string(host) }
        if let exe = f["exe"] { row["Process Path"] = .string(exe) }
        if let terminal = f["terminal"] { row["Terminal"] = .string(terminal) }
        let result = f["res"] ?? f["success"]
        if let result { row["Outcome"] = .string(result == "success" || result == "yes" ? "success" : "failure") }

        switch type {
        case "EXECVE":
            let argc = Int(f["argc"] ?? "") ?? 0
            var args: [String] = []
            for i in 0..<min(argc, 256) {
                guard let a = f["a\(i)"] else { break }
                args.append(a)
            }
            guard !args.isEmpty else { return false }
            row["Process CommandLine"] = .string(args.joined(separator: " "))
            row["Event Name"] = .string("Audit Command Executed")
        case "USER_CMD":
            if let cmd = f["cmd"] { row["Process CommandLine"] = .string(cmd) }
            row["Event Name"] = .string("Audit sudo Command Executed")
            row["categoryname"] = .string(result == "success" ? "Privilege Escalation Succeeded" : "Privilege Escalation Failed")
        case "USER_LOGIN", "USER_AUTH", "USER_ERR":
            let ok = result == "success"
            row["Event Name"] = .string("Audit \(type) \(ok ? "Succeeded" : "Failed")")
            // USER_AUTH is PAM's echo of the USER_LOGIN of the same attempt: only the login counts as one.
            if type == "USER_LOGIN" {
                row["categoryname"] = .string(ok ? "Host Login Succeeded" : "Host Login Failed")
            } else {
                row["Event Kind"] = .string("other")
            }
            if let op = f["op"] { row["Audit Operation"] = .string(op) }
        default:
            row["Event Name"] = .string("Audit \(type)")
            row["Event Kind"] = .string("other")
            if let comm = f["comm"] { row["Process Name"] = .string(comm) }
        }
        row["logsourcetypename"] = .string("Linux OS")
        return true
    }

    /// `k=v k="quoted value" k='single quoted'` pairs.
    static func fields(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = text.startIndex
        while i < text.endIndex {
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            guard let eq = text[i...].firstIndex(where: { $0 == "=" || $0 == " " }), text[eq] == "=" else {
                i = text[i...].firstIndex(of: " ") ?? text.endIndex
                continue
            }
            let key = String(text[i..<eq])
            var v = text.index(after: eq)
            if v < text.endIndex, text[v] == "\"" || text[v] == "'" {
                let quote = text[v]
                v = text.index(after: v)
                let end = text[v...].firstIndex(of: quote) ?? text.endIndex
                out[key] = String(text[v..<end])
                i = end < text.endIndex ? text.index(after: end) : end
            } else {
                let end = text[v...].firstIndex(of: " ") ?? text.endIndex
                let value = String(text[v..<end])
                // auditd quotes a plain value and writes one with spaces or special characters as bare hex.
                out[key] = hexEncodedKeys.contains(key) || key.first == "a" && key.dropFirst().allSatisfy(\.isNumber) && key.count > 1
                    ? decodeHex(value) : value
                i = end
            }
        }
        return out
    }

    /// Keys whose unquoted values are hex (besides the EXECVE arguments `a0`, `a1`, …).
    static let hexEncodedKeys: Set<String> = ["cmd", "acct", "comm", "proctitle", "exe", "cwd", "name"]

    /// auditd writes a value that holds spaces or special characters as hex (`2F6574632F736861646F77`); anything
    /// that is not even-length upper-case hex is returned as it is.
    static func decodeHex(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.count >= 2, bytes.count % 2 == 0,
              bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        func nibble(_ b: UInt8) -> UInt8 { b <= 0x39 ? b - 0x30 : b - 0x41 + 10 }
        var j = 0
        while j < bytes.count {
            out.append(nibble(bytes[j]) << 4 | nibble(bytes[j + 1]))
            j += 2
        }
        // Arguments are NUL-separated inside one hex value (`cmd` of USER_CMD can be).
        return String(decoding: out.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
