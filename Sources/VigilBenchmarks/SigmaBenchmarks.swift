import Foundation
import Sigma
import VigilCore

/// Sigma rule compilation and evaluation on one core. With `VIGIL_SIGMA_RULES` set to a folder (e.g. SigmaHQ's
/// `rules/` fetched by `scripts/sigma/fetch.sh`) the real rules are timed; otherwise 1,000 generated rules of the
/// shapes SigmaHQ's Windows rules use most (image suffixes, command-line substrings, `all of`, `not filter`,
/// registry keys, wildcards).
public enum SigmaBenchmarks {
    public static func run(scale: Double) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        let n = max(20_000, Int(500_000 * scale))
        let texts: [(source: String, yaml: String)]
        let what: String
        if let path = ProcessInfo.processInfo.environment["VIGIL_SIGMA_RULES"], !path.isEmpty,
           let set = try? SigmaRuleSet.load(paths: [path]) {
            texts = set.rules.compactMap { r in (try? String(contentsOfFile: r.source, encoding: .utf8)).map { (r.source, $0) } }
            what = "\(texts.count) rules from \(path)"
        } else {
            texts = generatedRules(1_000)
            what = "1,000 generated rules"
        }
        var set = SigmaRuleSet()
        let compile = bestOf(3) { set = SigmaRuleSet(texts: texts) }
        results.append(BenchmarkResult(name: "Sigma rule compilation", value: Double(texts.count) / compile, unit: "rules/s",
                                       detail: "\(what) (\(set.rules.count) loaded), YAML parse and compile, best of 3"))
        let pool = DetectorsBenchmarks.windowsPool().map { e -> Event in
            var e = e
            e.properties["logsourcetypename"] = e.eventCode == "13" ? "Microsoft Windows Sysmon" : "Microsoft Windows Security Event Log"
            // The image of the command's own program, so rules that pair an image with its arguments can match.
            if let first = e.command?.split(separator: " ").first {
                let program = first.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                e.properties["Process Path"] = program.contains("\\") ? program : "C:\\Windows\\System32\\" + program + (program.hasSuffix(".exe") ? "" : ".exe")
            }
            return e
        }
        // The prefilter must not change a result: the first 20,000 events, every rule evaluated, against the index.
        var agree = 0, disagree = 0, checkedMatches = 0
        for e in pool.prefix(20_000) {
            let fast = set.matches(e).map(\.id), slow = set.matchesWithoutPrefilter(e).map(\.id)
            if fast == slow { agree += 1 } else { disagree += 1 }
            checkedMatches += slow.count
        }
        results.append(BenchmarkResult(name: "Sigma prefilter agrees with evaluating every rule", value: Double(agree) / Double(agree + disagree) * 100,
                                       unit: "% of events", detail: "\(agree + disagree) events, \(checkedMatches) matches, \(disagree) different"))
        var probe = SigmaDetector(ruleSet: set)
        for e in pool.prefix(20_000) { _ = probe.process(e) }
        results.append(BenchmarkResult(name: "Sigma rules evaluated per event after the prefilter", value: Double(probe.statistics.rulesEvaluated) / 20_000,
                                       unit: "rules", detail: "of \(set.rules.count); 20,000 events"))
        var matches = 0
        let seconds = bestOf(3) {
            var t: EpochMillis = 1_767_225_600_000
            var d = SigmaDetector(ruleSet: set)
            for i in 0..<n {
                var e = pool[i & (pool.count - 1)]
                e.time = t
                t += 20
                matches += d.process(e).count
            }
            blackHole(d)
        }
        results.append(BenchmarkResult(name: "Sigma evaluation (detector), one core", value: Double(n) / seconds, unit: "events/s",
                                       detail: "\(n) Windows process, service, registry and share events; \(what); best of 3"))
        blackHole(matches)
        return results
    }

    /// Rules of SigmaHQ's common shapes, with made-up but realistic values (our own text, not SigmaHQ's).
    static func generatedRules(_ count: Int) -> [(source: String, yaml: String)] {
        let tools = ["certutil", "bitsadmin", "mshta", "regsvr32", "rundll32", "wmic", "powershell", "cmd", "schtasks", "sc",
                     "net", "nltest", "whoami", "reg", "vssadmin", "wevtutil", "msiexec", "cscript", "wscript", "installutil"]
        return (0..<count).map { i in
            let tool = tools[i % tools.count]
            let id = String(format: "%08x-0000-4000-8000-%012x", i, i)
            let detection: String
            let category: String
            switch i % 4 {
            case 0:
                category = "process_creation"
                detection = """
                        selection_img:
                            - Image|endswith: '\\\\\(tool).exe'
                            - OriginalFileName: '\(tool.uppercased()).EXE'
                        selection_cli:
                            CommandLine|contains:
                                - ' -flag\(i) '
                                - ' /opt\(i % 37) '
                                - 'http'
                        filter:
                            ParentImage|startswith: 'C:\\\\Program Files\\\\Vendor\(i % 11)\\\\'
                        condition: all of selection_* and not filter
                    """
            case 1:
                category = "process_creation"
                detection = """
                        selection:
                            CommandLine|contains|all:
                                - '\(tool)'
                                - 'value\(i)'
                        condition: selection
                    """
            case 2:
                category = "registry_set"
                detection = """
                        selection:
                            TargetObject|contains: '\\\\CurrentVersion\\\\Run\\\\name\(i)'
                            Details|contains: '\\\\AppData\\\\'
                        condition: selection
                    """
            default:
                category = "process_creation"
                detection = """
                        selection:
                            ParentImage|endswith: '\\\\\(tool).exe'
                            Image|endswith:
                                - '\\\\cmd.exe'
                                - '\\\\powershell.exe'
                            CommandLine|contains: 'C:\\\\Users\\\\*\\\\AppData\\\\*\(i).exe'
                        condition: selection
                    """
            }
            let yaml = """
                title: Generated rule \(i)
                id: \(id)
                status: test
                level: medium
                tags:
                    - attack.t1059
                logsource:
                    product: windows
                    category: \(category)
                detection:
                \(detection)
                """
            return ("generated-\(i).yml", yaml)
        }
    }
}
