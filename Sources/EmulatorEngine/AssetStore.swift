import VigilCore

/// QRadar asset objects (§6.2), loaded from the simulator's CMDB or built in for the demo.
///
/// `addAssets` accepts real QRadar asset objects, or a simpler CMDB shape (`hostname`, `ip`/`ip_addresses`,
/// `mac`, `properties` as a name→value object, `owner`, `users`) that is normalized into QRadar's shape.
struct AssetStore: Sendable {
    private(set) var assets: [Int64: JSONValue] = [:]
    private var hostnameByIP: [String: String] = [:]
    private var assetByIP: [String: Int64] = [:]
    private var assetByHostname: [String: Int64] = [:]
    private(set) var nextID: Int64 = 1001
    /// Sub-object ids (hostnames, interfaces, addresses, properties) are global on a console.
    private(set) var nextSubID: Int64 = 1

    var sorted: [JSONValue] { assets.keys.sorted().compactMap { assets[$0] } }

    func hostname(forIP ip: String) -> String? { hostnameByIP[ip] }

    /// Normalizes and stores one asset; replaces an existing asset with the same id, IP or hostname.
    mutating func upsert(_ raw: JSONValue, now: Int64) throws(EngineError) -> JSONValue {
        guard case .object(let o) = raw else {
            throw EngineError(httpStatus: 422, code: 1005, message: "An asset must be a JSON object.", description: "A request parameter is not valid.")
        }
        let ips = Self.ipAddresses(o)
        let names = Self.hostnames(o)
        for ip in ips where !IPAddress.isValid(ip) {
            throw EngineError(httpStatus: 422, code: 1005, message: "\"\(ip)\" is not a valid IP address.", description: "A request parameter is not valid.")
        }
        var id = o["id"]?.intValue
        if let given = id, !(1...Int64(Int32.max)).contains(given) {
            throw EngineError(httpStatus: 422, code: 1005, message: "Asset id \(given) is out of range.", description: "A request parameter is not valid.")
        }
        let byIP = assetByIP, byHost = assetByHostname
        if id == nil { id = ips.lazy.compactMap { byIP[$0] }.first }
        if id == nil { id = names.lazy.compactMap { byHost[$0.lowercased()] }.first }
        let assetID = id ?? nextID
        if assetID >= nextID { nextID = assetID + 1 }
        if let old = assets[assetID] { unindex(old) }
        let asset = normalize(o, id: assetID, ips: ips, names: names, now: now)
        assets[assetID] = asset
        index(asset)
        return asset
    }

    /// Restores a persisted asset as is.
    mutating func restore(_ asset: JSONValue) {
        guard let id = asset["id"]?.intValue else { return }
        assets[id] = asset
        if id >= nextID { nextID = id + 1 }
        index(asset)
        for sub in Self.subIDs(asset) where sub >= nextSubID { nextSubID = sub + 1 }
    }

    private mutating func index(_ asset: JSONValue) {
        guard let id = asset["id"]?.intValue else { return }
        let host = asset["hostnames"]?.arrayValue?.first?["name"]?.stringValue
        for ip in Self.assetIPs(asset) {
            assetByIP[ip] = id
            if let host { hostnameByIP[ip] = host }
        }
        for h in asset["hostnames"]?.arrayValue ?? [] {
            if let n = h["name"]?.stringValue { assetByHostname[n.lowercased()] = id }
        }
    }

    private mutating func unindex(_ asset: JSONValue) {
        for ip in Self.assetIPs(asset) {
            assetByIP[ip] = nil
            hostnameByIP[ip] = nil
        }
        for h in asset["hostnames"]?.arrayValue ?? [] {
            if let n = h["name"]?.stringValue { assetByHostname[n.lowercased()] = nil }
        }
    }

    static func assetIPs(_ asset: JSONValue) -> [String] {
        var out: [String] = []
        for iface in asset["interfaces"]?.arrayValue ?? [] {
            for a in iface["ip_addresses"]?.arrayValue ?? [] {
                if let v = a["value"]?.stringValue { out.append(v) }
            }
        }
        return out
    }

    private static func subIDs(_ v: JSONValue) -> [Int64] {
        var out: [Int64] = []
        func walk(_ v: JSONValue, top: Bool) {
            switch v {
            case .object(let o):
                if !top, let id = o["id"]?.intValue { out.append(id) }
                for (_, c) in o { walk(c, top: false) }
            case .array(let a): for c in a { walk(c, top: false) }
            default: break
            }
        }
        walk(v, top: true)
        return out
    }

    private static func ipAddresses(_ o: [String: JSONValue]) -> [String] {
        var out: [String] = []
        for iface in o["interfaces"]?.arrayValue ?? [] {
            for a in iface["ip_addresses"]?.arrayValue ?? [] {
                if let v = a["value"]?.stringValue { out.append(v) }
            }
        }
        for key in ["ip", "ip_address", "ipaddress", "address"] {
            if let s = o[key]?.stringValue { out.append(s) }
        }
        for item in o["ip_addresses"]?.arrayValue ?? o["ips"]?.arrayValue ?? [] {
            if let s = item.stringValue { out.append(s) } else if let s = item["value"]?.stringValue { out.append(s) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    private static func hostnames(_ o: [String: JSONValue]) -> [String] {
        var out: [String] = []
        for h in o["hostnames"]?.arrayValue ?? [] {
            if let n = h["name"]?.stringValue { out.append(n) } else if let n = h.stringValue { out.append(n) }
        }
        for key in ["hostname", "host", "name", "fqdn"] {
            if let s = o[key]?.stringValue, !s.isEmpty { out.append(s) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.lowercased()).inserted }
    }

    private mutating func subID() -> Int64 {
        defer { nextSubID += 1 }
        return nextSubID
    }

    private mutating func normalize(_ o: [String: JSONValue], id: Int64, ips: [String], names: [String], now: Int64) -> JSONValue {
        let seen: [String: JSONValue] = [
            "created": .int(now), "first_seen_scanner": .null, "first_seen_profiler": .int(now),
            "last_seen_scanner": .null, "last_seen_profiler": .int(now),
        ]
        func with(_ base: [String: JSONValue], _ extra: [String: JSONValue]) -> JSONValue {
            .object(base.merging(extra) { _, new in new })
        }
        var hostnames: [JSONValue] = []
        for n in names {
            hostnames.append(with(seen, ["id": .int(subID()), "name": .string(n), "type": n.contains(".") ? "DNS" : "NETBIOS"]))
        }
        var interfaces: [JSONValue]
        if let given = o["interfaces"]?.arrayValue, !given.isEmpty {
            interfaces = given
        } else {
            var addresses: [JSONValue] = []
            for ip in ips {
                addresses.append(with(seen, [
                    "id": .int(subID()), "network_id": 0, "value": .string(ip),
                    "type": IPAddress.v4(ip) != nil ? "IPV4" : "IPV6",
                ]))
            }
            let mac = o["mac"]?.stringValue ?? o["mac_address"]?.stringValue ?? "Unknown NIC"
            interfaces = ips.isEmpty ? [] : [with(seen, ["id": .int(subID()), "mac_address": .string(mac), "ip_addresses": .array(addresses)])]
        }
        var properties: [JSONValue] = []
        if let given = o["properties"]?.arrayValue {
            properties = given
        } else if let dict = o["properties"]?.objectValue {
            for key in dict.keys.sorted() {
                let value = dict[key]!
                properties.append([
                    "id": .int(subID()), "type_id": .int(Self.propertyTypeID(key)), "name": .string(key),
                    "value": .string(value.stringValue ?? JSONText.encode(value)),
                    "last_reported": .int(now), "last_reported_by": "USER:admin",
                ])
            }
        }
        let named: [(String, String)] = [("owner", "Business Owner"), ("business_owner", "Business Owner"),
                                         ("technical_owner", "Technical Owner"), ("location", "Location"),
                                         ("os", "Primary OS ID"), ("department", "Department"), ("weight", "Weight")]
        for (key, property) in named {
            guard let v = o[key], !v.isNull else { continue }
            properties.append([
                "id": .int(subID()), "type_id": .int(Self.propertyTypeID(property)), "name": .string(property),
                "value": .string(v.stringValue ?? JSONText.encode(v)),
                "last_reported": .int(now), "last_reported_by": "USER:admin",
            ])
        }
        if let first = names.first, !properties.contains(where: { $0["name"]?.stringValue == "Unified Name" }) {
            properties.append([
                "id": .int(subID()), "type_id": 1002, "name": "Unified Name", "value": .string(first),
                "last_reported": .int(now), "last_reported_by": "USER:admin",
            ])
        }
        var users: [JSONValue] = o["users"]?.arrayValue ?? []
        users = users.map { u in
            if let name = u.stringValue {
                return with(["first_seen_scanner": .null, "last_seen_scanner": .null, "first_seen_profiler": .int(now), "last_seen_profiler": .int(now)],
                            ["id": .int(subID()), "username": .string(name)])
            }
            return u
        }
        return [
            "id": .int(id),
            "domain_id": .int(o["domain_id"]?.intValue ?? 0),
            "vulnerability_count": .int(o["vulnerability_count"]?.intValue ?? 0),
            "risk_score_sum": .double(o["risk_score_sum"]?.doubleValue ?? 0),
            "hostnames": .array(hostnames.isEmpty ? (o["hostnames"]?.arrayValue ?? []) : hostnames),
            "interfaces": .array(interfaces),
            "products": o["products"] ?? .array([]),
            "properties": .array(properties),
            "users": .array(users),
        ]
    }

    /// Asset property type ids; 1002 "Unified Name" is from real data, the others are the emulator's.
    static func propertyTypeID(_ name: String) -> Int64 {
        switch name {
        case "Unified Name": return 1002
        case "Primary OS ID": return 1003
        case "Weight": return 1004
        case "Business Owner": return 1005
        case "Technical Owner": return 1006
        case "Location": return 1007
        case "Department": return 1008
        default: return 1100
        }
    }

    /// A few built-in demo assets (the demo org's core servers), so ASSETHOSTNAME answers before any CMDB load.
    static let demo: [JSONValue] = [
        ["hostname": "dc01.corp.example", "ip": "10.0.0.10", "owner": "IT Infrastructure", "os": "Windows Server 2022", "weight": 10, "location": "HQ Datacenter"],
        ["hostname": "fs01.corp.example", "ip": "10.0.0.20", "owner": "IT Infrastructure", "os": "Windows Server 2019", "weight": 8, "location": "HQ Datacenter"],
        ["hostname": "db01.corp.example", "ip": "10.0.1.30", "owner": "Finance Applications", "os": "Oracle Linux 8", "weight": 10, "location": "HQ Datacenter"],
        ["hostname": "web01.corp.example", "ip": "10.0.2.40", "owner": "E-Commerce", "os": "Ubuntu 22.04", "weight": 7, "location": "DMZ"],
        ["hostname": "vpn01.corp.example", "ip": "10.0.3.1", "owner": "Network Operations", "os": "Cisco ASA", "weight": 9, "location": "DMZ"],
    ]
}
