import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// A syslog server over UDP, TCP and TLS that delivers ``ReceivedSyslogMessage``s to an async consumer.
///
/// It is a `Service`: `run()` binds every listener, serves until the task is cancelled or graceful shutdown is
/// triggered, then closes the listeners and connections and ends ``messages`` (after the buffered messages are
/// consumed). Consume either by iterating ``messages`` (from one or several tasks), or by passing a `handler`,
/// which `run()` calls for each message, one at a time.
///
/// ```swift
/// let receiver = SyslogReceiver(configuration: .init(listeners: [.tcp(host: "127.0.0.1", port: 0)]))
/// group.addTask { try await receiver.run() }
/// let port = try await receiver.port(for: .tcp)
/// for await message in receiver.messages {
///     do { let leef = try message.decodeLEEF() ; … }
///     catch { receiver.reportMalformed(message, reason: "\(error)") }
/// }
/// ```
///
/// Memory is bounded: the queue holds at most `queueCapacity` messages / `queueMaxBytes` bytes (TCP/TLS
/// connections stop reading while it is full; UDP datagrams are dropped and counted), each message is at most
/// `maxMessageLength` bytes (longer lines are cut off, quarantined, and the stream resynchronises at the next
/// newline), and the quarantine is a bounded ring buffer.
public final class SyslogReceiver: Service, Sendable {
    public let configuration: SyslogReceiverConfiguration
    private let core: SyslogReceiverCore
    private let group: any EventLoopGroup
    private let handler: (@Sendable (ReceivedSyslogMessage) async -> Void)?
    private let lifecycle = Mutex(Lifecycle())

    private struct Lifecycle {
        var started = false
        var bound: Result<[SyslogBoundListener], SyslogError>?
        var waiters: [UInt64: CheckedContinuation<[SyslogBoundListener], any Error>] = [:]
        var cancelledWaiters: Set<UInt64> = []
        var nextWaiter: UInt64 = 0
    }

    /// - Parameters:
    ///   - configuration: listeners and bounds.
    ///   - eventLoopGroup: where sockets run; default the shared NIO group.
    ///   - logger: connection-level events are logged at debug.
    ///   - now: epoch-milliseconds clock for `receivedAt` and quarantine times (inject one in tests); default
    ///     the system wall clock.
    ///   - handler: if given, `run()` consumes ``messages`` itself and calls this for each message in order.
    public init(
        configuration: SyslogReceiverConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "vigil.syslog.receiver"),
        now: (@Sendable () -> Int64)? = nil,
        handler: (@Sendable (ReceivedSyslogMessage) async -> Void)? = nil
    ) {
        self.configuration = configuration
        self.core = SyslogReceiverCore(configuration: configuration, now: now ?? systemEpochMillis, logger: logger)
        self.group = eventLoopGroup
        self.handler = handler
    }

    /// The received messages. Ends after the receiver stops and the buffer is drained.
    public var messages: SyslogMessages { SyslogMessages(queue: core.queue) }

    /// The quarantine of lines that were not delivered (or that consumers reported malformed).
    public var quarantine: SyslogQuarantine { core.quarantine }

    /// A snapshot of the counters.
    public var stats: SyslogReceiverStats { core.stats() }

    /// For consumers: records a delivered message that turned out to be malformed (e.g. not LEEF) in the
    /// quarantine and counts it as malformed.
    public func reportMalformed(_ message: ReceivedSyslogMessage, reason: String) {
        SyslogReceiverCounters.bump(core.counters.malformed)
        core.quarantine.add(
            reason: .malformed, detail: reason, bytes: message.bytes.readableBytesView, receivedAt: message.receivedAt,
            peer: message.peer, transport: message.transport)
    }

    /// The bound listeners, in configuration order, once `run()` has bound them (waits until then).
    /// - Throws: ``SyslogError`` `.notBound` if binding failed or the receiver stopped first; `CancellationError`.
    public func boundListeners() async throws -> [SyslogBoundListener] {
        let id = lifecycle.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<[SyslogBoundListener], any Error>? = lifecycle.withLock { s in
                    if s.cancelledWaiters.remove(id) != nil { return .failure(CancellationError()) }
                    if let bound = s.bound { return bound.mapError { $0 } }
                    s.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = lifecycle.withLock { s in
                let w = s.waiters.removeValue(forKey: id)
                if w == nil { s.cancelledWaiters.insert(id) }
                return w
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The port of the first listener with this transport (waits until bound).
    public func port(for transport: SyslogTransport) async throws -> Int {
        guard let listener = try await boundListeners().first(where: { $0.transport == transport }) else {
            throw SyslogError(.configuration, "no \(transport) listener is configured")
        }
        return listener.port
    }

    private func publishBound(_ result: Result<[SyslogBoundListener], SyslogError>, replacing: Bool = false) {
        let waiters = lifecycle.withLock { s in
            if s.bound == nil || replacing { s.bound = result }
            let w = s.waiters
            s.waiters = [:]
            return w
        }
        for (_, w) in waiters { w.resume(with: result.mapError { $0 }) }
    }

    /// Binds, serves until cancelled or gracefully shut down, then closes everything and ends ``messages``.
    public func run() async throws {
        let first = lifecycle.withLock { s in
            defer { s.started = true }
            return !s.started
        }
        guard first else { throw SyslogError(.alreadyRunning, "SyslogReceiver.run() was already called") }

        var servers: [any Channel] = []
        do {
            guard !configuration.listeners.isEmpty else {
                throw SyslogError(.configuration, "the receiver has no listeners")
            }
            var bound: [SyslogBoundListener] = []
            for listener in configuration.listeners {
                let channel = try await bind(listener)
                servers.append(channel)
                bound.append(
                    SyslogBoundListener(
                        transport: listener.transport, host: listener.host,
                        port: channel.localAddress?.port ?? listener.port))
                core.logger.debug(
                    "Syslog listener bound",
                    metadata: ["syslog.transport": "\(listener.transport)", "syslog.port": "\(bound.last!.port)"])
            }
            publishBound(.success(bound))
        } catch {
            for server in servers { try? await server.close() }
            publishBound(.failure(SyslogError(.notBound, "binding failed: \(error)")))
            core.queue.finish()
            throw error
        }

        await withDiscardingTaskGroup { group in
            if let handler {
                let messages = self.messages
                group.addTask {
                    for await message in messages { await handler(message) }
                }
            }
            // Serve until graceful shutdown or cancellation (which makes this throw; both end the same way).
            try? await gracefulShutdown()
            for server in servers { try? await server.close() }
            await core.closeAllConnections()
            core.queue.finish()
        }
        publishBound(.failure(SyslogError(.notBound, "the receiver has stopped")), replacing: true)
    }

    private func bind(_ listener: SyslogReceiverConfiguration.Listener) async throws -> any Channel {
        let core = self.core
        let maxLength = core.maxMessageLength
        switch listener.transport {
        case .udp:
            var bootstrap = DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.maxMessagesPerRead, value: 16)
                // Room for the largest possible datagram, so an oversized one is seen whole (and measured)
                // rather than cut by the kernel; each datagram is copied out, so the buffer is reused.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SyslogDatagramHandler(core: core))
                    }
                }
            if let size = configuration.udpReceiveBufferSize {
                bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(size))
            }
            return try await bootstrap.bind(host: listener.host, port: listener.port).get()
        case .tcp, .tls:
            var sslContext: NIOSSLContext?
            if listener.transport == .tls {
                guard let tls = listener.tls else {
                    throw SyslogError(.configuration, "a TLS listener needs a certificate chain and private key")
                }
                sslContext = try tls.makeContext()
            }
            let transport = listener.transport
            let context = sslContext
            let bootstrap = ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                // Few reads per wake-up: a paused connection overshoots the queue by at most this many reads.
                .childChannelOption(.maxMessagesPerRead, value: 4)
                .childChannelOption(.socketOption(.so_keepalive), value: 1)
                .childChannelInitializer { channel in
                    guard core.connectionOpened(channel) else {
                        // Failing the initializer makes the bootstrap close the connection.
                        return channel.eventLoop.makeFailedFuture(
                            SyslogError(.configuration, "connection limit of \(core.maxConnections) reached"))
                    }
                    return channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        if let context { try sync.addHandler(NIOSSLServerHandler(context: context)) }
                        try sync.addHandler(ByteToMessageHandler(SyslogFrameDecoder(maxLength: maxLength)))
                        try sync.addHandler(SyslogConnectionHandler(core: core, transport: transport))
                    }
                }
            return try await bootstrap.bind(host: listener.host, port: listener.port).get()
        }
    }
}
