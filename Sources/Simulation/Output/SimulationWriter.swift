import VigilCore

/// Writes a run to disk, hour by hour, so memory stays bounded by one hour of events:
///
/// ```
/// DIR/events.jsonl            VigilCore Event JSON, one per line, time order
/// DIR/leef/events.leef        LEEF 2.0 lines with RFC 5424 syslog headers (log-source events; flows are not syslog)
/// DIR/ariel/events.jsonl      Ariel JSONL load format, events database
/// DIR/ariel/flows.jsonl       Ariel JSONL load format, flows database
/// DIR/context/cmdb.json, qradar-assets.json, log-sources.json, vulnerabilities.json, hr.json, threat-intel.json,
///                   directory.json (vigil.directory.v1, docs/DIRECTORY.md)
/// DIR/labels.json             campaigns and benign look-alikes with their event ids
/// ```
public struct SimulationWriter: Sendable {
    public let simulator: Simulator

    public init(simulator: Simulator) { self.simulator = simulator }

    /// Generates the run and writes the configured outputs into `directory` (created if needed; existing files
    /// with the same names are replaced).
    public func write(to directory: String, progress: ((SimulationProgress) -> Void)? = nil) throws(SimulationError) -> SimulationSummary {
        let started = monotonicSeconds()
        let model = simulator.model
        let outputs = model.config.outputs
        let dir = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        try FileSink.makeDirectory(dir)
        if outputs.contains(.leef) { try FileSink.makeDirectory(dir + "/leef") }
        if outputs.contains(.ariel) { try FileSink.makeDirectory(dir + "/ariel") }
        if outputs.contains(.context) { try FileSink.makeDirectory(dir + "/context") }

        let eventsSink = outputs.contains(.events) ? try FileSink(path: dir + "/events.jsonl") : nil
        let leefSink = outputs.contains(.leef) ? try FileSink(path: dir + "/leef/events.leef") : nil
        let arielEventsSink = outputs.contains(.ariel) ? try FileSink(path: dir + "/ariel/events.jsonl") : nil
        let arielFlowsSink = outputs.contains(.ariel) ? try FileSink(path: dir + "/ariel/flows.jsonl") : nil

        var eventsJSON = JSONBuffer(capacity: 1 << 21)
        var arielEvents = JSONBuffer(capacity: 1 << 21)
        var arielFlows = JSONBuffer(capacity: 1 << 21)
        var leef: [UInt8] = []
        leef.reserveCapacity(1 << 21)
        var line: [UInt8] = []
        line.reserveCapacity(2048)
        var labels = model.plan.labels
        var counts = SimulationSummary.Counts()
        var flowID: Int64 = 1
        let needLine = leefSink != nil || arielEventsSink != nil
        let logSources = model.enterprise.logSources
        let flushAt = 1 << 20

        func written() -> Int64 {
            [eventsSink, leefSink, arielEventsSink, arielFlowsSink].reduce(Int64(0)) { $0 + ($1?.bytesWritten ?? 0) }
        }

        for hour in simulator.hours() {
            for s in hour.events {
                counts.events += 1
                if let truth = s.truth {
                    labels.record(truth, id: s.event.id, time: s.event.time)
                    if truth.isMalicious { counts.malicious += 1 } else { counts.benign += 1 }
                }
                if s.malformedLine != nil { counts.malformed += 1 }
                if eventsSink != nil {
                    EventJSON.append(s.event, to: &eventsJSON)
                    eventsJSON.newline()
                }
                if s.isFlow {
                    counts.flows += 1
                    if arielFlowsSink != nil {
                        ArielJSON.appendFlow(s, flowID: flowID, to: &arielFlows)
                        arielFlows.newline()
                    }
                    flowID += 1
                    continue
                }
                let source = logSources[s.logSourceIndex]
                if needLine {
                    line.removeAll(keepingCapacity: true)
                    EventLEEF.appendLine(s, source: source, to: &line)
                }
                if leefSink != nil {
                    leef.append(contentsOf: line)
                    leef.append(0x0A)
                }
                if arielEventsSink != nil {
                    ArielJSON.appendEvent(s, source: source, payload: line, to: &arielEvents)
                    arielEvents.newline()
                }
            }
            if eventsJSON.bytes.count > flushAt { try eventsSink?.write(eventsJSON.bytes); eventsJSON.removeAll() }
            if leef.count > flushAt { try leefSink?.write(leef); leef.removeAll(keepingCapacity: true) }
            if arielEvents.bytes.count > flushAt { try arielEventsSink?.write(arielEvents.bytes); arielEvents.removeAll() }
            if arielFlows.bytes.count > flushAt { try arielFlowsSink?.write(arielFlows.bytes); arielFlows.removeAll() }
            if hour.index % 24 == 23, let progress {
                progress(SimulationProgress(day: hour.index / 24 + 1, days: model.config.days, events: counts.events, bytesWritten: written()))
            }
        }
        try eventsSink?.write(eventsJSON.bytes)
        try leefSink?.write(leef)
        try arielEventsSink?.write(arielEvents.bytes)
        try arielFlowsSink?.write(arielFlows.bytes)
        var files: [SimulationSummary.File] = []
        for (sink, name) in [(eventsSink, "events.jsonl"), (leefSink, "leef/events.leef"), (arielEventsSink, "ariel/events.jsonl"),
                             (arielFlowsSink, "ariel/flows.jsonl")] {
            guard let sink else { continue }
            try sink.close()
            files.append(SimulationSummary.File(path: name, bytes: sink.bytesWritten))
        }

        if outputs.contains(.context) {
            for (name, bytes) in [("context/cmdb.json", ContextFiles.cmdb(model)), ("context/qradar-assets.json", ContextFiles.qradarAssets(model)),
                                  ("context/log-sources.json", ContextFiles.logSources(model)),
                                  ("context/vulnerabilities.json", ContextFiles.vulnerabilities(model)),
                                  ("context/hr.json", ContextFiles.hr(model)), ("context/threat-intel.json", ContextFiles.threatIntel(model)),
                                  ("context/directory.json", ContextFiles.directory(model))] {
                files.append(SimulationSummary.File(path: name, bytes: try FileSink.writeFile(dir + "/" + name, bytes)))
            }
        }
        if outputs.contains(.labels) {
            let bytes = LabelsJSON.encode(labels, config: model.config, totals: counts)
            files.append(SimulationSummary.File(path: "labels.json", bytes: try FileSink.writeFile(dir + "/labels.json", bytes)))
        }
        let elapsed = monotonicSeconds() - started
        return SimulationSummary(scenario: model.config.scenario.name, users: model.config.users, days: model.config.days,
                                 seed: model.config.seed, start: model.config.start, end: model.config.end, counts: counts,
                                 campaigns: labels.campaigns.filter { $0.steps.contains { !$0.eventIDs.isEmpty || !$0.gaps.isEmpty } }.count,
                                 lookalikes: labels.lookalikes.filter { !$0.eventIDs.isEmpty || !$0.gaps.isEmpty }.count,
                                 files: files, directory: dir, elapsedSeconds: elapsed)
    }
}

/// What a run produced.
public struct SimulationSummary: Sendable, CustomStringConvertible {
    /// Event counts.
    public struct Counts: Sendable, Hashable {
        /// All records, flows included.
        public var events = 0
        public var flows = 0
        public var malicious = 0
        /// Events labelled as a benign look-alike.
        public var benign = 0
        public var malformed = 0
    }

    /// One output file and its size.
    public struct File: Sendable, Hashable {
        /// Path relative to the output directory.
        public var path: String
        public var bytes: Int64
    }

    public let scenario: String
    public let users: Int
    public let days: Int
    public let seed: UInt64
    public let start: EpochMillis
    public let end: EpochMillis
    public let counts: Counts
    /// Campaigns and look-alikes that have events (or log-source gaps).
    public let campaigns: Int
    public let lookalikes: Int
    public let files: [File]
    /// The output directory.
    public let directory: String
    /// Wall time of generation and writing (not written to any file, so output stays byte-identical).
    public let elapsedSeconds: Double

    /// Total bytes written.
    public var bytesWritten: Int64 { files.reduce(0) { $0 + $1.bytes } }

    /// Events (flows included) per second of wall time.
    public var eventsPerSecond: Double { elapsedSeconds > 0 ? Double(counts.events) / elapsedSeconds : 0 }

    /// Absolute path of an output file.
    public func path(_ relative: String) -> String { directory + "/" + relative }

    public var description: String {
        var lines = [
            "scenario \(scenario): \(users) users, \(days) days, seed \(seed), \(SimTime.iso8601(start)) – \(SimTime.iso8601(end))",
            "\(counts.events) events (\(counts.flows) flows), \(counts.malicious) malicious in \(campaigns) campaign(s), \(counts.benign) benign look-alike events in \(lookalikes) look-alike(s), \(counts.malformed) malformed",
        ]
        for f in files { lines.append("  \(f.path): \(f.bytes) bytes") }
        lines.append("\((elapsedSeconds * 10).rounded() / 10) s, \(Int(eventsPerSecond.rounded())) events/s")
        return lines.joined(separator: "\n")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

extension SimulationWriter {
    /// Every file name the writer may produce, relative to the output directory.
    public static let outputFiles = [
        "events.jsonl", "leef/events.leef", "ariel/events.jsonl", "ariel/flows.jsonl", "context/cmdb.json", "context/qradar-assets.json",
        "context/log-sources.json", "context/vulnerabilities.json", "context/hr.json", "context/threat-intel.json", "context/directory.json", "labels.json",
    ]

    /// Deletes what ``write(to:progress:)`` wrote into `directory` (only those file names, then the directories
    /// if they are empty). For benchmarks and tests that generate throw-away runs.
    public static func removeOutputs(in directory: String) {
        for f in outputFiles { unlink(directory + "/" + f) }
        for d in ["leef", "ariel", "context", ""] { rmdir(d.isEmpty ? directory : directory + "/" + d) }
    }
}
