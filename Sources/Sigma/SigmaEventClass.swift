import VigilCore

/// What kind of log an event is in Sigma's terms (`product`, `category`, `service`), read from QRadar's log source
/// type, the event id and the event name. Sigma's categories are Sysmon's event types and their Security-log
/// equivalents (4688 is `process_creation` too); services are the Windows channels and Linux daemons.
struct SigmaEventClass: Sendable, Hashable {
    var product: String
    var categories: [String]
    var service: String?

    static let sysmonCategories: [String: [String]] = [
        "1": ["process_creation"], "2": ["file_change"], "3": ["network_connection"], "5": ["process_termination"],
        "6": ["driver_load"], "7": ["image_load"], "8": ["create_remote_thread"], "9": ["raw_access_thread"],
        "10": ["process_access"], "11": ["file_event"], "12": ["registry_add", "registry_delete", "registry_event"],
        "13": ["registry_set", "registry_event"], "14": ["registry_rename", "registry_event"], "15": ["create_stream_hash"],
        "17": ["pipe_created"], "18": ["pipe_created"], "19": ["wmi_event"], "20": ["wmi_event"], "21": ["wmi_event"],
        "22": ["dns_query"], "23": ["file_delete"], "24": ["clipboard_change"], "25": ["process_tampering"],
        "26": ["file_delete"], "4": ["sysmon_status"], "16": ["sysmon_status"],
    ]

    /// Windows categories and services Vigil can classify events into.
    static let windowsCategories: Set<String> = Set(sysmonCategories.values.flatMap { $0 }).union(["ps_script", "ps_module", "ps_classic_start"])
    static let windowsServices: Set<String> = ["security", "system", "sysmon", "powershell", "powershell-classic", "windefend"]
    static let linuxCategories: Set<String> = ["process_creation"]
    static let linuxServices: Set<String> = ["auditd", "auth", "sshd", "sudo", "su", "syslog", "cron"]

    init?(_ e: Event) {
        let type = (e.properties["logsourcetypename"] ?? "").lowercased()
        let name = (e.name ?? "").lowercased()
        let code = e.eventCode ?? ""
        if type.contains("windows") || type.contains("sysmon") || name.hasPrefix("sysmon") {
            product = "windows"
            if type.contains("sysmon") || name.hasPrefix("sysmon") {
                service = "sysmon"
                categories = Self.sysmonCategories[code] ?? []
                return
            }
            categories = []
            switch code {
            case "4688": categories = ["process_creation"]; service = "security"
            case "4104": categories = ["ps_script"]; service = "powershell"
            case "4103": categories = ["ps_module"]; service = "powershell"
            case "400", "403", "600", "800": categories = code == "400" ? ["ps_classic_start"] : []; service = "powershell-classic"
            default:
                let n = Int(code) ?? -1
                if name.contains("defender") || name.contains("malware") {
                    service = "windefend"
                } else if (1100...1108).contains(n) || (4608...6424).contains(n) {
                    service = "security"
                } else if (7000...7062).contains(n) || [104, 1074, 6005, 6006, 6008, 6013].contains(n) {
                    service = "system"
                } else {
                    service = nil
                }
            }
            return
        }
        if type.contains("linux") || type.contains("unix") {
            product = "linux"
            let operation = (e.properties["Audit Operation"] ?? "").uppercased()
            let app = (e.application ?? e.properties["Process Name"] ?? "").lowercased()
            if !operation.isEmpty { service = "auditd" } else if app.hasPrefix("sshd") { service = "sshd" } else if app == "sudo" {
                service = "sudo"
            } else if app == "su" { service = "su" } else if app.hasPrefix("cron") { service = "cron" } else { service = "syslog" }
            categories = (operation == "EXECVE" || (operation.isEmpty && e.command != nil && service == "sudo")) ? ["process_creation"] : []
            return
        }
        return nil
    }

    /// Why a rule's log source is one Vigil never classifies events into; nil when it may match.
    static func unsupportedReason(_ l: SigmaLogSource) -> String? {
        switch l.product {
        case "windows":
            if let c = l.category, !windowsCategories.contains(c) { return "Windows category \(c) is not read" }
            if let s = l.service, !windowsServices.contains(s) { return "Windows service \(s) is not read" }
            return nil
        case "linux":
            if let c = l.category, !linuxCategories.contains(c) { return "Linux category \(c) is not read" }
            if let s = l.service, !linuxServices.contains(s) { return "Linux service \(s) is not read" }
            return nil
        case nil:
            return "no product (\(l.description)): not a host log Vigil reads"
        case let p?:
            return "product \(p) is not read"
        }
    }
}
