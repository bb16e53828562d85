import Sigma
import Testing
import VigilCore

@Suite struct SigmaRejectionTests {
    @Test(arguments: [
        ("title: 'unclosed\ndetection: {", SigmaRuleRejection.Kind.malformed, "not valid YAML"),
        ("- just\n- a list", .malformed, "a rule is a YAML mapping"),
        ("title: T\nlogsource: {product: windows}\n", .malformed, "no detection"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n", .malformed, "no condition"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n    condition: sel and other\n", .malformed, "'other'"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image|sortof: x}\n    condition: sel\n", .malformed, "unknown modifier 'sortof'"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image|re: '(['}\n    condition: sel\n", .malformed, "bad regular expression"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {DestinationIp|cidr: '10.0.0.0/33'}\n    condition: sel\n", .malformed, "bad network"),
        ("title: T\nlevel: severe\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n    condition: sel\n", .malformed, "unknown level"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n    condition: sel | count() by User > 5\n", .unsupported, "aggregation"),
        ("title: T\ntype: correlation\ncorrelation: {type: event_count, rules: [a]}\n", .unsupported, "correlation"),
        ("title: T\nlogsource: {product: windows}\ndetection:\n    sel: {Image|expand: '%x%'}\n    condition: sel\n", .unsupported, "expand"),
        ("title: T\nlogsource: {product: azure, service: signinlogs}\ndetection:\n    sel: {x: y}\n    condition: sel\n", .otherLogSource, "azure"),
        ("title: T\nlogsource: {product: windows, category: file_access}\ndetection:\n    sel: {x: y}\n    condition: sel\n", .otherLogSource, "file_access"),
        ("title: T\nstatus: deprecated\nlevel: high\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n    condition: sel\n", .excluded, "deprecated"),
        ("title: T\nlevel: informational\nlogsource: {product: windows}\ndetection:\n    sel: {Image: x}\n    condition: sel\n", .excluded, "below"),
    ])
    func badRulesAreRejectedWithAReason(_ yaml: String, _ kind: SigmaRuleRejection.Kind, _ reason: String) {
        let set = SigmaRuleSet(texts: [("bad.yml", yaml)])
        #expect(set.rules.isEmpty)
        #expect(set.rejected.count == 1)
        #expect(set.rejected.first?.kind == kind)
        #expect(set.rejected.first?.reason.contains(reason) == true, "\(set.rejected.first?.reason ?? "-")")
        #expect(set.rejected.first?.source == "bad.yml")
    }

    @Test func oneBadRuleDoesNotStopTheOthers() throws {
        let good = processRule("selection:\n    Image|endswith: '\\a.exe'")
        let set = SigmaRuleSet(texts: [("a.yml", good), ("b.yml", "title: [oops"), ("c.yml", good)])
        #expect(set.rules.count == 1, "the duplicate id is reported, not loaded twice")
        #expect(set.rejected.map(\.source) == ["b.yml", "c.yml"])
        #expect(set.rejectedCounts[.malformed] == 2)
        #expect(set.report(listRejections: false).contains("loaded 1 rule;"))
    }

    @Test func rulesLoadFromFoldersAndAMissingPathIsAnError() throws {
        let dir = FileManagerSupport.temporaryDirectory()
        defer { FileManagerSupport.remove(dir) }
        try FileManagerSupport.write(processRule("selection:\n    Image|endswith: '\\a.exe'"), to: dir + "/windows/a.yml")
        try FileManagerSupport.write("title: [bad", to: dir + "/b.yaml")
        try FileManagerSupport.write("not a rule", to: dir + "/README.md")
        let set = try SigmaRuleSet.load(paths: [dir])
        #expect(set.rules.count == 1)
        #expect(set.rejected.count == 1)
        #expect(throws: SigmaLoadError.self) { try SigmaRuleSet.load(paths: [dir + "/missing"]) }
    }

    /// Seeded mutations of a real-shaped rule: every variant either loads or is rejected with a reason; none
    /// crashes or hangs the loader.
    @Test func mutatedRulesNeverCrashTheLoader() {
        let base = processRule("""
            selection_img:
                - Image|endswith: '\\rundll32.exe'
                - OriginalFileName: 'RUNDLL32.EXE'
            selection_cli:
                CommandLine|contains|all: ['javascript:', '.RegisterXLL']
            filter:
                ParentImage|startswith: 'C:\\Program Files\\'
            """, condition: "all of selection_* and not filter")
        var rng = SeededRandom(seed: 12)
        let bytes = Array(base.utf8)
        let alphabet = Array("|:*?\\'\"-{}[]() \n\tandornotof1allthem".utf8)
        var outcomes = 0
        for _ in 0..<2_000 {
            var b = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 3 {
                case 0: b[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: b.remove(at: i)
                default: b.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                }
            }
            let set = SigmaRuleSet(texts: [("m.yml", String(decoding: b, as: UTF8.self))])
            outcomes += set.rules.count + set.rejected.count
            for r in set.rejected { #expect(!r.reason.isEmpty) }
            _ = set.matches(processEvent(image: "C:\\Windows\\System32\\rundll32.exe", command: "rundll32 javascript:.RegisterXLL"))
        }
        #expect(outcomes == 2_000)
    }
}
