import ArgumentParser
import Evaluation
import Sigma
import VigilCore

/// `vigil sigma`: the Sigma rule tools.
struct SigmaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigma",
        abstract: "Check Sigma rules the way Vigil loads them.",
        subcommands: [Check.self, Match.self]
    )

    /// Load options from `--minimum-level`.
    static func options(minimumLevel: String) throws -> SigmaRuleSet.Options {
        guard let level = SigmaLevel(rawValue: minimumLevel) else {
            throw ValidationError("--minimum-level must be one of: \(SigmaLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = SigmaRuleSet.Options()
        options.minimumLevel = level
        return options
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load Sigma rules from files and folders and report what loads, what does not and why. Exits with status 1 if any rule is malformed.",
            discussion: """
                Rules for log sources Vigil does not read (cloud, macOS, proxies), rules using aggregations or \
                correlations, and rules below --minimum-level or deprecated are counted, not errors. Fields the rules \
                read beyond Vigil's standard mapping are listed: Vigil reads them from QRadar custom properties of the \
                same name (docs/DETECTORS.md "Sigma rules").
                """
        )

        @Argument(help: "Rule files (.yml) and folders (searched recursively).")
        var paths: [String]

        @Option(help: "Lowest rule level loaded: informational, low, medium, high or critical.")
        var minimumLevel: String = "low"

        @Flag(help: "List every rule not loaded, not only the malformed ones.")
        var verbose = false

        func run() throws {
            let options = try SigmaCommand.options(minimumLevel: minimumLevel)
            let set: SigmaRuleSet
            do {
                set = try SigmaRuleSet.load(paths: paths, options: options)
            } catch {
                throw ValidationError("\(error)")
            }
            print(set.report(listRejections: verbose), terminator: "")
            if set.rejectedCounts[.malformed, default: 0] > 0 { throw ExitCode(1) }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Sigma rules over events exported as Ariel rows (JSON lines) and print each match.",
            discussion: """
                The events file holds one Ariel result row per line (QRadar's column names, custom properties by \
                name, or under "properties"), as docs/REALDATA.md describes; rows are normalized with Vigil's default \
                field mapping, exactly as the sidecar normalizes its Ariel results. Pseudonymisation is not applied.
                """
        )

        @Option(help: "A file of Ariel rows, one JSON object per line.")
        var events: String

        @Argument(help: "Rule files (.yml) and folders (searched recursively).")
        var rules: [String]

        @Option(help: "Lowest rule level loaded: informational, low, medium, high or critical.")
        var minimumLevel: String = "low"

        func run() throws {
            let options = try SigmaCommand.options(minimumLevel: minimumLevel)
            let set: SigmaRuleSet
            let loaded: (events: [Event], rejected: Int)
            do {
                set = try SigmaRuleSet.load(paths: rules, options: options)
                loaded = try RealDataEvaluation.events(rowsFile: events)
            } catch {
                throw ValidationError("\(error)")
            }
            var matched = 0, total = 0
            for e in loaded.events {
                let hits = set.matches(e)
                if !hits.isEmpty { matched += 1 }
                total += hits.count
                for r in hits { print("\(e.id)\t\(e.eventCode ?? "-")\t\(r.level.rawValue)\t\(r.title)") }
            }
            print("\(loaded.events.count) events (\(loaded.rejected) rows not normalized), \(matched) matched, \(total) matches, \(set.rules.count) rules")
        }
    }
}
