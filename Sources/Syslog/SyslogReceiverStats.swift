import Synchronization

/// A snapshot of a receiver's counters.
public struct SyslogReceiverStats: Sendable, Hashable {
    /// Messages delivered to the message queue.
    public var received: Int
    /// Bytes of those messages.
    public var receivedBytes: Int
    /// Lines quarantined as not UTF-8 or badly framed by the receiver, or reported malformed by a consumer.
    public var malformed: Int
    /// Lines longer than the maximum message length (cut off and quarantined).
    public var oversized: Int
    /// UDP messages dropped because the queue was full.
    public var dropped: Int
    /// TCP/TLS connections accepted so far.
    public var connections: Int
    /// TCP/TLS connections open now.
    public var activeConnections: Int
    /// Connections that ended with an error (TLS handshake failure, reset, …).
    public var connectionErrors: Int
    /// Times a TCP/TLS connection stopped reading because the queue was full (backpressure).
    public var backpressurePauses: Int
    /// Messages waiting in the queue now.
    public var queued: Int
    /// Entries in the quarantine now.
    public var quarantined: Int
}

/// The live counters behind ``SyslogReceiverStats``; relaxed atomics, updated from event loops.
final class SyslogReceiverCounters: Sendable {
    let received = Atomic<Int>(0)
    let receivedBytes = Atomic<Int>(0)
    let malformed = Atomic<Int>(0)
    let oversized = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let connections = Atomic<Int>(0)
    let activeConnections = Atomic<Int>(0)
    let connectionErrors = Atomic<Int>(0)
    let backpressurePauses = Atomic<Int>(0)

    @inline(__always) static func bump(_ counter: borrowing Atomic<Int>, by n: Int = 1) {
        counter.wrappingAdd(n, ordering: .relaxed)
    }
}
