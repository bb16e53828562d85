import Analytics
import Foundation
import Ingestion
import SidecarConfig
import Simulation
import Triage
import VigilCore

/// `vigil eval --dataset DIR`: real, public Windows attack logs (converted to the Ariel rows QRadar holds after its
/// Windows DSMs; docs/REALDATA.md) placed inside a simulated enterprise's background and run through the same
/// triage core `vigil serve` runs. Each attack sample is one EVTX file of one ATT&CK technique; the question per
/// sample is whether Vigil raised a finding on the right user or host, and whether any signal cited its events.
public struct RealDataConfig: Sendable {
    /// The converted dataset (`manifest.json`, `samples/`, `benign/`).
    public var dataset: String
    /// Which half to report: `report` (never tuned on), `tune`, or `all`.
    public var split: String
    public var users: Int
    public var days: Int
    public var warmupDays: Int
    public var seed: UInt64
    /// Give Vigil the directory file (as the simulated HR system exports it).
    public var useDirectory: Bool
    /// The sidecar configuration whose core is evaluated; nil: the built-in evaluation configuration.
    public var sidecar: SidecarConfiguration?
    /// Sigma rule files and folders to run, as ``EvaluationConfig/sigmaRules``.
    public var sigmaRules: [String] = []
    public var sigmaMinimumLevel: String?

    public init(dataset: String, split: String = "report", users: Int = 500, days: Int = 30, warmupDays: Int = 7, seed: UInt64 = 1,
                useDirectory: Bool = true, sidecar: SidecarConfiguration? = nil) {
        self.dataset = dataset
        self.split = split
        self.users = users
        self.days = days
        self.warmupDays = warmupDays
        self.seed = seed
        self.useDirectory = useDirectory
        self.sidecar = sidecar
    }
}

/// One attack sample's outcome.
public struct RealSampleResult: Sendable, Hashable {
    public var id: String
    public var tactic: String
    public var technique: String
    public var events: Int
    /// A finding about one of the sample's (remapped) users or hosts within the sample's span plus one hour, or
    /// citing one of its events.
    public var finding: Bool
    /// Some signal (any detector) cited one of its events.
    public var signal: Bool
    /// Detectors whose signals cited its events.
    public var detectors: [String]
}

/// What the real-data evaluation measured.
public struct RealDataReport: Sendable {
    public var config: RealDataConfig
    public var samples: [RealSampleResult]
    /// Samples skipped (no rows could be normalized), with the reason.
    public var skipped: [String]
    public var attackRows: Int
    public var rejectedRows: Int
    public var benignRows: Int
    public var backgroundEvents: Int
    /// Findings after the warm-up that match no attack sample.
    public var falseFindings: Int
    public var falseFindingsPerDayPer1000: Double
    /// False findings about the hosts or accounts that carry the real benign logs.
    public var falseFindingsOnRealBenign: Int
    public var evaluatedDays: Double
    public var users: Int

    /// Per tactic: samples, with a finding, with a cited signal.
    public var byTactic: [(tactic: String, samples: Int, findings: Int, signals: Int)] {
        var order: [String] = []
        var rows: [String: (Int, Int, Int)] = [:]
        for s in samples {
            if rows[s.tactic] == nil { order.append(s.tactic) }
            var r = rows[s.tactic] ?? (0, 0, 0)
            r.0 += 1
            if s.finding { r.1 += 1 }
            if s.signal { r.2 += 1 }
            rows[s.tactic] = r
        }
        return order.sorted().map { (tactic: $0, samples: rows[$0]!.0, findings: rows[$0]!.1, signals: rows[$0]!.2) }
    }

    public var text: String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "—" : Analytics.Format.decimal(100 * Double(a) / Double(b), 0) + "%" }
        var s = "# Vigil on real attack logs\n\n"
        s += "Dataset \(config.dataset), split '\(config.split)'; background: \(users) simulated users over \(config.days) days (seed \(config.seed)), "
        s += "first \(config.warmupDays) learning; directory \(config.useDirectory ? "given" : "not given").\n"
        s += "Attack rows \(attackRows) (\(rejectedRows) rejected by normalization), real benign rows \(benignRows), simulated events \(backgroundEvents).\n"
        s += "A sample is found when a finding is about one of its users or hosts within its span plus 1 h, or cites one of its events; "
        s += "it has a signal when any detector's signal cites one of its events.\n\n"
        s += "| tactic | samples | with a finding | with a cited signal |\n|---|---|---|---|\n"
        for t in byTactic {
            s += "| \(t.tactic) | \(t.samples) | \(t.findings) (\(pct(t.findings, t.samples))) | \(t.signals) (\(pct(t.signals, t.samples))) |\n"
        }
        let f = samples.filter(\.finding).count, g = samples.filter(\.signal).count
        s += "| **all** | \(samples.count) | \(f) (\(pct(f, samples.count))) | \(g) (\(pct(g, samples.count))) |\n\n"
        s += "False findings on the background: \(falseFindings) over \(Analytics.Format.decimal(evaluatedDays, 1)) days = "
        s += "\(Analytics.Format.decimal(falseFindingsPerDayPer1000, 2)) per day per 1,000 users (\(falseFindingsOnRealBenign) on the hosts carrying real benign logs).\n"
        if !skipped.isEmpty { s += "\nSkipped samples: \(skipped.count) (" + skipped.prefix(5).joined(separator: "; ") + (skipped.count > 5 ? "; …" : "") + ")\n" }
        return s
    }

    public var json: String {
        var tactics: [(String, JSONValue)] = []
        for t in byTactic {
            tactics.append((t.tactic, .fields([("samples", .double(Double(t.samples))), ("findings", .double(Double(t.findings))),
                                               ("signals", .double(Double(t.signals)))])))
        }
        let f = samples.filter(\.finding).count, g = samples.filter(\.signal).count
        let all = JSONValue.fields([
            ("samples", .double(Double(samples.count))), ("findings", .double(Double(f))), ("signals", .double(Double(g))),
            ("finding_share", .double(samples.isEmpty ? 0 : Double(f) / Double(samples.count))),
            ("signal_share", .double(samples.isEmpty ? 0 : Double(g) / Double(samples.count))),
            ("false_findings", .double(Double(falseFindings))), ("false_findings_per_day_per_1000", .double(falseFindingsPerDayPer1000)),
            ("false_findings_on_real_benign", .double(Double(falseFindingsOnRealBenign))),
        ])
        let per = JSONValue.array(samples.map {
            .fields([("id", .string($0.id)), ("tactic", .string($0.tactic)), ("technique", .string($0.technique)),
                     ("events", .double(Double($0.events))), ("finding", .bool($0.finding)), ("signal", .bool($0.signal)),
                     ("detectors", .array($0.detectors.map { .string($0) }))])
        })
        return JSONValue.fields([
            ("config", .fields([("dataset", .string(config.dataset)), ("split", .string(config.split)), ("users", .double(Double(users))),
                                ("days", .double(Double(config.days))), ("warmup_days", .double(Double(config.warmupDays))),
                                ("seed", .double(Double(config.seed))), ("directory", .bool(config.useDirectory))])),
            ("rows", .fields([("attack", .double(Double(attackRows))), ("rejected", .double(Double(rejectedRows))),
                              ("benign", .double(Double(benignRows))), ("simulated", .double(Double(backgroundEvents)))])),
            ("all", all), ("tactics", .fields(tactics)), ("samples", per),
        ]).prettyText
    }
}

public enum RealDataEvaluation {
    /// Runs the dataset's samples of the configured split inside one simulated background.
    public static func run(config: RealDataConfig, progress: ((String) -> Void)? = nil) throws(EvaluationError) -> RealDataReport {
        guard ["report", "tune", "all"].contains(config.split) else { throw .invalid("--split is report, tune or all") }
        guard config.warmupDays >= 1, config.warmupDays < config.days else { throw .invalid("warm-up days must be between 1 and days - 1") }
        let manifest = try Manifest.load(config.dataset + "/manifest.json")
        let mapping: FieldMapping
        do { mapping = try FieldMapping.defaultMapping() } catch { throw .invalid("the default field mapping: \(error)") }
        let normalizer = ArielNormalizer(mapping: mapping)
        // Only what the sidecar's query selects reaches it: a column the default mapping does not read is not in the row.
        let selected = Set(ArielQueryBuilder.selectedColumns(for: mapping, database: .events).map { $0.lowercased() })

        let sim: Simulator
        do {
            sim = try Simulator(config: SimulationConfig(users: config.users, days: config.days, seed: config.seed, scenario: "baseline", outputs: []))
        } catch {
            throw .simulation(error.description)
        }
        let enterprise = sim.enterprise
        let start = sim.config.start, end = sim.config.end
        let evalStart = start + EpochMillis(config.warmupDays) * EpochMillis.day
        let evalDays = Int((end - evalStart) / EpochMillis.day)

        // The evaluation's core is built exactly as `vigil eval` builds it.
        var evalConfig = EvaluationConfig(scenario: "baseline", seeds: [config.seed], users: config.users, days: config.days,
                                          warmupDays: config.warmupDays, useDirectory: config.useDirectory, sidecar: config.sidecar)
        evalConfig.sigmaRules = config.sigmaRules
        evalConfig.sigmaMinimumLevel = config.sigmaMinimumLevel
        let exported: DirectoryFile
        do { exported = try DirectoryFile.parse(sim.directoryJSON()) } catch { throw .io("the simulator's directory export: \(error)") }
        var core: TriageCore
        do {
            core = try TriageCore(configuration: try evalConfig.sidecarConfiguration(seed: config.seed),
                                  directory: .some(config.useDirectory ? exported : nil))
        } catch let e as EvaluationError {
            throw e
        } catch {
            throw .invalid("cannot build the triage core: \(error)")
        }
        let gate = core.gate

        // Victims: people with a device, in a seeded order; each sample gets its own.
        var random = SeededRandom(seed: config.seed ^ 0x5EA1_DA7A)
        var victims = enterprise.people.filter { !$0.isService && $0.deviceIndex != nil }
        for i in stride(from: victims.count - 1, to: 0, by: -1) { victims.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        guard victims.count > 8 else { throw .invalid("the background has too few people with a device") }
        let servers = Array(enterprise.servers)

        var injected: [Event] = []
        var rejected = 0
        var attackRows = 0
        var skipped: [String] = []
        var plans: [(sample: Manifest.Sample, ids: Set<String>, entities: Set<EntityRef>, start: EpochMillis, end: EpochMillis)] = []
        let chosen = manifest.samples.filter { config.split == "all" || $0.split == config.split }.sorted { $0.id < $1.id }
        for (k, sample) in chosen.enumerated() {
            let rows = try readRows(config.dataset + "/" + sample.file)
            var events: [Event] = []
            for row in rows {
                let out = normalizer.normalize(flatten(row, selected: selected), database: .events)
                if let e = out.event { events.append(e) } else { rejected += 1 }
            }
            attackRows += rows.count
            guard let first = events.map(\.time).min() else {
                skipped.append("\(sample.id): no row could be normalized")
                continue
            }
            // Placed on an evaluated day in working hours, one sample per slot; the lab's people and machines become
            // a simulated victim, their workstation, and servers of the estate.
            let day = EpochMillis(k % max(1, evalDays))
            let slot = EpochMillis((k / max(1, evalDays)) % 8)
            let placement = evalStart + day * EpochMillis.day + (9 + slot) * EpochMillis.hour + EpochMillis(k % 50) * EpochMillis.minute
            let victim = victims[k % victims.count]
            let remap = Remap(sample: sample, victim: victim, others: victims, servers: servers, enterprise: enterprise, salt: UInt64(k))
            var ids = Set<String>()
            var last = placement
            for var e in events {
                e.time = placement + (e.time - first)
                remap.apply(&e)
                ids.insert(e.id)
                last = max(last, e.time)
                injected.append(e)
            }
            var entities = Set<EntityRef>()
            for e in remap.expected { entities.insert(gate.modelEntity(e)) }
            plans.append((sample, ids, entities, placement, last))
        }

        // Real benign Windows logs, each file on one ordinary person's workstation, from the first day (the models learn
        // them like any other host's logs).
        var benignRows = 0
        var benignEntities = Set<EntityRef>()
        for (i, b) in manifest.benign.enumerated() {
            let rows = try readRows(config.dataset + "/" + b.file)
            benignRows += rows.count
            var events: [Event] = []
            for row in rows {
                if let e = normalizer.normalize(flatten(row, selected: selected), database: .events).event { events.append(e) }
            }
            guard let first = events.map(\.time).min() else { continue }
            let owner = victims[victims.count - 1 - i]
            let remap = Remap(sample: Manifest.Sample(id: b.file, file: b.file, tactic: nil, technique: nil, split: "benign",
                                                      entities: b.entities ?? .init(users: [], hosts: [], ips: [])),
                              victim: owner, others: victims, servers: servers, enterprise: enterprise, salt: 10_000 + UInt64(i))
            for var e in events {
                e.time = start + (e.time - first) + EpochMillis.hour
                guard e.time < end else { continue }
                remap.apply(&e)
                injected.append(e)
            }
            for e in remap.expected { benignEntities.insert(gate.modelEntity(e)) }
        }
        injected.sort { $0.time < $1.time }
        progress?("placed \(plans.count) attack samples (\(attackRows) rows, \(rejected) rejected) and \(benignRows) benign rows")

        // One batch per simulated hour, the real rows inside their hour, through the core.
        var cursor = 0
        var findings: [TriageFinding] = []
        var cited: [String: Set<String>] = [:]   // event id → detectors whose signals cited it
        var background = 0
        func collect(_ out: TriageOutput) {
            for s in out.signals {
                for id in s.evidence where id.hasPrefix("real:") { cited[id, default: []].insert(s.detector) }
            }
            for f in out.findings where f.report.time >= evalStart { findings.append(f) }
        }
        for hour in sim.hours() {
            let hourEnd = hour.start + EpochMillis.hour
            var batch = hour.events.map { $0.eventAsRead(in: enterprise) }
            background += batch.count
            while cursor < injected.count, injected[cursor].time < hourEnd {
                batch.append(injected[cursor])
                cursor += 1
            }
            collect(core.ingest(core.prepare(batch), completeUntil: hourEnd, now: hourEnd))
        }
        collect(core.finish(at: end, now: end))

        var results: [RealSampleResult] = []
        var matched = Set<String>()
        for p in plans {
            var found = false
            for f in findings {
                let r = f.report
                let byEvidence = r.evidence.contains { p.ids.contains($0) }
                let byEntity = (p.entities.contains(r.entity) || r.related.contains { p.entities.contains($0) })
                    && r.time >= p.start && r.time <= p.end + EpochMillis.hour
                if byEvidence || byEntity {
                    found = true
                    matched.insert(r.findingID)
                }
            }
            var detectors = Set<String>()
            for id in p.ids { detectors.formUnion(cited[id] ?? []) }
            results.append(RealSampleResult(id: p.sample.id, tactic: p.sample.tactic ?? "Full attack chain", technique: p.sample.technique ?? "?",
                                            events: p.ids.count, finding: found, signal: !detectors.isEmpty, detectors: detectors.sorted()))
        }
        let falseOnes = findings.filter { !matched.contains($0.report.findingID) }
        let days = Double(end - evalStart) / Double(EpochMillis.day)
        return RealDataReport(
            config: config, samples: results, skipped: skipped, attackRows: attackRows, rejectedRows: rejected, benignRows: benignRows,
            backgroundEvents: background, falseFindings: falseOnes.count,
            falseFindingsPerDayPer1000: Double(falseOnes.count) / max(days, 1) / (Double(enterprise.people.count) / 1000),
            falseFindingsOnRealBenign: falseOnes.filter { benignEntities.contains($0.report.entity) }.count,
            evaluatedDays: days, users: enterprise.people.count)
    }

    /// The events of a file of converted rows (docs/REALDATA.md), normalized as the sidecar normalizes what its
    /// Ariel query returns; rows that do not normalize are counted in `rejected`.
    public static func events(rowsFile path: String) throws(EvaluationError) -> (events: [Event], rejected: Int) {
        let mapping: FieldMapping
        do { mapping = try FieldMapping.defaultMapping() } catch { throw .invalid("the default field mapping: \(error)") }
        let normalizer = ArielNormalizer(mapping: mapping)
        let selected = Set(ArielQueryBuilder.selectedColumns(for: mapping, database: .events).map { $0.lowercased() })
        var events: [Event] = []
        var rejected = 0
        for row in try readRows(path) {
            if let e = normalizer.normalize(flatten(row, selected: selected), database: .events).event { events.append(e) } else { rejected += 1 }
        }
        return (events, rejected)
    }

    /// The JSONL rows of one file.
    static func readRows(_ path: String) throws(EvaluationError) -> [[String: Any]] {
        guard let text = TextFile.read(path) else { throw .io("cannot read \(path)") }
        var rows: [[String: Any]] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw .io("\(path): a line is not a JSON object")
            }
            rows.append(object)
        }
        return rows
    }

    /// A converted row as an Ariel result row: custom properties become columns by name (as Ariel returns them),
    /// and only the columns the sidecar's query selects are kept.
    static func flatten(_ row: [String: Any], selected: Set<String>) -> IngestRow {
        var out: IngestRow = [:]
        func put(_ key: String, _ value: Any) {
            guard selected.contains(key.lowercased()) else { return }
            switch value {
            case let s as String: out[key] = .string(s)
            case let n as NSNumber:
                // The converter writes numbers (times, ports, counts) and strings; a boolean would read as 0 or 1.
                if n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 9e15 { out[key] = .int(n.int64Value) } else { out[key] = .double(n.doubleValue) }
            default: break
            }
        }
        for (k, v) in row where k != "properties" { put(k, v) }
        if let props = row["properties"] as? [String: Any] { for (k, v) in props { put(k, v) } }
        return out
    }
}

/// The dataset's manifest (docs/REALDATA.md).
struct Manifest: Decodable {
    struct Entities: Decodable {
        var users: [String]
        var hosts: [String]
        var ips: [String]
    }
    struct Sample: Decodable {
        var id: String
        var file: String
        var tactic: String?
        var technique: String?
        var split: String
        var entities: Entities
    }
    struct Benign: Decodable {
        var file: String
        var entities: Entities?
    }
    var format: String
    var samples: [Sample]
    var benign: [Benign]

    static func load(_ path: String) throws(EvaluationError) -> Manifest {
        guard let text = TextFile.read(path) else { throw .io("cannot read \(path) (see docs/REALDATA.md to build the dataset)") }
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(text.utf8))
        } catch {
            throw .io("\(path) is not a vigil.realdata.v1 manifest: \(error)")
        }
    }
}

/// Puts a lab sample onto the simulated estate: its people become a victim (and colleagues), its machines the
/// victim's workstation and servers, its addresses theirs. Built-in and machine accounts stay as they are.
struct Remap {
    var users: [String: String] = [:]
    var hosts: [String: String] = [:]
    var ips: [String: String] = [:]
    /// The entities the sample is about, in clear simulated names.
    var expected: [EntityRef] = []

    init(sample: Manifest.Sample, victim: Person, others: [Person], servers: [Asset], enterprise: Enterprise, salt: UInt64) {
        let classifier = AccountClassifier()
        var random = SeededRandom(seed: 0xC0FFEE ^ salt)
        var people = 0
        for u in sample.entities.users where [.person, .admin].contains(classifier.classify(u)) {
            let person = people == 0 ? victim : others[Int(random.next() % UInt64(others.count))]
            let admin = u.lowercased().contains("adm") || u.lowercased().contains("admin")
            let name = admin ? (person.adminAccount ?? person.username) : person.username
            users[u.lowercased()] = name
            expected.append(EntityRef(.user, name))
            people += 1
        }
        let workstation = enterprise.device(of: victim)
        for (i, h) in sample.entities.hosts.enumerated() {
            let short = h.split(separator: ".").first.map { String($0).lowercased() } ?? h.lowercased()
            let target: Asset? = i == 0 ? workstation : (servers.isEmpty ? workstation : servers[Int(random.next() % UInt64(servers.count))])
            guard let target else { continue }
            hosts[h.lowercased()] = target.hostname
            hosts[short] = target.hostname
            expected.append(EntityRef(.host, target.hostname))
            if i < sample.entities.ips.count {
                ips[sample.entities.ips[i]] = target.ip
                expected.append(EntityRef(.ip, target.ip))
            }
        }
        if let w = workstation {
            for ip in sample.entities.ips where ips[ip] == nil { ips[ip] = w.ip }
        }
    }

    func apply(_ e: inout Event) {
        if let u = e.user, let v = users[u.lowercased()] ?? users[(u.split(separator: "\\").last.map(String.init) ?? u).lowercased()] { e.user = v }
        e.sourceHost = e.sourceHost.map(host)
        e.destinationHost = e.destinationHost.map(host)
        e.device = e.device.map(host)
        if let ip = e.sourceIP, let v = ips[ip] { e.sourceIP = v }
        if let ip = e.destinationIP, let v = ips[ip] { e.destinationIP = v }
        if let log = e.logSource, let at = log.range(of: " @ ") {
            e.logSource = String(log[..<at.upperBound]) + host(String(log[at.upperBound...]))
        }
    }

    func host(_ name: String) -> String {
        let lower = name.lowercased()
        if let v = hosts[lower] { return v }
        if let short = lower.split(separator: ".").first, let v = hosts[String(short)] { return v }
        return name
    }
}
