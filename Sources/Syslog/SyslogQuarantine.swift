import NIOCore
import Synchronization

/// A size-bounded store of lines that could not be delivered as messages: oversized, not UTF-8, badly framed,
/// or reported malformed by a consumer (e.g. not LEEF).
///
/// It is a ring buffer bounded both by entry count and by the total bytes kept: adding an entry evicts the oldest
/// ones until both limits hold. Each entry keeps at most `maxBytesPerEntry` bytes of the line (its prefix) plus
/// the original length, so one huge line cannot flush the whole store.
public final class SyslogQuarantine: Sendable {
    /// Why a line was quarantined.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// Longer than the receiver's maximum message length; the rest of the line was discarded.
        case oversized
        /// Not valid UTF-8.
        case invalidUTF8
        /// Broken RFC 6587 framing: a bad octet count, or the connection closed inside a counted frame.
        case badFraming
        /// Reported by a consumer (for example a LEEF decoding error); the detail says why.
        case malformed

        public var description: String {
            switch self {
            case .oversized: "oversized"
            case .invalidUTF8: "invalid UTF-8"
            case .badFraming: "bad framing"
            case .malformed: "malformed"
            }
        }
    }

    /// One quarantined line.
    public struct Entry: Sendable, Hashable {
        /// Why it was quarantined.
        public var reason: Reason
        /// A short explanation (e.g. the LEEF error, or "length 70000 exceeds 65536").
        public var detail: String
        /// The first bytes of the line (at most the store's `maxBytesPerEntry`).
        public var prefix: [UInt8]
        /// The full length of the line in bytes, as far as it was seen.
        public var originalLength: Int
        /// Receive time in epoch milliseconds.
        public var receivedAt: Int64
        /// Sender address, when known.
        public var peer: SocketAddress?
        /// Transport it arrived on.
        public var transport: SyslogTransport
    }

    private struct State {
        var entries = CircularBuffer<Entry>()
        var bytes = 0
        var total = 0
        var evicted = 0
    }

    /// Most entries kept.
    public let maxEntries: Int
    /// Most prefix bytes kept across all entries.
    public let maxTotalBytes: Int
    /// Most bytes kept of any one line.
    public let maxBytesPerEntry: Int
    private let state = Mutex(State())

    public init(maxEntries: Int = 1000, maxTotalBytes: Int = 1 << 20, maxBytesPerEntry: Int = 4096) {
        self.maxEntries = max(1, maxEntries)
        self.maxTotalBytes = max(1, maxTotalBytes)
        self.maxBytesPerEntry = max(1, min(maxBytesPerEntry, max(1, maxTotalBytes)))
    }

    /// Adds a line; `bytes` may be longer than `maxBytesPerEntry` (only the prefix is kept).
    public func add(
        reason: Reason, detail: String, bytes: some Collection<UInt8>, originalLength: Int? = nil, receivedAt: Int64,
        peer: SocketAddress?, transport: SyslogTransport
    ) {
        let prefix = Array(bytes.prefix(maxBytesPerEntry))
        let entry = Entry(
            reason: reason, detail: detail, prefix: prefix, originalLength: originalLength ?? bytes.count,
            receivedAt: receivedAt, peer: peer, transport: transport)
        state.withLock { s in
            s.total += 1
            s.entries.append(entry)
            s.bytes += prefix.count
            while s.entries.count > maxEntries || s.bytes > maxTotalBytes, let old = s.entries.popFirst() {
                s.bytes -= old.prefix.count
                s.evicted += 1
            }
        }
    }

    /// The kept entries, oldest first.
    public var entries: [Entry] { state.withLock { Array($0.entries) } }
    /// How many entries are kept now.
    public var count: Int { state.withLock { $0.entries.count } }
    /// Prefix bytes kept now.
    public var storedBytes: Int { state.withLock { $0.bytes } }
    /// Lines ever quarantined, including evicted ones.
    public var totalQuarantined: Int { state.withLock { $0.total } }
    /// Entries evicted to respect the bounds.
    public var evicted: Int { state.withLock { $0.evicted } }

    /// Removes and returns all kept entries.
    public func drain() -> [Entry] {
        state.withLock { s in
            let all = Array(s.entries)
            s.entries.removeAll()
            s.bytes = 0
            return all
        }
    }
}
