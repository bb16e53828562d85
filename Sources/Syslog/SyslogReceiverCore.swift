import LEEF
import Logging
import NIOCore
import Synchronization

/// State shared by every listener and connection of one receiver: the queue, the counters, the quarantine and
/// the open connections (so shutdown can close them).
final class SyslogReceiverCore: Sendable {
    let queue: SyslogMessageQueue
    let counters = SyslogReceiverCounters()
    let quarantine: SyslogQuarantine
    let maxMessageLength: Int
    let validateUTF8: Bool
    let maxConnections: Int
    let now: @Sendable () -> Int64
    let logger: Logger
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(configuration: SyslogReceiverConfiguration, now: @escaping @Sendable () -> Int64, logger: Logger) {
        queue = SyslogMessageQueue(capacity: configuration.queueCapacity, maxBytes: configuration.queueMaxBytes)
        quarantine = SyslogQuarantine(
            maxEntries: configuration.quarantineMaxEntries, maxTotalBytes: configuration.quarantineMaxBytes,
            maxBytesPerEntry: configuration.quarantineBytesPerEntry)
        maxMessageLength = max(1, configuration.maxMessageLength)
        validateUTF8 = configuration.validateUTF8
        maxConnections = max(1, configuration.maxConnections)
        self.now = now
        self.logger = logger
    }

    /// Handles one framed message: validate, then queue. Returns the queue's verdict (`.full` means dropped).
    func deliver(
        _ bytes: ByteBuffer, peer: SocketAddress?, transport: SyslogTransport, dropIfFull: Bool
    ) -> SyslogMessageQueue.PushResult? {
        let receivedAt = now()
        if validateUTF8, let bad = LEEFDecoder.firstInvalidUTF8Offset(bytes.readableBytesView) {
            SyslogReceiverCounters.bump(counters.malformed)
            quarantine.add(
                reason: .invalidUTF8, detail: "invalid UTF-8 at byte \(bad)", bytes: bytes.readableBytesView,
                receivedAt: receivedAt, peer: peer, transport: transport)
            return nil
        }
        let message = ReceivedSyslogMessage(bytes: bytes, receivedAt: receivedAt, peer: peer, transport: transport)
        let result = queue.push(message, dropIfFull: dropIfFull)
        switch result {
        case .accepted, .acceptedNowFull:
            SyslogReceiverCounters.bump(counters.received)
            SyslogReceiverCounters.bump(counters.receivedBytes, by: bytes.readableBytes)
        case .full:
            SyslogReceiverCounters.bump(counters.dropped)
        case .finished:
            break
        }
        return result
    }

    func oversized(prefix: ByteBuffer, length: Int, peer: SocketAddress?, transport: SyslogTransport) {
        SyslogReceiverCounters.bump(counters.oversized)
        quarantine.add(
            reason: .oversized, detail: "message of \(length) bytes exceeds the maximum of \(maxMessageLength)",
            bytes: prefix.readableBytesView, originalLength: length, receivedAt: now(), peer: peer,
            transport: transport)
    }

    func badFraming(reason: String, prefix: ByteBuffer, length: Int, peer: SocketAddress?, transport: SyslogTransport) {
        SyslogReceiverCounters.bump(counters.malformed)
        quarantine.add(
            reason: .badFraming, detail: reason, bytes: prefix.readableBytesView, originalLength: length,
            receivedAt: now(), peer: peer, transport: transport)
    }

    /// Registers an accepted connection; false when over the connection limit (the caller closes it).
    func connectionOpened(_ channel: any Channel) -> Bool {
        let accepted = connections.withLock { open -> Bool in
            guard open.count < maxConnections else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
        if accepted {
            SyslogReceiverCounters.bump(counters.connections)
            SyslogReceiverCounters.bump(counters.activeConnections)
            channel.closeFuture.whenComplete { [self] _ in
                connections.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
                SyslogReceiverCounters.bump(counters.activeConnections, by: -1)
            }
        } else {
            SyslogReceiverCounters.bump(counters.connectionErrors)
        }
        return accepted
    }

    /// Closes every open connection (graceful shutdown).
    func closeAllConnections() async {
        let open = connections.withLock { Array($0.values) }
        for channel in open { try? await channel.close() }
    }

    func stats() -> SyslogReceiverStats {
        SyslogReceiverStats(
            received: counters.received.load(ordering: .relaxed),
            receivedBytes: counters.receivedBytes.load(ordering: .relaxed),
            malformed: counters.malformed.load(ordering: .relaxed),
            oversized: counters.oversized.load(ordering: .relaxed),
            dropped: counters.dropped.load(ordering: .relaxed),
            connections: counters.connections.load(ordering: .relaxed),
            activeConnections: counters.activeConnections.load(ordering: .relaxed),
            connectionErrors: counters.connectionErrors.load(ordering: .relaxed),
            backpressurePauses: counters.backpressurePauses.load(ordering: .relaxed),
            queued: queue.count, quarantined: quarantine.count)
    }
}
