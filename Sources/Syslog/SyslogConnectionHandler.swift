import NIOCore

/// Delivers the frames of one TCP/TLS connection and applies backpressure: when the queue reports it is full,
/// the handler swallows the channel's `read()` requests (the socket stops being read, so the kernel buffers fill
/// and the sender's TCP window closes) until the queue has drained to half capacity.
final class SyslogConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = SyslogFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let core: SyslogReceiverCore
    private let transport: SyslogTransport
    private var peer: SocketAddress?
    private var paused = false
    private var readRequested = false
    private var context: ChannelHandlerContext?

    init(core: SyslogReceiverCore, transport: SyslogTransport) {
        self.core = core
        self.transport = transport
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.channel.remoteAddress
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .message(let bytes):
            let result = core.deliver(bytes, peer: peer, transport: transport, dropIfFull: false)
            if result == .acceptedNowFull, !paused { pause(context) }
        case .oversized(let prefix, let length):
            core.oversized(prefix: prefix, length: length, peer: peer, transport: transport)
        case .badFraming(let reason, let prefix, let length):
            core.badFraming(reason: reason, prefix: prefix, length: length, peer: peer, transport: transport)
        }
    }

    private func pause(_ context: ChannelHandlerContext) {
        paused = true
        SyslogReceiverCounters.bump(core.counters.backpressurePauses)
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        core.queue.whenSpaceAvailable {
            loop.execute { bound.value.resume() }
        }
    }

    private func resume() {
        paused = false
        if readRequested, let context {
            readRequested = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if paused {
            readRequested = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        SyslogReceiverCounters.bump(core.counters.connectionErrors)
        core.logger.debug(
            "Syslog connection failed",
            metadata: ["syslog.peer": "\(peer.map { "\($0)" } ?? "?")", "syslog.error": "\(error)"])
        context.close(promise: nil)
    }
}

/// Delivers UDP datagrams: one message per datagram (RFC 5426), trailing CR/LF removed. A full queue drops the
/// datagram and counts it.
final class SyslogDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let core: SyslogReceiverCore

    init(core: SyslogReceiverCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var payload = envelope.data
        while payload.readableBytes > 0, let last = payload.getInteger(at: payload.writerIndex - 1, as: UInt8.self),
            last == 0x0A || last == 0x0D
        {
            payload.moveWriterIndex(to: payload.writerIndex - 1)
        }
        guard payload.readableBytes > 0 else { return }
        if payload.readableBytes > core.maxMessageLength {
            core.oversized(
                prefix: payload.getSlice(
                    at: payload.readerIndex, length: min(payload.readableBytes, core.maxMessageLength, 4096)) ?? payload,
                length: payload.readableBytes, peer: envelope.remoteAddress, transport: .udp)
            return
        }
        // Copy: the datagram's buffer is as large as the biggest possible datagram.
        var own = context.channel.allocator.buffer(capacity: payload.readableBytes)
        own.writeImmutableBuffer(payload)
        _ = core.deliver(own, peer: envelope.remoteAddress, transport: .udp, dropIfFull: true)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket keeps going after an error (e.g. ICMP port unreachable on a previous send).
        core.logger.debug("Syslog UDP error", metadata: ["syslog.error": "\(error)"])
    }
}
