import VigilCore

/// The Linux authentication lines of `/var/log/auth.log` and `/var/log/secure` — OpenSSH's `sshd`, `sudo`, `su` and
/// PAM's `pam_unix` — as rows named like QRadar's columns (see ``RawPayloadParser``).
///
/// The categories are QRadar's documented low-level category names (Authentication, high-level 3000): `Host Login
/// Succeeded`, `Host Login Failed`, `Privilege Escalation Succeeded`, `Privilege Escalation Failed`, `Suspicious
/// Username`. One login attempt is one login event: sshd logs a failed password as `Failed password …` *and* PAM's
/// `authentication failure`, so the PAM line of sshd and `Invalid user` are kept as other events (`Event Kind`
/// `other`) and do not count as a second attempt.
enum LinuxAuthLine {
    // MARK: sshd

    static func sshd(_ text: String, into row: inout IngestRow) -> Bool {
        var message = Substring(text)
        // `message repeated 5 times: [ Failed password for root from … ]` (rsyslog's reduction): five events in one.
        if message.hasPrefix("message repeated "), let open = message.firstIndex(of: "["), message.hasSuffix("]") {
            let count = message.dropFirst("message repeated ".count).prefix { $0.isNumber }
            if let n = Int64(count), n > 1 { row["eventcount"] = .int(n) }
            message = message[message.index(after: open)..<message.index(before: message.endIndex)].drop { $0 == " " }
        }
        row["Event ID"] = .string("sshd")
        if message.hasPrefix("Failed ") || message.hasPrefix("Accepted ") {
            // `Failed password for [invalid user ]NAME from ADDR port N ssh2`, `Accepted publickey for NAME from …`.
            let accepted = message.hasPrefix("Accepted ")
            let words = message.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 4, words[2] == "for" else { return generic(message, program: "sshd", into: &row) }
            let method = String(words[1])
            var i = 3
            var invalid = false
            if words.count > i + 2, words[i] == "invalid", words[i + 1] == "user" {
                invalid = true
                i += 2
            }
            // A user name may itself contain spaces only in broken clients; take the words up to `from`.
            guard let from = words[i...].firstIndex(of: "from"), from > i else { return generic(message, program: "sshd", into: &row) }
            row["username"] = .string(words[i..<from].joined(separator: " "))
            address(words, after: from, into: &row)
            row["Authentication Package"] = .string(method)
            row["Event Name"] = .string(accepted ? "SSH Login Succeeded" : "SSH Login Failed")
            row["categoryname"] = .string(accepted ? "Host Login Succeeded" : "Host Login Failed")
            row["Outcome"] = .string(accepted ? "success" : "failure")
            if !accepted { row["Failure Reason"] = .string(invalid ? "unknown user" : "bad \(method)") }
            return true
        }
        if message.hasPrefix("Invalid user ") || message.hasPrefix("Illegal user ") {
            // `Invalid user NAME from ADDR[ port N]`.
            let words = message.split(separator: " ", omittingEmptySubsequences: true)
            if let from = words.firstIndex(of: "from"), from > 2 {
                row["username"] = .string(words[2..<from].joined(separator: " "))
                address(words, after: from, into: &row)
            }
            row["Event Name"] = .string("SSH Invalid User")
            row["categoryname"] = .string("Suspicious Username")
            row["Event Kind"] = .string("other")
            row["Outcome"] = .string("failure")
            return true
        }
        if message.hasPrefix("pam_unix(") || message.hasPrefix("PAM ") {
            _ = pam(String(message), program: "sshd", into: &row)
            // sshd's own Failed/Accepted line is the login event; this one is its PAM echo.
            row["Event Kind"] = .string("other")
            return true
        }
        if message.contains("maximum authentication attempts exceeded") || message.contains("Too many authentication failures") {
            if let r = message.firstRange(of: " for ") {
                let rest = message[r.upperBound...].split(separator: " ")
                if let name = rest.first, name != "invalid" { row["username"] = .string(String(name)) }
                if let from = rest.firstIndex(of: "from") { address(Array(rest), after: from, into: &row) }
            }
            row["Event Name"] = .string("SSH Too Many Authentication Failures")
            row["categoryname"] = .string("Host Login Failed")
            row["Event Kind"] = .string("other")
            row["Outcome"] = .string("failure")
            return true
        }
        return generic(message, program: "sshd", into: &row)
    }

    /// `from ADDR port N`: the address and the port.
    private static func address(_ words: [Substring], after from: Int, into row: inout IngestRow) {
        guard from + 1 < words.count else { return }
        row["sourceip"] = .string(String(words[from + 1]))
        if from + 3 < words.count, words[from + 2] == "port", let port = Int64(words[from + 3]) { row["sourceport"] = .int(port) }
    }

    /// Any other line of a known program: kept as an event of that program (nothing dropped), with the address it
    /// names (`Connection closed by ADDR port N`, `Received disconnect from ADDR …`).
    private static func generic(_ message: Substring, program: String, into row: inout IngestRow) -> Bool {
        row["Event Name"] = .string("\(program) message")
        row["Event Kind"] = .string("other")
        let words = message.split(separator: " ", omittingEmptySubsequences: true)
        for (i, w) in words.enumerated() where (w == "from" || w == "by") && i + 1 < words.count {
            let candidate = words[i + 1].trimming(":[]")
            if IPv4Address(candidate) != nil || candidate.contains(":") && candidate.count > 2 {
                row["sourceip"] = .string(candidate)
                if i + 3 < words.count, words[i + 2] == "port", let port = Int64(words[i + 3].trimming(":")) {
                    row["sourceport"] = .int(port)
                }
                break
            }
        }
        return true
    }

    // MARK: sudo

    /// `alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow`; a refusal puts its
    /// reason first (`user NOT in sudoers ; TTY=…`, `3 incorrect password attempts ; TTY=…`).
    static func sudo(_ text: String, into row: inout IngestRow) -> Bool {
        let trimmed = text.drop { $0 == " " }
        if trimmed.hasPrefix("pam_unix(") { return pam(String(trimmed), program: "sudo", into: &row) }
        guard let colon = trimmed.firstRange(of: " : ") else { return generic(trimmed, program: "sudo", into: &row) }
        let user = trimmed[..<colon.lowerBound].trimming(" ")
        var fields: [String: String] = [:]
        var reason: String?
        // COMMAND comes last and may itself hold semicolons: it is the rest of the line.
        var head = trimmed[colon.upperBound...]
        if let c = head.firstRange(of: "COMMAND=") {
            fields["COMMAND"] = String(head[c.upperBound...])
            head = head[..<c.lowerBound]
        }
        for part in head.split(separator: ";").map({ $0.trimming(" ") }) where !part.isEmpty {
            if let eq = part.firstIndex(of: "="), part[..<eq].allSatisfy({ $0.isUppercase }) {
                fields[String(part[..<eq])] = String(part[part.index(after: eq)...])
            } else if reason == nil {
                reason = part
            }
        }
        guard let command = fields["COMMAND"], !user.isEmpty else { return generic(trimmed, program: "sudo", into: &row) }
        row["Event ID"] = .string("sudo")
        row["username"] = .string(user)
        row["Process CommandLine"] = .string(command)
        if let target = fields["USER"] { row["Target Username"] = .string(target) }
        if let pwd = fields["PWD"] { row["Working Directory"] = .string(pwd) }
        if let tty = fields["TTY"] { row["Terminal"] = .string(tty) }
        if let reason {
            row["Event Name"] = .string("sudo Command Denied")
            row["categoryname"] = .string("Privilege Escalation Failed")
            row["Failure Reason"] = .string(reason)
            row["Outcome"] = .string("failure")
            row["Event Kind"] = .string("other")
        } else {
            // The mapping's process rule reads "command executed" in the name.
            row["Event Name"] = .string("sudo Command Executed")
            row["categoryname"] = .string("Privilege Escalation Succeeded")
            row["Outcome"] = .string("success")
        }
        return true
    }

    // MARK: su

    static func su(_ text: String, into row: inout IngestRow) -> Bool {
        let message = text.drop { $0 == " " }
        row["Event ID"] = .string("su")
        if message.hasPrefix("pam_unix(") { return pam(String(message), program: "su", into: &row) }
        // `FAILED SU (to root) alice on pts/0`, `(to root) alice on pts/0`, `Successful su for root by alice`.
        if let to = message.firstRange(of: "(to ") {
            let rest = message[to.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { return generic(message, program: "su", into: &row) }
            let target = String(rest[..<close])
            let user = rest[rest.index(after: close)...].split(separator: " ").first.map(String.init)
            return escalation(user: user, target: target, failed: message.hasPrefix("FAILED"), into: &row)
        }
        if message.hasPrefix("Successful su for ") {
            let words = message.split(separator: " ")
            let target = words.count > 3 ? String(words[3]) : nil
            let user = words.firstIndex(of: "by").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil }
            return escalation(user: user, target: target, failed: false, into: &row)
        }
        return generic(message, program: "su", into: &row)
    }

    private static func escalation(user: String?, target: String?, failed: Bool, into row: inout IngestRow) -> Bool {
        if let user, !user.isEmpty { row["username"] = .string(user) }
        if let target, !target.isEmpty { row["Target Username"] = .string(target) }
        row["Event Name"] = .string(failed ? "su Failed" : "su Succeeded")
        row["categoryname"] = .string(failed ? "Privilege Escalation Failed" : "Privilege Escalation Succeeded")
        row["Outcome"] = .string(failed ? "failure" : "success")
        return true
    }

    // MARK: PAM

    /// `pam_unix(SERVICE:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=ADDR  user=NAME`,
    /// `pam_unix(SERVICE:session): session opened for user NAME[(uid=N)] by [NAME](uid=N)`, `… session closed for
    /// user NAME`, `PAM 2 more authentication failures; …`. Nil for other lines (the caller rejects them) unless
    /// `program` is one the parser knows.
    static func pam(_ text: String, program: String, into row: inout IngestRow) -> Bool {
        let message = Substring(text).drop { $0 == " " }
        var service = program
        var body = message
        if message.hasPrefix("pam_unix("), let close = message.firstRange(of: "): ") {
            let inside = message[message.index(message.startIndex, offsetBy: "pam_unix(".count)..<close.lowerBound]
            service = String(inside.split(separator: ":").first ?? Substring(program))
            body = message[close.upperBound...]
        } else if message.hasPrefix("PAM ") {
            body = message
        } else {
            return RawPayloadParser.programs.contains(program) ? generic(message, program: program, into: &row) : false
        }
        if row["Event ID"] == nil { row["Event ID"] = .string(service) }
        if body.contains("authentication failure") {
            let fields = keyValues(body)
            let user = fields["user"] ?? fields["ruser"] ?? fields["logname"]
            if let user, !user.isEmpty { row["username"] = .string(user) }
            if let rhost = fields["rhost"], !rhost.isEmpty { row["sourceip"] = .string(rhost) }
            if service == "su" || service == "sudo" {
                if let requester = fields["ruser"] ?? fields["logname"], !requester.isEmpty { row["username"] = .string(requester) }
                if let target = fields["user"], !target.isEmpty { row["Target Username"] = .string(target) }
                row["categoryname"] = .string("Privilege Escalation Failed")
            } else {
                row["categoryname"] = .string("Host Login Failed")
            }
            if body.hasPrefix("PAM "), let n = Int64(body.dropFirst(4).prefix { $0.isNumber }) { row["eventcount"] = .int(n) }
            row["Event Name"] = .string("PAM Authentication Failure (\(service))")
            row["Outcome"] = .string("failure")
            row["Failure Reason"] = .string("authentication failure")
            return true
        }
        if body.hasPrefix("session opened for user ") || body.hasPrefix("session closed for user ") {
            let opened = body.hasPrefix("session opened")
            let words = body.split(separator: " ")
            if words.count > 4 {
                let target = words[4].split(separator: "(").first.map(String.init) ?? String(words[4])
                let by = words.firstIndex(of: "by").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
                // `by alice(uid=1000)`; `by (uid=0)` names no account.
                let requester = by.flatMap { $0.hasPrefix("(") ? nil : $0.split(separator: "(").first.map(String.init) }
                if (service == "su" || service == "sudo"), let requester, !requester.isEmpty {
                    row["username"] = .string(requester)
                    row["Target Username"] = .string(target)
                    if service == "su", opened {
                        row["Event Name"] = .string("su Succeeded")
                        row["categoryname"] = .string("Privilege Escalation Succeeded")
                        row["Outcome"] = .string("success")
                        return true
                    }
                } else {
                    row["username"] = .string(target)
                }
            }
            row["Event Name"] = .string(opened ? "Session Opened (\(service))" : "Session Closed (\(service))")
            row["Event Kind"] = .string(opened ? "other" : "logoff")
            return true
        }
        return RawPayloadParser.programs.contains(program) ? generic(message, program: program, into: &row) : false
    }

    /// `k=v k2= k3=v3` pairs (values without spaces; an empty value is empty).
    static func keyValues(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for token in text.split(separator: " ") {
            guard let eq = token.firstIndex(of: "=") else { continue }
            let key = token[..<eq].trimming(";")
            out[key] = String(token[token.index(after: eq)...])
        }
        return out
    }
}
