import VigilCore

/// The features of one event that the baselines read, hashed once. Building a view does no allocation for the
/// common event kinds; names are recovered from the event only when a signal needs an explanation.
struct EventView {
    var entity: EntityRef?
    /// Counts as activity in the hour-of-week profile.
    var isActivity = false
    var resource: UInt64 = 0
    var application: UInt64 = 0
    var device: UInt64 = 0
    var action: UInt64 = 0
    var command: UInt64 = 0
    var country: UInt64 = 0
    var city: UInt64 = 0
    var network: UInt64 = 0
    /// Where the entity was, from the event's own geolocation (VPN, remote logins) or its office site.
    var location: GeoLocation?
    /// The event is a login whose location should be checked for travel.
    var isLocatedLogin = false
    var isFailure = false
    var volume1: (VolumeClass, Int64)?
    var volume2: (VolumeClass, Int64)?

    /// Accounts that stand for the machine itself; their activity is the host's.
    static func isSystemAccount(_ user: String) -> Bool {
        if user.isEmpty || user == "-" || user.hasSuffix("$") { return true }
        switch user {
        case "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON", "system", "root": return true
        default: return false
        }
    }

    /// Which entity an event's behaviour belongs to.
    static func entity(of e: Event) -> EntityRef? {
        // The class the privacy gate read from the clear name first: after pseudonymisation `SYSTEM` is a pseudonym.
        if let u = e.user, !isSystemAccount(u), !e.isHostAccountActivity { return EntityRef(.user, u) }
        switch e.kind {
        case .networkFlow:
            if let h = e.sourceHost { return EntityRef(.host, h) }
        case .process:
            if let h = e.device ?? e.sourceHost { return EntityRef(.host, h) }
        default:
            break
        }
        return nil
    }

    init(_ e: Event, sites: SiteMap) {
        guard let entity = Self.entity(of: e) else { return }
        self.entity = entity
        let isHost = entity.kind == .host
        switch e.kind {
        case .heartbeat, .aiFinding:
            self.entity = nil
            return
        case .logoff, .privilegeAssigned:
            isActivity = false
        case .networkFlow:
            isActivity = isHost
        default:
            isActivity = true
        }
        // Flows attributed to a user duplicate the application records that carry the same transfer.
        if e.kind == .networkFlow, !isHost {
            self.entity = nil
            return
        }

        action = Self.actionHash(e)
        isFailure = e.outcome == .failure && (e.kind == .authentication || e.kind == .vpn || e.kind == .kerberos)

        if let app = e.application { application = FeatureHash.hash(app, seed: Dimension.application.seed) }

        switch e.kind {
        case .fileAccess:
            if let r = e.resource { resource = FeatureHash.hashFolder(r, seed: Dimension.resource.seed) }
        case .shareAccess, .database, .applicationAccess, .process, .webProxy:
            if let r = e.resource ?? e.destinationHost { resource = FeatureHash.hash(r, seed: Dimension.resource.seed) }
        case .kerberos:
            if let r = e.resource { resource = FeatureHash.hash(r, seed: Dimension.resource.seed) }
        case .authentication, .explicitCredentials:
            if e.outcome == .success, let h = e.destinationHost, h != e.device, h != e.sourceHost {
                resource = FeatureHash.hash(h, seed: Dimension.resource.seed &+ 1)
            }
        case .networkFlow:
            if let d = e.destinationHost ?? e.destinationIP {
                resource = FeatureHash.hash(d, seed: Dimension.resource.seed &+ 2) &+ UInt64(e.destinationPort ?? 0)
            }
        default:
            break
        }

        if e.kind != .process, e.kind != .privilegeAssigned, e.kind != .other, e.kind != .networkFlow, e.kind != .logoff,
           let d = e.device ?? e.sourceHost {
            device = FeatureHash.hash(d, seed: Dimension.device.seed)
        }

        if e.kind == .process, let c = e.command { command = Self.commandHash(c) }

        // Where the entity is: the event's own geolocation for remote access, or the office site of its address.
        if e.kind == .vpn || e.kind == .authentication {
            if let g = e.geo {
                country = FeatureHash.hash(g.country, seed: Dimension.country.seed)
                city = FeatureHash.hash(g.city ?? "?", seed: Dimension.city.seed ^ country)
                if let ip = e.sourceIP { network = Self.networkHash(ip) }
                if g.latitude != nil { location = g }
                isLocatedLogin = e.outcome == .success && Self.isSessionStart(e)
            }
        }
        if location == nil, e.kind == .authentication || e.kind == .kerberos, let site = sites.location(of: e) {
            location = site
        }

        switch e.kind {
        case .fileAccess:
            if let b = e.bytesIn, b > 0 { volume1 = (.fileRead, b) }
            if let b = e.bytesOut, b > 0 { volume2 = (.fileWrite, b) }
        case .applicationAccess:
            let b = max(e.bytesIn ?? 0, e.bytesOut ?? 0)
            if b > 0 { volume1 = (.application, b) }
        case .database:
            if let b = e.bytesIn, b > 0 { volume1 = (.database, b) }
        case .webProxy:
            if let b = e.bytesIn, b > 0 { volume1 = (.webDownload, b) }
            if let b = e.bytesOut, b > 0 { volume2 = (.webUpload, b) }
        case .vpn:
            if let b = e.bytesIn, b > 0 { volume1 = (.remoteAccess, b) }
        case .networkFlow:
            if let b = e.bytesOut, b > 0 { volume1 = (.network, b) }
        default:
            break
        }
    }

    /// A VPN session start or an interactive/remote logon (not a logout record, which repeats the place).
    static func isSessionStart(_ e: Event) -> Bool {
        switch e.kind {
        case .vpn: return e.bytesIn == nil && e.bytesOut == nil
        case .authentication: return e.logonType.map { $0 == 2 || $0 == 10 || $0 == 11 } ?? true
        default: return false
        }
    }

    /// Kind, event code, logon type and authentication package: what the account did and how.
    static func actionHash(_ e: Event) -> UInt64 {
        var h = FeatureHash.mix(UInt64(e.kind.rawValue.utf8.count) &+ FeatureHash.hash(e.kind.rawValue, seed: Dimension.action.seed))
        // Business applications name every verb differently ("approve", "post-journal"): the verb belongs to the
        // resource, not to how the account acts, and would flood the action baseline.
        if e.kind != .applicationAccess, let c = e.eventCode { h = FeatureHash.mix(h ^ FeatureHash.hash(c, seed: 11)) }
        if let t = e.logonType { h = FeatureHash.mix(h ^ UInt64(t &+ 1000)) }
        if let p = e.authPackage { h = FeatureHash.mix(h ^ FeatureHash.hash(p, seed: 13)) }
        return h
    }

    /// A command line's shape: lower case, digit runs folded, first 64 bytes.
    static func commandHash(_ c: String) -> UInt64 {
        var buf: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { raw -> UInt64 in
            var n = 0
            var lastDigit = false
            for b in c.utf8 {
                if n == 64 { break }
                var x = b
                if x >= 48, x <= 57 {
                    if lastDigit { continue }
                    x = 35
                    lastDigit = true
                } else {
                    lastDigit = false
                    if x >= 65, x <= 90 { x |= 0x20 }
                }
                raw[n] = x
                n += 1
            }
            let bytes = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            return FeatureHash.hash(bytes, seed: Dimension.command.seed)
        }
    }

    /// The /16 of a public IPv4 address (a stand-in for its provider), or the address itself otherwise.
    static func networkHash(_ ip: String) -> UInt64 {
        var dots = 0
        var end = 0
        for b in ip.utf8 {
            if b == 46 { dots += 1; if dots == 2 { break } }
            end += 1
        }
        let h = ip.utf8.withContiguousStorageIfAvailable { FeatureHash.hash(UnsafeBufferPointer(rebasing: $0[0..<min(end, $0.count)]), seed: Dimension.network.seed) }
        return h ?? FeatureHash.hash(ip, seed: Dimension.network.seed)
    }

    /// The /16 as text, for explanations.
    static func networkName(_ ip: String) -> String {
        let parts = ip.split(separator: ".")
        guard parts.count == 4 else { return ip }
        return parts[0] + "." + parts[1] + ".0.0/16"
    }

    /// The value an event has in a dimension, as text, for explanations.
    static func name(of d: Dimension, in e: Event) -> String {
        switch d {
        case .country: return e.geo?.country ?? "?"
        case .city: return (e.geo?.city ?? "?") + ", " + (e.geo?.country ?? "?")
        case .network: return e.sourceIP.map(networkName) ?? "?"
        case .device: return e.device ?? e.sourceHost ?? "?"
        case .action:
            var s = e.name ?? e.kind.rawValue
            if let c = e.eventCode { s += " (" + c + ")" }
            if let t = e.logonType { s += ", logon type \(t)" }
            if let p = e.authPackage { s += ", " + p }
            return s
        case .resource:
            switch e.kind {
            case .fileAccess: return e.resource.map(FeatureHash.folder(of:)) ?? "?"
            case .authentication, .explicitCredentials: return "logon to " + (e.destinationHost ?? "?")
            case .networkFlow: return (e.destinationHost ?? e.destinationIP ?? "?") + ":" + String(e.destinationPort ?? 0)
            default: return e.resource ?? e.destinationHost ?? "?"
            }
        case .application: return e.application ?? "?"
        case .command: return e.command.map { String($0.prefix(120)) } ?? "?"
        default: return "?"
        }
    }
}
