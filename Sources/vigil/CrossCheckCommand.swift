import ArgumentParser
import Detectors
import Evaluation

/// `vigil crosscheck`: write the inputs and Vigil's own results for the side-by-side comparisons with published
/// libraries (statsmodels, msticpy, scikit-learn); `.ci/crosscheck/analytics.sh` runs the Python side.
struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Write the data and Vigil's results for the cross-checks against statsmodels (forecasting), msticpy (command sequences) and scikit-learn (isolation forest).",
        subcommands: [Forecast.self, Sequences.self, IsolationForestCheck.self]
    )

    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Backtest Vigil's seasonal forecaster on synthetic log-source volumes and write the series, forecasts and errors for statsmodels' ExponentialSmoothing to be fitted on the same split."
        )
        @Option(help: "The directory to write into.") var out: String
        @Option(help: "The seed of the synthetic series.") var seed: UInt64 = 42
        func run() throws { print(try ForecastCrossCheck.write(to: out, seed: seed)) }
    }

    struct Sequences: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score privileged command sessions with Vigil's Markov model and write them with their likelihoods for msticpy's anomalous-sequence module."
        )
        @Option(help: "The directory to write into.") var out: String
        @Option(help: "The seed of the synthetic sessions.") var seed: UInt64 = 42
        func run() throws { print(try SequenceCrossCheck.write(to: out, seed: seed)) }
    }

    struct IsolationForestCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iforest",
            abstract: "Score labelled per-entity feature vectors from the simulator with Vigil's isolation forest and write them for scikit-learn's IsolationForest."
        )
        @Option(help: "The directory to write into.") var out: String
        @Option(help: "The seed.") var seed: UInt64 = 42
        func run() throws { print(try IsolationForestCrossCheck.write(to: out, seed: seed)) }
    }
}
