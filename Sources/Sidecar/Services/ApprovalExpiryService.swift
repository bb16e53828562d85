import Governance
import Logging
import ServiceLifecycle

/// Expires response-action requests no one decided in time (each expiry is an audit record, written by the
/// approval store in the same transaction).
public struct ApprovalExpiryService: Service {
    public let queue: ApprovalQueue
    public let intervalMillis: Int64
    let logger: Logger

    public init(queue: ApprovalQueue, intervalMillis: Int64 = 30_000, logger: Logger) {
        self.queue = queue
        self.intervalMillis = intervalMillis
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let expired = try await queue.expireDue()
                for r in expired {
                    logger.info("approval expired undecided", metadata: ["approval": "\(r.id)", "action": "\(r.action.kind.rawValue)"])
                }
            } catch {
                logger.warning("approval expiry pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(max(100, intervalMillis))) }
        }
    }
}
