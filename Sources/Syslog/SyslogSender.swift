import LEEF
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// Sends syslog messages over UDP, TCP or TLS, reconnecting with exponential backoff.
///
/// It is a `Service`: `run()` owns the connection and must be running for messages to go out (put it in a
/// `ServiceGroup`, or a task group next to the code that sends). ``send(_:)`` only buffers (it waits while
/// the buffer is full) and ``flush()`` waits until everything sent before it has been written.
///
/// Delivery over TCP/TLS is **at-least-once**: messages stay buffered until a socket write succeeds, and
/// written messages younger than `replayWindow` are re-sent after a connection failure (a locally successful
/// write can still be lost when the peer goes away), so the receiver may see duplicates around a reconnect
/// (counted in ``SyslogSenderStats/retried``). A message older than the window when the connection breaks is
/// not re-sent. UDP is fire-and-forget. On graceful shutdown, `run()` keeps delivering buffered messages for up
/// to `drainTimeout`; on cancellation it stops at once.
public final class SyslogSender: Service, Sendable {
    public let configuration: SyslogSenderConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    private struct Entry {
        var seq: UInt64
        var bytes: ByteBuffer
    }

    private struct Written {
        var entry: Entry
        var at: NIODeadline
    }

    private enum Phase { case idle, running, draining, stopped }

    private struct Waiter {
        var id: UInt64
        var target: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var phase = Phase.idle
        var pending = CircularBuffer<Entry>()
        var replay = CircularBuffer<Written>()
        var nextSeq: UInt64 = 0
        /// Every message with a lower sequence number has been written at least once.
        var writtenUpTo: UInt64 = 0
        var spaceWaiters: [Waiter] = []
        var flushWaiters: [Waiter] = []
        var cancelledWaiters: Set<UInt64> = []
        var nextWaiterID: UInt64 = 0
        var writerWakeup: CheckedContinuation<Void, Never>?
        var wakeupPending = false
        var connectionID: UInt64 = 0
        var connectionAlive = false
        var drainDeadline: NIODeadline?
        var stats = SyslogSenderStats(
            accepted: 0, written: 0, retried: 0, dropped: 0, replayEvicted: 0, pending: 0, connects: 0,
            connectFailures: 0, disconnects: 0, lastError: nil)
    }

    public init(
        configuration: SyslogSenderConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "vigil.syslog.sender")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// A snapshot of the counters.
    public var stats: SyslogSenderStats {
        state.withLock { s in
            var stats = s.stats
            stats.pending = s.pending.count
            return stats
        }
    }

    // MARK: - Sending

    /// Buffers one message (a single trailing `\n` or `\r\n` is removed), waiting while the buffer is full.
    /// - Throws: ``SyslogError`` `.messageTooLong`, `.invalidMessage` (a line feed inside a newline-framed
    ///   TCP/TLS message), `.stopped` once `run()` has ended; `CancellationError`.
    public func send(_ line: String) async throws {
        try await send(buffer: ByteBuffer(string: line))
    }

    /// Encodes and buffers a LEEF message (see ``send(_:)-(String)``).
    public func send(_ message: LEEFMessage) async throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        LEEFEncoder.append(message, to: &bytes)
        try await send(bytes: bytes)
    }

    /// Buffers one message given as bytes (see ``send(_:)-(String)``).
    public func send(bytes: some Collection<UInt8>) async throws {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count)
        buffer.writeBytes(bytes)
        try await send(buffer: buffer)
    }

    /// Buffers one message given as a `ByteBuffer` (see ``send(_:)-(String)``).
    public func send(buffer: ByteBuffer) async throws {
        var buffer = buffer
        if buffer.readableBytes > 0, buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self) == 0x0A {
            buffer.moveWriterIndex(to: buffer.writerIndex - 1)
            if buffer.readableBytes > 0, buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self) == 0x0D {
                buffer.moveWriterIndex(to: buffer.writerIndex - 1)
            }
        }
        guard buffer.readableBytes <= configuration.maxMessageLength else {
            throw SyslogError(
                .messageTooLong,
                "message of \(buffer.readableBytes) bytes exceeds the maximum of \(configuration.maxMessageLength)")
        }
        if configuration.transport != .udp, configuration.framing == .newline,
            buffer.readableBytesView.contains(0x0A)
        {
            throw SyslogError(.invalidMessage, "a newline-framed message cannot contain a line feed")
        }
        try await enqueue(buffer)
    }

    private func enqueue(_ buffer: ByteBuffer) async throws {
        while true {
            let outcome = state.withLock { s -> Bool? in
                if s.phase == .stopped || s.phase == .draining { return nil }
                guard s.pending.count < configuration.bufferCapacity else { return false }
                s.pending.append(Entry(seq: s.nextSeq, bytes: buffer))
                s.nextSeq += 1
                s.stats.accepted += 1
                return true
            }
            switch outcome {
            case nil: throw SyslogError(.stopped, "the sender has stopped")
            case true?:
                signalWriter()
                return
            case false?:
                try await wait(in: \.spaceWaiters, target: 0)
            }
        }
    }

    /// Waits until every message passed to `send` before this call has been written to a connection at least
    /// once. - Throws: ``SyslogError`` `.stopped` if the sender stops first; `CancellationError`.
    public func flush() async throws {
        let done = state.withLock { s -> Bool? in
            if s.writtenUpTo >= s.nextSeq { return true }
            if s.phase == .stopped { return nil }
            return false
        }
        switch done {
        case true?: return
        case nil: throw SyslogError(.stopped, "the sender stopped with messages still buffered")
        case false?:
            let target = state.withLock { $0.nextSeq }
            try await wait(in: \.flushWaiters, target: target)
        }
    }

    /// Parks the caller in `list` until resumed (space, or flushed through `target`), stopped, or cancelled.
    private func wait(in list: WritableKeyPath<State, [Waiter]>, target: UInt64) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiterID += 1
            return s.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { s in
                    if s.cancelledWaiters.remove(id) != nil { return .failure(CancellationError()) }
                    if s.phase == .stopped { return .failure(SyslogError(.stopped, "the sender has stopped")) }
                    if list == \State.flushWaiters, s.writtenUpTo >= target { return .success(()) }
                    if list == \State.spaceWaiters, s.pending.count < configuration.bufferCapacity {
                        return .success(())
                    }
                    s[keyPath: list].append(Waiter(id: id, target: target, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                for key in [\State.spaceWaiters, \State.flushWaiters] {
                    if let i = s[keyPath: key].firstIndex(where: { $0.id == id }) {
                        return s[keyPath: key].remove(at: i)
                    }
                }
                s.cancelledWaiters.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func signalWriter() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.writerWakeup {
                s.writerWakeup = nil
                return w
            }
            s.wakeupPending = true
            return nil
        }
        waiter?.resume()
    }

    // MARK: - Running

    /// Connects, writes buffered messages, and reconnects with backoff until cancelled or gracefully shut down.
    public func run() async throws {
        let first = state.withLock { s -> Bool in
            guard s.phase == .idle else { return false }
            s.phase = .running
            return true
        }
        guard first else { throw SyslogError(.alreadyRunning, "SyslogSender.run() was already called") }
        defer { stop() }
        let sslContext: NIOSSLContext?
        if configuration.transport == .tls {
            do {
                sslContext = try configuration.tls.makeContext()
            } catch {
                throw SyslogError(.configuration, "TLS configuration is unusable: \(error)")
            }
        } else {
            sslContext = nil
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            await connectionLoop(sslContext: sslContext)
        } onCancelOrGracefulShutdown: { [self] in
            state.withLock { s in
                if s.phase == .running {
                    s.phase = .draining
                    s.drainDeadline = .now() + TimeAmount(configuration.drainTimeout)
                }
            }
            signalWriter()
        }
    }

    private func stop() {
        let (space, flush) = state.withLock { s -> ([Waiter], [Waiter]) in
            s.phase = .stopped
            defer {
                s.spaceWaiters = []
                s.flushWaiters = []
            }
            return (s.spaceWaiters, s.flushWaiters)
        }
        let error = SyslogError(.stopped, "the sender has stopped")
        for w in space + flush { w.continuation.resume(throwing: error) }
    }

    /// Whether to stop: cancelled, or draining and either nothing is left or the drain deadline passed.
    private func shouldStop() -> Bool {
        if Task.isCancelled { return true }
        return state.withLock { s in
            guard s.phase == .draining else { return false }
            return s.pending.isEmpty || (s.drainDeadline.map { .now() >= $0 } ?? true)
        }
    }

    private func connectionLoop(sslContext: NIOSSLContext?) async {
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        while !shouldStop() {
            let connection: Connection
            do {
                connection = try await connect(sslContext: sslContext)
            } catch {
                attempt += 1
                state.withLock { s in
                    s.stats.connectFailures += 1
                    s.stats.lastError = "\(error)"
                }
                logger.debug(
                    "Syslog connect failed",
                    metadata: ["syslog.host": "\(configuration.host)", "syslog.attempt": "\(attempt)"])
                var delay = configuration.reconnect.delay(attempt: attempt, using: &random)
                if let deadline = state.withLock({ $0.drainDeadline }) {
                    let left = Duration.nanoseconds(max(0, (deadline - .now()).nanoseconds))
                    delay = min(delay, left)
                }
                do { try await Task.sleep(for: delay) } catch { return }
                continue
            }
            attempt = 0
            let finished = await writeLoop(connection)
            connection.channel.close(promise: nil)
            if finished { return }
            requeueReplay()
        }
    }

    /// Puts written-but-unconfirmed messages back in front of the pending ones after a connection failure.
    private func requeueReplay() {
        state.withLock { s in
            s.stats.disconnects += 1
            let horizon = NIODeadline.now() - TimeAmount(configuration.replayWindow)
            var count = 0
            while let written = s.replay.popLast() {
                guard written.at >= horizon else { continue }
                s.pending.prepend(written.entry)
                count += 1
            }
            s.stats.retried += count
        }
    }

    // MARK: - Connection

    private struct Connection {
        var channel: any Channel
        var id: UInt64
        /// UDP: where datagrams go.
        var remote: SocketAddress?
    }

    private func connect(sslContext: NIOSSLContext?) async throws -> Connection {
        let timeout = TimeAmount(configuration.connectTimeout)
        let channel: any Channel
        var remote: SocketAddress?
        switch configuration.transport {
        case .udp:
            remote = try SocketAddress.makeAddressResolvingHost(configuration.host, port: configuration.port)
            let bindHost = remote?.protocol == .inet6 ? "::" : "0.0.0.0"
            channel = try await DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SenderErrorHandler(closeOnError: false))
                    }
                }
                .bind(host: bindHost, port: 0).get()
        case .tcp, .tls:
            let host = configuration.host
            let hostname = configuration.tls.serverHostname ?? (Self.isIPAddress(host) ? nil : host)
            let context = sslContext
            let handshake = FutureBox()
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        if let context {
                            try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: hostname))
                            let promise = channel.eventLoop.makePromise(of: Void.self)
                            handshake.value.withLock { $0 = promise.futureResult }
                            try sync.addHandler(TLSHandshakeObserver(promise: promise, timeout: timeout))
                        }
                        try sync.addHandler(SenderErrorHandler(closeOnError: true))
                    }
                }
                .connect(host: host, port: configuration.port).get()
            if let completed = handshake.value.withLock({ $0 }) {
                do {
                    try await completed.get()
                } catch {
                    channel.close(promise: nil)
                    throw error
                }
            }
        }
        let id = state.withLock { s -> UInt64 in
            s.connectionID += 1
            s.connectionAlive = true
            s.stats.connects += 1
            return s.connectionID
        }
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { s in
                if s.connectionID == id { s.connectionAlive = false }
            }
            signalWriter()
        }
        logger.debug("Syslog sender connected", metadata: ["syslog.host": "\(configuration.host)"])
        return Connection(channel: channel, id: id, remote: remote)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    private enum Work {
        case batch([Entry])
        case connectionClosed
        case done
    }

    /// Waits for something to write; nil-free so the writer always knows why it woke.
    private func nextWork(connectionID: UInt64) async -> Work {
        while true {
            if Task.isCancelled { return .done }
            let (work, space): (Work?, [Waiter]) = state.withLock { s in
                if s.connectionID != connectionID || !s.connectionAlive { return (.connectionClosed, []) }
                if !s.pending.isEmpty {
                    var batch: [Entry] = []
                    var bytes = 0
                    while let next = s.pending.first,
                        batch.isEmpty || bytes + next.bytes.readableBytes + 12 <= configuration.maxBatchBytes
                    {
                        bytes += next.bytes.readableBytes + 12
                        batch.append(s.pending.removeFirst())
                    }
                    let space = s.spaceWaiters
                    s.spaceWaiters = []
                    return (.batch(batch), space)
                }
                if s.phase == .draining || s.phase == .stopped { return (.done, []) }
                return (nil, [])
            }
            for w in space { w.continuation.resume() }
            if let work { return work }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.wakeupPending {
                        s.wakeupPending = false
                        return true
                    }
                    s.writerWakeup = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        }
    }

    /// Writes batches until the connection breaks (false) or there is nothing more to do (true).
    private func writeLoop(_ connection: Connection) async -> Bool {
        let channel = connection.channel
        while true {
            switch await nextWork(connectionID: connection.id) {
            case .done:
                return true
            case .connectionClosed:
                return false
            case .batch(let batch):
                do {
                    try await write(batch, to: connection)
                } catch {
                    state.withLock { s in
                        for entry in batch.reversed() { s.pending.prepend(entry) }
                        s.stats.retried += batch.count
                        s.stats.lastError = "\(error)"
                    }
                    if configuration.transport == .udp { continue }
                    channel.close(promise: nil)
                    return false
                }
                recordWritten(batch)
            }
        }
    }

    private func write(_ batch: [Entry], to connection: Connection) async throws {
        let channel = connection.channel
        switch configuration.transport {
        case .udp:
            guard let remote = connection.remote else { return }
            var last: EventLoopFuture<Void>?
            for entry in batch {
                last = channel.write(AddressedEnvelope(remoteAddress: remote, data: entry.bytes))
            }
            channel.flush()
            do {
                try await last?.get()
            } catch {
                // Datagrams are not re-sent: count and move on.
                state.withLock { s in
                    s.stats.dropped += batch.count
                    s.stats.lastError = "\(error)"
                }
            }
        case .tcp, .tls:
            var buffer = channel.allocator.buffer(capacity: batch.reduce(0) { $0 + $1.bytes.readableBytes + 12 })
            for entry in batch {
                switch configuration.framing {
                case .newline:
                    buffer.writeImmutableBuffer(entry.bytes)
                    buffer.writeInteger(UInt8(0x0A))
                case .octetCounting:
                    buffer.writeString(String(entry.bytes.readableBytes))
                    buffer.writeInteger(UInt8(0x20))
                    buffer.writeImmutableBuffer(entry.bytes)
                }
            }
            try await channel.writeAndFlush(buffer).get()
        }
    }

    private func recordWritten(_ batch: [Entry]) {
        guard let lastSeq = batch.last?.seq else { return }
        let flushed = state.withLock { s -> [Waiter] in
            s.stats.written += batch.count
            s.writtenUpTo = max(s.writtenUpTo, lastSeq + 1)
            if configuration.transport != .udp, configuration.replayCapacity > 0 {
                let now = NIODeadline.now()
                for entry in batch { s.replay.append(Written(entry: entry, at: now)) }
                let horizon = now - TimeAmount(configuration.replayWindow)
                while let oldest = s.replay.first, oldest.at < horizon { s.replay.removeFirst() }
                while s.replay.count > configuration.replayCapacity {
                    s.replay.removeFirst()
                    s.stats.replayEvicted += 1
                }
            }
            var done: [Waiter] = []
            s.flushWaiters.removeAll { w in
                if w.target <= s.writtenUpTo {
                    done.append(w)
                    return true
                }
                return false
            }
            return done
        }
        for w in flushed { w.continuation.resume() }
    }
}

/// Completes its promise once the TLS handshake has finished, or fails it with the handshake's error, on
/// timeout, or when the connection closes first.
final class TLSHandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private var promise: EventLoopPromise<Void>?
    private let timeout: TimeAmount

    init(promise: EventLoopPromise<Void>, timeout: TimeAmount) {
        self.promise = promise
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let promise else { return }
        let scheduled = context.eventLoop.scheduleTask(in: timeout) {
            promise.fail(SyslogError(.stopped, "TLS handshake timed out"))
        }
        promise.futureResult.whenComplete { _ in scheduled.cancel() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // NIOSSL announces the end of the handshake with a user event (NIOTLS.TLSUserEvent, a module this target
        // does not import); the negotiated TLS version becomes readable at that moment, which is what we check.
        if promise != nil, (try? context.pipeline.syncOperations.nioSSL_tlsVersion()) != nil {
            promise?.succeed(())
            promise = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(SyslogError(.stopped, "connection closed during the TLS handshake"))
        promise = nil
        context.fireChannelInactive()
    }
}

/// A lock-protected slot for the handshake future, filled in by the channel initializer.
final class FutureBox: Sendable {
    let value = Mutex<EventLoopFuture<Void>?>(nil)
}

/// Discards anything the server sends and, on a stream, closes the connection on any error (the writer then
/// reconnects). UDP sockets stay open: an ICMP error only concerns an earlier datagram.
final class SenderErrorHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    private let closeOnError: Bool

    init(closeOnError: Bool) {
        self.closeOnError = closeOnError
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeOnError { context.close(promise: nil) }
    }
}
