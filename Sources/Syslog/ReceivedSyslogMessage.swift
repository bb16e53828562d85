import LEEF
import NIOCore

/// One syslog message as the receiver got it: the raw bytes of one frame (without the framing: no trailing
/// newline, no octet count), when, from whom, and over which transport.
public struct ReceivedSyslogMessage: Sendable, Hashable {
    /// The message bytes. The buffer is the message's own copy, so holding on to it does not pin a larger
    /// network read buffer.
    public var bytes: ByteBuffer
    /// Receive time in epoch milliseconds, from the receiver's injected clock.
    public var receivedAt: Int64
    /// The sender's address, when known.
    public var peer: SocketAddress?
    /// The transport it arrived on.
    public var transport: SyslogTransport

    public init(bytes: ByteBuffer, receivedAt: Int64, peer: SocketAddress?, transport: SyslogTransport) {
        self.bytes = bytes
        self.receivedAt = receivedAt
        self.peer = peer
        self.transport = transport
    }

    /// The message as text, or nil when it is not valid UTF-8 (which a receiver with `validateUTF8` enabled,
    /// the default, never delivers).
    public var text: String? {
        String(validating: bytes.readableBytesView, as: UTF8.self)
    }

    /// Decodes the message as a LEEF line, taking the receive time as the reference for RFC 3164 years.
    public func decodeLEEF(maxLength: Int = LEEFDecoder.defaultMaxLength) throws(LEEFError) -> LEEFMessage {
        try LEEFDecoder.decode(bytes: bytes.readableBytesView, referenceTime: receivedAt, maxLength: maxLength)
    }
}
