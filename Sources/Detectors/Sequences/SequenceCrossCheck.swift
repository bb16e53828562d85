import VigilCore

/// Writes sessions and Vigil's likelihoods for the msticpy cross-check (`.ci/crosscheck/sequences_msticpy.py`).
///
/// Files in the directory:
/// - `sessions.json` — `{"window": 3, "train": [[token, …], …], "test": [{"id", "label", "tokens"}, …]}`;
/// - `swift_likelihoods.csv` — `id,label,session_log10_likelihood,rarest_window_likelihood,rarest_window_geomean,rarest_window_start`.
///
/// The sessions are synthetic administrator sessions built from routines (health checks, service restarts,
/// patching, log review, user and network checks) with dropped and swapped commands; the test set adds sessions
/// with attacker-style sequences and known commands in unusual orders. The model is the plain Laplace-smoothed
/// chain (no user-support floor), the same model msticpy trains.
public enum SequenceCrossCheck {
    /// Transitions per window (msticpy's `window_len`).
    public static let window = 3

    public struct Session: Sendable, Hashable {
        public var id: String
        public var label: String
        public var tokens: [String]
    }

    static let routines: [[String]] = [
        ["whoami", "hostname", "ipconfig /all"],
        ["get-service", "restart-service -name", "get-service"],
        ["get-eventlog -logname -newest", "get-winevent -filterhashtable"],
        ["get-psdrive", "get-childitem -path -recurse", "remove-item -path -recurse"],
        ["net user", "net localgroup", "get-localgroupmember -group"],
        ["ipconfig /all", "ping -n", "tracert", "nslookup"],
        ["get-hotfix", "install-windowsupdate -acceptall -ignorereboot -verbose", "shutdown /c /r /t"],
        ["get-process", "stop-process -force -id", "get-process"],
        ["query user", "logoff"],
        ["get-scheduledtask", "get-scheduledtaskinfo -taskname"],
    ]
    static let routineWeights: [Double] = [0.2, 0.15, 0.12, 0.08, 0.07, 0.1, 0.08, 0.08, 0.07, 0.05]

    static let attacks: [[String]] = [
        ["net group /domain", "nltest /all_trusts /domain_trusts", "get-aduser -filter -properties", "export-csv -notypeinformation"],
        ["vssadmin create /for", "copy", "reg save /y"],
        ["wevtutil cl", "auditpol /clear /y", "sc stop"],
        ["rundll32 comsvcs.dll", "copy"],
        ["net localgroup", "net user /add", "net localgroup /add"],
    ]

    static func pickRoutine(_ random: inout SeededRandom) -> [String] {
        var u = random.nextUnit() * routineWeights.reduce(0, +)
        for (i, w) in routineWeights.enumerated() {
            if u < w { return routines[i] }
            u -= w
        }
        return routines[0]
    }

    static func normalSession(_ random: inout SeededRandom) -> [String] {
        var tokens: [String] = []
        let count = 1 + Int(random.nextUnit() * 3)
        for _ in 0..<count { tokens += pickRoutine(&random) }
        // Everyday variation: a skipped command, two commands the other way round.
        if tokens.count > 2, random.nextUnit() < 0.15 { tokens.remove(at: Int(random.nextUnit() * Double(tokens.count))) }
        if tokens.count > 2, random.nextUnit() < 0.08 {
            let i = Int(random.nextUnit() * Double(tokens.count - 1))
            tokens.swapAt(i, i + 1)
        }
        return tokens
    }

    /// Train sessions and labelled test sessions, deterministic for `seed`.
    public static func sessions(seed: UInt64, train: Int = 400, normalTest: Int = 60) -> (train: [[String]], test: [Session]) {
        var random = SeededRandom(seed: seed)
        let training = (0..<train).map { _ in normalSession(&random) }
        var test: [Session] = (0..<normalTest).map { i in Session(id: "n\(i)", label: "normal", tokens: normalSession(&random)) }
        for (i, attack) in attacks.enumerated() {
            // The attack inside an otherwise normal session, and on its own.
            var mixed = normalSession(&random)
            mixed.insert(contentsOf: attack, at: Int(random.nextUnit() * Double(mixed.count + 1)))
            test.append(Session(id: "a\(i)m", label: "anomalous", tokens: mixed))
            test.append(Session(id: "a\(i)", label: "anomalous", tokens: attack))
        }
        // Known commands in orders nobody uses.
        test.append(Session(id: "o0", label: "anomalous", tokens: ["remove-item -path -recurse", "shutdown /c /r /t"]))
        test.append(Session(id: "o1", label: "anomalous", tokens: ["stop-process -force -id", "stop-process -force -id", "stop-process -force -id",
                                                                    "logoff"]))
        test.append(Session(id: "o2", label: "anomalous", tokens: ["get-localgroupmember -group", "net user", "remove-item -path -recurse"]))
        return (training, test)
    }

    /// Scores the test sessions with a model trained on the train sessions.
    public static func likelihoods(train: [[String]], test: [Session]) -> [(Session, SequenceScore)] {
        var model = CommandSequenceModel(minimumUserSupport: nil)
        for (i, s) in train.enumerated() { model.learn(s, user: "admin\(i % 7)") }
        return test.map { ($0, model.score($0.tokens, window: window)) }
    }

    /// Writes the files and returns a short summary.
    public static func write(to directory: String, seed: UInt64) throws -> String {
        let (train, test) = sessions(seed: seed)
        let scored = likelihoods(train: train, test: test)
        try TextFiles.makeDirectory(directory)
        func array(_ tokens: [String]) -> String { "[" + tokens.map(TextFiles.jsonString).joined(separator: ",") + "]" }
        var json = "{\"window\":\(window),\"seed\":\(seed),\"train\":[\n"
        json += train.map(array).joined(separator: ",\n")
        json += "\n],\"test\":[\n"
        json += test.map { "{\"id\":\(TextFiles.jsonString($0.id)),\"label\":\(TextFiles.jsonString($0.label)),\"tokens\":\(array($0.tokens))}" }
            .joined(separator: ",\n")
        json += "\n]}\n"
        try TextFiles.write(json, to: TextFiles.join(directory, "sessions.json"))
        var csv = "id,label,session_log10_likelihood,rarest_window_likelihood,rarest_window_geomean,rarest_window_start\n"
        for (s, score) in scored {
            csv += "\(s.id),\(s.label),\(score.sessionLog10Likelihood),\(score.rarestWindowLikelihood),\(score.rarestWindowGeometricMean),"
                + "\(score.rarestWindowStart)\n"
        }
        try TextFiles.write(csv, to: TextFiles.join(directory, "swift_likelihoods.csv"))
        let ranked = scored.sorted { $0.1.rarestWindowGeometricMean < $1.1.rarestWindowGeometricMean }
        let anomalous = test.filter { $0.label == "anomalous" }.count
        let caught = ranked.prefix(anomalous).filter { $0.0.label == "anomalous" }.count
        return "Sequence cross-check: \(train.count) training and \(test.count) test sessions written to \(directory); "
            + "\(caught) of the \(anomalous) anomalous sessions are among Vigil's \(anomalous) rarest. "
            + "Compare with msticpy: .ci/crosscheck/sequences_msticpy.py \(directory)\n"
    }
}
