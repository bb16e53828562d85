import Foundation
@testable import Sigma
import Testing
import VigilCore

@Suite struct SigmaMatchingTests {
    @Test func allOfSelectionsWithListsMatchesOnlyTheDownload() throws {
        let set = try compile(processRule("""
            selection_img:
                - Image|endswith: '\\certutil.exe'
                - OriginalFileName: 'CertUtil.exe'
            selection_flags:
                CommandLine|contains:
                    - 'urlcache '
                    - 'verifyctl '
            selection_http:
                CommandLine|contains: 'http'
            """, condition: "all of selection_*"))
        let download = processEvent(image: "C:\\Windows\\System32\\CERTUTIL.EXE", command: "certutil -URLcache -split -f http://x/a.exe a.exe")
        let verify = processEvent(image: "C:\\Windows\\System32\\certutil.exe", command: "certutil -verify cert.cer")
        let noHTTP = processEvent(image: "C:\\Windows\\System32\\certutil.exe", command: "certutil -urlcache * delete")
        #expect(set.matches(download).count == 1)
        #expect(set.matches(verify).isEmpty)
        #expect(set.matches(noHTTP).isEmpty)
    }

    @Test func securityLog4688IsProcessCreationToo() throws {
        let set = try compile(processRule("selection:\n    Image|endswith: '\\whoami.exe'"))
        #expect(set.matches(processEvent(image: "C:\\Windows\\System32\\whoami.exe", command: "whoami /all", code: "4688")).count == 1)
        var logon = processEvent(image: "C:\\Windows\\System32\\whoami.exe", command: "whoami", code: "4624")
        logon.name = "An account was successfully logged on"
        #expect(set.matches(logon).isEmpty, "a logon is not a process creation")
    }

    @Test func wildcardsAndEscapes() throws {
        let set = try compile(processRule("""
            selection:
                Image: 'C:\\Users\\\\*\\\\AppData\\\\*.exe'
                CommandLine: 'run?.bat \\*literal'
            """))
        #expect(set.matches(processEvent(image: "c:\\users\\bob\\appdata\\local\\x.exe", command: "RUN1.bat *literal")).count == 1)
        #expect(set.matches(processEvent(image: "c:\\users\\bob\\appdata\\local\\x.exe", command: "run12.bat *literal")).isEmpty, "? is one character")
        #expect(set.matches(processEvent(image: "c:\\users\\bob\\appdata\\local\\x.exe", command: "run1.bat xliteral")).isEmpty, "\\* is a literal star")
        #expect(set.matches(processEvent(image: "c:\\program files\\x.exe", command: "run1.bat *literal")).isEmpty)
    }

    @Test func notFilterParenthesesAndPrecedence() throws {
        // `a or b and c` is `a or (b and c)`.
        let set = try compile(processRule("""
            a:
                CommandLine|contains: 'alpha'
            b:
                CommandLine|contains: 'beta'
            c:
                CommandLine|contains: 'gamma'
            filter:
                ParentImage|endswith: '\\trusted.exe'
            """, condition: "(a or b and c) and not filter"))
        func m(_ cmd: String, parent: String = "C:\\x\\explorer.exe") -> Bool {
            !set.matches(processEvent(image: "C:\\x.exe", command: cmd, parent: parent)).isEmpty
        }
        #expect(m("alpha"))
        #expect(!m("beta"))
        #expect(m("beta gamma"))
        #expect(!m("alpha", parent: "C:\\Tools\\Trusted.exe"))
    }

    @Test func oneOfThemAndConditionLists() throws {
        let set = try compile(processRule("""
            sel_a:
                CommandLine|contains: 'mimikatz'
            sel_b:
                CommandLine|contains: 'sekurlsa'
            """, condition: "1 of them"))
        #expect(set.matches(processEvent(image: "C:\\m.exe", command: "sekurlsa::logonpasswords")).count == 1)
        let list = try compile("""
            title: Two conditions
            id: 22222222-0000-0000-0000-000000000002
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
                a: {CommandLine|contains: 'one'}
                b: {CommandLine|contains: 'two'}
                condition:
                    - a
                    - b
            """)
        #expect(list.matches(processEvent(image: "C:\\m.exe", command: "two")).count == 1)
    }

    @Test func modifiers() throws {
        let set = try compile(processRule("""
            sel_all:
                CommandLine|contains|all: ['-nop', 'hidden']
            sel_windash:
                CommandLine|windash|contains: ' -encodedcommand '
            sel_re:
                CommandLine|re: 'vssadmin(\\.exe)? delete shadows'
            sel_b64:
                CommandLine|base64offset|contains: 'IEX (New-Object'
            sel_start:
                CommandLine|startswith: 'rundll32 javascript:'
            sel_cased:
                CommandLine|cased: 'EXACT'
            """, condition: "1 of sel_*"))
        func m(_ cmd: String) -> Bool { !set.matches(processEvent(image: "C:\\p.exe", command: cmd)).isEmpty }
        #expect(m("powershell -NoP -w hidden"))
        #expect(!m("powershell -nop"), "|all needs every value")
        #expect(m("powershell /EncodedCommand abc"), "windash accepts /")
        #expect(m("powershell \u{2013}encodedcommand abc"), "windash accepts an en dash")
        #expect(m("vssadmin.exe delete shadows /all"))
        #expect(!m("VSSADMIN delete shadows"), "re is case-sensitive without |i")
        // "IEX (New-Object" inside a longer base64 text at each of the three offsets.
        for prefix in ["", "a", "ab"] {
            #expect(m("powershell -e " + base64(prefix + "IEX (New-Object Net.WebClient)")), "offset \(prefix.count)")
        }
        #expect(m("RUNDLL32 JavaScript:\"\\..\\mshtml\""))
        #expect(m("EXACT"))
        #expect(!m("exact"), "|cased")
    }

    @Test func nullExistsComparisonAndCIDR() throws {
        let set = try compile("""
            title: Network
            id: 33333333-0000-0000-0000-000000000003
            level: low
            logsource: {product: windows, category: network_connection}
            detection:
                sel:
                    DestinationIp|cidr: ['10.0.0.0/8', 'fc00::/7']
                    DestinationPort|gte: 4444
                    DestinationHostname: null
                    Image|exists: true
                condition: sel
            """)
        func net(_ ip: String, _ port: Int, host: String? = nil) -> Event {
            var e = Event(id: "n", time: 0, kind: .networkFlow, name: "Sysmon: Network connection detected", eventCode: "3", device: "ws-01")
            e.destinationIP = ip
            e.destinationPort = port
            e.destinationHost = host
            e.properties = ["logsourcetypename": "Microsoft Windows Sysmon", "Process Path": "C:\\a.exe"]
            return e
        }
        #expect(set.matches(net("10.1.2.3", 4444)).count == 1)
        #expect(set.matches(net("fd00::1", 5555)).count == 1)
        #expect(set.matches(net("11.1.2.3", 4444)).isEmpty)
        #expect(set.matches(net("10.1.2.3", 443)).isEmpty)
        #expect(set.matches(net("10.1.2.3", 4444, host: "c2.example")).isEmpty, "null means absent")
    }

    @Test func keywordsSearchTheWholeEvent() throws {
        let set = try compile("""
            title: Keywords
            id: 44444444-0000-0000-0000-000000000004
            level: medium
            logsource: {product: linux, service: auditd}
            detection:
                keywords:
                    - 'LD_PRELOAD='
                    - '/etc/ld.so.preload'
                condition: keywords
            """)
        var e = Event(id: "a", time: 0, kind: .process, name: "EXECVE", user: "bob", device: "srv-1", command: "echo x > /etc/ld.so.preload")
        e.properties = ["logsourcetypename": "Linux OS", "Audit Operation": "EXECVE"]
        #expect(set.matches(e).count == 1)
        e.command = "ls -l"
        #expect(set.matches(e).isEmpty)
    }

    @Test func auditdArgumentsAndLinuxProcessCreation() throws {
        let set = try compile("""
            title: Linux
            id: 55555555-0000-0000-0000-000000000005
            level: high
            logsource: {product: linux, service: auditd}
            detection:
                sel:
                    type: EXECVE
                    a0: chattr
                    a1|contains: '-i'
                condition: sel
            """)
        var e = Event(id: "a", time: 0, kind: .process, name: "EXECVE", user: "root", device: "srv-1", command: "chattr -i /etc/passwd")
        e.properties = ["logsourcetypename": "Linux OS", "Audit Operation": "EXECVE"]
        #expect(set.matches(e).count == 1)
        e.command = "chattr +i /etc/passwd"
        #expect(set.matches(e).isEmpty)
    }
}

/// Plain base64 of UTF-8 text (test oracle, independent of the module's encoder's offset logic).
func base64(_ text: String) -> String {
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    let bytes = Array(text.utf8)
    var out = ""
    var i = 0
    while i < bytes.count {
        let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
        out.append(table[b0 >> 2])
        out.append(table[(b0 & 3) << 4 | b1 >> 4])
        out.append(i + 1 < bytes.count ? table[(b1 & 15) << 2 | b2 >> 6] : "=")
        out.append(i + 2 < bytes.count ? table[b2 & 63] : "=")
        i += 3
    }
    return out
}

@Suite struct SigmaPrefilterTests {
    /// The literal prefilter only skips rules that cannot match: on rules of every shape (anchored on Image,
    /// ParentImage, the command line, through `or`, `and`, `1 of`, `|all`; not anchorable) and events built from their values, the matches are
    /// those of evaluating every rule.
    @Test func prefilterNeverChangesTheResult() throws {
        let rules = [
            processRule("a:\n    Image|endswith: '\\\\certutil.exe'\nb:\n    CommandLine|contains: 'http'", condition: "a and b", id: "r1"),
            processRule("a:\n    - Image|endswith: '\\\\mshta.exe'\n    - OriginalFileName: 'MSHTA.EXE'", condition: "a", id: "r2"),
            processRule("a:\n    ParentImage|endswith: ['\\\\winword.exe', '\\\\excel.exe']\nb:\n    Image|endswith: '\\\\cmd.exe'", condition: "a and b", id: "r3"),
            processRule("a:\n    Image: 'C:\\\\Windows\\\\System32\\\\whoami.exe'\nb:\n    CommandLine|contains: 'priv'", condition: "a or b", id: "r4"),
            processRule("a:\n    Image|endswith: 'util.exe'", condition: "a", id: "r5"),
            processRule("a:\n    Image|endswith: '\\\\rundll32.exe'\nf:\n    CommandLine|contains: 'shell32'", condition: "a and not f", id: "r6"),
            processRule("s1:\n    Image|endswith: '\\\\wmic.exe'\ns2:\n    Image|endswith: '\\\\net.exe'", condition: "1 of s*", id: "r7"),
            processRule("a:\n    CommandLine|contains|all: ['-enc', 'hidden']", condition: "a", id: "r8"),
            processRule("a:\n    CommandLine|re: 'whoami\\s+/priv'", condition: "a", id: "r9"),
            processRule("f:\n    Image|endswith: '\\\\explorer.exe'", condition: "not f", id: "r10"),
        ]
        let set = SigmaRuleSet(texts: rules.enumerated().map { ("r\($0.offset).yml", $0.element) })
        #expect(set.rejected.isEmpty, "\(set.rejected)")
        #expect(set.anchoredRuleCount == 9, "all but the lone filter (the regular expression by its literal run)")
        let images = ["C:\\Windows\\System32\\certutil.exe", "C:\\Windows\\System32\\CertUtil.EXE", "C:\\x\\mshta.exe", "C:\\Windows\\System32\\cmd.exe",
                      "C:\\Windows\\System32\\whoami.exe", "D:\\whoami.exe", "C:\\t\\myutil.exe", "C:\\Windows\\System32\\rundll32.exe",
                      "C:\\Windows\\System32\\wbem\\WMIC.exe", "C:\\Windows\\System32\\net.exe", "powershell.exe"]
        let parents = ["C:\\Office\\WINWORD.EXE", "C:\\Windows\\explorer.exe"]
        let commands = ["x http://a", "whoami /priv", "rundll32 shell32.dll,Control_RunDLL", "rundll32 a.dll,Start", "ps -enc AAA -w hidden", "plain"]
        var checked = 0, matched = 0
        for image in images {
            for parent in parents {
                for command in commands {
                    let e = processEvent(image: image, command: command, parent: parent)
                    let fast = set.matches(e).map(\.id)
                    let slow = set.matchesWithoutPrefilter(e).map(\.id)
                    #expect(fast == slow, "\(image) | \(parent) | \(command)")
                    checked += 1
                    matched += slow.count
                }
            }
        }
        #expect(checked == 132)
        #expect(matched > 20)
    }
}

@Suite struct SigmaRegexLiteralTests {
    func literals(_ regex: String) -> [String]? {
        SigmaAnchorIndex.requiredLiterals(regex: regex)?.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func literalRunsAreOnlyWhatEveryMatchContains() {
        #expect(literals("vssadmin(\\.exe)? delete shadows") == [" delete shadows"])
        #expect(literals("Invoke-Mimikatz|sekurlsa::") == ["invoke-mimikatz", "sekurlsa::"])
        #expect(literals("abcd?ef") == ["abc"], "d is optional")
        #expect(literals("net1? user") == [" user"])
        #expect(literals("(a|b)xyz\\s+/add") == ["/add"], "the longest run outside the group")
        #expect(literals("x{0,3}yzw") == ["yzw"])
        #expect(literals("[a-z]+\\.exe") == [".exe"])
        #expect(literals("ab|.*") == nil, "an alternative with no literal")
        #expect(literals("\\d+") == nil)
    }

    @Test func aRegexMatchesOnlyWhenItsLiteralOccurs() throws {
        let set = try compile(processRule("sel:\n    CommandLine|re|i: 'net1? (user|localgroup) .+ /add'", condition: "sel"))
        func m(_ c: String) -> Bool { !set.matches(processEvent(image: "C:\\n.exe", command: c)).isEmpty }
        #expect(m("NET user bob P@ss /add"))
        #expect(m("net1 localgroup administrators bob /add"))
        #expect(!m("net user bob"))
        #expect(!m("netuser bob /add"))
    }
}

@Suite struct SigmaComparisonTests {
    /// Windows logs numbers as hexadecimal (`0xC000006A`): compared as numbers; text that is no number never matches.
    @Test func hexadecimalFieldsCompareAsNumbersAndGarbageNeverMatches() throws {
        let set = try compile("""
            title: Status
            id: 77777777-0000-0000-0000-000000000007
            level: medium
            logsource: {product: windows, service: security}
            detection:
                sel:
                    Status|gte: 3221225578
                condition: sel
            """)
        func m(_ status: String) -> Bool {
            var e = Event(id: "s", time: 0, kind: .authentication, name: "An account failed to log on", eventCode: "4625", device: "dc1")
            e.properties = ["logsourcetypename": "Microsoft Windows Security Event Log", "Status": status]
            return !set.matches(e).isEmpty
        }
        #expect(m("3221225578"), "decimal")
        #expect(m("0xC000006A"), "3221225578")
        #expect(m("0xc000006d"))
        #expect(!m("0x00000000"))
        #expect(!m("0xZZ"), "not a number: no match, not zero")
        #expect(!m("n/a"))
    }
}
