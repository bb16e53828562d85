#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AQL
@testable import Ingestion
import Testing
import VigilCore

@Suite struct PollPlannerTests {
    let minute = EpochMillis.minute

    @Test func windowCoversExactlyTheWholeMinutesUnderQRadarRounding() throws {
        let planner = try PollPlanner(source: Fixtures.source(delay: 2 * minute), mapping: Fixtures.mapping())
        // Watermark and now deliberately not on minute boundaries.
        let base: EpochMillis = 1_789_999_980_000 // a whole minute (divisible by 60 000)
        #expect(base % minute == 0)
        let checkpoint = IngestionCheckpoint(watermark: base + 17_345)
        let now = base + 10 * minute + 42_000
        let plan = try #require(planner.plan(checkpoint: checkpoint, now: now))
        // Start floors to the watermark's minute (re-reads, never skips); stop floors to now − delay.
        #expect(plan.window == (base)..<(base + 8 * minute))
        // The AQL module's QRadar semantics (START rounds down, STOP up to the end of its minute) give the same range.
        #expect(try Fixtures.evaluatedWindow(plan.query) == plan.window)
        #expect(plan.query.hasSuffix("START \(base) STOP \(base + 8 * minute - 1)"))
        #expect(!plan.isCatchUp)
    }

    @Test func nothingIsPlannedUntilAWholeCompleteMinuteLiesPastTheWatermark() throws {
        let planner = try PollPlanner(source: Fixtures.source(delay: 2 * minute), mapping: Fixtures.mapping())
        let w: EpochMillis = 1_789_999_980_000
        let checkpoint = IngestionCheckpoint(watermark: w)
        // now − delay is 59.999 s past the watermark: not one whole minute yet.
        #expect(planner.plan(checkpoint: checkpoint, now: w + 2 * minute + 59_999) == nil)
        let plan = try #require(planner.plan(checkpoint: checkpoint, now: w + 3 * minute))
        #expect(plan.window == w..<(w + minute))
    }

    @Test func aLongOutageIsReadInBoundedCatchUpWindows() throws {
        let source = Fixtures.source(overlap: 5 * minute, maxWindow: 30 * minute, delay: 2 * minute)
        let mapping = try Fixtures.mapping()
        let planner = try PollPlanner(source: source, mapping: mapping)
        let advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        let start: EpochMillis = 1_789_999_980_000
        var checkpoint = IngestionCheckpoint(watermark: start)
        let now = start + 3 * EpochMillis.hour + 2 * minute // three hours of outage
        var windows: [Range<EpochMillis>] = []
        while let plan = planner.plan(checkpoint: checkpoint, now: now) {
            #expect(plan.window.count <= 30 * Int(minute))
            #expect(plan.window.lowerBound == checkpoint.watermark)
            windows.append(plan.window)
            checkpoint = advancer.advance(plan: plan, rows: []).checkpoint
            if !plan.isCatchUp || windows.count > 100 { break }
        }
        // Every window but the last says "catch up"; together they reach now − delay.
        #expect(windows.last?.upperBound == start + 3 * EpochMillis.hour)
        // Consecutive windows overlap by exactly the overlap and leave no gap.
        for (a, b) in zip(windows, windows.dropFirst()) {
            #expect(b.lowerBound == a.upperBound - 5 * minute)
        }
        // Each poll advances 25 minutes: 180 minutes need ceil((180 − 30) / 25) + 1 = 7 polls.
        #expect(windows.count == 7)
    }

    @Test func catchUpFlagAndNextPollTime() throws {
        let planner = try PollPlanner(source: Fixtures.source(maxWindow: 10 * minute, delay: 0), mapping: Fixtures.mapping())
        let start: EpochMillis = 1_789_999_980_000
        let plan = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: start), now: start + 60 * minute))
        #expect(plan.isCatchUp)
        #expect(planner.nextPollTime(after: plan, finishedAt: 5) == 5)
        let recent = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: start), now: start + 4 * minute))
        #expect(!recent.isCatchUp)
        #expect(planner.nextPollTime(after: recent, finishedAt: 5) == 5 + planner.source.pollIntervalMillis)
    }

    @Test func overlapIsRoundedUpToWholeMinutes() throws {
        let planner = try PollPlanner(source: Fixtures.source(overlap: 90_000), mapping: Fixtures.mapping())
        #expect(planner.overlapMillis == 2 * minute)
    }

    @Test func newSourceStartsAtTheInitialLookback() throws {
        var source = Fixtures.source(delay: minute)
        source.initialLookbackMillis = 15 * minute
        let planner = try PollPlanner(source: source, mapping: Fixtures.mapping())
        let now: EpochMillis = 1_789_999_980_000 + 30_000
        let plan = try #require(planner.plan(checkpoint: nil, now: now))
        #expect(plan.window == (1_789_999_980_000 - 16 * minute)..<(1_789_999_980_000 - minute))
    }

    @Test func defaultQueriesValidateForEventsAndFlows() throws {
        let mapping = try Fixtures.mapping()
        for db in ArielDatabase.allCases {
            let planner = try PollPlanner(source: Fixtures.source(database: db), mapping: mapping)
            #expect(!planner.isAggregate)
            let plan = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: 0), now: 10 * minute))
            let validator = AQLValidator(customProperties: mapping.allCustomProperties)
            #expect(validator.validate(text: plan.query).filter { $0.severity == .error }.isEmpty)
            let columns = validator.resultColumns(of: try AQL.parse(plan.query)).map { $0.name.lowercased() }
            #expect(columns.contains("starttime"))
            if db == .events {
                for c in ["qidname", "categoryname", "logsourcename", "protocolname", "logon type", "vigil event id", "username"] {
                    #expect(columns.contains(c), "missing \(c)")
                }
            } else {
                for c in ["flowid", "firstpackettime", "sourcebytes", "destinationbytes", "sourcepackets", "protocolname"] {
                    #expect(columns.contains(c), "missing \(c)")
                }
                #expect(!columns.contains("logon type"))
            }
        }
    }

    @Test func adminFilterIsUsedAsTheWhereClause() throws {
        let planner = try PollPlanner(source: Fixtures.source(filter: "CATEGORYNAME(category) ILIKE '%login%' AND \"Logon Type\" = '10'"),
                                      mapping: Fixtures.mapping())
        let plan = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: 0), now: 10 * minute))
        let where_ = try #require(try AQL.parse(plan.query).where)
        #expect(AQL.print(where_).contains("ILIKE"))
    }

    @Test(arguments: [
        ("SELECT starttime, FROM events", "invalid AQL"),
        ("SELECT starttime FROM flows", "declared for 'events'"),
        ("SELECT starttime FROM events LAST 5 MINUTES", "time clause"),
        ("SELECT starttime FROM events LIMIT 10", "LIMIT"),
        ("SELECT starttime, \"No Such Property\" FROM events", "does not validate"),
        ("SELECT qid, username FROM events", "must select 'starttime'"),
    ])
    func badTemplatesFailAtStartNamingTheSource(select: String, expected: String) throws {
        let mapping = try Fixtures.mapping()
        #expect {
            _ = try PollPlanner(source: Fixtures.source("ariel:vpn-logins", select: select), mapping: mapping)
        } throws: { error in
            guard let e = error as? IngestionConfigurationError else { return false }
            return e.source == "ariel:vpn-logins" && e.description.contains("ariel:vpn-logins") && e.message.contains(expected)
        }
    }

    @Test func overlapMustLeaveRoomToAdvance() throws {
        #expect(throws: IngestionConfigurationError.self) {
            _ = try PollPlanner(source: Fixtures.source(overlap: 10 * minute, maxWindow: 10 * minute), mapping: Fixtures.mapping())
        }
    }

    @Test func aggregatingTemplatesReadAdjacentWindowsWithoutOverlap() throws {
        let mapping = try Fixtures.mapping()
        let select = "SELECT username, COUNT(*) AS attempts FROM events WHERE QIDNAME(qid) ILIKE '%fail%' GROUP BY username"
        let planner = try PollPlanner(source: Fixtures.source(select: select), mapping: mapping)
        #expect(planner.isAggregate)
        #expect(planner.overlapMillis == 0)
        let advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        let p1 = try #require(planner.plan(checkpoint: IngestionCheckpoint(watermark: 0), now: 20 * minute))
        let rows: [IngestRow] = [["username": .string("alice"), "attempts": .int(3)]]
        let a1 = advancer.advance(plan: p1, rows: rows)
        #expect(a1.newRows.count == 1)
        #expect(a1.checkpoint.watermark == p1.window.upperBound)
        let p2 = try #require(planner.plan(checkpoint: a1.checkpoint, now: 40 * minute))
        #expect(p2.window.lowerBound == p1.window.upperBound)
        // The same aggregate values in another window are another row.
        #expect(advancer.advance(plan: p2, rows: rows).newRows.first?.id != a1.newRows.first?.id)
    }
}

@Suite struct SourceDefinitionTests {
    @Test func configurationKeysDefaultWhenLeftOut() throws {
        let json = #"{"name": "ariel:vpn", "database": "events", "filter": "CATEGORYNAME(category) ILIKE '%remote access%'", "overlapMillis": 120000}"#
        let s = try JSONDecoder().decode(SourceDefinition.self, from: Data(json.utf8))
        let defaults = SourceDefinition(name: "ariel:vpn")
        #expect(s.overlapMillis == 120_000)
        #expect(s.filter == "CATEGORYNAME(category) ILIKE '%remote access%'")
        #expect(s.maxWindowMillis == defaults.maxWindowMillis && s.mapping == "default" && s.select == nil)
        #expect(try JSONDecoder().decode(SourceDefinition.self, from: try JSONEncoder().encode(s)) == s)
    }
}
