/// What a normalized event describes. Flows are events of kind ``networkFlow``.
public enum EventKind: String, Codable, Sendable, CaseIterable, Hashable {
    /// A logon attempt (Windows 4624/4625, Linux sshd, application login).
    case authentication
    /// A logoff (Windows 4634).
    case logoff
    /// A logon with explicit credentials (Windows 4648).
    case explicitCredentials
    /// Special privileges assigned to a new logon (Windows 4672).
    case privilegeAssigned
    /// A Kerberos ticket request (Windows 4768/4769).
    case kerberos
    /// A process creation or a command typed in a privileged shell (Windows 4688, PowerShell, sudo).
    case process
    /// Access to a network share (Windows 5140/5145).
    case shareAccess
    /// A VPN session start or end.
    case vpn
    /// Access to a file or document repository.
    case fileAccess
    /// Access to a business application.
    case applicationAccess
    /// A database audit record.
    case database
    /// A web proxy request.
    case webProxy
    /// A network flow (NetFlow/IPFIX/QFlow, Zeek conn.log).
    case networkFlow
    /// A log source's own heartbeat or health record.
    case heartbeat
    /// A finding Vigil itself emitted (LEEF events into QRadar).
    case aiFinding
    /// Anything else.
    case other
}

/// Whether the action an event records succeeded.
public enum Outcome: String, Codable, Sendable, Hashable {
    case success
    case failure
    case unknown
}
