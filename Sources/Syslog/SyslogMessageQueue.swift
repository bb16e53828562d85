import NIOCore
import Synchronization

/// The bounded hand-off between the network (many event-loop producers) and the consumers.
///
/// Producers never suspend: TCP connections push unconditionally and, when the queue reports it is full, pause
/// reading from their socket until ``whenSpaceAvailable(_:)`` calls back (hysteresis: at half capacity);
/// UDP pushes with `dropIfFull` and counts a drop instead. Memory is therefore bounded by the capacity plus at
/// most one socket read's worth of frames per paused connection.
final class SyslogMessageQueue: Sendable {
    enum PushResult: Equatable {
        /// Queued; there is room for more.
        case accepted
        /// Queued, and the queue is now at or above capacity: the producer should pause.
        case acceptedNowFull
        /// Not queued because the queue is full (only with `dropIfFull`).
        case full
        /// Not queued because the queue has been finished.
        case finished
    }

    private struct Consumer {
        var id: UInt64
        var continuation: CheckedContinuation<ReceivedSyslogMessage?, Never>
    }

    private struct State {
        var buffer = CircularBuffer<ReceivedSyslogMessage>(initialCapacity: 256)
        var bytes = 0
        var consumers: [Consumer] = []
        var cancelled: Set<UInt64> = []
        var spaceWaiters: [@Sendable () -> Void] = []
        var finished = false
        var nextID: UInt64 = 0
    }

    let capacity: Int
    let maxBytes: Int
    private let state = Mutex(State())

    init(capacity: Int, maxBytes: Int) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(1, maxBytes)
    }

    private func isFull(_ s: borrowing State) -> Bool { s.buffer.count >= capacity || s.bytes >= maxBytes }
    private func hasRoomToResume(_ s: borrowing State) -> Bool {
        s.buffer.count <= capacity / 2 && s.bytes <= maxBytes / 2
    }

    var count: Int { state.withLock { $0.buffer.count } }

    func push(_ message: ReceivedSyslogMessage, dropIfFull: Bool) -> PushResult {
        let (result, consumer): (PushResult, CheckedContinuation<ReceivedSyslogMessage?, Never>?) = state.withLock {
            s in
            if s.finished { return (.finished, nil) }
            if !s.consumers.isEmpty {
                return (.accepted, s.consumers.removeFirst().continuation)
            }
            if dropIfFull && isFull(s) { return (.full, nil) }
            s.buffer.append(message)
            s.bytes += message.bytes.readableBytes
            return (isFull(s) ? .acceptedNowFull : .accepted, nil)
        }
        consumer?.resume(returning: message)
        return result
    }

    /// Calls `resume` (on an arbitrary thread) once the queue has drained to half capacity, or immediately if it
    /// already has, or when the queue is finished.
    func whenSpaceAvailable(_ resume: @escaping @Sendable () -> Void) {
        let now = state.withLock { s -> Bool in
            if s.finished || hasRoomToResume(s) { return true }
            s.spaceWaiters.append(resume)
            return false
        }
        if now { resume() }
    }

    /// The next message, suspending while the queue is empty; nil once finished and drained, or when the calling
    /// task is cancelled.
    func next() async -> ReceivedSyslogMessage? {
        let (message, finished, waiters) = state.withLock { s in popLocked(&s) }
        for w in waiters { w() }
        if let message { return message }
        if finished { return nil }
        return await slowNext()
    }

    /// Up to `maxCount` messages (at least one), suspending while empty; empty once finished and drained.
    func nextBatch(maxCount: Int) async -> [ReceivedSyslogMessage] {
        let (batch, waiters) = state.withLock { s -> ([ReceivedSyslogMessage], [@Sendable () -> Void]) in
            var batch: [ReceivedSyslogMessage] = []
            let n = min(maxCount, s.buffer.count)
            batch.reserveCapacity(n)
            for _ in 0..<n {
                if let m = s.buffer.popFirst() {
                    s.bytes -= m.bytes.readableBytes
                    batch.append(m)
                }
            }
            var waiters: [@Sendable () -> Void] = []
            if !s.spaceWaiters.isEmpty, hasRoomToResume(s) {
                waiters = s.spaceWaiters
                s.spaceWaiters = []
            }
            return (batch, waiters)
        }
        for w in waiters { w() }
        if !batch.isEmpty { return batch }
        guard let one = await next() else { return [] }
        return [one]
    }

    private func popLocked(_ s: inout State) -> (ReceivedSyslogMessage?, Bool, [@Sendable () -> Void]) {
        guard let m = s.buffer.popFirst() else { return (nil, s.finished, []) }
        s.bytes -= m.bytes.readableBytes
        var waiters: [@Sendable () -> Void] = []
        if !s.spaceWaiters.isEmpty, hasRoomToResume(s) {
            waiters = s.spaceWaiters
            s.spaceWaiters = []
        }
        return (m, s.finished, waiters)
    }

    private func slowNext() async -> ReceivedSyslogMessage? {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ReceivedSyslogMessage?, Never>) in
                let (immediate, waiters): (ReceivedSyslogMessage??, [@Sendable () -> Void]) = state.withLock { s in
                    if s.cancelled.remove(id) != nil { return (.some(nil), []) }
                    let (m, finished, waiters) = popLocked(&s)
                    if let m { return (.some(m), waiters) }
                    if finished { return (.some(nil), []) }
                    s.consumers.append(Consumer(id: id, continuation: continuation))
                    return (nil, [])
                }
                for w in waiters { w() }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let consumer = state.withLock { s -> CheckedContinuation<ReceivedSyslogMessage?, Never>? in
                if let i = s.consumers.firstIndex(where: { $0.id == id }) {
                    return s.consumers.remove(at: i).continuation
                }
                s.cancelled.insert(id)
                return nil
            }
            consumer?.resume(returning: nil)
        }
    }

    /// Ends the queue: waiting consumers get nil, buffered messages can still be drained, producers are
    /// released and further pushes are refused.
    func finish() {
        let (consumers, waiters) = state.withLock { s -> ([Consumer], [@Sendable () -> Void]) in
            s.finished = true
            let c = s.consumers
            s.consumers = []
            let w = s.spaceWaiters
            s.spaceWaiters = []
            return (c, w)
        }
        for c in consumers { c.continuation.resume(returning: nil) }
        for w in waiters { w() }
    }
}

/// The messages a ``SyslogReceiver`` delivers, in arrival order per connection.
///
/// Iterate it from one or more tasks; each message goes to exactly one iterator. The sequence ends after the
/// receiver stops and the buffered messages have been consumed. Iteration ends early (returns nil) if the
/// iterating task is cancelled.
public struct SyslogMessages: AsyncSequence, Sendable {
    public typealias Element = ReceivedSyslogMessage
    let queue: SyslogMessageQueue

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: SyslogMessageQueue

        public mutating func next() async -> ReceivedSyslogMessage? { await queue.next() }

        /// Up to `maxCount` messages at once (at least one; empty when the sequence has ended): cheaper per
        /// message than `next()` under load.
        public mutating func nextBatch(maxCount: Int) async -> [ReceivedSyslogMessage] {
            await queue.nextBatch(maxCount: Swift.max(1, maxCount))
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(queue: queue) }
}
