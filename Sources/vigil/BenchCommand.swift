import ArgumentParser
import VigilBenchmarks

/// `vigil bench`: the benchmarks behind BENCHMARKS.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Vigil's speed and memory: LEEF and AQL throughput, the syslog receiver, the QRadar emulator, the simulator and the detectors.",
        discussion: """
            Run it from a release build for figures worth recording (swift run -c release vigil bench). Each \
            figure is printed with what it covers; BENCHMARKS.md records them with the machine they came from.
            """
    )

    /// The areas, in the order they run.
    static let areas: [(name: String, summary: String, run: @Sendable (Double) -> [BenchmarkResult])] = [
        ("leef", "LEEF decode and encode throughput on one core", LEEFBenchmarks.run),
        ("sigma", "Sigma rule compilation and evaluation on one core (VIGIL_SIGMA_RULES=folder times real rules)", SigmaBenchmarks.run),
        ("normalize", "forwarded lines (LEEF, raw sshd/sudo/auditd/WinCollect, JSON) to events on one core", NormalizationBenchmarks.run),
        ("aql", "AQL parse throughput, a filtered GROUP BY over a million rows, a filter scan", AQLBenchmarks.run),
        ("syslog", "syslog receive rate over TCP loopback without loss", SyslogBenchmarks.run),
        ("engine", "emulator data plane: load rate and an Ariel search over stored events", EmulatorEngineBenchmarks.run),
        ("emulator", "emulator HTTP surface: offense listing and Ariel results paging", EmulatorBenchmarks.run),
        ("simulation", "simulator generation rate and the time and size of 30 days for 500 and 10,000 people", SimulationBenchmarks.run),
        ("detectors", "beaconing, lateral movement, log-source health, sequence, credential-attack and host-behaviour detectors: throughput and memory", DetectorsBenchmarks.run),
        ("correlation", "campaign correlation: observations linked per second, memory per entity and campaign for 100,000 × scale users", CorrelationBenchmarks.run),
        ("analytics", "behavioural analytics: events scored per second, memory per baseline, peer-group recomputation", AnalyticsBenchmarks.run),
        ("sidecar", "the sidecar end to end: emulator → Ariel → pipeline → write-back throughput, the pipeline alone, live lag", SidecarBenchmarks.run),
        ("sidecar-memory", "the sidecar pipeline's resident memory for 100,000 × scale users (run it alone)", SidecarBenchmarks.memory),
    ]

    @Option(name: .customLong("only"), help: "Run only this area (\(BenchCommand.areas.map(\.name).joined(separator: ", "))). Repeatable.")
    var only: [String] = []

    @Option(help: "Scale the work up or down (1 = the sizes BENCHMARKS.md records).")
    var scale = 1.0

    func validate() throws {
        let known = Set(Self.areas.map(\.name))
        for name in only where !known.contains(name) {
            throw ValidationError("Unknown area '\(name)'. Known areas: \(Self.areas.map(\.name).joined(separator: ", ")).")
        }
        guard scale > 0 else { throw ValidationError("--scale must be positive.") }
    }

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; record figures from 'swift run -c release vigil bench'.")
        #endif
        for area in Self.areas where only.isEmpty || only.contains(area.name) {
            print("== \(area.name): \(area.summary)")
            for result in area.run(scale) { print("  \(result)") }
        }
    }
}
