#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EmulatorEngine
import VigilCore

/// The QRadar emulator's data plane: how fast events load into the Ariel store (with SQLite persistence) and how
/// long an Ariel search over a million stored events takes.
public enum EmulatorEngineBenchmarks {
    /// - Parameter scale: 1.0 loads 200,000 events per persisted-load run and searches 1,000,000 stored events.
    public static func run(scale: Double) -> [BenchmarkResult] {
        let now: Int64 = 1_706_695_200_000
        let loadCount = max(2_000, Int(200_000 * scale))
        let searchCount = max(10_000, Int(1_000_000 * scale))
        var results: [BenchmarkResult] = []

        // Persisted load: Ariel JSONL and LEEF, each into a fresh data directory.
        let jsonl = jsonLines(count: loadCount, now: now)
        let leef = leefLines(count: loadCount, now: now)
        for (name, text, isJSON) in [("Ariel JSONL", jsonl, true), ("LEEF", leef, false)] {
            var loaded = 0
            let seconds = bestOf(3) {
                let dir = "/tmp/vigil-engine-bench-\(UInt64.random(in: 0...UInt64.max))"
                defer { try? FileManager.default.removeItem(atPath: dir) }
                guard let engine = try? QRadarEngine(configuration: EngineConfiguration(dataDirectory: dir, now: { now })) else { return }
                var total = 0
                for chunk in text {
                    if isJSON {
                        total += (try? engine.load(jsonLines: chunk))?.events ?? 0
                    } else {
                        total += engine.load(leefLines: chunk, sourceHost: nil).events
                    }
                }
                loaded = total
            }
            results.append(BenchmarkResult(
                name: "Emulator load, \(name) into the Ariel store with SQLite persistence and the CRE",
                value: Double(loaded) / seconds, unit: "events/s",
                detail: "\(loaded) events in chunks of 50,000 lines, best of 3"))
        }

        // Searches over a large in-memory store (persistence does not change search cost).
        let clock = ManualEpochClock(now)
        guard let engine = try? QRadarEngine(configuration: EngineConfiguration(now: { clock.now() })) else { return results }
        var stored = 0
        for chunk in jsonLines(count: searchCount, now: now) { stored += (try? engine.load(jsonLines: chunk))?.events ?? 0 }
        let queries: [(String, String)] = [
            ("filter one user", "SELECT starttime, username, sourceip, QIDNAME(qid) FROM events WHERE username = 'user42' LAST 1 DAYS"),
            ("group by user, top 10", "SELECT username, COUNT(*) AS n FROM events GROUP BY username ORDER BY n DESC LIMIT 10 LAST 1 DAYS"),
            ("CIDR + category filter, last hour", "SELECT sourceip, destinationip FROM events WHERE INCIDR('10.0.0.0/16', sourceip) AND CATEGORYNAME(category) = 'Host Login Failed' LAST 1 HOURS"),
        ]
        for (label, q) in queries {
            var rows: Int64 = 0
            let seconds = bestOf(3) {
                clock.advance(by: 60_000)  // past the 30 s de-duplication of identical queries
                guard let s = try? engine.createSearch(queryExpression: q), let id = s["search_id"]?.stringValue else { return }
                rows = (try? engine.search(id: id))?["record_count"]?.intValue ?? 0
            }
            results.append(BenchmarkResult(
                name: "Emulator Ariel search over stored events: \(label)", value: seconds * 1000, unit: "ms",
                detail: "\(stored) events stored, \(rows) result rows, create-to-results, best of 3"))
        }
        return results
    }

    static let users = (0..<500).map { "user\($0)" }
    static let qidNames = [
        "Success Audit: An account was successfully logged on", "Failure Audit: An account failed to log on",
        "Success Audit: An account was logged off", "Success Audit: A new process has been created",
        "Success Audit: A network share object was accessed", "VPN Session Started", "Web Request Allowed",
        "Database Query Executed",
    ]

    /// Synthetic Ariel JSONL spread over the day before `now`, in chunks of 50,000 lines.
    static func jsonLines(count: Int, now: Int64) -> [String] {
        var rng = SeededRandom(seed: 42)
        var chunks: [String] = []
        var chunk = ""
        for i in 0..<count {
            let t = now - 86_400_000 + Int64(i) * 86_400_000 / Int64(count)
            let user = users[Int(rng.next() % UInt64(users.count))]
            let qid = qidNames[Int(rng.next() % UInt64(qidNames.count))]
            let src = "10.0.\(rng.next() % 64).\(rng.next() % 250 + 1)"
            let dst = "10.1.\(rng.next() % 8).\(rng.next() % 250 + 1)"
            chunk += #"{"starttime":\#(t),"qidname":"\#(qid)","logsourcename":"dc\#(i % 4)","logsourcetypename":"Microsoft Windows Security Event Log","username":"\#(user)","sourceip":"\#(src)","destinationip":"\#(dst)","destinationport":445,"properties":{"Process Name":"proc\#(i % 37).exe"}}"#
            chunk += "\n"
            if (i + 1) % 50_000 == 0 {
                chunks.append(chunk)
                chunk = ""
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        return chunks
    }

    /// Synthetic LEEF 2.0 lines with RFC 3164 headers, in chunks of 50,000 lines.
    static func leefLines(count: Int, now: Int64) -> [String] {
        var rng = SeededRandom(seed: 7)
        var chunks: [String] = []
        var chunk = ""
        for i in 0..<count {
            let t = now - 86_400_000 + Int64(i) * 86_400_000 / Int64(count)
            let user = users[Int(rng.next() % UInt64(users.count))]
            chunk += "<13>Jan 31 09:00:00 host\(i % 8) LEEF:2.0|Acme|WebGate|2.1|\(i % 3 == 0 ? "BLOCK" : "ALLOW")|^|cat=Web^src=10.0.\(rng.next() % 64).\(rng.next() % 250 + 1)^dst=93.184.216.\(rng.next() % 250 + 1)^srcPort=\(40000 + i % 20000)^dstPort=443^proto=TCP^usrName=\(user)^sev=3^devTime=\(t)^url=https://site\(i % 97).example/path\n"
            if (i + 1) % 50_000 == 0 {
                chunks.append(chunk)
                chunk = ""
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        return chunks
    }
}
