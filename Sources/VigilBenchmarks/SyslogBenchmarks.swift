import Dispatch
import LEEF
import Syslog

/// Sustained syslog receive rate over TCP on loopback: a ``SyslogSender`` streams typical LEEF lines
/// (newline framing) to a ``SyslogReceiver``; a consumer drains the receiver. Counts must match (no loss).
public enum SyslogBenchmarks {
    /// - Parameter scale: 1.0 sends 500,000 lines per run (best of 2 runs).
    /// - Note: Blocks the calling thread while the async work runs; call it from synchronous code (a CLI's main
    ///   thread), not from inside a Swift concurrency task.
    public static func run(scale: Double) -> [BenchmarkResult] {
        let n = max(10_000, Int(500_000 * scale))
        let lines = LEEFBenchmarks.typicalMessages(count: 1024).map { LEEFEncoder.encode($0) }
        let averageBytes = Double(lines.reduce(0) { $0 + $1.utf8.count }) / Double(lines.count)
        var best: Run?
        var failure: String?
        for _ in 0..<2 {
            switch blocking({ try await measure(lines: lines, count: n, decode: false) }) {
            case .success(let run):
                if best == nil || run.seconds < best!.seconds { best = run }
            case .failure(let error):
                failure = "\(error)"
            }
        }
        var results: [BenchmarkResult] = []
        if let best {
            let detail =
                "\(n) lines of ~\(Int(averageBytes)) bytes, TCP loopback, newline framing, SyslogSender → SyslogReceiver, "
                + "received \(best.received)/\(n), dropped \(best.lost), best of 2"
            let rate = Double(best.received) / best.seconds
            results.append(BenchmarkResult(name: "Syslog TCP receive (messages)", value: rate, unit: "messages/s", detail: detail))
            results.append(
                BenchmarkResult(name: "Syslog TCP receive (bytes)", value: rate * averageBytes / 1e6, unit: "MB/s", detail: detail))
        }
        if case .success(let run) = blocking({ try await measure(lines: lines, count: n, decode: true) }) {
            let detail = "\(n) lines, as above, consumer also decodes every line as LEEF, received \(run.received)/\(n)"
            results.append(
                BenchmarkResult(
                    name: "Syslog TCP receive + LEEF decode", value: Double(run.received) / run.seconds,
                    unit: "messages/s", detail: detail))
        }
        if let failure {
            results.append(BenchmarkResult(name: "Syslog benchmark error", value: 0, unit: "", detail: failure))
        }
        return results
    }

    struct Run: Sendable {
        var seconds: Double
        var received: Int
        var lost: Int
    }

    private static func measure(lines: [String], count: Int, decode: Bool) async throws -> Run {
        let receiver = SyslogReceiver(
            configuration: SyslogReceiverConfiguration(listeners: [.tcp(host: "127.0.0.1", port: 0)]))
        return try await withThrowingTaskGroup(of: Run?.self) { group in
            group.addTask {
                try await receiver.run()
                return nil
            }
            let port = try await receiver.port(for: .tcp)
            let sender = SyslogSender(
                configuration: SyslogSenderConfiguration(transport: .tcp, host: "127.0.0.1", port: port))
            group.addTask {
                try await sender.run()
                return nil
            }
            let start = monotonicNanos()
            group.addTask {
                for i in 0..<count { try await sender.send(lines[i & 1023]) }
                try await sender.flush()
                return nil
            }
            var received = 0
            var failed = 0
            var iterator = receiver.messages.makeAsyncIterator()
            while received < count {
                let batch = await iterator.nextBatch(maxCount: 1024)
                if batch.isEmpty { break }
                if decode {
                    for m in batch where (try? m.decodeLEEF()) == nil { failed += 1 }
                }
                received += batch.count
            }
            let seconds = Double(monotonicNanos() - start) / 1e9
            let stats = receiver.stats
            group.cancelAll()
            return Run(seconds: seconds, received: received - failed, lost: count - received + stats.dropped)
        }
    }

    /// Runs async work to completion from synchronous code.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return box.get()
    }
}

/// Hands a result from the benchmark task to the blocked caller; the semaphore orders the accesses.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    func set(_ r: Result<T, any Error>) { result = r }
    func get() -> Result<T, any Error> { result ?? .failure(CancellationError()) }
}
