import VigilCore

/// One use of a remote-administration path, read from an event: a network or RDP logon, a flow on an admin
/// port, an admin-share access or a logon with explicit credentials naming a target server.
struct RemoteAccess: Sendable {
    var source: String
    var sourceKey: String
    var destination: String
    var destinationKey: String
    var account: String?
    var protocolName: String
    var authPackage: String?
    var logonType: Int?
    var adminShare: Bool
    var eventID: String
    var time: Int64
    var sourceAssetRole: String?
    var sourceZone: String?
    var destinationAssetRole: String?
    var destinationZone: String?

    var isNTLM: Bool { authPackage?.uppercased().contains("NTLM") ?? false }

    /// Protocol bit for the per-host and per-group protocol masks.
    var protocolBit: UInt8 {
        switch protocolName {
        case "SMB": return 1
        case "RDP": return 2
        case "WinRM": return 4
        case "WMI/DCOM": return 8
        case "network logon": return 16
        case "explicit credentials": return 32
        default: return 64
        }
    }

    /// Whether the protocol is one an administrator uses to run things on the destination.
    var isAdministrative: Bool { adminShare || protocolName == "RDP" || protocolName == "WinRM" || protocolName == "WMI/DCOM" }

    /// ATT&CK technique for the hop.
    var technique: String {
        switch protocolName {
        case "RDP": return "T1021.001"
        case "WinRM": return "T1021.006"
        case "WMI/DCOM": return "T1021.003"
        default: return "T1021.002"
        }
    }

    /// Reads the remote access an event records, or nil. `resolve` maps an address to a known host name.
    static func from(_ e: Event, configuration c: LateralMovementConfiguration, resolve: (String) -> String?) -> RemoteAccess? {
        var protocolName: String
        var account = e.user
        var adminShare = false
        switch e.kind {
        case .authentication:
            guard e.outcome != .failure, let type = e.logonType, c.remoteLogonTypes.contains(type) else { return nil }
            if type == 10 {
                protocolName = "RDP"
            } else if let app = (e.networkProtocol ?? e.application)?.uppercased(), let p = c.adminApplications[app] {
                protocolName = p
            } else {
                protocolName = "network logon"
            }
        case .explicitCredentials:
            guard e.destinationHost != nil || e.destinationIP != nil else { return nil }
            protocolName = "explicit credentials"
            account = e.properties["Target Account"] ?? e.properties["targetAccount"] ?? e.user
        case .networkFlow:
            if let port = e.destinationPort, let p = c.adminPorts[port] {
                protocolName = p
            } else if let app = (e.application ?? e.networkProtocol)?.uppercased(), let p = c.adminApplications[app] {
                protocolName = p
            } else {
                return nil
            }
        case .shareAccess:
            let share = (e.properties["Share Name"] ?? e.resource ?? "").uppercased()
            guard Self.isAdminShare(share) else { return nil }
            protocolName = "SMB"
            adminShare = true
        default:
            return nil
        }
        guard let rawSource = e.sourceHost ?? e.sourceIP.map({ resolve($0) ?? $0 }),
              let rawDestination = e.destinationHost ?? e.destinationIP.map({ resolve($0) ?? $0 })
        else { return nil }
        if let a = account {
            let upper = a.uppercased()
            if upper.hasSuffix("$") || c.ignoredAccounts.contains(upper) { account = nil }
            if e.kind == .authentication && account == nil { return nil }
        }
        let sourceKey = rawSource.uppercased(), destinationKey = rawDestination.uppercased()
        guard sourceKey != destinationKey, !Self.isLocal(sourceKey), !c.ignoredSources.contains(sourceKey) else { return nil }
        if let ip = e.sourceIP, ip == e.destinationIP { return nil }
        let props = e.properties
        return RemoteAccess(
            source: rawSource, sourceKey: sourceKey, destination: rawDestination, destinationKey: destinationKey, account: account,
            protocolName: protocolName, authPackage: e.authPackage, logonType: e.logonType, adminShare: adminShare, eventID: e.id,
            time: e.time, sourceAssetRole: props["sourceAssetRole"], sourceZone: props["sourceZone"],
            destinationAssetRole: props["destinationAssetRole"] ?? props["assetRole"], destinationZone: props["destinationZone"] ?? props["zone"])
    }

    /// `\\HOST\ADMIN$`, `\\HOST\C$` … (the hidden administrative shares; `IPC$` is everyday SMB plumbing).
    static func isAdminShare(_ share: String) -> Bool {
        let last = share.split(separator: "\\").last.map(String.init) ?? share
        if last == "ADMIN$" { return true }
        let u = Array(last.utf8)
        return u.count == 2 && u[1] == 36 && u[0] >= 65 && u[0] <= 90
    }

    static func isLocal(_ key: String) -> Bool {
        key == "-" || key == "127.0.0.1" || key == "::1" || key == "LOCALHOST" || key.isEmpty
    }
}
