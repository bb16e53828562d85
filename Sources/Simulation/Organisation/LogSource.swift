/// The kinds of log source the organisation forwards to QRadar, with the QRadar log source type name the
/// emulator maps them by and the LEEF header they send.
public enum LogSourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case windowsSecurity
    case linuxOS
    case sqlServer
    case vpn
    case webProxy
    case fileAudit
    case application
    case flowCollector

    /// QRadar's log source type name (`logsourcetypename` in the Ariel load format).
    public var qradarTypeName: String {
        switch self {
        case .windowsSecurity: "Microsoft Windows Security Event Log"
        case .linuxOS: "Linux OS"
        case .sqlServer: "Microsoft SQL Server"
        case .vpn: "Cisco Adaptive Security Appliance (ASA)"
        case .webProxy: "Squid Web Proxy"
        case .fileAudit: "Universal LEEF"
        case .application: "Universal LEEF"
        case .flowCollector: "QFlow"
        }
    }

    /// LEEF vendor, product and product version in the header.
    var leefHeader: (vendor: String, product: String, version: String) {
        switch self {
        case .windowsSecurity: ("Microsoft", "Windows Security Event Log", "10.0")
        case .linuxOS: ("Linux", "OS", "6.1")
        case .sqlServer: ("Microsoft", "SQL Server", "15.0")
        case .vpn: ("Cisco", "ASA", "9.18")
        case .webProxy: ("Squid", "Squid", "6.6")
        case .fileAudit: ("Meridian", "FileAudit", "2.4")
        case .application: ("Meridian", "AppGateway", "3.2")
        case .flowCollector: ("IBM", "QFlow", "7.5")
        }
    }

    /// Syslog APP-NAME the source writes in its RFC 5424 header.
    var syslogAppName: String {
        switch self {
        case .windowsSecurity: "WinCollect"
        case .linuxOS: "rsyslogd"
        case .sqlServer: "MSSQLSERVER"
        case .vpn: "asa"
        case .webProxy: "squid"
        case .fileAudit: "fileaudit"
        case .application: "appgw"
        case .flowCollector: "qflow"
        }
    }

    /// Minutes between heartbeats.
    var heartbeatMinutes: Int {
        switch self {
        case .windowsSecurity, .linuxOS: 30
        case .vpn, .webProxy, .flowCollector: 15
        case .sqlServer, .fileAudit, .application: 30
        }
    }
}

/// One log source: a host forwarding one kind of log.
public struct LogSource: Sendable, Hashable, Codable {
    /// Position in ``Enterprise/logSources``; also its QRadar id minus 100 (QRadar reserves the low ids).
    public var index: Int
    /// QRadar log source name (`"WindowsAuthServer @ DC01"` style: `"<type> @ <host>"`).
    public var name: String
    public var type: LogSourceType
    /// The asset the log source runs on.
    public var assetIndex: Int
    /// Host name in the syslog header.
    public var hostname: String
    /// The sending address (QRadar's log source identifier).
    public var ip: String
    /// Whether losing this source hurts detection (domain controllers, VPN, proxy, critical servers).
    public var critical: Bool
}
