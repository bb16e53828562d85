import ArgumentParser
import Sigma

/// `vigil sigma`: the Sigma rule tools.
struct SigmaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigma",
        abstract: "Check Sigma rules the way Vigil loads them.",
        subcommands: [Check.self]
    )

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
            guard let level = SigmaLevel(rawValue: minimumLevel) else {
                throw ValidationError("--minimum-level must be one of: \(SigmaLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var options = SigmaRuleSet.Options()
            options.minimumLevel = level
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
}
