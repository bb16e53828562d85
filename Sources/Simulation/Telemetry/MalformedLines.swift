import VigilCore

/// Lines a broken forwarder sends, whatever broke it (a misconfigured source, an agent upgrade, a truncating relay,
/// or tampering): a LEEF line cut inside its header, a header with missing fields, an invalid LEEF delimiter, an
/// impossible syslog header, raw vendor text cut mid-message, control-character garbage. Built from the source's
/// own header and event ids, so the same source's garbage looks the same whoever caused it. Never a line break.
enum MalformedLines {
    /// An event id the source type really sends.
    static func eventID(_ type: LogSourceType, random: inout SeededRandom) -> String {
        switch type {
        case .windowsSecurity: random.pick(["4624", "4634", "4688", "4768"])
        case .linuxOS: random.pick(["sshd-accepted", "sudo"])
        case .sqlServer: random.pick(["SELECT", "UPDATE"])
        case .vpn: random.pick(["113039", "113019"])
        case .webProxy: "TCP_TUNNEL/200"
        case .fileAudit: random.pick(["FILE_READ", "FILE_WRITE"])
        case .application: random.pick(["view", "search", "export"])
        case .flowCollector: "HTTPS"
        }
    }

    /// Raw, non-LEEF text of the kind the source's software writes when its LEEF formatting is switched off.
    static func rawText(_ type: LogSourceType, random: inout SeededRandom) -> String {
        switch type {
        case .vpn: "%ASA-6-113039: Group <Employees> User <" + random.pick(["jsm", "amu", "rsh", ""])
        case .linuxOS: "sshd[" + String(random.int(900...65_000)) + "]: Accepted publickey for " + random.pick(["deploy", "ops", "r"])
        case .windowsSecurity: "An account was successfully logged on.\tSubject:\tSecurity ID:\tS-1-5-18\tAccount Na"
        case .sqlServer: "Audit event: action_id SL class_type U succeeded 1 session_server_principal_name MERID"
        case .webProxy: String(random.int(1_700_000_000...1_800_000_000)) + ".123 " + String(random.int(5...900)) + " 10.10.4."
        case .fileAudit, .application, .flowCollector: "{\"event\":\"" + random.pick(["read", "view", "flow"]) + "\",\"user\":\"" 
        }
    }

    /// One malformed line; `garbage` allows control-character noise (a TLS client on a plain-text port, a wrong
    /// character set), which broken benign sources send as well as tampered ones.
    static func line(source: LogSource, time: EpochMillis, random: inout SeededRandom, garbage: Bool = true) -> String {
        let (vendor, product, version) = source.type.leefHeader
        let stamp = SimTime.iso8601(time)
        let id = eventID(source.type, random: &random)
        let head = "<134>1 \(stamp) \(source.hostname) \(source.type.syslogAppName) - - - "
        let ip = "10." + String(random.int(0...20)) + "." + String(random.int(0...255)) + "." + String(random.int(2...250))
        switch random.below(garbage ? 6 : 5) {
        case 0:
            // Cut off inside the LEEF header: the forwarder's buffer was truncated mid-record.
            let leef = "LEEF:2.0|\(vendor)|\(product)|\(version)|\(id)|^|src=\(ip)"
            let keep = 9 + random.below(max(1, vendor.utf8.count + product.utf8.count))
            return head + String(decoding: Array(leef.utf8).prefix(keep), as: UTF8.self)
        case 1:
            // Fields missing from the header (a template that lost its product version and event id).
            return head + "LEEF:2.0|\(vendor)|\(product.prefix(2))"
        case 2:
            // A bad delimiter setting: LEEF 2.0 allows one character (or its hex form), not a word.
            return head + "LEEF:2.0|\(vendor)|\(product)|\(version)|\(id)|xZZ|src=\(ip)xZZsev=" + String(random.int(1...5))
        case 3:
            // The syslog header written with a broken clock and priority.
            return "<999>1 2026-13-45T99:61:07.000Z \(source.hostname) \(source.type.syslogAppName) - - - LEEF:2.0|\(vendor)|\(product)|\(version)|\(id)|^|src=\(ip)"
        case 4:
            return head + rawText(source.type, random: &random)
        default:
            var scalars = "\u{1}\u{3}\u{1B}["
            for _ in 0..<(8 + random.below(24)) {
                scalars.unicodeScalars.append(Unicode.Scalar(UInt8(random.pick([0x02, 0x04, 0x07, 0x0E, 0x10, 0x7F, 0x41, 0x5A, 0x3F]))))
            }
            return scalars + "\u{FFFD}\u{FFFD}"
        }
    }
}
