/// What a host is for, as far as lateral movement is concerned.
public enum HostRole: String, Sendable, Hashable, Codable {
    /// An end-user device.
    case workstation
    /// A server.
    case server
    /// A host built for administration (jump host, privileged access workstation, bastion): fan-out from it is
    /// its job.
    case adminStation
    /// Not known (an address without a name).
    case unknown
}

/// Puts hosts into peer groups and roles.
///
/// Precedence, first that applies:
/// 1. the configured ``groups`` map (host name → group), e.g. built from the CMDB;
/// 2. asset properties carried by the event (``Event/properties``): `sourceAssetRole` / `sourceZone` for the
///    source, `destinationAssetRole` / `destinationZone` (or plain `assetRole` / `zone`, which describe the host that
///    logged the event, the destination of a logon) for the destination — the group is `role@zone`;
/// 3. the naming convention: the host name up to the first `-`, without trailing digits and domain
///    (`FS-FIN01` → `FS`, `DC02` → `DC`, `WS-NYC-00012` → `WS`, `jump01.corp.example` → `JUMP`);
/// 4. for a bare IPv4 address, its /24 network.
///
/// Roles: a group in ``workstationGroups`` is a workstation, in ``adminGroups`` an admin station, an address group
/// is unknown, anything else with a name is a server. Asset roles containing "workstation", "laptop" or "desktop"
/// are workstations and "jump", "bastion" or "paw" admin stations.
public struct HostClassifier: Sendable {
    /// Host name (any case) → peer group.
    public var groups: [String: String]
    /// Peer group → role, overriding the defaults.
    public var roles: [String: HostRole]
    /// Groups of end-user devices.
    public var workstationGroups: Set<String>
    /// Groups of administration hosts.
    public var adminGroups: Set<String>

    public init(groups: [String: String] = [:], roles: [String: HostRole] = [:],
                workstationGroups: Set<String> = ["WS", "LT", "PC", "DESKTOP", "LAPTOP", "NB", "WKS", "VDI", "CLIENT"],
                adminGroups: Set<String> = ["JUMP", "JMP", "PAW", "BASTION", "ADMIN"]) {
        var g: [String: String] = [:]
        for (k, v) in groups { g[k.uppercased()] = v }
        self.groups = g
        self.roles = roles
        self.workstationGroups = Set(workstationGroups.map { $0.uppercased() })
        self.adminGroups = Set(adminGroups.map { $0.uppercased() })
    }

    /// The peer group of `host` (already upper-cased), using `assetRole` and `zone` when the event carries them.
    public func group(ofKey host: String, assetRole: String?, zone: String?) -> String {
        if let g = groups[host] { return g }
        if let role = assetRole, !role.isEmpty { return zone.map { role + "@" + $0 } ?? role }
        if NetworkAddress.isAddress(host) { return NetworkAddress.slash24(host) ?? host }
        return Self.namePrefix(host)
    }

    /// The role of a host in `group`.
    public func role(ofGroup group: String, assetRole: String?) -> HostRole {
        if let r = roles[group] { return r }
        if let a = assetRole?.lowercased(), !a.isEmpty {
            if a.contains("workstation") || a.contains("laptop") || a.contains("desktop") { return .workstation }
            if a.contains("jump") || a.contains("bastion") || a.contains("paw") { return .adminStation }
            return .server
        }
        let upper = group.uppercased()
        if workstationGroups.contains(upper) { return .workstation }
        if adminGroups.contains(upper) { return .adminStation }
        if group.hasSuffix("/24") { return .unknown }
        return .server
    }

    /// The naming-convention group of a host name: `FS-FIN01` → `FS`; `DC02` → `DC`; `jump01.corp.example` → `JUMP`.
    public static func namePrefix(_ host: String) -> String {
        var name = Substring(host.uppercased())
        if let dot = name.firstIndex(of: ".") { name = name[..<dot] }
        if let dash = name.firstIndex(of: "-"), dash != name.startIndex { name = name[..<dash] }
        while let last = name.last, last.isNumber, name.count > 1 { name.removeLast() }
        return name.isEmpty ? host.uppercased() : String(name)
    }
}
