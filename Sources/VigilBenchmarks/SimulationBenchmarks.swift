import Simulation
import VigilCore

/// Simulator throughput: generation alone on one core, and whole runs written to disk in every format.
public enum SimulationBenchmarks {
    /// - Parameter scale: 1 measures the figures the simulator's issue asks for (generation of 500 people × 30 days,
    ///   full runs of 500 and 10,000 people × 30 days; the large run writes about 30 GB to /tmp and removes it);
    ///   smaller values shrink the days (and the large run's head count) proportionally and say so in the name.
    public static func run(scale: Double) -> [BenchmarkResult] {
        let s = max(0.01, min(1, scale))
        let days = max(1, Int((30 * s).rounded()))
        var results: [BenchmarkResult] = []

        // Generation only: every event built, sorted and labelled, nothing serialised.
        if let simulator = try? Simulator(config: SimulationConfig(users: 500, days: days, seed: 1, scenario: "campaign")) {
            var events = 0
            let seconds = bestOf(1) {
                events = 0
                for hour in simulator.hours() { events += hour.events.count }
            }
            results.append(BenchmarkResult(name: "Simulation: generation rate", value: Double(events) / seconds, unit: "events/s",
                                           detail: "campaign scenario, 500 people × \(days) days, \(events) events, one core, no output"))
        }

        for (users, runDays) in [(500, days), (max(Enterprise.minimumPeople, Int(10_000 * s)), days)] {
            let dir = "/tmp/vigil-bench-simulation-\(users)"
            SimulationWriter.removeOutputs(in: dir)
            let config = SimulationConfig(users: users, days: runDays, seed: 1, scenario: "campaign")
            var summary: SimulationSummary?
            let seconds = bestOf(1) { summary = try? Simulator.run(config: config, outputDirectory: dir) }
            SimulationWriter.removeOutputs(in: dir)
            guard let summary else {
                results.append(BenchmarkResult(name: "Simulation: \(users) people × \(runDays) days", value: 0, unit: "s",
                                               detail: "failed: could not write to \(dir)"))
                continue
            }
            let label = "\(users) people × \(runDays) days" + (s < 1 ? " (scale \(s))" : "")
            results.append(BenchmarkResult(name: "Simulation: time to produce \(label)", value: seconds, unit: "s",
                                           detail: "\(summary.counts.events) events, all outputs written to local disk, \(Int(summary.eventsPerSecond)) events/s"))
            results.append(BenchmarkResult(name: "Simulation: output size, \(label)", value: Double(summary.bytesWritten) / 1e6, unit: "MB",
                                           detail: summary.files.map { "\($0.path) \($0.bytes / 1_000_000) MB" }.joined(separator: ", ")))
        }
        return results
    }
}
