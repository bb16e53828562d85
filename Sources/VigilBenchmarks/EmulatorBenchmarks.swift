#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import EmulatorEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QRadarEmulator

/// The emulator's HTTP surface, measured in-process through ``EmulatorAPI/respond(to:)`` — the same code path
/// every HTTP request takes after Hummingbird hands it over (auth, version, routing, filter/sort/Range/fields,
/// JSON encoding), without socket or TLS cost.
public enum EmulatorBenchmarks {
    public static func run(scale: Double) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        if let r = offenseListing(scale: scale) { results += r }
        if let r = arielPaging(scale: scale) { results += r }
        return results
    }

    static let token = "bench-token"

    static func makeAPI() throws -> EmulatorAPI {
        try makeEmulatorAPI(configuration: EmulatorConfiguration(port: 0, tokens: [token: "bench"], tls: .disabled))
    }

    static func get(_ target: String, range: String? = nil) -> APIRequest {
        var headers: [(name: String, value: String)] = [("SEC", token), ("Version", "26.0"), ("Accept", "application/json")]
        if let range { headers.append(("Range", range)) }
        return APIRequest(method: "GET", target: target, headers: headers)
    }

    /// GET /siem/offenses with `Range: items=0-49` over 1,000 offenses (×scale), plus the whole list.
    static func offenseListing(scale: Double) -> [BenchmarkResult]? {
        let offenseCount = max(10, Int(1_000 * scale))
        guard let api = try? makeAPI() else { return nil }
        var lines = ""
        for i in 0..<offenseCount {
            lines += #"{"qidname":"Vigil AI Finding","categoryname":"Vigil AI Finding","logsourcetypename":"Vigil","logsourcename":"Vigil Sidecar","username":"user\#(i)","sourceip":"10.\#(i / 65536 % 256).\#(i / 256 % 256).\#(i % 256)","severity":6}"#
            lines += "\n"
        }
        guard (try? api.engine.load(jsonLines: lines)) != nil, api.engine.offenses().count >= offenseCount else { return nil }

        let requests = max(50, Int(2_000 * scale))
        let paged = get("/api/siem/offenses?sort=-id", range: "items=0-49")
        let pagedSeconds = blocking {
            await bestOfAsync(3) {
                for _ in 0..<requests { blackHole(await api.respond(to: paged).body.count) }
            }
        }
        let wholeRequests = max(10, requests / 20)
        let whole = get("/api/siem/offenses")
        let wholeSeconds = blocking {
            await bestOfAsync(3) {
                for _ in 0..<wholeRequests { blackHole(await api.respond(to: whole).body.count) }
            }
        }
        let filtered = get("/api/siem/offenses?filter=" + "status%3DOPEN%20and%20magnitude%20%3E%3D%201" + "&fields=id,status,offense_source,rules(id)", range: "items=0-49")
        let filteredSeconds = blocking {
            await bestOfAsync(3) {
                for _ in 0..<requests { blackHole(await api.respond(to: filtered).body.count) }
            }
        }
        return [
            BenchmarkResult(
                name: "Emulator GET /siem/offenses, Range items=0-49, sort=-id", value: Double(requests) / pagedSeconds,
                unit: "requests/s", detail: "\(offenseCount) offenses, \(requests) requests in-process, best of 3"),
            BenchmarkResult(
                name: "Emulator GET /siem/offenses, filter+fields, Range items=0-49", value: Double(requests) / filteredSeconds,
                unit: "requests/s", detail: "\(offenseCount) offenses, \(requests) requests in-process, best of 3"),
            BenchmarkResult(
                name: "Emulator GET /siem/offenses, all \(offenseCount)", value: Double(wholeRequests) / wholeSeconds,
                unit: "requests/s", detail: "\(wholeRequests) requests in-process, best of 3"),
        ]
    }

    /// Pages a 100,000-row (×scale) Ariel result 1,000 rows at a time.
    static func arielPaging(scale: Double) -> [BenchmarkResult]? {
        let rowCount = max(1_000, Int(100_000 * scale))
        guard let api = try? makeAPI() else { return nil }
        var lines = ""
        lines.reserveCapacity(rowCount * 200)
        for i in 0..<rowCount {
            lines += #"{"qidname":"Firewall Permit","categoryname":"Firewall Permit","logsourcetypename":"Universal LEEF","logsourcename":"fw-\#(i % 7)","username":"u\#(i % 5000)","sourceip":"10.\#(i / 65536 % 256).\#(i / 256 % 256).\#(i % 256)","destinationip":"192.0.2.\#(i % 250)","destinationport":\#(i % 1024),"severity":1}"#
            lines += "\n"
        }
        guard let summary = try? api.engine.load(jsonLines: lines), summary.events == rowCount else { return nil }
        lines = ""
        let query = "SELECT starttime, sourceip, destinationip, destinationport, username, QIDNAME(qid) AS event FROM events LAST 60 MINUTES"
        guard let created = try? api.engine.createSearch(queryExpression: query), let id = created["search_id"]?.stringValue else { return nil }
        var completed = false
        for _ in 0..<600 where !completed {
            completed = (try? api.engine.search(id: id))?["completed"]?.boolValue == true
            if !completed { usleep(100_000) }
        }
        guard completed, let rows = try? api.engine.searchResults(id: id).rows.count, rows == rowCount else { return nil }

        let pageSize = 1_000
        let (seconds, bytes) = blocking { () async -> (Double, Int) in
            var bytes = 0
            let seconds = await bestOfAsync(3) {
                bytes = 0
                var offset = 0
                while offset < rowCount {
                    let request = get("/api/ariel/searches/\(id)/results", range: "items=\(offset)-\(offset + pageSize - 1)")
                    let response = await api.respond(to: request)
                    bytes += response.body.count
                    offset += pageSize
                }
            }
            return (seconds, bytes)
        }
        return [
            BenchmarkResult(
                name: "Emulator Ariel results paging, Range items of \(pageSize)", value: Double(rowCount) / seconds, unit: "rows/s",
                detail: "\(rowCount) rows × 6 columns, \(rowCount / pageSize) pages, \(bytes / 1_048_576) MiB JSON per pass, best of 3"),
        ]
    }

    /// Best wall time of `runs` runs of an async body, seconds.
    static func bestOfAsync(_ runs: Int, _ body: () async -> Void) async -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, runs) {
            let t0 = monotonicNanos()
            await body()
            best = min(best, Double(monotonicNanos() - t0) / 1e9)
        }
        return best
    }

    /// Runs async work from the synchronous benchmark entry point. Call it from a thread outside Swift's
    /// cooperative pool (the benchmark command's main thread), since it blocks the calling thread.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = BlockingBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Carries a result out of a detached task; written once before the semaphore is signalled and read after the
/// wait, so the semaphore orders the accesses.
private final class BlockingBox<T>: @unchecked Sendable {
    var value: T?
}
