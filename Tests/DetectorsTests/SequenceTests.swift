import Testing
import VigilCore

@testable import Detectors

@Suite("Privileged command sequences")
struct SequenceTests {
    @Test("command lines become program, verb and flag tokens")
    func tokenizer() {
        #expect(CommandTokenizer.tokens(#"cmd.exe /c net group "Domain Admins" /domain"#) == ["net group /domain"])
        #expect(CommandTokenizer.tokens(#"cmd.exe /c "whoami & hostname & ipconfig""#) == ["whoami", "hostname", "ipconfig"])
        #expect(CommandTokenizer.tokens("powershell.exe Get-ADUser -Filter * -Properties * | Export-Csv C:\\Windows\\Temp\\u.csv -NoTypeInformation")
                == ["get-aduser -filter -properties", "export-csv -notypeinformation"])
        #expect(CommandTokenizer.tokens("cmd.exe /c vssadmin create shadow /for=C:") == ["vssadmin create /for"])
        #expect(CommandTokenizer.tokens(#""C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\a\Invoice.docm""#)
                == ["winword /n"])
        #expect(CommandTokenizer.tokens(#"rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 640 C:\Windows\Temp\dbg.dmp full"#)
                == ["rundll32 comsvcs.dll"])
        #expect(CommandTokenizer.tokens("sudo -u postgres systemctl restart nginx") == ["systemctl restart"])
        #expect(CommandTokenizer.tokens("tail -n 100 /var/log/syslog && grep -i error /var/log/syslog") == ["tail -n", "grep -i"])
        #expect(CommandTokenizer.tokens("powershell.exe -NoProfile -EncodedCommand SQBFAFgA") == ["powershell -encodedcommand"])
        #expect(CommandTokenizer.tokens(#"net group "Domain Admins" /domain"#, mode: .commands) == ["net"])
        #expect(CommandTokenizer.tokens("   ").isEmpty)
    }

    @Test("Laplace smoothing over the vocabulary plus end and unknown, as msticpy computes it")
    func laplace() {
        var m = CommandSequenceModel(minimumUserSupport: nil)
        m.learn(["a", "b"], user: "u1")
        m.learn(["a", "c"], user: "u2")
        // Known tokens a, b, c; V = 3 + end + unknown = 5. From the start token: a twice.
        #expect(m.probability(from: CommandSequenceModel.startToken, to: "a") == 3.0 / 7.0)
        #expect(m.probability(from: "a", to: "b") == 2.0 / 7.0)
        #expect(m.probability(from: "b", to: CommandSequenceModel.endToken) == 2.0 / 6.0)
        #expect(m.probability(from: "a", to: "zzz") == 1.0 / 7.0, "unseen commands are the unknown token")
        #expect(m.probability(from: "zzz", to: "a") == 1.0 / 5.0)
        let score = m.score(["a", "b"], window: 3)
        let expected = log10(3.0 / 7) + log10(2.0 / 7) + log10(2.0 / 6)
        #expect(abs(score.sessionLog10Likelihood - expected) < 1e-12)
        #expect(score.windowLength == 3 && score.rarestWindowStart == 0)
        #expect(score.rarestTransition.from == "a" && score.rarestTransition.to == "b")
    }

    /// Process events of one session: `commands` one minute apart.
    static func session(_ user: String, host: String, at start: Int64, _ commands: [String], id: String, role: String? = nil) -> [Event] {
        commands.enumerated().map { i, c in
            Event(id: "\(id)-\(i)", time: start + Int64(i) * minute, kind: .process, user: user, sourceHost: host, command: c,
                  properties: role.map { ["role": $0] } ?? [:])
        }
    }

    static let routines: [[String]] = [
        ["cmd.exe /c whoami", "cmd.exe /c hostname", "ipconfig /all"],
        ["powershell.exe Get-Service", "powershell.exe Restart-Service -Name Spooler", "powershell.exe Get-Service"],
        ["powershell.exe Get-EventLog -LogName System -Newest 50"],
        ["cmd.exe /c query user", "logoff 2"],
    ]

    /// Admins adm-a0…adm-a5 run routines on servers, one session every two hours.
    static func history(days: Int) -> [Event] {
        var events: [Event] = []
        var random = SeededRandom(seed: 9)
        var t = t0
        var n = 0
        while t < t0 + Int64(days) * day {
            let user = "adm-a\(n % 6)"
            var commands: [String] = []
            for _ in 0..<(1 + Int(random.nextUnit() * 2)) { commands += routines[Int(random.nextUnit() * Double(routines.count))] }
            events += session(user, host: "SRV-\(n % 4)", at: t, commands, id: "h\(n)")
            t += 2 * hour
            n += 1
        }
        return events
    }

    @Test("an admin session nobody in the role would type is raised with its rare transition")
    func rareSession() throws {
        var d = PrivilegedSequenceDetector()
        var signals = feed(&d, Self.history(days: 5))
        #expect(signals.isEmpty, "routine sessions are not raised")
        #expect((d.model(for: "admin")?.sessions ?? 0) >= 30)
        let t = t0 + 6 * day
        signals += feed(&d, Self.session("adm-a2", host: "JUMP01", at: t, [
            "cmd.exe /c whoami", #"cmd.exe /c net group "Domain Admins" /domain"#, "cmd.exe /c nltest /domain_trusts /all_trusts",
            "powershell.exe Get-ADUser -Filter * -Properties * | Export-Csv C:\\Windows\\Temp\\u.csv -NoTypeInformation",
        ], id: "x"))
        signals += d.advance(to: t + 2 * hour)
        let s = try #require(signals.first)
        #expect(signals.count == 1)
        #expect(s.detector == "privileged-sequence")
        #expect(s.entity == EntityRef(.user, "adm-a2"))
        #expect(s.related == [EntityRef(.host, "JUMP01")])
        #expect(s.title.contains("net group /domain") || s.title.contains("nltest"))
        let unseen = try #require(s.deviations.first { $0.feature == "unseen_commands" })
        #expect(unseen.observed == 4)
        let window = try #require(s.deviations.first { $0.feature == "rarest_window" })
        #expect((window.baseline ?? 0) > 2 * window.observed, "the role's typical session is far more likely")
        #expect(s.evidence.allSatisfy { $0.hasPrefix("x-") } && !s.evidence.isEmpty)
    }

    @Test("a new task that many in the role take up is not rare")
    func newButLegitimate() throws {
        var d = PrivilegedSequenceDetector()
        _ = feed(&d, Self.history(days: 5))
        let newTask = ["powershell.exe Get-Service", "powershell.exe Install-WindowsUpdate -AcceptAll -IgnoreReboot", "powershell.exe Get-Service"]
        var raised: [String] = []
        for (k, user) in ["adm-a0", "adm-a1", "adm-a3", "adm-a4", "adm-a5"].enumerated() {
            let t = t0 + 6 * day + Int64(k) * hour
            let signals = feed(&d, Self.session(user, host: "SRV-1", at: t, newTask, id: "n\(k)")) + d.advance(to: t + 59 * minute)
            if !signals.isEmpty { raised.append(user) }
        }
        #expect(raised.first == "adm-a0", "the first to run it is unusual")
        #expect(!raised.contains("adm-a4") && !raised.contains("adm-a5"), "once three admins use it, it is established")
        let model = try #require(d.model(for: "admin"))
        #expect(model.support(from: "get-service", to: "install-windowsupdate -acceptall -ignorereboot") >= 3)
    }

    @Test("sessions split on the gap, per user and host; roles come from the property, the map or the prefix")
    func sessionsAndRoles() {
        var config = PrivilegedSequenceConfiguration()
        config.roles["jdoe"] = "dba"
        let d0 = PrivilegedSequenceDetector(configuration: config)
        #expect(d0.role(of: "adm-x", property: nil) == "admin")
        #expect(d0.role(of: "JDOE", property: nil) == "dba")
        #expect(d0.role(of: "jdoe", property: "helpdesk") == "helpdesk")
        #expect(d0.role(of: "svc_backup", property: nil) == "service")
        #expect(d0.role(of: "someone", property: nil) == "user")
        var d = PrivilegedSequenceDetector(configuration: config)
        _ = feed(&d, Self.session("adm-x", host: "A", at: t0, ["whoami", "hostname"], id: "s1"))
        _ = feed(&d, Self.session("adm-x", host: "B", at: t0 + 5 * minute, ["whoami"], id: "s2"))
        #expect(d.openSessions == 2)
        _ = feed(&d, Self.session("adm-x", host: "A", at: t0 + 2 * hour, ["whoami"], id: "s3"))
        #expect(d.statistics.sessionsClosed == 2, "the gap closed both earlier sessions")
        _ = d.drain()
        #expect(d.statistics.sessionsClosed == 3)
        #expect(d.model(for: "admin")?.sessions == 3)
    }

    @Test("the msticpy cross-check files are written")
    func crossCheck() throws {
        let dir = "/tmp/vigil-detectors-test-\(getpid())-sequences"
        defer { removeFiles(dir, ["sessions.json", "swift_likelihoods.csv"]) }
        let summary = try SequenceCrossCheck.write(to: dir, seed: 1)
        #expect(summary.contains("anomalous"))
        let csv = try #require(readText(dir + "/swift_likelihoods.csv"))
        let (train, test) = SequenceCrossCheck.sessions(seed: 1)
        #expect(csv.split(separator: "\n").count == 1 + test.count)
        #expect(train.count == 400)
        let json = try #require(readText(dir + "/sessions.json"))
        #expect(json.hasPrefix("{\"window\":3"))
        // The labelled anomalies rank among the least likely sessions.
        let scored = SequenceCrossCheck.likelihoods(train: train, test: test)
        let k = test.filter { $0.label == "anomalous" }.count
        let rarest = scored.sorted { $0.1.rarestWindowGeometricMean < $1.1.rarestWindowGeometricMean }.prefix(k)
        #expect(rarest.filter { $0.0.label == "anomalous" }.count >= k * 2 / 3)
    }
}
