import VigilCore

/// Events and flows in the emulator's Ariel JSONL load format: QRadar's Ariel field names, custom properties under
/// `properties` (queryable in AQL by their quoted display names), `qidname`/`logsourcename`/`logsourcetypename`
/// so the emulator creates the QID and log source mappings, and the stable id as the `"Vigil Event ID"` property.
enum ArielJSON {
    static func appendEvent(_ s: SimulatedEvent, source: LogSource, payload: [UInt8], to json: inout JSONBuffer) {
        let e = s.event
        json.beginObject()
        json.member("starttime", e.time + receiveDelay(e.id))
        json.member("devicetime", e.time)
        json.member("qidname", e.name ?? "Unknown")
        json.member("categoryname", e.category)
        json.member("logsourcename", source.name)
        json.member("logsourcetypename", source.type.qradarTypeName)
        json.member("username", e.user)
        json.member("sourceip", e.sourceIP ?? source.ip)
        json.member("destinationip", e.destinationIP ?? "0.0.0.0")
        json.member("sourceport", e.sourcePort ?? 0)
        json.member("destinationport", e.destinationPort ?? 0)
        json.member("protocolname", transport(e.networkProtocol))
        json.member("severity", max(0, min(10, e.severity ?? 1)))
        json.member("credibility", 8)
        json.member("relevance", 5)
        json.member("eventcount", 1)
        json.member("eventdirection", direction(e.sourceIP ?? source.ip, e.destinationIP))
        json.key("payload")
        json.string(bytes: payload)
        json.key("properties")
        json.beginObject()
        json.member("Vigil Event ID", e.id)
        if let v = e.eventCode { json.member("Event ID", v) }
        if let v = e.sourceHost { json.member("Source Host", v) }
        if let v = e.destinationHost { json.member("Destination Host", v) }
        if let v = e.application { json.member("Application", v) }
        if let v = e.resource { json.member("Resource", v) }
        if let v = e.device { json.member("Device", v) }
        if let v = e.logonType { json.member("Logon Type", String(v)) }
        if let v = e.authPackage { json.member("Authentication Package", v) }
        if let v = e.command { json.member("Process CommandLine", v) }
        if let v = e.failureReason { json.member("Failure Reason", v) }
        if let v = e.bytesIn { json.member("Bytes In", String(v)) }
        if let v = e.bytesOut { json.member("Bytes Out", String(v)) }
        if let v = e.networkProtocol { json.member("Application Protocol", v) }
        json.member("Outcome", e.outcome.rawValue)
        json.member("Event Kind", e.kind.rawValue)
        if let g = e.geo {
            json.member("Country", g.country)
            if let c = g.city { json.member("City", c) }
        }
        for k in e.properties.keys.sorted() where k != "Payload" {
            json.property(k, e.properties[k]!)
        }
        json.endObject()
        json.endObject()
    }

    static func appendFlow(_ s: SimulatedEvent, flowID: Int64, to json: inout JSONBuffer) {
        let e = s.event
        let sent = e.bytesOut ?? 0, received = e.bytesIn ?? 0
        let packets = max(2, e.packets ?? 2)
        let sourcePackets = max(1, packets * (sent + 1) / (sent + received + 2))
        let duration = flowDuration(bytes: sent + received)
        json.beginObject()
        json.member("database", "flows")
        json.member("starttime", e.time)
        json.member("endtime", e.time + duration)
        json.member("firstpackettime", e.time)
        json.member("lastpackettime", e.time + duration)
        json.member("sourceip", e.sourceIP)
        json.member("destinationip", e.destinationIP)
        json.member("sourceport", e.sourcePort ?? 0)
        json.member("destinationport", e.destinationPort ?? 0)
        json.member("protocolname", e.networkProtocol ?? "TCP")
        json.member("sourcebytes", sent)
        json.member("destinationbytes", received)
        json.member("sourcepackets", sourcePackets)
        json.member("destinationpackets", max(1, packets - sourcePackets))
        json.member("applicationname", e.application)
        json.member("flowdirection", direction(e.sourceIP ?? "", e.destinationIP))
        json.member("flowid", flowID)
        json.member("flowtype", 0)
        if let g = e.geo { json.member("geographic", g.country) }
        json.key("properties")
        json.beginObject()
        json.member("Vigil Event ID", e.id)
        if let v = e.sourceHost { json.member("Source Host", v) }
        if let v = e.destinationHost { json.member("Destination Host", v) }
        if let v = e.user { json.member("Username", v) }
        json.endObject()
        json.endObject()
    }

    /// Collector-to-console latency: a stable 0.2–3 s per event, so `starttime` (receipt) trails `devicetime`.
    static func receiveDelay(_ id: String) -> EpochMillis { 200 + EpochMillis(RandomStreams.fnv1a(id) % 2_800) }

    /// A plausible flow duration for a byte count: a fast LAN, with a floor for handshakes.
    static func flowDuration(bytes: Int64) -> EpochMillis { min(3_600_000, max(40, bytes / 40_000)) }

    /// Transport protocol for an application protocol (QRadar's `protocolname` is the transport).
    static func transport(_ application: String?) -> String? {
        guard let application else { return nil }
        switch application {
        case "DNS", "UDP": return "UDP"
        case "TCP": return "TCP"
        default: return "TCP"
        }
    }

    /// QRadar's direction codes: L2L, L2R, R2L, R2R, by whether each side is a private (local) address.
    static func direction(_ source: String, _ destination: String?) -> String {
        let s = isLocal(source), d = destination.map(isLocal) ?? true
        switch (s, d) {
        case (true, true): return "L2L"
        case (true, false): return "L2R"
        case (false, true): return "R2L"
        case (false, false): return "R2R"
        }
    }

    /// Private ranges and the organisation's own public block (203.0.113.0/24, where the VPN and proxies face
    /// the Internet), as QRadar's network hierarchy would define "local".
    static func isLocal(_ ip: String) -> Bool {
        if ip.hasPrefix("10.") || ip.hasPrefix("192.168.") || ip.hasPrefix("127.") || ip.hasPrefix("203.0.113.") { return true }
        if ip.hasPrefix("172.") {
            let parts = ip.split(separator: ".")
            if parts.count > 1, let second = Int(parts[1]), (16...31).contains(second) { return true }
        }
        return false
    }
}
