import ArgumentParser
import Detectors
import Ingestion
import Triage
import LEEF
import VigilCore

import Foundation

/// `vigil replay`: run the detectors over a log file.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a log file through Vigil's triage core (the one vigil serve runs: behavioural analytics, beaconing, lateral movement, log-source health, privileged command sequences, composite risk) and print the signals and findings.",
        discussion: """
            Formats: zeek-conn (Zeek conn.log, TSV with its #fields header or JSON lines), jsonl (Vigil's \
            normalized events, as 'vigil simulate' writes them to events.jsonl), leef (LEEF lines with or \
            without a syslog header, normalized with the default QRadar field mapping) and syslog (what a QRadar \
            forwarding destination or a Linux host sends: LEEF, raw sshd/sudo/su/PAM/auditd/WinCollect lines or \
            JSON, read as the sidecar's syslog listener reads them). Entities are printed as \
            they appear in the input. Lines that cannot be read are counted and reported on standard error; they \
            never stop the replay.
            """
    )

    @Option(help: "The file to read.")
    var input: String

    @Option(help: "The input format: zeek-conn, jsonl, leef or syslog.")
    var format: String

    @Option(help: "Days the behavioural baselines learn before they can raise findings.")
    var learningDays = 7

    @Flag(help: "Print one JSON object per signal (detector, entity, related entities, score, title, time, deviations) instead of text.")
    var json = false

    func validate() throws {
        guard ["zeek-conn", "jsonl", "leef", "syslog"].contains(format) else {
            throw ValidationError("--format is zeek-conn, jsonl, leef or syslog.")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: input) else { throw ValidationError("Cannot read \(input).") }
        let text = String(decoding: data, as: UTF8.self)
        var events: [Event]
        var problems: [String] = []
        var linesRead = 0
        switch format {
        case "zeek-conn":
            var parser = ZeekConnLogParser()
            events = parser.parse(text: text)
            linesRead = parser.linesRead
            problems = parser.errors.map(\.description)
            if parser.errorCount > problems.count { problems.append("… \(parser.errorCount - problems.count) more") }
        case "jsonl":
            var reader = EventJSONLinesReader()
            events = reader.parse(text: text)
            linesRead = reader.linesRead
            problems = reader.errors.map(\.description)
            if reader.errorCount > problems.count { problems.append("… \(reader.errorCount - problems.count) more") }
        case "syslog":
            (events, linesRead, problems) = try Self.forwardedEvents(text)
        default:
            (events, linesRead, problems) = try Self.leefEvents(text)
        }
        var core = try TriageReplay.core(learningDays: learningDays)
        var signals = 0
        var findings = 0
        TriageReplay.run(events: events, core: &core) { out in
            for s in out.signals { print(json ? SignalPrinter.jsonLine(s) : SignalPrinter.text(s)) }
            for f in out.findings { print(json ? SignalPrinter.jsonLine(f.document.subject) : "FINDING " + SignalPrinter.text(f.document.subject)) }
            signals += out.signals.count
            findings += out.findings.count
        }
        var report = "replay: \(linesRead) lines, \(events.count) events, \(signals) signals, \(findings) findings"
        if !problems.isEmpty { report += ", \(problems.count) unreadable line(s):\n  " + problems.prefix(20).joined(separator: "\n  ") }
        FileHandle.standardError.write(Data((report + "\n").utf8))
    }

    /// Forwarded lines (LEEF, raw payloads, JSON) through the sidecar's syslog listener's normalization. RFC 3164
    /// lines carry no year: it is chosen against the time of the replay, as the listener chooses it against the
    /// receive time.
    static func forwardedEvents(_ text: String) throws -> ([Event], Int, [String]) {
        let normalizer = ForwardedLineNormalizer(mapping: try FieldMapping.defaultMapping())
        return events(text) { line, now in normalizer.normalize(line, receivedAt: now) }
    }

    /// LEEF lines through the same normalization the sidecar applies to QRadar's event forwarding.
    static func leefEvents(_ text: String) throws -> ([Event], Int, [String]) {
        let normalizer = LEEFNormalizer(mapping: try FieldMapping.defaultMapping())
        return events(text) { line, now in
            do {
                return normalizer.normalize(try LEEFDecoder.decode(line, referenceTime: now), receivedAt: now)
            } catch {
                return NormalizationOutcome(event: nil, rejection: "\(error)", issues: [])
            }
        }
    }

    /// Every non-empty line through `normalize`, with the unreadable ones numbered.
    static func events(_ text: String, _ normalize: (String, Int64) -> NormalizationOutcome) -> ([Event], Int, [String]) {
        var events: [Event] = []
        var problems: [String] = []
        var lineNumber = 0
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty { continue }
            let outcome = normalize(String(line), now)
            if let e = outcome.event { events.append(e) } else { problems.append("line \(lineNumber): \(outcome.rejection ?? "rejected")") }
        }
        return (events, lineNumber, problems)
    }
}
