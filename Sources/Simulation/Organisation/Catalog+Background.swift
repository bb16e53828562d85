import VigilCore

/// What real endpoints and servers do on their own, and what teams adopt over time: the background that keeps
/// periodic callers, new domains and admin tools from being signs of an attack by themselves.
extension Catalog {
    /// Where a periodic agent calls.
    enum AgentTarget {
        /// An external service through the web proxy (a domain in ``backgroundWeb``).
        case web(String)
        /// The host's domain controller (NTP, Group Policy).
        case domainController
        /// An internal server by host name.
        case server(String)
    }

    /// Software that calls home on a timer: EDR telemetry, AV signature checks, updaters, NTP, Group Policy,
    /// mail and calendar sync, monitoring and backup agents, the software-deployment client.
    struct PeriodicAgent {
        var name: String
        var target: AgentTarget
        /// Nominal seconds between calls.
        var period: Int
        /// Relative jitter: each call lands uniformly within ±jitter/2 of its nominal slot (0–30 %).
        var jitter: Double
        var port: Int
        var transport: String
        var application: String
        var method: String
        var path: String
        /// Median bytes sent and received per call (log-normal, shape 0.35).
        var sentMedian: Double
        var receivedMedian: Double
        /// Share of calls that fetch something big (a signature delta, an update).
        var bigShare: Double
        var onServers: Bool
        var onEndpoints: Bool
        /// Runs only while the device's owner is working (mail sync), rather than whenever the host is on.
        var needsUser: Bool
        /// Share of eligible hosts that run it (not every host has every agent).
        var share: Double
    }

    static let periodicAgents: [PeriodicAgent] = [
        PeriodicAgent(name: "edr-telemetry", target: .web("winatp-gw-eus.microsoft.com"), period: 3_600, jitter: 0.1, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/api/v2/telemetry", sentMedian: 9_000, receivedMedian: 700, bigShare: 0,
                      onServers: true, onEndpoints: true, needsUser: false, share: 1),
        PeriodicAgent(name: "av-signatures", target: .web("definitionupdates.microsoft.com"), period: 4 * 3_600, jitter: 0.3, port: 443,
                      transport: "TCP", application: "HTTPS", method: "GET", path: "/download/DefinitionUpdates/versionedsignatures/am/",
                      sentMedian: 900, receivedMedian: 450, bigShare: 0.2, onServers: true, onEndpoints: true, needsUser: false, share: 1),
        PeriodicAgent(name: "browser-updater", target: .web("update.googleapis.com"), period: 5 * 3_600, jitter: 0.2, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/service/update2/json", sentMedian: 1_600, receivedMedian: 1_100, bigShare: 0.03,
                      onServers: false, onEndpoints: true, needsUser: false, share: 0.8),
        PeriodicAgent(name: "os-updates", target: .web("fe2.update.microsoft.com"), period: 22 * 3_600, jitter: 0.25, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/v6/ClientWebService/client.asmx", sentMedian: 14_000, receivedMedian: 30_000,
                      bigShare: 0.1, onServers: true, onEndpoints: true, needsUser: false, share: 1),
        PeriodicAgent(name: "mail-sync", target: .web("outlook.office365.com"), period: 2_700, jitter: 0.15, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/EWS/Exchange.asmx", sentMedian: 1_400, receivedMedian: 5_000, bigShare: 0.05,
                      onServers: false, onEndpoints: true, needsUser: true, share: 0.9),
        PeriodicAgent(name: "calendar-sync", target: .web("outlook.office365.com"), period: 3_600, jitter: 0.3, port: 443, transport: "TCP",
                      application: "HTTPS", method: "GET", path: "/owa/calendar/sync", sentMedian: 800, receivedMedian: 2_400, bigShare: 0,
                      onServers: false, onEndpoints: true, needsUser: true, share: 0.3),
        PeriodicAgent(name: "monitoring-agent", target: .web("api.datadoghq.com"), period: 900, jitter: 0.02, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/api/v2/series", sentMedian: 7_000, receivedMedian: 300, bigShare: 0,
                      onServers: true, onEndpoints: false, needsUser: false, share: 0.6),
        // A digital-experience agent on some endpoints: short period, small posts, like a beacon.
        PeriodicAgent(name: "dex-telemetry", target: .web("collector.dexmetrics.net"), period: 600, jitter: 0.25, port: 443, transport: "TCP",
                      application: "HTTPS", method: "POST", path: "/v1/events", sentMedian: 900, receivedMedian: 150, bigShare: 0,
                      onServers: false, onEndpoints: true, needsUser: false, share: 0.08),
        PeriodicAgent(name: "ntp", target: .domainController, period: 4 * 3_600, jitter: 0.05, port: 123, transport: "UDP", application: "NTP",
                      method: "", path: "", sentMedian: 90, receivedMedian: 90, bigShare: 0, onServers: true, onEndpoints: true, needsUser: false, share: 1),
        PeriodicAgent(name: "group-policy", target: .domainController, period: 5_400, jitter: 0.3, port: 445, transport: "TCP", application: "SMB",
                      method: "", path: "", sentMedian: 9_000, receivedMedian: 40_000, bigShare: 0, onServers: true, onEndpoints: true,
                      needsUser: false, share: 0.5),
        PeriodicAgent(name: "deployment-client", target: .server("APP-SD01"), period: 4 * 3_600, jitter: 0.1, port: 8443, transport: "TCP",
                      application: "HTTPS", method: "", path: "", sentMedian: 2_500, receivedMedian: 6_000, bigShare: 0.02, onServers: true,
                      onEndpoints: true, needsUser: false, share: 1),
        PeriodicAgent(name: "backup-agent", target: .server("BACKUP01"), period: 6 * 3_600, jitter: 0.2, port: 10_005, transport: "TCP",
                      application: "Veeam", method: "", path: "", sentMedian: 3_000, receivedMedian: 1_500, bigShare: 0, onServers: true,
                      onEndpoints: false, needsUser: false, share: 0.9),
    ]

    /// External services the background reaches: agent back-ends, SaaS products teams adopt during the run, and
    /// content-delivery providers whose host names churn. Added after the browsing catalogue, so nobody's habits
    /// include them.
    static let backgroundWeb: [WebSpec] = [
        WebSpec(domain: "winatp-gw-eus.microsoft.com", ip: "20.42.73.25", location: 0, category: "Information Technology", popularity: 1, medianKB: 1),
        WebSpec(domain: "definitionupdates.microsoft.com", ip: "23.55.161.20", location: 0, category: "Information Technology", popularity: 1, medianKB: 1),
        WebSpec(domain: "update.googleapis.com", ip: "142.250.72.99", location: 1, category: "Information Technology", popularity: 1, medianKB: 1),
        WebSpec(domain: "fe2.update.microsoft.com", ip: "52.165.165.26", location: 0, category: "Information Technology", popularity: 1, medianKB: 1),
        WebSpec(domain: "collector.dexmetrics.net", ip: "52.58.12.200", location: 4, category: "Information Technology", popularity: 0.1, medianKB: 1),
        WebSpec(domain: "api.datadoghq.com", ip: "3.233.146.26", location: 0, category: "Information Technology", popularity: 0.6, medianKB: 1),
    ]

    /// SaaS products a team starts using during the run (first contact by anyone in the organisation).
    static let saasProducts: [WebSpec] = [
        WebSpec(domain: "app.asana.com", ip: "52.2.42.131", location: 0, category: "Business", popularity: 0.2, medianKB: 300),
        WebSpec(domain: "miro.com", ip: "18.184.27.76", location: 4, category: "Collaboration", popularity: 0.2, medianKB: 900),
        WebSpec(domain: "www.notion.so", ip: "104.18.22.110", location: 1, category: "Collaboration", popularity: 0.2, medianKB: 400),
        WebSpec(domain: "www.figma.com", ip: "13.32.145.80", location: 1, category: "Software Development", popularity: 0.2, medianKB: 1_500),
        WebSpec(domain: "app.smartsheet.com", ip: "34.192.131.5", location: 0, category: "Business", popularity: 0.1, medianKB: 250),
        WebSpec(domain: "airtable.com", ip: "52.203.131.178", location: 0, category: "Business", popularity: 0.1, medianKB: 250),
        WebSpec(domain: "app.hubspot.com", ip: "104.16.118.116", location: 1, category: "Business", popularity: 0.1, medianKB: 350),
        WebSpec(domain: "app.gong.io", ip: "35.174.127.31", location: 0, category: "Business", popularity: 0.05, medianKB: 2_000),
        WebSpec(domain: "www.docusign.net", ip: "162.248.186.11", location: 0, category: "Business", popularity: 0.2, medianKB: 200),
        WebSpec(domain: "sentry.io", ip: "35.186.247.156", location: 1, category: "Software Development", popularity: 0.1, medianKB: 150),
        WebSpec(domain: "app.pagerduty.com", ip: "54.244.255.45", location: 1, category: "Information Technology", popularity: 0.1, medianKB: 120),
        WebSpec(domain: "app.workday.com", ip: "66.117.16.20", location: 1, category: "Business", popularity: 0.2, medianKB: 250),
        WebSpec(domain: "www.lucidchart.com", ip: "34.120.74.235", location: 1, category: "Collaboration", popularity: 0.1, medianKB: 500),
        WebSpec(domain: "app.clickup.com", ip: "104.18.30.37", location: 1, category: "Business", popularity: 0.05, medianKB: 300),
        WebSpec(domain: "app.mural.co", ip: "52.85.151.47", location: 0, category: "Collaboration", popularity: 0.05, medianKB: 700),
        WebSpec(domain: "secure.expensify.com", ip: "54.174.64.150", location: 0, category: "Finance", popularity: 0.1, medianKB: 200),
        // Newly registered or uncategorised: event and marketing sites on the same cheap TLDs adversaries like.
        WebSpec(domain: "fintech-summit2026.live", ip: "185.199.110.153", location: 3, category: "Uncategorized", popularity: 0.01, medianKB: 400),
        WebSpec(domain: "q4-promo-portal.site", ip: "76.76.21.21", location: 1, category: "Uncategorized", popularity: 0.01, medianKB: 300),
        WebSpec(domain: "devtools-weekly.xyz", ip: "104.21.48.12", location: 1, category: "Uncategorized", popularity: 0.01, medianKB: 200),
        WebSpec(domain: "hr-benefits-enroll.online", ip: "172.67.141.7", location: 0, category: "Uncategorized", popularity: 0.01, medianKB: 250),
    ]

    /// Content-delivery providers: (host-name pattern, address prefix). Each day brings new host names on them.
    static let cdnProviders: [(suffix: String, style: Int, prefix: String, location: Int)] = [
        (".cloudfront.net", 0, "13.32.", 0), (".akamaized.net", 1, "23.48.", 0), (".azureedge.net", 2, "13.107.", 2),
        (".b-cdn.net", 2, "185.93.", 3), (".fastly.net", 1, "151.101.", 3), (".vercel.app", 2, "76.76.", 1),
        (".edgekey.net", 1, "23.203.", 5),
    ]

    /// Admin tools as IT staff run them day to day, with the parent that starts them.
    static let adminToolCommands: [(image: String, command: String)] = [
        (#"C:\Windows\System32\schtasks.exe"#, "schtasks.exe /query /fo LIST /v"),
        (#"C:\Windows\System32\schtasks.exe"#, #"schtasks.exe /create /tn "Maintenance\LogCleanup" /tr "powershell.exe -NoProfile -File C:\Scripts\cleanup.ps1" /sc daily /st 02:00 /ru SYSTEM /f"#),
        (#"C:\Windows\System32\schtasks.exe"#, #"schtasks.exe /run /tn "\Microsoft\Windows\WindowsUpdate\Scheduled Start""#),
        (#"C:\Windows\System32\Robocopy.exe"#, #"robocopy "\\FS-CORP01\IT\Installers" "C:\Installers" /MIR /R:2 /W:5 /NP"#),
        (#"C:\Windows\System32\Robocopy.exe"#, #"robocopy "D:\Shares\Archive" "\\BACKUP01\Migration\Archive" /E /COPY:DAT /R:1 /W:1 /LOG:C:\Temp\migration.log"#),
        (#"C:\Program Files\7-Zip\7z.exe"#, #""C:\Program Files\7-Zip\7z.exe" a -tzip C:\Temp\cbs-logs.zip C:\Windows\Logs\CBS\*"#),
        (#"C:\Program Files\7-Zip\7z.exe"#, #""C:\Program Files\7-Zip\7z.exe" x C:\Installers\agent-update.zip -oC:\Temp\agent -y"#),
        (#"C:\Windows\System32\wevtutil.exe"#, "wevtutil.exe qe Security /c:50 /rd:true /f:text"),
        (#"C:\Windows\System32\wevtutil.exe"#, #"wevtutil.exe epl System C:\Temp\system.evtx"#),
        (#"C:\Windows\System32\wevtutil.exe"#, "wevtutil.exe gl Security"),
        (#"C:\Windows\System32\auditpol.exe"#, "auditpol.exe /get /category:*"),
        (#"C:\Windows\System32\auditpol.exe"#, #"auditpol.exe /set /subcategory:"Logon" /success:enable /failure:enable"#),
        (#"C:\Windows\System32\nltest.exe"#, "nltest.exe /dsgetdc:corp.meridian.example"),
        (#"C:\Windows\System32\nltest.exe"#, "nltest.exe /sc_query:MERIDIAN"),
        (#"C:\Windows\System32\nltest.exe"#, "nltest.exe /dclist:corp.meridian.example"),
        (#"C:\Windows\System32\rundll32.exe"#, #"rundll32.exe printui.dll,PrintUIEntry /ia /m "HP Universal Printing PCL 6" /f C:\Drivers\hpcu255u.inf"#),
        (#"C:\Windows\System32\rundll32.exe"#, "rundll32.exe shell32.dll,Control_RunDLL sysdm.cpl"),
        (#"C:\Windows\System32\net.exe"#, #"net.exe group "Domain Admins" /domain"#),
        (#"C:\Windows\System32\whoami.exe"#, "whoami.exe /all"),
        (#"C:\Windows\System32\cmd.exe"#, "cmd.exe /c gpupdate /force"),
    ]

    /// PowerShell-remoting commands IT staff run on servers.
    static let remotingCommands: [String] = [
        "Get-Service WinCollect, W32Time | Select-Object Name, Status", "Restart-Service Spooler -Force",
        "Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 5", "Get-ChildItem C:\\Users -Force",
        "Get-EventLog -LogName System -Newest 50", "Get-Process lsass, svchost | Select-Object Id, WS",
        "Invoke-Command { gpupdate /force }", "Get-ADComputer -Filter * | Select-Object -First 200 Name",
    ]

    /// Process creations ordinary software causes on an endpoint (image, command line, parent, runs as SYSTEM).
    static let endpointProcesses: [(image: String, command: String, parent: String, system: Bool)] = [
        (#"C:\Windows\System32\svchost.exe"#, #"C:\Windows\System32\svchost.exe -k netsvcs -p -s Schedule"#, #"C:\Windows\System32\services.exe"#, true),
        (#"C:\Windows\System32\taskhostw.exe"#, "taskhostw.exe KEYROAMING", #"C:\Windows\System32\svchost.exe"#, false),
        (#"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\MpCmdRun.exe"#, "MpCmdRun.exe -SignatureUpdate -ScheduleJob -RestrictPrivileges", #"C:\Windows\System32\svchost.exe"#, true),
        (#"C:\Windows\System32\rundll32.exe"#, "rundll32.exe C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding", #"C:\Windows\System32\svchost.exe"#, false),
        (#"C:\Windows\System32\rundll32.exe"#, "rundll32.exe C:\\Windows\\system32\\PcaSvc.dll,PcaPatchSdbTask", #"C:\Windows\System32\svchost.exe"#, true),
        (#"C:\Windows\System32\rundll32.exe"#, "rundll32.exe \"{APPDATA}\\Microsoft\\OneDrive\\25.020.0202.0001\\FileSyncShell64.dll\",PermissionsCheckTestExport", "{APPDATA}\\Microsoft\\OneDrive\\OneDrive.exe", false),
        (#"C:\Windows\System32\schtasks.exe"#, "schtasks.exe /create /sc daily /tn \"OneDrive Standalone Update Task-S-1-5-21-{SID}\" /tr \"{APPDATA}\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe\" /f", "{APPDATA}\\Microsoft\\OneDrive\\OneDrive.exe", false),
        (#"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe"#, "GoogleUpdate.exe /ua /installsource scheduler", #"C:\Windows\System32\svchost.exe"#, true),
        (#"C:\Program Files\Google\Chrome\Application\chrome.exe"#, "chrome.exe --type=renderer --lang=en-US --enable-auto-reload", #"C:\Program Files\Google\Chrome\Application\chrome.exe"#, false),
        (#"C:\Windows\System32\conhost.exe"#, "conhost.exe 0xffffffff -ForceV1", #"C:\Windows\System32\cmd.exe"#, false),
        (#"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, #"powershell.exe -ExecutionPolicy Bypass -NoProfile -File \\corp.meridian.example\SYSVOL\corp.meridian.example\scripts\drive-map.ps1"#, #"C:\Windows\System32\gpscript.exe"#, false),
        (#"C:\Windows\splwow64.exe"#, "splwow64.exe 12288", #"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"#, false),
        (#"C:\Windows\System32\cmd.exe"#, #"cmd.exe /c "C:\Program Files\Zoom\bin\Installer.exe" /silent /update"#, #"C:\Program Files\Zoom\bin\Zoom.exe"#, false),
        (#"C:\Program Files\7-Zip\7z.exe"#, #""C:\Program Files\7-Zip\7z.exe" x "{PROFILE}\Downloads\export.zip" -o"{PROFILE}\Downloads\export" -y"#, #"C:\Windows\explorer.exe"#, false),
        (#"C:\Windows\System32\Robocopy.exe"#, #"robocopy "{PROFILE}\Documents" "\\FS-CORP01\Public\Templates\drafts" *.docx /XO /R:1 /W:1"#, #"C:\Windows\System32\cmd.exe"#, false),
        (#"C:\Windows\System32\WerFault.exe"#, "WerFault.exe -u -p 7312 -s 1184", #"C:\Windows\System32\rundll32.exe"#, false),
        (#"C:\Windows\System32\wbem\WmiPrvSE.exe"#, #"C:\Windows\system32\wbem\wmiprvse.exe -secured -Embedding"#, #"C:\Windows\System32\svchost.exe"#, true),
    ]
}
