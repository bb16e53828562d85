import VigilCore

/// One event as the rules read it: each field's text fetched at most once, and lowercased at most once.
struct SigmaEventView {
    let event: Event
    let table: SigmaFieldTable
    private var texts: [String?]
    private var lowered: [[UInt8]?]
    private var fetched: [UInt8]

    init(_ event: Event, table: SigmaFieldTable) {
        self.event = event
        self.table = table
        let n = table.fields.count
        texts = Array(repeating: nil, count: n)
        lowered = Array(repeating: nil, count: n)
        fetched = Array(repeating: 0, count: n)
    }

    /// The field's text as the event holds it; nil when absent or empty.
    mutating func text(_ slot: Int) -> String? {
        if fetched[slot] & 1 == 0 {
            fetched[slot] |= 1
            let t = Self.read(table.fields[slot], event)
            texts[slot] = (t?.isEmpty ?? true) ? nil : t
        }
        return texts[slot]
    }

    /// The field's text, ASCII-lowercased, as bytes.
    mutating func lowercased(_ slot: Int) -> [UInt8]? {
        if fetched[slot] & 2 == 0 {
            fetched[slot] |= 2
            lowered[slot] = text(slot).map { $0.utf8.map(SigmaPattern.lower) }
        }
        return lowered[slot]
    }

    /// The field's exact bytes (for `|cased`).
    mutating func bytes(_ slot: Int) -> [UInt8]? {
        text(slot).map { Array($0.utf8) }
    }

    static func read(_ field: SigmaEventField, _ e: Event) -> String? {
        switch field {
        case .eventCode: return e.eventCode
        case .user: return e.user
        case .command: return e.command ?? e.properties["Process CommandLine"]
        case .name: return e.name
        case .sourceIP: return e.sourceIP
        case .sourceHost: return e.sourceHost
        case .destinationIP: return e.destinationIP
        case .destinationHost: return e.destinationHost
        case .sourcePort: return e.sourcePort.map(String.init)
        case .destinationPort: return e.destinationPort.map(String.init)
        case .logonType: return e.logonType.map(String.init)
        case .authPackage: return e.authPackage
        case .resource: return e.resource
        case .failureReason: return e.failureReason
        case .application: return e.application
        case .device: return e.device
        case .property(let names):
            for n in names { if let v = e.properties[n], !v.isEmpty { return v } }
            return nil
        case .argument(let i):
            guard let c = e.command ?? e.properties["Process CommandLine"] else { return nil }
            let words = c.split(separator: " ", omittingEmptySubsequences: true)
            return i < words.count ? String(words[i]) : nil
        case .keywords:
            var parts: [String] = []
            if let n = e.name { parts.append(n) }
            if let c = e.command { parts.append(c) }
            if let f = e.failureReason { parts.append(f) }
            for key in e.properties.keys.sorted() where key != "Process CommandLine" { parts.append(e.properties[key]!) }
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }
    }
}
