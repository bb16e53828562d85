@testable import Ingestion
import Testing
import VigilCore

@Suite struct OffensePollPlannerTests {
    @Test func requestShape() throws {
        let planner = OffensePollPlanner(overlapMillis: 60_000, pageSize: 50)
        let poll = planner.start(checkpoint: OffenseCheckpoint(watermark: 1_000_000))
        let r = try #require(poll.request)
        #expect(r.filter == "last_persisted_time > 939999")
        #expect(r.sort == "+last_persisted_time,+id")
        #expect(r.range == "items=0-49")
        let scoped = OffensePollPlanner(overlapMillis: 0, pageSize: 10, extraFilter: "domain_id = 0")
        #expect(scoped.start(checkpoint: nil, initialWatermark: 5).request?.filter == "(last_persisted_time > 4) and (domain_id = 0)")
    }

    @Test func recordFromOffenseJSON() {
        #expect(OffenseRecord(row: ["id": .int(7), "last_persisted_time": .int(99), "description": .string("x\n")])
            == OffenseRecord(id: 7, lastPersistedTime: 99))
        #expect(OffenseRecord(row: ["id": .int(7)]) == nil)
    }

    /// A small QRadar: answers a request by its filter bound, sort and Range.
    struct FakeQRadar {
        var offenses: [Int64: EpochMillis] = [:]

        func answer(_ r: OffensePollRequest) -> [OffenseRecord] {
            let bound = Int64(r.filter.split(separator: " ")[2])! + 1
            let range = r.range.dropFirst("items=".count).split(separator: "-").map { Int($0)! }
            let sorted = offenses.filter { $0.value >= bound }
                .map { OffenseRecord(id: $0.key, lastPersistedTime: $0.value) }
                .sorted { ($0.lastPersistedTime, $0.id) < ($1.lastPersistedTime, $1.id) }
            guard range[0] < sorted.count else { return [] }
            return Array(sorted[range[0]...min(range[1], sorted.count - 1)])
        }
    }

    @Test func pagingDeliversEveryOffenseVersionExactlyOnceWhileOffensesChange() throws {
        var random = SeededRandom(seed: 11)
        var qradar = FakeQRadar()
        var now: EpochMillis = 10_000_000
        var nextID: Int64 = 1
        let planner = OffensePollPlanner(overlapMillis: 30_000, pageSize: 7)
        var checkpoint: OffenseCheckpoint? = nil
        var delivered = Set<String>()
        var duplicates = 0
        for round in 0..<40 {
            // New offenses and updates (several sharing one persisted time).
            for _ in 0..<Int(random.next() % 20) {
                now += Int64(random.next() % 3) * 500
                if random.next() % 2 == 0 || qradar.offenses.isEmpty {
                    qradar.offenses[nextID] = now
                    nextID += 1
                } else {
                    qradar.offenses[Int64(1 + random.next() % UInt64(nextID - 1))] = now
                }
            }
            var poll = planner.start(checkpoint: checkpoint, initialWatermark: 0)
            var pages = 0
            while let request = poll.request {
                pages += 1
                let page = qradar.answer(request)
                if random.next() % 5 == 0 { continue } // a failed request is retried unchanged
                for r in poll.receive(page) where !delivered.insert(r.key).inserted { duplicates += 1 }
                // Offenses change between pages: some are persisted again, moving to the end.
                if random.next() % 3 == 0, !qradar.offenses.isEmpty {
                    now += 200
                    qradar.offenses[Int64(1 + random.next() % UInt64(nextID - 1))] = now
                }
                if pages > 10_000 { break }
            }
            #expect(poll.isComplete, "round \(round)")
            checkpoint = poll.checkpoint
            let floor = (checkpoint?.watermark ?? 0) - planner.overlapMillis
            #expect(checkpoint?.seenKeys.allSatisfy { Int64($0.split(separator: "@")[1])! >= floor } == true)
        }
        // A final quiet poll: every offense's current version has been delivered, none twice.
        var poll = planner.start(checkpoint: checkpoint)
        while let request = poll.request {
            for r in poll.receive(qradar.answer(request)) where !delivered.insert(r.key).inserted { duplicates += 1 }
        }
        #expect(duplicates == 0)
        for (id, t) in qradar.offenses { #expect(delivered.contains("\(id)@\(t)"), "offense \(id) at \(t)") }
    }

    @Test func checkpointIsUnchangedUntilThePollCompletes() throws {
        let planner = OffensePollPlanner(overlapMillis: 0, pageSize: 2)
        let start = OffenseCheckpoint(watermark: 100)
        var poll = planner.start(checkpoint: start)
        _ = poll.receive([OffenseRecord(id: 1, lastPersistedTime: 150), OffenseRecord(id: 2, lastPersistedTime: 160)])
        #expect(!poll.isComplete)
        #expect(poll.checkpoint == start)
        // Next page starts at the page's highest time, skipping the one offense already read there.
        #expect(poll.request?.filter == "last_persisted_time > 159")
        #expect(poll.request?.range == "items=1-2")
        _ = poll.receive([OffenseRecord(id: 3, lastPersistedTime: 170)])
        #expect(poll.isComplete)
        #expect(poll.checkpoint == OffenseCheckpoint(watermark: 170, seenKeys: ["3@170"]))
    }
}
