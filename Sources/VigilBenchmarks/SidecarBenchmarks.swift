import Analytics
import Dispatch
import EmulatorEngine
import Foundation
import Governance
import Logging
import QRadarClient
import QRadarEmulator
import Sidecar
import SidecarConfig
import Simulation
import Storage
import Triage
import VigilCore
import WriteBack
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sidecar as a whole (issue 7): end-to-end throughput from a QRadar emulator over HTTP to findings written
/// back, the pipeline alone, the lag of live events and findings, and resident memory for large populations.
///
/// Everything runs in this process: the emulator (Hummingbird on 127.0.0.1), the sidecar's real services (Ariel
/// ingestion, the offense follower, write-back), a SQLite store in a temporary directory. The two share the cores.
public enum SidecarBenchmarks {
    /// Throughput (shadow and assist), the pipeline-only rate and the live lag.
    /// - Parameter scale: 1.0 simulates 300 people: 14 days of history, and the campaign day with the most attack
    ///   events held back and fed live for 60 s (both the people and the live seconds scale).
    public static func run(scale: Double) -> [BenchmarkResult] {
        let people = max(30, Int((300 * scale).rounded()))
        let live = max(20.0, 60 * scale)
        let before = loadAverage()
        var results = EmulatorBenchmarks.blocking {
            do {
                return try await endToEnd(people: people, liveSeconds: live)
            } catch {
                return [BenchmarkResult(name: "Sidecar end to end FAILED", value: 0, unit: "", detail: "\(error)")]
            }
        }
        results.append(BenchmarkResult(name: "Machine load average (1 min) at the end of the sidecar runs", value: Double(loadAverage().split(separator: " ").first ?? "") ?? 0,
                                       unit: "", detail: "/proc/loadavg before: \(before); after: \(loadAverage())"))
        return results
    }

    /// The first three fields of /proc/loadavg ("" where unavailable).
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Resident memory of the pipeline's in-memory state (privacy gate + detection engine + the pipeline's pseudonym
    /// cache) for `100,000 × scale` users. Run it in its own process (`vigil bench --only sidecar-memory`) so the
    /// resident set is not swollen by other areas.
    public static func memory(scale: Double) -> [BenchmarkResult] {
        memory(users: max(1_000, Int((100_000 * scale).rounded())))
    }

    // MARK: - Setup shared by the phases

    static let token = "sidecar-bench-token"
    static let pseudonymKey = String(repeating: "p", count: 40)
    static let vaultKeyHex = String(repeating: "5a", count: 32)

    struct BenchFailure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func quiet(_ label: String) -> Logger {
        var l = Logger(label: label)
        l.logLevel = .critical
        return l
    }

    /// The configuration through the real loader, as `vigil serve` reads it.
    static func configuration(url: String, syslogPort: Int?, mode: RolloutMode, storePath: String, lookbackHours: Int64) throws -> SidecarConfiguration {
        var yaml = """
            qradar:
              url: \(url)
              token_env: BENCH_QRADAR_TOKEN
              timeout: 30s

            """
        if let syslogPort {
            yaml += """
                  syslog:
                    host: 127.0.0.1
                    port: \(syslogPort)
                    transport: tcp

                """
        }
        yaml += """
            sources:
              - name: events
                database: events
                max_window: 12h
                poll_interval: 1s
                ingestion_delay: 0s
                initial_lookback: \(lookbackHours)h
              - name: flows
                database: flows
                max_window: 12h
                poll_interval: 1s
                ingestion_delay: 0s
                initial_lookback: \(lookbackHours)h
            offenses:
              enabled: true
              poll_interval: 1s
            rollout:
              mode: \(mode.rawValue)
            privacy:
              keys:
                - version: 1
                  secret_env: BENCH_PSEUDONYM_KEY
              vault_key_env: BENCH_VAULT_KEY
            storage:
              url: sqlite:\(storePath)
            api:
              host: 127.0.0.1
              port: 0
            analytics:
              warmup: 7d

            """
        return try SidecarConfigLoader.parse(
            yaml: yaml, baseDirectory: FileManager.default.temporaryDirectory.path,
            environment: ["BENCH_QRADAR_TOKEN": token, "BENCH_PSEUDONYM_KEY": pseudonymKey, "BENCH_VAULT_KEY": vaultKeyHex])
    }

    /// One Ariel JSONL line of the simulation with the times the sidecar reads.
    struct Line: Sendable {
        var text: String
        var start: EpochMillis
        var id: String
    }

    static let timeKeys = ["\"starttime\":", "\"devicetime\":", "\"endtime\":", "\"firstpackettime\":", "\"lastpackettime\":"]

    static func numberAfter(_ key: String, in s: String) -> (Range<String.Index>, Int64)? {
        guard let k = s.range(of: key) else { return nil }
        var end = k.upperBound
        while end < s.endIndex, s[end].isNumber || s[end] == "-" { end = s.index(after: end) }
        guard let v = Int64(s[k.upperBound..<end]) else { return nil }
        return (k.upperBound..<end, v)
    }

    static func parse(line: Substring) -> Line? {
        let s = String(line)
        guard let (_, start) = numberAfter("\"starttime\":", in: s) else { return nil }
        var id = ""
        if let r = s.range(of: "\"Vigil Event ID\":\"") {
            let rest = s[r.upperBound...]
            if let q = rest.firstIndex(of: "\"") { id = String(rest[..<q]) }
        }
        return Line(text: s, start: start, id: id)
    }

    /// The line with every time moved by `shift` milliseconds (gaps between its times kept).
    static func retimed(_ line: Line, shift: Int64) -> String {
        var s = line.text
        for key in timeKeys {
            guard let (range, v) = numberAfter(key, in: s) else { continue }
            s.replaceSubrange(range, with: String(v + shift))
        }
        return s
    }

    static func percentile(_ sorted: [Int64], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count - 1)).rounded())
        return Double(sorted[min(sorted.count - 1, max(0, rank))])
    }

    // MARK: - End to end

    static func endToEnd(people: Int, liveSeconds: Double) async throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        let now = SystemEpochClock().now()
        let historyDays = 14
        let start = (now / EpochMillis.hour) * EpochMillis.hour - Int64(historyDays + 1) * EpochMillis.day
        // Sixteen simulated days ending a day from now: the last (in the future) is dropped; of the 15 before it, the
        // campaign day with the most attack events is fed live (re-timed to the wall clock), the other 14 are history.
        // (The simulator ends a campaign the day before its last day, hence the extra day.)
        let historyEnd = start + Int64(historyDays + 1) * EpochMillis.day
        let simConfig = SimulationConfig(users: people, days: historyDays + 2, seed: 21, scenario: "campaign", start: start, attackStartDay: 8)
        var attacksPerDay = [Int](repeating: 0, count: historyDays + 2)
        for e in try Simulator(config: simConfig).events() where e.truth?.isMalicious == true {
            attacksPerDay[Int((e.event.time - start) / EpochMillis.day)] += 1
        }
        var liveDay = historyDays
        for d in stride(from: historyDays, through: 1, by: -1) where attacksPerDay[d] > attacksPerDay[liveDay] { liveDay = d }
        let liveDays = (start + Int64(liveDay) * EpochMillis.day)..<(start + Int64(liveDay + 1) * EpochMillis.day)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sidecar-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let simDirectory = root + "/sim"
        _ = try Simulator.run(config: simConfig, outputDirectory: simDirectory)

        // The 14 history days go into the emulator before the sidecar starts; the held-back day is fed live later.
        var history = ""
        var liveLines: [Line] = []
        for file in ["ariel/events.jsonl", "ariel/flows.jsonl"] {
            let text = try String(contentsOfFile: simDirectory + "/" + file, encoding: .utf8)
            for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
                guard let line = parse(line: raw) else { continue }
                if liveDays.contains(line.start) {
                    liveLines.append(line)
                } else if line.start < historyEnd {
                    history += line.text
                    history += "\n"
                }
            }
        }
        liveLines.sort { $0.start < $1.start }

        let emulatorConfiguration = EmulatorConfiguration(
            host: "127.0.0.1", port: 0, tokens: [token: "vigil"], dataDirectory: nil, tls: .disabled,
            syslogTCPPort: 0, faults: .none, seed: 7, logger: quiet("bench.emulator"))
        let api = try makeEmulatorAPI(configuration: emulatorConfiguration)
        let loaded = try api.engine.load(jsonLines: history)
        history = ""
        if let bytes = FileManager.default.contents(atPath: simDirectory + "/context/qradar-assets.json"),
           case .array(let assets)? = try? JSONDecoder().decode(JSONValue.self, from: bytes) {
            try api.engine.addAssets(assets)
        }
        let historyRows = loaded.events + loaded.flows

        let (ready, readyContinuation) = AsyncStream.makeStream(of: EmulatorEndpoints.self)
        let app = try buildEmulator(api: api, configuration: emulatorConfiguration) { endpoints in
            readyContinuation.yield(endpoints)
            readyContinuation.finish()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else { throw BenchFailure("the emulator did not start") }
            let lookback = (SystemEpochClock().now() - start) / EpochMillis.hour + 2
            let simNote = "\(people) people × \(historyDays) days (campaign), \(loaded.events) events + \(loaded.flows) flows"
            let liveNote = "live: simulated day \(liveDay) (\(attacksPerDay[liveDay]) attack events)"
            for mode in [RolloutMode.shadow, .assist] {
                let storePath = root + "/sidecar-\(mode.rawValue).db"
                let c = try configuration(url: endpoints.baseURL, syslogPort: endpoints.syslogTCPPort, mode: mode,
                                          storePath: storePath, lookbackHours: lookback)
                let r = try await sidecarRun(configuration: c, storePath: storePath, historyRows: historyRows,
                                             live: mode == .assist ? (api, liveLines, liveSeconds, liveNote) : nil, simNote: simNote)
                results += r
            }
            results += try await pipelineOnly(simConfig: simConfig, historyEnd: historyEnd, excluding: liveDays, root: root, lookback: lookback)
            return results
        }
    }

    /// Catches one sidecar up on the history, with its real services running; in assist mode then feeds the live day.
    static func sidecarRun(configuration c: SidecarConfiguration, storePath: String, historyRows: Int,
                           live: (EmulatorAPI, [Line], Double, String)?, simNote: String) async throws -> [BenchmarkResult] {
        let store = try SQLiteStore(path: storePath)
        let client = try QRadarClient(configuration: SidecarRuntime.clientConfiguration(c), logger: quiet("bench.client"))
        let assembly = try SidecarAssembly(configuration: c, store: store, client: client, logger: quiet("bench.sidecar"))
        let mode = c.rollout.mode
        var results: [BenchmarkResult] = []
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                defer { group.cancelAll() }
                if let sender = assembly.leefSender { group.addTask { try await sender.run() } }
                let t0 = monotonicNanos()
                group.addTask { try await assembly.ariel.run() }
                if let offenses = assembly.offenses { group.addTask { try await offenses.run() } }
                group.addTask { try await WriteBackService(executor: assembly.writeBack, logger: quiet("bench.writeback")).run() }

                // Caught up: every history row read (or rejected) by the Ariel sources.
                let deadline = t0 + 1_800 * 1_000_000_000
                // If some rows are never read (which would be a bug), the time of the last progress before 15 s of
                // standstill counts, and the detail says how many rows were read.
                var caughtUp: UInt64 = 0
                var lastRead = 0
                var lastChange = t0
                var read = 0
                while monotonicNanos() < deadline {
                    read = await ingested(assembly)
                    let now = monotonicNanos()
                    if read >= historyRows { caughtUp = now; break }
                    if read != lastRead { lastRead = read; lastChange = now }
                    if read > 0, now - lastChange > 15_000_000_000 { caughtUp = lastChange; break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                guard caughtUp > 0 else { throw BenchFailure("\(mode.rawValue): not caught up after 30 minutes") }
                while monotonicNanos() < deadline {
                    if try await store.entries(in: .pending).isEmpty { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                let drained = monotonicNanos()
                let counters = await assembly.pipeline.counters
                let stats = await assembly.writeBack.stats
                let catchUpSeconds = Double(caughtUp - t0) / 1e9
                let totalSeconds = Double(drained - t0) / 1e9
                results.append(BenchmarkResult(
                    name: "Sidecar end to end, \(mode.rawValue) mode: history caught up and write-back drained", value: Double(historyRows) / totalSeconds,
                    unit: "events/s",
                    detail: "\(simNote); \(read) rows committed; \(String(format: "%.1f", totalSeconds)) s (\(String(format: "%.1f", catchUpSeconds)) s to the last batch committed); \(counters.batches) batches, \(counters.findings) findings, \(counters.writesPlanned) writes planned, \(stats.done) done, \(stats.failed) failed"))

                if case let (api, lines, seconds, note)? = live {
                    results += try await liveLag(assembly: assembly, store: store, api: api, lines: lines, seconds: seconds, note: note)
                }
            }
        } catch {
            try? await assembly.actions.shutdown()
            try? await client.shutdown()
            throw error
        }
        try? await assembly.actions.shutdown()
        try await client.shutdown()
        return results
    }

    /// Rows the pipeline has committed so far (events plus rows rejected by normalization); the status board counts
    /// rows when they are read, before their batch commits, so it is not used here.
    static func ingested(_ assembly: SidecarAssembly) async -> Int {
        let c = await assembly.pipeline.counters
        return c.events + c.rejected
    }

    // MARK: - Live lag

    /// Feeds the live day into the emulator at a steady rate with start times from the wall clock while the sidecar's
    /// services run, then measures per-event ingestion lag and per-finding write-back lag.
    static func liveLag(assembly: SidecarAssembly, store: SQLiteStore, api: EmulatorAPI, lines: [Line], seconds: Double, note: String) async throws -> [BenchmarkResult] {
        guard !lines.isEmpty else { return [] }
        let clock = SystemEpochClock()
        let before = await ingested(assembly)
        let liveStart = clock.now()
        let tick = 0.1
        let ticks = max(1, Int(seconds / tick))
        var arrival: [String: EpochMillis] = [:]
        arrival.reserveCapacity(lines.count)
        var index = 0
        var fed = 0
        let t0 = monotonicNanos()
        for k in 0..<ticks {
            let due = t0 + UInt64(Double(k) * tick * 1e9)
            let nowNanos = monotonicNanos()
            if due > nowNanos { try await Task.sleep(for: .nanoseconds(Int64(due - nowNanos))) }
            let upto = k == ticks - 1 ? lines.count : min(lines.count, (k + 1) * lines.count / ticks)
            guard upto > index else { continue }
            let now = clock.now()
            var chunk = ""
            for line in lines[index..<upto] {
                chunk += retimed(line, shift: now - line.start)
                chunk += "\n"
                if !line.id.isEmpty { arrival[line.id] = now }
            }
            let summary = try api.engine.load(jsonLines: chunk)
            fed += summary.events + summary.flows
            index = upto
        }
        let feedSeconds = Double(monotonicNanos() - t0) / 1e9

        // Wait for the sidecar to read every live row and drain its writes.
        let deadline = monotonicNanos() + 120 * 1_000_000_000
        while monotonicNanos() < deadline, await ingested(assembly) - before < fed {
            try await Task.sleep(for: .milliseconds(50))
        }
        while monotonicNanos() < deadline, !(try await store.entries(in: .pending).isEmpty) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let read = await ingested(assembly) - before

        // Per-event ingestion lag: the input-batch audit record (written when the batch commits) minus arrival.
        var eventLags: [Int64] = []
        for r in try await store.auditRecords(from: liveStart, to: .max) where r.kind == .inputBatch {
            guard let object = try? JSONSerialization.jsonObject(with: Data(r.payload.utf8)) as? [String: Any],
                  let ids = object["eventIDs"] as? [String] else { continue }
            for id in ids { if let a = arrival[id] { eventLags.append(r.time - a) } }
        }
        eventLags.sort()

        // Per-finding lag: first write-back done − arrival of the newest live evidence event; and finding recorded − the same.
        var writeLags: [Int64] = []
        var recordLags: [Int64] = []
        var liveFindings = 0
        for f in try await store.findings(FindingQuery(from: liveStart - EpochMillis.day, limit: 100_000)) {
            guard let doc = try? JSONDecoder().decode(FindingDocument.self, from: Data(f.body.utf8)) else { continue }
            guard let newest = doc.report.evidence.compactMap({ arrival[$0] }).max() else { continue }
            liveFindings += 1
            recordLags.append(f.updatedAt - newest)
            var firstDone: EpochMillis?
            for w in doc.writes where w != .record {
                if let e = try await store.entry(forKey: WriteTask.key(findingID: f.id, write: w)), e.state == .done {
                    firstDone = min(firstDone ?? .max, e.updatedAt)
                }
            }
            if let firstDone { writeLags.append(firstDone - newest) }
        }
        writeLags.sort()
        recordLags.sort()

        let rate = Double(fed) / feedSeconds
        let feedNote = "\(note); \(fed) live rows fed at \(Int(rate.rounded())) rows/s for \(String(format: "%.0f", feedSeconds)) s, start time = wall clock; \(read) read"
        var out: [BenchmarkResult] = []
        if !eventLags.isEmpty {
            out.append(BenchmarkResult(name: "Sidecar live per-event ingestion lag, median (arrival in QRadar → batch committed)",
                                       value: percentile(eventLags, 0.5), unit: "ms", detail: "\(eventLags.count) events; \(feedNote); poll_interval 1s, ingestion_delay 0s"))
            out.append(BenchmarkResult(name: "Sidecar live per-event ingestion lag, p99", value: percentile(eventLags, 0.99), unit: "ms",
                                       detail: "max \(eventLags.last!) ms"))
        }
        if !writeLags.isEmpty {
            out.append(BenchmarkResult(name: "Sidecar live per-finding lag, median (newest evidence arrival → first write-back done in QRadar)",
                                       value: percentile(writeLags, 0.5), unit: "ms",
                                       detail: "\(writeLags.count) findings with a completed write (\(liveFindings) live findings); assist mode, write-back service interval 1s"))
            out.append(BenchmarkResult(name: "Sidecar live per-finding lag, p99", value: percentile(writeLags, 0.99), unit: "ms",
                                       detail: "max \(writeLags.last!) ms; with \(writeLags.count) findings p99 is the \(writeLags.count < 100 ? "maximum or near it" : "99th percentile")"))
        } else {
            out.append(BenchmarkResult(name: "Sidecar live per-finding lag", value: 0, unit: "findings",
                                       detail: "no live finding with a completed write-back (\(liveFindings) live findings)"))
        }
        if !recordLags.isEmpty {
            out.append(BenchmarkResult(name: "Sidecar live per-finding lag to the finding being recorded, median", value: percentile(recordLags, 0.5), unit: "ms",
                                       detail: "\(recordLags.count) findings; p99 \(Int(percentile(recordLags, 0.99))) ms, max \(recordLags.last!) ms"))
        }
        return out
    }

    // MARK: - Pipeline only

    /// `SidecarPipeline.ingest` fed the simulator's already-normalized events in the same 12-hour windows the
    /// catch-up reads: no HTTP, no Ariel search, no normalization; pseudonymisation, models, findings, audit and
    /// store included (a SQLite file in the temporary directory).
    static func pipelineOnly(simConfig: SimulationConfig, historyEnd: EpochMillis, excluding: Range<EpochMillis>, root: String, lookback: Int64) async throws -> [BenchmarkResult] {
        let simulator = try Simulator(config: simConfig)
        var batches: [IngestBatch] = []
        var current: [Event] = []
        let window = 12 * EpochMillis.hour
        var windowStart = simConfig.start
        var total = 0
        func close() {
            batches.append(IngestBatch(events: current, parts: [IngestBatch.Part(source: "ariel:events", eventIDs: current.map(\.id),
                                                                                 window: windowStart..<(windowStart + window))],
                                       completeUntil: windowStart + window))
            total += current.count
            current = []
            windowStart += window
        }
        for e in simulator.events() {
            guard e.event.time < historyEnd else { break }
            if excluding.contains(e.event.time) { continue }
            while e.event.time >= windowStart + window { close() }
            current.append(e.event)
        }
        while windowStart < historyEnd { close() }

        var results: [BenchmarkResult] = []
        for mode in [RolloutMode.shadow, .assist] {
            let storePath = root + "/pipeline-\(mode.rawValue).db"
            let c = try configuration(url: "http://127.0.0.1:9", syslogPort: nil, mode: mode, storePath: storePath, lookbackHours: lookback)
            let store = try SQLiteStore(path: storePath)
            let client = try QRadarClient(configuration: SidecarRuntime.clientConfiguration(c), logger: quiet("bench.client"))
            let assembly = try SidecarAssembly(configuration: c, store: store, client: client, logger: quiet("bench.sidecar"))
            let t0 = monotonicNanos()
            for b in batches { _ = try await assembly.pipeline.ingest(b) }
            let seconds = Double(monotonicNanos() - t0) / 1e9
            let counters = await assembly.pipeline.counters
            try? await assembly.actions.shutdown()
            try await client.shutdown()
            results.append(BenchmarkResult(
                name: "Sidecar pipeline only (SidecarPipeline.ingest, pre-normalized events), \(mode.rawValue) mode", value: Double(total) / seconds,
                unit: "events/s",
                detail: "\(total) simulator events in \(batches.count) 12-hour batches, \(String(format: "%.1f", seconds)) s; \(counters.findings) findings, \(counters.writesPlanned) writes planned (not executed); SQLite file store"))
        }
        return results
    }

    // MARK: - Memory

    /// VmRSS and VmHWM from /proc/self/status, bytes (0 where unavailable).
    static func procStatus() -> (rss: Int, hwm: Int) {
        guard let f = fopen("/proc/self/status", "r") else { return (0, 0) }
        defer { fclose(f) }
        var rss = 0, hwm = 0
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, 512, f) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let kb = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
            if line.hasPrefix("VmRSS:") { rss = kb * 1024 }
            if line.hasPrefix("VmHWM:") { hwm = kb * 1024 }
        }
        return (rss, hwm)
    }

    /// Two working days of events for `users` people (12 events each a day: VPN for remote workers, logons, web,
    /// file shares and applications, processes, Kerberos tickets, a few failed logons) through the privacy gate and
    /// the detection engine (behavioural analytics + the four network/infrastructure detectors), as the pipeline
    /// runs them, keeping the pipeline's cache of sealed pseudonyms too.
    static func memory(users: Int) -> [BenchmarkResult] {
        let org = AnalyticsBenchmarks.organisation(users: users, seed: 3)
        var template = AnalyticsBenchmarks.dayTemplate(org, perUser: 12, seed: 4)
        guard let c = try? configuration(url: "http://127.0.0.1:9", syslogPort: nil, mode: .shadow, storePath: "/tmp/vigil-bench-unused.db", lookbackHours: 24),
              let keyRing = try? c.privacy.makeKeyRing() else {
            return [BenchmarkResult(name: "Sidecar memory FAILED", value: 0, unit: "", detail: "configuration")]
        }
        let before = procStatus()
        let analyticsConfiguration: AnalyticsConfiguration = {
            var a = AnalyticsConfiguration()
            a.learningDays = 7
            return a
        }()
        let gate = PrivacyGate(pseudonymizer: Pseudonymizer(keyRing: keyRing), policy: c.privacy.policy)
        var core = TriageCore(gate: gate, analytics: analyticsConfiguration, directory: nil, defaultTimeZone: .utc, policy: c.rollout)
        var sealed = 0
        var shift = AnalyticsBenchmarks.start
        var events = 0
        var signals = 0
        let t0 = monotonicNanos()
        for _ in 0..<2 {
            var batch: [Event] = []
            batch.reserveCapacity(5_000)
            func run(until: EpochMillis?) {
                let prepared = core.prepare(batch)
                sealed += prepared.unsealed.count
                signals += core.ingest(prepared, completeUntil: until, now: 0).signals.count
                batch.removeAll(keepingCapacity: true)
            }
            for j in template.indices {
                var e = template[j]
                e.time += shift
                batch.append(e)
                if batch.count == 5_000 { run(until: nil) }
            }
            run(until: shift + EpochMillis.day)
            events += template.count
            shift += EpochMillis.day
        }
        let seconds = Double(monotonicNanos() - t0) / 1e9
        let after = procStatus()
        template = []
        let m = core.engine.analytics.memory
        blackHole(sealed + signals)
        let mb = { (b: Int) in Double(b) / 1_048_576 }
        return [
            BenchmarkResult(name: "Sidecar pipeline resident memory, \(users) users (VmRSS after)", value: mb(after.rss), unit: "MiB",
                            detail: "whole process after \(events) events over 2 days (\(Int(Double(events) / seconds)) events/s through the triage core); VmRSS before the core existed \(String(format: "%.0f", mb(before.rss))) MiB (the event template already allocated), growth \(String(format: "%.0f", mb(after.rss - before.rss))) MiB; VmHWM \(String(format: "%.0f", mb(after.hwm))) MiB"),
            BenchmarkResult(name: "Sidecar pipeline memory growth per user, \(users) users", value: Double(after.rss - before.rss) / Double(users), unit: "bytes/user",
                            detail: "\(m.entities) analytics entities (users, hosts, addresses…), \(sealed) pseudonyms sealed"),
            BenchmarkResult(name: "BehaviouralAnalytics.memory, \(users) users", value: Double(m.totalBytes) / Double(max(1, m.entities)), unit: "bytes/entity",
                            detail: "\(m.entities) entities, \(String(format: "%.0f", mb(m.totalBytes))) MiB summed capacities (baselines \(m.baselineBytes / 1_048_576) MiB, index \(m.indexBytes / 1_048_576) MiB, shared \(m.sharedBytes / 1_048_576) MiB); \(m.bytesPerEntity) B per baseline as configured"),
        ]
    }
}
