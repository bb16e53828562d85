import EmulatorEngine
import Foundation
import Simulation
import VigilCore

/// The demo's enterprise on disk: generated once under the demo's data directory, loaded once into the emulator,
/// with its API token and the labelled campaigns it hides.
public enum DemoEnterprise {
    /// Generates the simulated enterprise into `root/simulation`, its days ending at the last whole hour before
    /// `now` so the sidecar meets them as recent history. Returns the simulator's summary.
    public static func generate(root: String, users: Int, days: Int, seed: UInt64, scenario: String, now: EpochMillis,
                                progress: @escaping (SimulationProgress) -> Void) throws -> SimulationSummary {
        let start = (now / EpochMillis.hour) * EpochMillis.hour - Int64(days) * EpochMillis.day
        try Data(String(start).utf8).write(to: URL(fileURLWithPath: root + "/simulation-start"))
        let config = SimulationConfig(users: users, days: days, seed: seed, scenario: scenario, start: start)
        return try Simulator.run(config: config, outputDirectory: root + "/simulation", progress: progress)
    }

    /// Loads the simulation's QRadar assets and Ariel events and flows into the emulator's engine; one line per file.
    public static func load(simulationDirectory dir: String, into engine: QRadarEngine) throws -> [String] {
        let fm = FileManager.default
        var lines: [String] = []
        if let bytes = fm.contents(atPath: dir + "/context/qradar-assets.json"),
           case .array(let assets)? = try? JSONDecoder().decode(JSONValue.self, from: bytes) {
            try engine.addAssets(assets)
            lines.append("context/qradar-assets.json: \(assets.count) assets")
        }
        for file in ["ariel/events.jsonl", "ariel/flows.jsonl"] where fm.fileExists(atPath: dir + "/" + file) {
            let summary = try engine.loadFile(path: dir + "/" + file)
            lines.append("\(file): \(summary.events) events, \(summary.flows) flows, \(summary.rejected) rejected")
        }
        return lines
    }

    /// A random token made on the first run and kept (readable by the owner only) for later runs.
    public static func token(in root: String) throws -> String {
        let path = root + "/demo-token"
        if let data = FileManager.default.contents(atPath: path) {
            let t = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { return t }
        }
        var rng = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(rng.next() as UInt64, radix: 16) }.joined(separator: "-")
        FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        return token
    }

    /// One line per labelled campaign: name, stages and time range.
    public static func campaignLines(labelsPath: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: labelsPath),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let campaigns = root["campaigns"] as? [[String: Any]] else { return [] }
        return campaigns.map { c in
            let name = c["name"] as? String ?? c["id"] as? String ?? "campaign"
            let kind = c["kind"] as? String
            var stages: [String] = []
            for stage in (c["stages"] as? [[String: Any]]) ?? [] {
                guard let s = stage["stage"] as? String else { continue }
                if stages.last != s { stages.append(s) }
            }
            var line = name
            if let kind, kind != name { line += " (\(kind))" }
            if !stages.isEmpty { line += ": " + stages.joined(separator: " → ") }
            return line
        }
    }
}
