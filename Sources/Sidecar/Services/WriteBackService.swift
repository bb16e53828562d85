import Logging
import ServiceLifecycle
import WriteBack

/// Drains the write ledger: every pending write (including those left pending by a crash) is executed, checked
/// against QRadar first where a retry could duplicate it. Runs until shutdown, then makes one last pass so writes
/// decided by the final batch are not left waiting for the next start.
public struct WriteBackService: Service {
    public let executor: WriteBackExecutor
    public let intervalMillis: Int64
    let logger: Logger

    public init(executor: WriteBackExecutor, intervalMillis: Int64 = 1_000, logger: Logger) {
        self.executor = executor
        self.intervalMillis = intervalMillis
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            _ = await executor.runPending()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(max(50, intervalMillis))) }
        }
        if !Task.isCancelled { _ = await executor.runPending() }
    }
}
