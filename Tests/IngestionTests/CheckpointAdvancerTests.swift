#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Ingestion
import Testing
import VigilCore

@Suite struct CheckpointAdvancerTests {
    let minute = EpochMillis.minute
    let base: EpochMillis = 1_789_999_980_000

    func row(_ t: EpochMillis, _ user: String, qid: Int64 = 5_000_830) -> IngestRow {
        ["starttime": .int(t), "devicetime": .int(t - 100), "qid": .int(qid), "username": .string(user),
         "sourceip": .string("10.0.0.1")]
    }

    @Test func overlappingPollsDeliverEachRowOnce() throws {
        let mapping = try Fixtures.mapping()
        let planner = try PollPlanner(source: Fixtures.source(overlap: 5 * minute, delay: 0), mapping: mapping)
        let advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        let a = row(base + 7 * minute, "alice"), b = row(base + 9 * minute + 5, "bob")
        let p1 = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: base), now: base + 10 * minute))
        let r1 = advancer.advance(plan: p1, rows: [a, b])
        #expect(r1.newRows.count == 2)
        #expect(r1.checkpoint.watermark == base + 5 * minute)
        #expect(r1.checkpoint.seenIDs.count == 2)
        let c = row(base + 11 * minute, "carol")
        let p2 = try #require(planner.plan(checkpoint: r1.checkpoint, now: base + 12 * minute))
        #expect(p2.window == (base + 5 * minute)..<(base + 12 * minute))
        let r2 = advancer.advance(plan: p2, rows: [b, c, a])
        #expect(r2.newRows.map { $0.row } == [c])
        #expect(r2.duplicates == 2)
        // Only ids at or after the new watermark (base + 7 min) are kept: a (7 min), b (9 min), c (11 min).
        #expect(r2.checkpoint.watermark == base + 7 * minute)
        #expect(r2.checkpoint.seenIDs.count == 3)
        let p3 = try #require(planner.plan(checkpoint: r2.checkpoint, now: base + 20 * minute))
        let r3 = advancer.advance(plan: p3, rows: [b, c])
        #expect(r3.newRows.isEmpty)
        // Watermark base + 15 min: nothing seen remains.
        #expect(r3.checkpoint.seenIDs.isEmpty)
    }

    @Test func watermarkNeverMovesBackwards() throws {
        let advancer = CheckpointAdvancer(database: .events, identity: EventIdentity(), overlapMillis: 10 * minute)
        let checkpoint = IngestionCheckpoint(watermark: base + 30 * minute)
        // A short window (less than the overlap past the watermark).
        let plan = PollPlan(source: "s", query: "", window: (base + 30 * minute)..<(base + 35 * minute), isCatchUp: false,
                            checkpoint: checkpoint)
        #expect(advancer.advance(plan: plan, rows: []).checkpoint.watermark == base + 30 * minute)
    }

    @Test func anEmptyPollSkipsNothingThatArrivesLate() throws {
        let mapping = try Fixtures.mapping()
        let planner = try PollPlanner(source: Fixtures.source(overlap: 5 * minute, delay: 2 * minute), mapping: mapping)
        let advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        let p1 = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: base), now: base + 12 * minute))
        let r1 = advancer.advance(plan: p1, rows: []) // QRadar had nothing yet
        // An event stamped just before the first window's end shows up in Ariel only now (later than the allowance).
        let late = row(p1.window.upperBound - 1, "mallory")
        let p2 = try #require(planner.plan(checkpoint: r1.checkpoint, now: base + 14 * minute))
        #expect(p2.window.contains(p1.window.upperBound - 1))
        #expect(advancer.advance(plan: p2, rows: [late]).newRows.count == 1)
    }

    @Test func rowsOutsideThePlannedWindowAreNotDelivered() throws {
        let advancer = CheckpointAdvancer(database: .events, identity: EventIdentity(), overlapMillis: minute)
        let plan = PollPlan(source: "s", query: "", window: base..<(base + 5 * minute), isCatchUp: false,
                            checkpoint: IngestionCheckpoint(watermark: base))
        let r = advancer.advance(plan: plan, rows: [row(base - 1, "x"), row(base, "y"), row(base + 5 * minute, "z")])
        #expect(r.newRows.map { $0.row["username"] } == [.string("y")])
        #expect(r.outOfWindow == 2)
    }

    @Test func anUnalignedWatermarkIsReReadButNotReDelivered() throws {
        let mapping = try Fixtures.mapping()
        let planner = try PollPlanner(source: Fixtures.source(overlap: minute, delay: 0), mapping: mapping)
        let advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        let checkpoint = IngestionCheckpoint(watermark: base + 30_000)
        let plan = try #require(planner.plan(checkpoint: checkpoint, now: base + 3 * minute))
        #expect(plan.window.lowerBound == base)
        let r = advancer.advance(plan: plan, rows: [row(base + 10_000, "old"), row(base + 30_000, "new")])
        #expect(r.newRows.map { $0.row["username"] } == [.string("new")])
        #expect(r.duplicates == 1)
    }

    @Test func identicalRowsAreCountedNotMerged() throws {
        let advancer = CheckpointAdvancer(database: .events, identity: EventIdentity(), overlapMillis: 5 * minute)
        let plan = PollPlan(source: "s", query: "", window: base..<(base + 10 * minute), isCatchUp: false,
                            checkpoint: IngestionCheckpoint(watermark: base))
        let same = row(base + 9 * minute, "twin")
        let r1 = advancer.advance(plan: plan, rows: [same])
        #expect(r1.newRows.count == 1)
        // The second copy becomes visible later: only it is new.
        let plan2 = PollPlan(source: "s", query: "", window: r1.checkpoint.watermark..<(base + 11 * minute), isCatchUp: false,
                             checkpoint: r1.checkpoint)
        let r2 = advancer.advance(plan: plan2, rows: [same, same])
        #expect(r2.newRows.count == 1)
        #expect(r2.duplicates == 1)
    }

    // MARK: Exactly once, property-tested

    struct Truth {
        var row: IngestRow
        var visibleAt: EpochMillis
        var time: EpochMillis
    }

    /// Random event streams (with identical twins), random late arrival, random poll timings including long gaps,
    /// slow searches, failed polls (retried from the same checkpoint) and restarts from the persisted checkpoint
    /// (through JSON): every event must be delivered exactly once.
    @Test(arguments: [(UInt64(1), false), (2, false), (3, false), (4, true), (5, true), (6, false)])
    func everyEventIsDeliveredExactlyOnce(seed: UInt64, lateBeyondAllowance: Bool) throws {
        var random = SeededRandom(seed: seed)
        let mapping = try Fixtures.mapping()
        let overlap = Int64(1 + Int(random.next() % 6)) * minute
        let delay = Int64(random.next() % 4) * minute + Int64(random.next() % 60_000)
        let maxWindow = overlap + Int64(1 + Int(random.next() % 30)) * minute
        var source = Fixtures.source("prop", overlap: overlap, maxWindow: maxWindow, delay: delay)
        source.initialLookbackMillis = 0
        let span = 6 * EpochMillis.hour
        let start = base + 13_337
        // Late arrival: within the allowance, or (the overlap's job) up to allowance + overlap.
        let maxLateness = lateBeyondAllowance ? delay + overlap : delay
        var truth: [Truth] = []
        let count = 3_000
        for i in 0..<count {
            let t = start + Int64(random.next() % UInt64(span))
            let lateness = Int64(random.next() % UInt64(maxLateness + 1))
            var r: IngestRow = ["starttime": .int(t), "devicetime": .int(t - 250), "qid": .int(Int64(random.next() % 5)),
                                "username": .string("u\(random.next() % 40)"), "sourceip": .string("10.0.\(random.next() % 3).1")]
            if random.next() % 10 == 0, let twin = truth.last { r = twin.row } // identical events, distinct occurrences
            truth.append(Truth(row: r, visibleAt: (r["starttime"]?.int64 ?? t) + lateness, time: r["starttime"]?.int64 ?? t))
            _ = i
        }
        var planner = try PollPlanner(source: source, mapping: mapping)
        var advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        var persisted: Data? = nil
        var checkpoint = IngestionCheckpoint(watermark: Minutes.floor(start))
        var delivered: [[String: IngestValue]] = []
        var deliveredIDs = Set<String>()
        var now = start
        let end = start + span + maxLateness + overlap + 10 * minute
        var polls = 0
        while now < end + maxWindow * 4 {
            polls += 1
            // Random timing: mostly about a minute, sometimes an outage of hours.
            let roll = random.next() % 100
            now += roll < 3 ? Int64(random.next() % UInt64(2 * EpochMillis.hour)) : Int64(random.next() % UInt64(2 * minute))
            if roll >= 3 && roll < 6 {
                // Restart: state comes back only from the persisted checkpoint.
                if let persisted { checkpoint = try JSONDecoder().decode(IngestionCheckpoint.self, from: persisted) }
                planner = try PollPlanner(source: source, mapping: mapping)
                advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
            }
            var didPoll = false
            repeat {
                guard let plan = planner.plan(checkpoint: checkpoint, now: now) else { break }
                // Slow search: it executes some time after planning; rows visible by then are returned. The poller
                // waits for it, so the next poll starts after it (Ariel is append-only: a later search sees at
                // least what an earlier one saw).
                let executedAt = now + Int64(random.next() % UInt64(3 * minute))
                now = executedAt
                if random.next() % 8 == 0 { break } // the poll fails; retried later from the same checkpoint
                var rows = truth.filter { plan.window.contains($0.time) && $0.visibleAt <= executedAt }.map(\.row)
                rows.shuffle(using: &random)
                let result = advancer.advance(plan: plan, rows: rows)
                for r in result.newRows {
                    #expect(deliveredIDs.insert(r.id).inserted, "id \(r.id) delivered twice")
                    delivered.append(r.row)
                }
                #expect(result.checkpoint.watermark >= checkpoint.watermark)
                checkpoint = result.checkpoint
                persisted = try JSONEncoder().encode(checkpoint)
                // Seen ids stay bounded: only rows at or after the watermark, all within one window.
                let bound = truth.filter { $0.time >= checkpoint.watermark && $0.time < plan.window.upperBound }.count
                #expect(checkpoint.seenIDs.count <= bound)
                didPoll = plan.isCatchUp
            } while didPoll
            if polls > 20_000 { break }
        }
        // Exactly once, as multisets of rows (identical twins count separately).
        func key(_ r: IngestRow) -> String {
            r.keys.sorted().map { "\($0)=\(r[$0]!.text ?? "")" }.joined(separator: "|")
        }
        var expected: [String: Int] = [:], got: [String: Int] = [:]
        for t in truth { expected[key(t.row), default: 0] += 1 }
        for r in delivered { got[key(r), default: 0] += 1 }
        #expect(delivered.count == truth.count)
        #expect(got == expected)
    }
}
