import VigilCore

/// Windows security log events (as WinCollect forwards them).
extension Emitter {
    /// 4624 on `target`: an account logged on.
    mutating func logon(_ time: EpochMillis, user: String, target: Asset, from client: Asset?, clientIP: String? = nil,
                        type: Int, package: String, device: String? = nil, severity: Int = 1, properties: [String: String] = [:]) {
        let srcIP = clientIP ?? client?.ip ?? target.ip
        // Every 4624 carries its logon process and key length, as Windows writes them, whoever logged on.
        var properties = properties
        if properties["Logon Process"] == nil { properties["Logon Process"] = Self.logonProcess(type: type, package: package) }
        if properties["Key Length"] == nil { properties["Key Length"] = "0" }
        append(Event(id: nextID(), time: time, kind: .authentication, name: "An account was successfully logged on", eventCode: "4624",
                     user: user, sourceIP: srcIP, sourceHost: client?.hostname, destinationIP: target.ip, destinationHost: target.hostname,
                     networkProtocol: nil, device: device ?? client?.hostname, outcome: .success, logSource: logSourceName(target.logSource),
                     logonType: type, authPackage: package, severity: severity, category: "User Login Success", properties: properties),
               logSource: target.logSource)
    }

    /// 4625 on `target`: a logon failed.
    mutating func logonFailure(_ time: EpochMillis, user: String, target: Asset, from client: Asset?, clientIP: String? = nil,
                               type: Int, package: String, failure: LogonFailure, device: String? = nil) {
        let srcIP = clientIP ?? client?.ip ?? target.ip
        append(Event(id: nextID(), time: time, kind: .authentication, name: "An account failed to log on", eventCode: "4625",
                     user: user, sourceIP: srcIP, sourceHost: client?.hostname, destinationIP: target.ip, destinationHost: target.hostname,
                     device: device ?? client?.hostname, outcome: .failure, logSource: logSourceName(target.logSource), logonType: type,
                     authPackage: package, failureReason: failure.reason, severity: 3, category: "User Login Failure",
                     properties: ["Status": "0xC000006D", "Sub Status": failure.rawValue]),
               logSource: target.logSource)
    }

    /// 4634 on `target`: an account logged off.
    mutating func logoff(_ time: EpochMillis, user: String, target: Asset, type: Int) {
        append(Event(id: nextID(), time: time, kind: .logoff, name: "An account was logged off", eventCode: "4634", user: user,
                     sourceIP: target.ip, sourceHost: target.hostname, destinationIP: target.ip, destinationHost: target.hostname,
                     outcome: .success, logSource: logSourceName(target.logSource), logonType: type, severity: 1, category: "User Logout"),
               logSource: target.logSource)
    }

    /// 4672 on `target`: special privileges assigned to a new logon (administrators).
    mutating func specialPrivileges(_ time: EpochMillis, user: String, target: Asset) {
        append(Event(id: nextID(), time: time, kind: .privilegeAssigned, name: "Special privileges assigned to new logon", eventCode: "4672",
                     user: user, sourceIP: target.ip, sourceHost: target.hostname, destinationIP: target.ip, destinationHost: target.hostname,
                     outcome: .success, logSource: logSourceName(target.logSource), severity: 2, category: "Admin Login Successful",
                     properties: ["Privileges": "SeDebugPrivilege SeBackupPrivilege SeRestorePrivilege SeTakeOwnershipPrivilege"]),
               logSource: target.logSource)
    }

    /// 4648 on `host`: a logon was attempted with explicit credentials (runas, mapped drives, `sekurlsa::pth`).
    mutating func explicitCredentials(_ time: EpochMillis, user: String, asAccount: String, host: Asset, targetServer: String, process: String) {
        append(Event(id: nextID(), time: time, kind: .explicitCredentials, name: "A logon was attempted using explicit credentials",
                     eventCode: "4648", user: user, sourceIP: host.ip, sourceHost: host.hostname, destinationHost: targetServer,
                     application: process, device: host.hostname, outcome: .success, logSource: logSourceName(host.logSource),
                     severity: 2, category: "Misc Login Succeeded", properties: ["Target Account": asAccount]),
               logSource: host.logSource)
    }

    /// 4768 on a domain controller: a Kerberos TGT was requested.
    mutating func kerberosTGT(_ time: EpochMillis, user: String, clientIP: String, clientHost: String?, dc: Asset,
                              outcome: Outcome = .success, encryption: String = "0x12") {
        append(Event(id: nextID(), time: time, kind: .kerberos, name: "A Kerberos authentication ticket (TGT) was requested",
                     eventCode: "4768", user: user, sourceIP: clientIP, sourceHost: clientHost, destinationIP: dc.ip, destinationHost: dc.hostname,
                     destinationPort: 88, networkProtocol: "Kerberos", device: clientHost, outcome: outcome, logSource: logSourceName(dc.logSource),
                     authPackage: "Kerberos", failureReason: outcome == .failure ? "KDC_ERR_PREAUTH_FAILED" : nil, severity: outcome == .failure ? 3 : 1,
                     category: outcome == .failure ? "Kerberos Authentication Failed" : "Kerberos Ticket Granted",
                     properties: ["Ticket Encryption Type": encryption]),
               logSource: dc.logSource)
    }

    /// 4769 on a domain controller: a Kerberos service ticket was requested.
    mutating func kerberosService(_ time: EpochMillis, user: String, clientIP: String, clientHost: String?, dc: Asset, service: String,
                                  encryption: String = "0x12") {
        append(Event(id: nextID(), time: time, kind: .kerberos, name: "A Kerberos service ticket was requested", eventCode: "4769",
                     user: user, sourceIP: clientIP, sourceHost: clientHost, destinationIP: dc.ip, destinationHost: dc.hostname,
                     destinationPort: 88, networkProtocol: "Kerberos", resource: service, device: clientHost, outcome: .success,
                     logSource: logSourceName(dc.logSource), authPackage: "Kerberos", severity: 1, category: "Kerberos Service Ticket Granted",
                     properties: ["Ticket Encryption Type": encryption]),
               logSource: dc.logSource)
    }

    /// 4688 on `host`: a process was created.
    mutating func process(_ time: EpochMillis, user: String, host: Asset, image: String, commandLine: String,
                          parent: String = #"C:\Windows\explorer.exe"#, severity: Int = 1) {
        let exe = Self.fileName(image)
        append(Event(id: nextID(), time: time, kind: .process, name: "A new process has been created", eventCode: "4688", user: user,
                     sourceIP: host.ip, sourceHost: host.hostname, application: exe, resource: image, device: host.hostname,
                     outcome: .success, logSource: logSourceName(host.logSource), command: commandLine, severity: severity,
                     category: "Process Creation Success", properties: ["Parent Process": parent]),
               logSource: host.logSource)
    }

    /// 4104 on `host`: a PowerShell script block ran.
    mutating func powershell(_ time: EpochMillis, user: String, host: Asset, script: String, remoteFrom: Asset? = nil) {
        append(Event(id: nextID(), time: time, kind: .process, name: "PowerShell script block executed", eventCode: "4104", user: user,
                     sourceIP: remoteFrom?.ip ?? host.ip, sourceHost: remoteFrom?.hostname ?? host.hostname, destinationIP: host.ip,
                     destinationHost: host.hostname, application: "PowerShell", resource: #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#,
                     device: host.hostname, outcome: .success, logSource: logSourceName(host.logSource), command: script, severity: 2,
                     category: "Command Execution"),
               logSource: host.logSource)
    }

    /// 5140 on a file server: a network share was accessed.
    mutating func shareAccess(_ time: EpochMillis, user: String, client: Asset?, clientIP: String, server: Asset, share: String) {
        let shareName = Self.shareName(share)
        append(Event(id: nextID(), time: time, kind: .shareAccess, name: "A network share object was accessed", eventCode: "5140",
                     user: user, sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     destinationPort: 445, networkProtocol: "SMB", application: "SMB", resource: share, device: client?.hostname,
                     outcome: .success, logSource: logSourceName(server.logSource), severity: 1, category: "File Share Access",
                     properties: ["Share Name": shareName]),
               logSource: server.logSource)
    }

    /// 5145 on a file server: a file in a share was checked for access.
    mutating func shareObjectAccess(_ time: EpochMillis, user: String, client: Asset?, clientIP: String, server: Asset, share: String,
                                    relativeTarget: String, write: Bool) {
        append(Event(id: nextID(), time: time, kind: .shareAccess,
                     name: "A network share object was checked to see whether client can be granted desired access", eventCode: "5145",
                     user: user, sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     destinationPort: 445, networkProtocol: "SMB", application: "SMB", resource: share, device: client?.hostname,
                     outcome: .success, logSource: logSourceName(server.logSource), severity: 1, category: "File Share Access",
                     properties: ["Share Name": Self.shareName(share), "Relative Target Name": relativeTarget, "Access Mask": write ? "0x2" : "0x1"]),
               logSource: server.logSource)
    }

    /// 4724 on a domain controller: an account's password was reset by someone else.
    mutating func passwordReset(_ time: EpochMillis, actor: String, target: String, actorHost: Asset?, dc: Asset) {
        append(Event(id: nextID(), time: time, kind: .other, name: "An attempt was made to reset an account's password", eventCode: "4724",
                     user: actor, sourceIP: actorHost?.ip ?? dc.ip, sourceHost: actorHost?.hostname, destinationIP: dc.ip, destinationHost: dc.hostname,
                     resource: target, device: actorHost?.hostname, outcome: .success, logSource: logSourceName(dc.logSource), severity: 3,
                     category: "Password Reset", properties: ["Target Account": target]),
               logSource: dc.logSource)
    }

    /// 4740 on a domain controller: an account was locked out.
    mutating func accountLockout(_ time: EpochMillis, target: String, callerHost: String?, dc: Asset) {
        append(Event(id: nextID(), time: time, kind: .other, name: "A user account was locked out", eventCode: "4740", user: target,
                     sourceIP: dc.ip, sourceHost: callerHost, destinationIP: dc.ip, destinationHost: dc.hostname, resource: target,
                     outcome: .success, logSource: logSourceName(dc.logSource), severity: 4, category: "User Account Locked"),
               logSource: dc.logSource)
    }

    /// 4728/4732 on a domain controller: an account was added to a security group.
    mutating func groupMemberAdded(_ time: EpochMillis, actor: String, member: String, group: String, actorHost: Asset?, dc: Asset, local: Bool = false) {
        append(Event(id: nextID(), time: time, kind: .other, name: "A member was added to a security-enabled \(local ? "local" : "global") group",
                     eventCode: local ? "4732" : "4728", user: actor, sourceIP: actorHost?.ip ?? dc.ip, sourceHost: actorHost?.hostname,
                     destinationIP: dc.ip, destinationHost: dc.hostname, resource: group, device: actorHost?.hostname, outcome: .success,
                     logSource: logSourceName(dc.logSource), severity: 4, category: "Group Member Added",
                     properties: ["Member Name": member, "Group Name": group]),
               logSource: dc.logSource)
    }

    /// 7045 on `host`: a service was installed.
    mutating func serviceInstalled(_ time: EpochMillis, user: String, host: Asset, service: String, image: String) {
        append(Event(id: nextID(), time: time, kind: .other, name: "A service was installed in the system", eventCode: "7045", user: user,
                     sourceIP: host.ip, sourceHost: host.hostname, application: service, resource: image, device: host.hostname,
                     outcome: .success, logSource: logSourceName(host.logSource), command: image, severity: 3, category: "Service Installed",
                     properties: ["Service Name": service, "Start Type": "demand start"]),
               logSource: host.logSource)
    }

    /// 1102 on `host`: the security audit log was cleared.
    mutating func auditLogCleared(_ time: EpochMillis, user: String, host: Asset) {
        append(Event(id: nextID(), time: time, kind: .other, name: "The audit log was cleared", eventCode: "1102", user: user,
                     sourceIP: host.ip, sourceHost: host.hostname, device: host.hostname, outcome: .success,
                     logSource: logSourceName(host.logSource), severity: 5, category: "Log Cleared"),
               logSource: host.logSource)
    }

    /// 1100 / 4608 on `host`: the event log service stopped, or Windows started (reboots in maintenance windows).
    mutating func systemState(_ time: EpochMillis, host: Asset, starting: Bool) {
        append(Event(id: nextID(), time: time, kind: .other,
                     name: starting ? "Windows is starting up" : "The event logging service has shut down",
                     eventCode: starting ? "4608" : "1100", sourceIP: host.ip, sourceHost: host.hostname, device: host.hostname,
                     outcome: .success, logSource: logSourceName(host.logSource), severity: 2,
                     category: starting ? "System Boot" : "Service Stopped"),
               logSource: host.logSource)
    }

    /// The logon process Windows reports for a logon type and package.
    static func logonProcess(type: Int, package: String) -> String {
        switch type {
        case LogonType.network: package == "NTLM" ? "NtLmSsp" : (package == "Kerberos" ? "Kerberos" : "NtLmSsp")
        case LogonType.batch, LogonType.service: "Advapi"
        case LogonType.newCredentials: "seclogo"
        default: "User32"
        }
    }

    /// The last path component of a Windows path.
    static func fileName(_ path: String) -> String {
        if let slash = path.lastIndex(of: "\\") { return String(path[path.index(after: slash)...]) }
        return path
    }

    /// `\\*\Finance` from `\\FS-FIN01\Finance\Reports`, as 5140 reports the share.
    static func shareName(_ unc: String) -> String {
        let parts = unc.split(separator: "\\", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return unc }
        return #"\\*\"# + parts[1]
    }
}
