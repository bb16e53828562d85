import Ingestion
import VigilCore

/// Forwarded lines to events on one core, the way the sidecar's syslog listener reads them
/// (`ForwardedLineNormalizer`): LEEF beside the raw payloads QRadar's forwarding destinations send (sshd, sudo,
/// auditd, WinCollect) and JSON, each through the default mapping.
public enum NormalizationBenchmarks {
    /// - Parameter scale: 1.0 normalizes 200,000 lines of each kind (best of 3).
    public static func run(scale: Double) -> [BenchmarkResult] {
        guard let mapping = try? FieldMapping.defaultMapping() else { return [] }
        let normalizer = ForwardedLineNormalizer(mapping: mapping)
        let n = max(2_000, Int(200_000 * scale))
        let reference: Int64 = 1_790_856_000_000
        var results: [BenchmarkResult] = []
        for (name, lines) in workloads() {
            let bytes = lines.map { Array($0.utf8) }
            let average = Double(bytes.reduce(0) { $0 + $1.count }) / Double(bytes.count)
            var events = 0
            var rejected = 0
            let seconds = bestOf(3) {
                for i in 0..<n {
                    let out = normalizer.normalize(bytes: bytes[i % bytes.count], receivedAt: reference)
                    if out.event != nil { events += 1 } else { rejected += 1 }
                }
            }
            blackHole(events)
            results.append(BenchmarkResult(name: "Forwarded-line normalization, \(name), one core", value: Double(n) / seconds, unit: "lines/s",
                                           detail: "\(n) lines of ~\(Int(average)) bytes to Events with the default mapping, \(rejected / 3) rejected per run, best of 3"))
        }
        return results
    }

    static func workloads() -> [(String, [String])] {
        let leef = (0..<64).map { i in
            "<13>Oct  1 11:07:53 DC01 LEEF:2.0|Microsoft|Windows Security Event Log|10.0|4624|^|devTime=1790852873000^cat=User Login Success^sev=1^usrName=user\(i)^src=10.1.2.\(i)^srcPort=5\(i)00^dst=10.0.0.10^dstPort=445^logonType=3^authPackage=Kerberos^vigilEventId=e\(i)"
        }
        let sshd = (0..<64).map { i in
            i % 3 == 0 ? "<38>Oct  1 11:07:53 bastion1 sshd[\(24_000 + i)]: Failed password for invalid user web\(i) from 173.234.31.\(i) port \(38_000 + i) ssh2"
                : i % 3 == 1 ? "<38>Oct  1 11:07:54 bastion1 sshd[\(24_000 + i)]: Accepted publickey for alice\(i) from 10.1.2.\(i) port \(50_000 + i) ssh2"
                : "<38>Oct  1 11:07:55 bastion1 sshd[\(24_000 + i)]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.\(i)  user=root"
        }
        let sudo = (0..<64).map { i in "<85>Oct  1 11:10:00 db\(i % 4) sudo:    user\(i) : TTY=pts/\(i % 8) ; PWD=/home/user\(i) ; USER=root ; COMMAND=/usr/bin/systemctl restart app\(i)" }
        let auditd = (0..<64).map { i in #"type=EXECVE msg=audit(1790853180.\#(100 + i):\#(24_287 + i)): argc=3 a0="cat" a1=2F6574632F736861646F77 a2="-n""# }
        let winCollect = (0..<64).map { i in
            "<13>Oct  1 11:14:00 10.0.0.5 AgentDevice=WindowsLog\tAgentLogFile=Security\tSource=Microsoft-Windows-Security-Auditing\tComputer=SRV-\(i).corp.example\tEventID=4625\tTimeGenerated=1790853240\tKeywords=Audit Failure\tMessage=An account failed to log on.  Subject:  Security ID:  NULL SID  Account Name:  -  Logon Type:   3  Account For Which Logon Failed:  Security ID:  NULL SID  Account Name:  user\(i)  Account Domain:  CORP  Failure Information:  Failure Reason:  Unknown user name or bad password.  Status:  0xC000006D  Sub Status:  0xC000006A  Network Information:  Workstation Name:  WS-\(i)  Source Network Address:  10.20.30.\(i)  Source Port:  51000  Detailed Authentication Information:  Logon Process:  NtLmSsp   Authentication Package:  NTLM"
        }
        let json = (0..<64).map { i in #"<14>Oct  1 11:16:00 console {"Event ID":"4624","username":"user\#(i)","src":"10.9.8.\#(i)","Logon Type":"10","devicetime":1790853360000,"Source Host":"WS-\#(i)"}"# }
        return [("LEEF 2.0", leef), ("raw sshd", sshd), ("raw sudo", sudo), ("raw auditd EXECVE", auditd), ("WinCollect 4625", winCollect), ("JSON", json)]
    }
}
