import VigilCore

/// An ATT&CK host behaviour read from one Windows or Linux event: what it is, its technique, and how strong it is on
/// its own before rarity is taken into account.
public struct HostBehaviourMatch: Sendable, Hashable {
    /// Stable behaviour id (`service-installed`, `lsass-access`, `encoded-powershell`), the signal's feature.
    public var behaviour: String
    public var technique: String
    /// Strength on its own, 0...1, before rarity.
    public var base: Double
    /// What the prevalence is counted over (the service's image path, the command's shape), normalized.
    public var key: String
    /// One line for the analyst (`service "x" installed with image c:\users\…\a.exe`).
    public var detail: String
}

/// The behaviours ``HostBehaviourDetector`` reads, each from the Windows event ids, Sysmon events, PowerShell script
/// blocks and Linux commands where they live. Matching is on the fields QRadar's Windows DSM and Vigil's default
/// mapping give (``Event/eventCode``, the command line, and the custom properties `Service File Name`, `Task
/// Content`, `Registry Key`, `Target Process Path`, `Granted Access`, `Properties`, `Group Name`, `Share Name`,
/// `Relative Target Name`, `Parent Process Path`, `Ticket Encryption Type`).
public enum HostBehaviourCatalog {
    /// Every behaviour one event shows (most events show none).
    public static func matches(_ e: Event) -> [HostBehaviourMatch] {
        let code = e.eventCode ?? ""
        guard interestingCodes.contains(code) || e.command != nil else { return [] }
        let name = (e.name ?? "").lowercased()
        let p = e.properties
        let sysmon = name.hasPrefix("sysmon") || (p["logsourcetypename"] ?? "").lowercased().contains("sysmon")
        var out: [HostBehaviourMatch] = []
        func add(_ behaviour: String, _ technique: String, _ base: Double, key: String, _ detail: String) {
            out.append(HostBehaviourMatch(behaviour: behaviour, technique: technique, base: base, key: normalizedKey(key), detail: detail))
        }
        switch code {
        case "1102" where !sysmon:
            add("log-cleared", "T1070.001", 0.75, key: "security", "the Security event log was cleared")
        case "104" where name.contains("clear") || name.contains("log file"):
            add("log-cleared", "T1070.001", 0.75, key: "system", "an event log was cleared (\(e.name ?? "104"))")
        case "4719":
            add("audit-policy-changed", "T1562.002", 0.5, key: p["Audit Policy Subcategory"] ?? "policy",
                "the audit policy was changed\(p["Audit Policy Subcategory"].map { " (\($0))" } ?? "")")
        case "7045", "4697":
            let image = p["Service File Name"] ?? p["Service Filename"] ?? ""
            let service = p["Service Name"] ?? "?"
            let (extra, why) = suspiciousCommand(image)
            add("service-installed", "T1543.003", 0.3 + extra, key: image,
                "service \"\(clip(service, 60))\" installed with image \(clip(image, 160))\(why.map { " (\($0))" } ?? "")")
        case "4698":
            let content = p["Task Content"] ?? ""
            let command = taskCommand(content) ?? ""
            let (extra, why) = suspiciousCommand(command)
            add("task-created", "T1053.005", 0.3 + extra, key: command.isEmpty ? (p["Task Name"] ?? "") : command,
                "scheduled task \(clip(p["Task Name"] ?? "?", 80)) created\(command.isEmpty ? "" : " running \(clip(command, 160))")\(why.map { " (\($0))" } ?? "")")
        case "4720":
            add("account-created", "T1136", 0.35, key: "account", "account \(p["Target Username"] ?? "?") created")
        case "4728", "4732", "4756":
            let group = p["Group Name"] ?? p["Target Username"] ?? "?"
            let privileged = privilegedGroups.contains(group.lowercased())
            add("group-member-added", "T1098", privileged ? 0.6 : 0.2, key: group,
                "a member was added to \(privileged ? "privileged " : "")group \(group)")
        case "4722":
            let target = (p["Target Username"] ?? "").lowercased()
            if ["guest", "invité", "invitado", "gast"].contains(target) {
                add("guest-enabled", "T1078.001", 0.6, key: target, "the built-in Guest account was enabled")
            }
        case "5136":
            let attribute = (p["Attribute Name"] ?? "").lowercased()
            if let change = directoryChanges[attribute] {
                add("directory-object-changed", change.technique, change.base, key: attribute,
                    "\(change.what) (\(p["Attribute Name"] ?? attribute) changed on \(clip(p["Object Name"] ?? p["Resource"] ?? "?", 120)))")
            }
        case "4662":
            let props = (p["Properties"] ?? "").lowercased()
            if !e.isHostAccountActivity, replicationRights.contains(where: { props.contains($0) }) {
                add("dcsync", "T1003.006", 0.9, key: "replication", "directory replication rights used by an account that is not a domain controller")
            }
        case "10" where sysmon:
            let target = (p["Target Process Path"] ?? "").lowercased()
            let access = (p["Granted Access"] ?? "").lowercased()
            if target.hasSuffix("\\lsass.exe"), suspiciousLsassAccess(access) {
                let source = p["Process Path"] ?? "?"
                add("lsass-access", "T1003.001", 0.75, key: source, "\(clip(source, 120)) opened lsass.exe with access \(access)")
            }
        case "12", "13", "14" where sysmon:
            let key = (p["Registry Key"] ?? p["Resource"] ?? "").lowercased()
            if let place = autostartPlaces.first(where: { key.contains($0) }) {
                add("autostart-registry", "T1547.001", 0.45, key: place + "|" + (p["Process Path"] ?? ""),
                    "autostart registry value written (\(clip(p["Registry Key"] ?? key, 160))) by \(clip(p["Process Path"] ?? "?", 100))")
            }
        case "5145":
            let share = (p["Share Name"] ?? "").lowercased()
            let target = (p["Relative Target Name"] ?? "").lowercased()
            if share.hasSuffix("admin$") || share.hasSuffix("c$"), executableSuffixes.contains(where: { target.hasSuffix($0) }) {
                add("admin-share-executable", "T1021.002", 0.5, key: target, "executable \(clip(target, 120)) written to \(share)")
            } else if share.hasSuffix("ipc$"), let pipe = remotePipes[target] {
                add("remote-pipe", pipe.technique, 0.35, key: target, "named pipe \\\(target) opened over SMB (\(pipe.what))")
            }
        default:
            break
        }
        // Commands: Windows 4688 and Sysmon 1, PowerShell script blocks, Linux sudo/auditd.
        if let command = e.command, !command.isEmpty {
            out += commandMatches(command)
            if let parent = p["Parent Process Path"] ?? p["Creator Process Name"], let child = p["Process Path"] ?? p["New Process Name"] {
                if let pair = suspiciousLineage(parent: basename(parent), child: basename(child)) {
                    out.append(HostBehaviourMatch(behaviour: pair.behaviour, technique: pair.technique, base: pair.base,
                                                  key: normalizedKey(basename(parent) + ">" + basename(child)),
                                                  detail: "\(basename(parent)) started \(basename(child))"))
                }
            }
        }
        return out
    }

    /// The event ids read below: every other event without a command is passed over at once.
    static let interestingCodes: Set<String> = ["1102", "104", "4719", "7045", "4697", "4698", "4720", "4728", "4732", "4756", "4722", "5136",
                                                "4662", "10", "12", "13", "14", "5145"]

    // MARK: - Commands

    struct CommandPattern: Sendable {
        var behaviour: String
        var technique: String
        var base: Double
        /// All of these (lower-case substrings) must occur.
        var all: [String]
        /// And at least one of these, when not empty.
        var any: [String] = []
        var what: String
    }

    static let commandPatterns: [CommandPattern] = [
        .init(behaviour: "credential-dumping-tool", technique: "T1003", base: 0.85, all: [], any: ["mimikatz", "sekurlsa", "lsadump::", "invoke-mimikatz", "kerberos::"], what: "a credential dumping tool"),
        .init(behaviour: "lsass-dump", technique: "T1003.001", base: 0.8, all: ["lsass"], any: ["procdump", "minidump", "comsvcs", "sqldumper", "createdump"], what: "a memory dump of lsass"),
        .init(behaviour: "registry-hive-dump", technique: "T1003.002", base: 0.7, all: ["reg", "save"], any: ["hklm\\sam", "hklm\\system", "hklm\\security"], what: "a copy of the SAM/SYSTEM/SECURITY hive"),
        .init(behaviour: "ntds-dump", technique: "T1003.003", base: 0.75, all: [], any: ["ntdsutil", "\\ntds.dit", "vssadmin create shadow"], what: "a copy of the domain database"),
        .init(behaviour: "offensive-powershell", technique: "T1059.001", base: 0.7, all: [], any: ["invoke-kerberoast", "invoke-bloodhound", "sharphound", "rubeus", "invoke-shellcode", "powersploit", "invoke-dcsync", "get-gpppassword", "invoke-smbexec", "invoke-wmiexec", "invoke-thehash", "powerview", "get-netdomaincontroller", "invoke-userhunter"], what: "a known offensive PowerShell tool"),
        .init(behaviour: "amsi-bypass", technique: "T1562.001", base: 0.7, all: [], any: ["amsiutils", "amsiinitfailed", "amsiscanbuffer", "amsicontext"], what: "an AMSI bypass"),
        .init(behaviour: "defence-tampering", technique: "T1562.001", base: 0.65, all: [], any: ["set-mppreference -disable", "disablerealtimemonitoring", "sc stop windefend", "sc config windefend", "sysmon -u", "sysmon64 -u", "netsh advfirewall set allprofiles state off", "add-mppreference -exclusionpath"], what: "security tooling switched off"),
        .init(behaviour: "log-clearing-command", technique: "T1070.001", base: 0.7, all: [], any: ["wevtutil cl", "wevtutil.exe cl", "clear-eventlog", "remove-eventlog", "auditpol /clear"], what: "event logs cleared"),
        .init(behaviour: "audit-policy-command", technique: "T1562.002", base: 0.5, all: ["auditpol"], any: ["/set", "/remove"], what: "audit policy changed"),
        .init(behaviour: "recovery-inhibited", technique: "T1490", base: 0.7, all: [], any: ["delete shadows", "shadowcopy delete", "recoveryenabled no", "delete catalog", "resize shadowstorage"], what: "backups or shadow copies deleted"),
        .init(behaviour: "encoded-powershell", technique: "T1059.001", base: 0.45, all: ["powershell"], any: [" -enc ", " -encodedcommand ", " -e ", " -ec "], what: "an encoded PowerShell command"),
        .init(behaviour: "download-cradle", technique: "T1105", base: 0.45, all: [], any: ["downloadstring(", "downloadfile(", "downloaddata(", "net.webclient", "invoke-webrequest", "start-bitstransfer", "iwr http", "curl http"], what: "a download from the web"),
        .init(behaviour: "in-memory-execution", technique: "T1059.001", base: 0.4, all: [], any: ["iex(", "iex (", "invoke-expression", "[reflection.assembly]::load", "frombase64string("], what: "code run from memory"),
        .init(behaviour: "certutil-download", technique: "T1105", base: 0.55, all: ["certutil"], any: ["-urlcache", "/urlcache", "-decode", "/decode", "-decodehex"], what: "certutil used to download or decode"),
        .init(behaviour: "bitsadmin-transfer", technique: "T1197", base: 0.45, all: ["bitsadmin"], any: ["/transfer", "/addfile", "/setnotifycmdline"], what: "a BITS transfer job"),
        .init(behaviour: "mshta-script", technique: "T1218.005", base: 0.55, all: ["mshta"], any: ["http", "javascript:", "vbscript:", ".hta"], what: "mshta running a script"),
        .init(behaviour: "regsvr32-scriptlet", technique: "T1218.010", base: 0.6, all: ["regsvr32"], any: ["/i:http", "-i:http", "scrobj", "/i:\\\\"], what: "regsvr32 loading a remote scriptlet"),
        .init(behaviour: "rundll32-script", technique: "T1218.011", base: 0.55, all: ["rundll32"], any: ["javascript:", "url.dll,", "advpack.dll,", "zipfldr.dll,", "pcwutl.dll,", "ieadvpack.dll,"], what: "rundll32 proxying code"),
        .init(behaviour: "wmi-remote-process", technique: "T1047", base: 0.45, all: ["wmic"], any: ["process call create", "/node:"], what: "a process started through WMI"),
        .init(behaviour: "wmiexec-shell", technique: "T1047", base: 0.6, all: ["cmd.exe"], any: ["\\\\127.0.0.1\\admin$", "/q /c", " 1> \\\\"], what: "a remote shell in the shape of wmiexec/smbexec"),
        .init(behaviour: "account-added-command", technique: "T1136.001", base: 0.4, all: ["net", "user", "/add"], what: "an account added from the command line"),
        .init(behaviour: "admin-group-command", technique: "T1098", base: 0.55, all: ["localgroup", "/add"], any: ["administrators", "remote desktop users", "administrateurs"], what: "an account added to a privileged local group"),
        .init(behaviour: "task-command", technique: "T1053.005", base: 0.3, all: ["schtasks", "/create"], what: "a scheduled task created from the command line"),
        .init(behaviour: "service-command", technique: "T1543.003", base: 0.35, all: ["sc"], any: [" create ", " config "], what: "a service created or changed from the command line"),
        .init(behaviour: "domain-discovery", technique: "T1087.002", base: 0.2, all: [], any: ["net group \"domain admins\"", "net group /domain", "nltest /dclist", "nltest /domain_trusts", "dsquery ", "get-aduser -filter", "adfind"], what: "domain accounts and trusts enumerated"),
        .init(behaviour: "linux-credential-access", technique: "T1003.008", base: 0.55, all: [], any: ["/etc/shadow", "/etc/gshadow", "unshadow "], what: "the password hashes read"),
        .init(behaviour: "linux-reverse-shell", technique: "T1059.004", base: 0.7, all: [], any: ["/dev/tcp/", "nc -e", "ncat -e", "bash -i >&", "socat exec:", "mkfifo /tmp/"], what: "a reverse shell"),
        .init(behaviour: "linux-pipe-to-shell", technique: "T1105", base: 0.5, all: ["|"], any: ["curl ", "wget "], what: "a download piped to a shell"),
        .init(behaviour: "linux-setuid", technique: "T1548.001", base: 0.45, all: ["chmod"], any: ["+s ", "u+s", "4755"], what: "a setuid bit set"),
    ]

    /// The patterns as lower-case bytes, for a byte search: most command lines match nothing, and a Unicode-aware
    /// `String.contains` per pattern made this the slowest detector by far (measured: 7,700 events/s).
    static let compiledPatterns: [(pattern: CommandPattern, all: [[UInt8]], any: [[UInt8]])] = commandPatterns.map {
        ($0, $0.all.map { Array($0.utf8) }, $0.any.map { Array($0.utf8) })
    }
    static let shellPipes: [[UInt8]] = ["| sh", "|sh", "| bash", "|bash"].map { Array($0.utf8) }

    static func commandMatches(_ command: String) -> [HostBehaviourMatch] {
        // ASCII lower-case with a space at each end (patterns like " -enc " match at the edges too).
        var lower: [UInt8] = [0x20]
        lower.reserveCapacity(command.utf8.count + 2)
        for b in command.utf8 { lower.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        lower.append(0x20)
        var out: [HostBehaviourMatch] = []
        for (pattern, all, any) in compiledPatterns {
            guard all.allSatisfy({ ByteSearch.contains(lower, $0) }), any.isEmpty || any.contains(where: { ByteSearch.contains(lower, $0) }) else { continue }
            if pattern.behaviour == "linux-pipe-to-shell", !shellPipes.contains(where: { ByteSearch.contains(lower, $0) }) { continue }
            out.append(HostBehaviourMatch(behaviour: pattern.behaviour, technique: pattern.technique, base: pattern.base,
                                          key: normalizedKey(command), detail: "\(pattern.what): \(clip(command, 200))"))
        }
        return out
    }

    /// Extra strength of a command line or image path that runs from where software is not installed, or through a
    /// shell: what an attacker's service or task looks like and a vendor's rarely does.
    static func suspiciousCommand(_ text: String) -> (Double, String?) {
        let lower = text.lowercased()
        if lower.isEmpty { return (0, nil) }
        for marker in ["cmd.exe /c", "cmd /c", "%comspec%", "powershell", "mshta", "rundll32", "regsvr32", "wscript", "cscript"] where lower.contains(marker) {
            return (0.35, "runs through \(marker)")
        }
        for marker in ["\\\\127.0.0.1\\", "\\admin$\\", "\\users\\", "\\temp\\", "\\appdata\\", "\\programdata\\", "\\perflogs\\", "\\windows\\temp\\", "c:\\tools\\"] where lower.contains(marker) {
            return (0.3, "from \(marker.trimming("\\"))")
        }
        return (0, nil)
    }

    /// The `<Command>` and `<Arguments>` of a task's XML.
    static func taskCommand(_ xml: String) -> String? {
        func element(_ name: String) -> String? {
            guard let open = xml.firstRange(of: "<\(name)>"), let close = xml[open.upperBound...].firstRange(of: "</\(name)>") else { return nil }
            return String(xml[open.upperBound..<close.lowerBound])
        }
        guard let command = element("Command") else { return nil }
        return element("Arguments").map { command + " " + $0 } ?? command
    }

    // MARK: - Lineage

    static let officeApps: Set<String> = ["winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "msaccess.exe", "onenote.exe", "mspub.exe", "visio.exe"]
    static let shells: Set<String> = ["cmd.exe", "powershell.exe", "pwsh.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "bitsadmin.exe", "certutil.exe"]
    static let serverApps: Set<String> = ["w3wp.exe", "sqlservr.exe", "httpd.exe", "nginx.exe", "tomcat.exe", "php-cgi.exe", "umworkerprocess.exe"]

    static func suspiciousLineage(parent: String, child: String) -> (behaviour: String, technique: String, base: Double)? {
        if officeApps.contains(parent), shells.contains(child) { return ("office-spawned-shell", "T1204.002", 0.6) }
        if serverApps.contains(parent), shells.contains(child) { return ("server-spawned-shell", "T1505.003", 0.6) }
        if parent == "wmiprvse.exe", shells.contains(child) { return ("wmi-spawned-shell", "T1047", 0.45) }
        if parent == "psexesvc.exe" || parent.hasPrefix("psexe") && parent.hasSuffix("svc.exe") { return ("psexec-service-child", "T1569.002", 0.5) }
        if parent == "services.exe", child == "cmd.exe" || child == "powershell.exe" { return ("service-spawned-shell", "T1569.002", 0.45) }
        return nil
    }

    /// `"C:\\Program Files\\…\\WINWORD.EXE"` → `winword.exe`: the last path component, ASCII lower-cased, without
    /// surrounding quotes and spaces (on bytes: it runs for every process event).
    static func basename(_ path: String) -> String {
        let utf8 = path.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x22 || utf8[start] == 0x20 { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == 0x22 || utf8[utf8.index(before: end)] == 0x20 { end = utf8.index(before: end) }
        var cut = start
        var i = start
        while i < end {
            if utf8[i] == 0x5C || utf8[i] == 0x2F { cut = utf8.index(after: i) }
            i = utf8.index(after: i)
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.distance(from: cut, to: end))
        for b in utf8[cut..<end] { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Tables

    static let privilegedGroups: Set<String> = [
        "administrators", "domain admins", "enterprise admins", "schema admins", "account operators", "backup operators",
        "server operators", "print operators", "dnsadmins", "group policy creator owners", "remote desktop users",
        "administrateurs", "admins du domaine", "key admins", "enterprise key admins",
    ]
    /// Directory attributes whose change (5136) is a known persistence or escalation step.
    static let directoryChanges: [String: (technique: String, base: Double, what: String)] = [
        "msds-keycredentiallink": ("T1556", 0.7, "shadow credentials added"),
        "msds-allowedtoactonbehalfofotheridentity": ("T1134", 0.7, "resource-based constrained delegation granted"),
        "msds-allowedtodelegateto": ("T1134", 0.6, "constrained delegation granted"),
        "serviceprincipalname": ("T1098", 0.45, "a service principal name set, which makes the account kerberoastable"),
        "scriptpath": ("T1037.003", 0.5, "a logon script set"),
        "gpcfilesyspath": ("T1484.001", 0.5, "a group policy's file path changed"),
        "ntsecuritydescriptor": ("T1222.001", 0.4, "an object's permissions changed"),
        "useraccountcontrol": ("T1098", 0.3, "account control flags changed"),
        "sidhistory": ("T1134.005", 0.7, "SID history added"),
    ]

    /// DS-Replication-Get-Changes, -All, and -In-Filtered-Set (4662 `Properties`).
    static let replicationRights = ["1131f6aa-9c07-11d1-f79f-00c04fc2dcd2", "1131f6ad-9c07-11d1-f79f-00c04fc2dcd2", "89e95b76-444d-4c62-991a-0facbeda640c"]
    static let autostartPlaces = [
        "\\currentversion\\run", "\\currentversion\\policies\\explorer\\run", "\\winlogon\\userinit", "\\winlogon\\shell",
        "\\image file execution options\\", "\\currentversion\\windows\\appinit_dlls", "\\session manager\\bootexecute",
        "\\services\\", "\\explorer\\shell folders\\startup",
    ]
    static let executableSuffixes = [".exe", ".dll", ".bat", ".cmd", ".ps1", ".vbs", ".js", ".hta", ".scr", ".sys"]
    static let remotePipes: [String: (technique: String, what: String)] = [
        "svcctl": ("T1569.002", "service control: a remote service"), "atsvc": ("T1053.002", "task scheduler: a remote task"),
        "winreg": ("T1112", "remote registry"), "samr": ("T1087.002", "account enumeration"), "lsarpc": ("T1087.002", "policy enumeration"),
        "drsuapi": ("T1003.006", "directory replication"),
    ]

    /// Access masks that read lsass memory (PROCESS_VM_READ with query rights, or all access), as credential dumpers
    /// request them; 0x1000/0x100000 (query limited information, synchronize) alone are routine.
    static func suspiciousLsassAccess(_ access: String) -> Bool {
        guard let value = UInt64(access.hasPrefix("0x") ? String(access.dropFirst(2)) : access, radix: 16) else { return false }
        return value & 0x10 != 0 || value == 0x1FFFFF
    }

    // MARK: - Text

    /// Lower-case, digits and hex runs collapsed, at most 200 characters: the shape of a path or command, so that
    /// `a123.exe` and `a456.exe` count as one.
    static func normalizedKey(_ text: String) -> String {
        var out = ""
        var lastWasDigit = false
        for c in text.lowercased().prefix(400) {
            if c.isNumber {
                if !lastWasDigit { out.append("#") }
                lastWasDigit = true
            } else {
                out.append(c)
                lastWasDigit = false
            }
        }
        return String(out.prefix(200))
    }

    static func clip(_ text: String, _ n: Int) -> String {
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return single.count <= n ? single : String(single.prefix(n)) + "…"
    }
}
