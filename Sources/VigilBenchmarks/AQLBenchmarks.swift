import AQL

/// Figures for the AQL library: parse throughput, a filtered GROUP BY over a million synthetic event rows,
/// and a plain filter scan.
public enum AQLBenchmarks {
    /// Typical queries as real clients send them (QRadar saved searches, stix-shifter, demisto, pySigma).
    static let parseMix: [String] = [
        "SELECT * FROM events LAST 10 MINUTES",
        "SELECT sourceip, destinationip, username, protocolid, eventcount FROM events",
        "SELECT QIDNAME(qid) AS qidname, qid, CATEGORYNAME(category) AS categoryname, LOGSOURCENAME(logsourceid) AS logsourcename, starttime, sourceip, destinationip, destinationport, username, UTF8(payload) AS eventpayload FROM events WHERE (sourceip = '192.168.122.83' OR destinationip = '192.168.122.83') limit 10000 last 5 minutes",
        "SELECT \"destinationPort\" AS 'Destination Port', UniqueCount(\"sourceIP\") AS 'Source IP (Unique Count)', MAX(\"magnitude\") AS 'Magnitude (Maximum)', SUM(\"eventCount\") AS 'Event Count (Sum)', COUNT(*) AS 'Count' from events where ( (\"creEventList\"='100120') or (\"creEventList\"='100122') AND \"eventDirection\"='R2L' ) GROUP BY \"destinationPort\" order by \"Event Count (Sum)\" desc last 6 hours",
        "SELECT * FROM events WHERE INCIDR('10.0.0.0/8', sourceip) AND username ILIKE '%admin%' AND destinationport IN (22, 3389, 5985) START '2024-01-31 10:00' STOP '2024-01-31 11:00'",
        "SELECT logsourcename(logsourceid) AS 'MY Log Sources', SUM(eventcount) / 2.0*60*60 AS EPS_Rates FROM events GROUP BY logsourceid ORDER BY EPS_Rates DESC LAST 2 HOURS",
        "SELECT * FROM events WHERE LOWER(UTF8(payload)) LIKE '%mimikatz%' OR LOWER(UTF8(payload)) LIKE '%sekurlsa%'",
        "SELECT username, COUNT(*) AS attempts FROM events WHERE QIDNAME(qid) ILIKE '%failed%' GROUP BY username HAVING attempts > 10 ORDER BY attempts DESC LIMIT 20 LAST 1 HOURS",
    ]

    public static func run(scale: Double) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []

        // 1. Parse throughput.
        let parses = max(1_000, Int(200_000 * scale))
        var sink = 0
        let parseTime = bestOf(3) {
            for i in 0..<parses {
                if let q = try? AQL.parse(parseMix[i % parseMix.count]) { sink &+= q.select.count }
            }
        }
        blackHole(sink)
        let meanBytes = parseMix.reduce(0) { $0 + $1.utf8.count } / parseMix.count
        results.append(BenchmarkResult(name: "AQL parse, typical query mix", value: Double(parses) / parseTime, unit: "queries/s",
                                       detail: "\(parses) parses of \(parseMix.count) queries (mean \(meanBytes) bytes), one core, best of 3"))

        // 2. and 3. Evaluation over synthetic events.
        let rows = max(10_000, Int(1_000_000 * scale))
        let now: Int64 = 1_700_000_000_000
        let table = syntheticEvents(rows: rows, now: now)
        let evaluator = AQLEvaluator(lookups: AQLDefaultLookups(), now: now)
        guard let grouped = try? AQL.parse("""
            SELECT sourceip, COUNT(*) AS c, SUM(eventcount) AS s, MAX(magnitude) AS m FROM events
            WHERE magnitude >= 5 AND destinationport IN (22, 443, 3389) GROUP BY sourceip ORDER BY c DESC LIMIT 10 LAST 2 HOURS
            """), let scan = try? AQL.parse("SELECT sourceip, username FROM events WHERE username = 'user42' LAST 2 HOURS") else {
            return results
        }
        var groups = 0
        let groupTime = bestOf(3) { groups = (try? evaluator.run(grouped, on: table))?.rows.count ?? -1 }
        results.append(BenchmarkResult(name: "AQL filtered GROUP BY over \(rows) events", value: groupTime * 1000, unit: "ms",
                                       detail: "WHERE magnitude >= 5 AND port IN (…) GROUP BY sourceip (1,000 groups), \(groups) rows out, one core, best of 3"))

        var hits = 0
        let scanTime = bestOf(3) { hits = (try? evaluator.run(scan, on: table))?.rows.count ?? -1 }
        results.append(BenchmarkResult(name: "AQL filter scan", value: Double(rows) / scanTime, unit: "rows/s",
                                       detail: "\(rows) rows, WHERE username = 'user42' (\(hits) hits), one core, best of 3"))
        return results
    }

    /// Time-sorted synthetic events over the last hour: 1,000 source IPs, 5,000 users.
    static func syntheticEvents(rows: Int, now: Int64) -> AQLMemoryTable {
        var rng: UInt64 = 0x5EED
        func next() -> UInt64 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return rng >> 33
        }
        let ips: [AQLValue] = (0..<1000).map { .string("10.\($0 / 250).\($0 % 250).\(($0 * 7) % 250)") }
        let users: [AQLValue] = (0..<5000).map { .string("user\($0)") }
        let ports: [AQLValue] = [22, 53, 80, 443, 445, 3389, 8080, 23456].map { AQLValue.long($0) }
        var start: [AQLValue] = [], source: [AQLValue] = [], port: [AQLValue] = [], user: [AQLValue] = []
        var qid: [AQLValue] = [], magnitude: [AQLValue] = [], count: [AQLValue] = []
        start.reserveCapacity(rows); source.reserveCapacity(rows); port.reserveCapacity(rows); user.reserveCapacity(rows)
        qid.reserveCapacity(rows); magnitude.reserveCapacity(rows); count.reserveCapacity(rows)
        let span: Int64 = 3_600_000
        for i in 0..<rows {
            start.append(.long(now - span + Int64(i) * span / Int64(rows)))
            source.append(ips[Int(next() % 1000)])
            port.append(ports[Int(next() % 8)])
            user.append(users[Int(next() % 5000)])
            qid.append(.long(Int64(1000 + next() % 50)))
            magnitude.append(.long(Int64(next() % 10)))
            count.append(.long(Int64(1 + next() % 3)))
        }
        return AQLMemoryTable(database: "events",
                              columnNames: ["starttime", "sourceip", "destinationport", "username", "qid", "magnitude", "eventcount"],
                              columnMajor: [start, source, port, user, qid, magnitude, count])
    }
}
