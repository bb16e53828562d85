import NIOCore
import Synchronization
import Testing

@testable import Syslog

private func message(_ text: String) -> ReceivedSyslogMessage {
    ReceivedSyslogMessage(bytes: ByteBuffer(string: text), receivedAt: 1, peer: nil, transport: .tcp)
}

struct SyslogMessageQueueTests {
    @Test func reportsFullAndDropsOnlyWhenAsked() async {
        let queue = SyslogMessageQueue(capacity: 3, maxBytes: 1 << 20)
        #expect(queue.push(message("a"), dropIfFull: false) == .accepted)
        #expect(queue.push(message("b"), dropIfFull: false) == .accepted)
        #expect(queue.push(message("c"), dropIfFull: false) == .acceptedNowFull)
        #expect(queue.push(message("d"), dropIfFull: true) == .full)
        #expect(queue.push(message("e"), dropIfFull: false) == .acceptedNowFull)
        #expect(queue.count == 4)
        var texts: [String] = []
        for _ in 0..<4 { texts.append(await queue.next()?.bytes.getString(at: 0, length: 1) ?? "?") }
        #expect(texts == ["a", "b", "c", "e"])
    }

    @Test func byteBoundCountsToo() {
        let queue = SyslogMessageQueue(capacity: 100, maxBytes: 10)
        #expect(queue.push(message("12345"), dropIfFull: true) == .accepted)
        #expect(queue.push(message("12345"), dropIfFull: true) == .acceptedNowFull)
        #expect(queue.push(message("1"), dropIfFull: true) == .full)
    }

    @Test func resumesProducersAtHalfCapacity() async {
        let queue = SyslogMessageQueue(capacity: 4, maxBytes: 1 << 20)
        for t in ["a", "b", "c", "d"] { _ = queue.push(message(t), dropIfFull: false) }
        let resumed = Atomic<Int>(0)
        queue.whenSpaceAvailable { resumed.wrappingAdd(1, ordering: .relaxed) }
        _ = await queue.next()
        #expect(resumed.load(ordering: .relaxed) == 0)  // 3 left: above half
        _ = await queue.next()
        #expect(resumed.load(ordering: .relaxed) == 1)  // 2 left: half
        queue.whenSpaceAvailable { resumed.wrappingAdd(1, ordering: .relaxed) }
        #expect(resumed.load(ordering: .relaxed) == 2)  // already room: called at once
    }

    @Test func handsOverToAWaitingConsumerAndFinishes() async {
        let queue = SyslogMessageQueue(capacity: 4, maxBytes: 1 << 20)
        async let first = queue.next()
        // Let the consumer park, then push; either order must deliver the message exactly once.
        try? await Task.sleep(for: .milliseconds(20))
        _ = queue.push(message("x"), dropIfFull: false)
        #expect(await first?.bytes.readableBytes == 1)
        _ = queue.push(message("y"), dropIfFull: false)
        queue.finish()
        #expect(queue.push(message("z"), dropIfFull: false) == .finished)
        #expect(await queue.next() != nil)  // buffered messages survive finish
        #expect(await queue.next() == nil)
        #expect(await queue.nextBatch(maxCount: 10).isEmpty)
    }

    @Test func cancellingAWaitingConsumerReturnsNil() async {
        let queue = SyslogMessageQueue(capacity: 4, maxBytes: 1 << 20)
        let task = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(await task.value == nil)
        // The queue still works for others.
        _ = queue.push(message("after"), dropIfFull: false)
        #expect(await queue.next() != nil)
    }

    @Test func batchesDrainInOrder() async {
        let queue = SyslogMessageQueue(capacity: 100, maxBytes: 1 << 20)
        for i in 0..<10 { _ = queue.push(message("\(i)"), dropIfFull: false) }
        let batch = await queue.nextBatch(maxCount: 7)
        #expect(batch.map { String(buffer: $0.bytes) } == (0..<7).map(String.init))
        #expect(await queue.nextBatch(maxCount: 7).count == 3)
    }
}

struct SyslogQuarantineTests {
    @Test func boundedByCountAndBytes() {
        let q = SyslogQuarantine(maxEntries: 3, maxTotalBytes: 10, maxBytesPerEntry: 4)
        for i in 0..<5 {
            q.add(
                reason: .malformed, detail: "d\(i)", bytes: Array("abcdefgh".utf8), receivedAt: Int64(i), peer: nil,
                transport: .udp)
        }
        // 4 bytes kept per entry, 10 bytes total → at most 2 entries.
        #expect(q.count == 2)
        #expect(q.storedBytes == 8)
        #expect(q.entries.map(\.detail) == ["d3", "d4"])
        #expect(q.entries.allSatisfy { $0.prefix == Array("abcd".utf8) && $0.originalLength == 8 })
        #expect(q.totalQuarantined == 5)
        #expect(q.evicted == 3)
        #expect(q.drain().count == 2)
        #expect(q.count == 0 && q.storedBytes == 0)
    }

    @Test func countBoundEvictsOldest() {
        let q = SyslogQuarantine(maxEntries: 2, maxTotalBytes: 1000)
        for i in 0..<4 {
            q.add(reason: .oversized, detail: "\(i)", bytes: [UInt8(i)], receivedAt: 0, peer: nil, transport: .tcp)
        }
        #expect(q.entries.map(\.detail) == ["2", "3"])
    }
}
