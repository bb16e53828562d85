import AQL
import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `vigil aql`: the AQL tools.
struct AQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aql",
        abstract: "Check and format Ariel Query Language (AQL) queries the way QRadar reads them.",
        subcommands: [Check.self, Format.self]
    )

    /// Reads a file, or standard input when no file (or "-") is given.
    static func readInput(_ path: String?) throws -> String {
        if let path, path != "-" {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("Cannot read \(path).")
            }
            return String(decoding: data, as: UTF8.self)
        }
        var text = ""
        while let line = readLine(strippingNewline: false) { text += line }
        return text
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check AQL queries: print 'ok' and the canonical form of each, or the error with its line and column. Exits with status 1 if any query fails.",
            discussion: """
                Queries are read one per line, or as blocks separated by blank lines when the input has any blank \
                line between queries; lines starting with # are comments. With --validate, field names, function \
                arity, grouping and types are also checked against QRadar's events and flows catalogues.
                """
        )

        @Argument(help: "The file to read; standard input when omitted or '-'.")
        var file: String?

        @Flag(help: "Also validate against the events and flows field catalogues (unknown fields, arity, grouping, types).")
        var validate = false

        @Option(help: "A custom event property name known to your QRadar, for --validate. Repeatable.")
        var customProperty: [String] = []

        func run() throws {
            let text = try AQLCommand.readInput(file)
            let validator = validate ? AQLValidator(customProperties: customProperty) : nil
            let result = AQLChecker.check(text: text, validator: validator)
            print(result.output, terminator: "")
            if result.failures > 0 { throw ExitCode(1) }
        }
    }

    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pretty-print AQL queries, one clause per line, in canonical form. Exits with status 1 if any query does not parse."
        )

        @Argument(help: "The file to read; standard input when omitted or '-'.")
        var file: String?

        func run() throws {
            let result = AQLChecker.format(text: try AQLCommand.readInput(file))
            print(result.output, terminator: "")
            if result.failures > 0 { throw ExitCode(1) }
        }
    }
}
