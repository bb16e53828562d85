import ArgumentParser

/// The `vigil` command: the sidecar, the QRadar emulator, the simulator and the tools around them.
@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil is an AI sidecar for IBM QRadar SIEM: it reads QRadar's offenses and events, finds what rules miss, and writes its findings back into QRadar.",
        discussion: "Start with 'vigil demo': it runs the QRadar emulator loaded with a simulated enterprise and the Vigil sidecar against it, on this machine, with no set-up. Beside a real QRadar, run 'vigil serve --config FILE'.",
        subcommands: [DemoCommand.self, ServeCommand.self, TokenCommand.self, KeysCommand.self, EmulateCommand.self, SimulateCommand.self, AQLCommand.self, ReplayCommand.self, EvalCommand.self, AuditCommand.self, SigmaCommand.self, CrossCheckCommand.self, BenchCommand.self]
    )
}
