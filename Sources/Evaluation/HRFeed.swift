import Analytics
import Simulation
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One HR fact as an HR import delivers it.
struct HRFact: Sendable {
    var time: EpochMillis
    var accounts: [String]
    var change: ContextChange
}

/// The simulator's HR context file (what an LDAP / HR-system import would give Vigil): role changes, project
/// assignments and resignations, as dated facts.
///
/// The simulator exposes HR data only through its context files, so the evaluation writes just those (no events)
/// to a temporary directory and reads `context/hr.json` back.
enum HRFeed {
    static func facts(for config: SimulationConfig) throws(EvaluationError) -> [HRFact] {
        var c = config
        c.outputs = [.context]
        let dir = "/tmp/vigil-eval-hr-\(getpid())-\(c.seed)-\(c.scenario)"
        do {
            _ = try Simulator.run(config: c, outputDirectory: dir)
        } catch {
            throw .simulation(error.description)
        }
        defer {
            _ = unlink(dir + "/context/hr.json")
            for f in ["cmdb.json", "qradar-assets.json", "log-sources.json", "vulnerabilities.json", "threat-intel.json", "directory.json"] {
                _ = unlink(dir + "/context/" + f)
            }
            _ = rmdir(dir + "/context")
            _ = rmdir(dir)
        }
        guard let text = readFile(dir + "/context/hr.json") else { throw .io("cannot read \(dir)/context/hr.json") }
        guard let json = JSONValue.parse(text) else { throw .io("hr.json is not valid JSON") }
        return parse(json)
    }

    static func parse(_ json: JSONValue) -> [HRFact] {
        var facts: [HRFact] = []
        for p in json["people"]?.array ?? [] {
            guard let user = p["username"]?.string else { continue }
            var accounts = [user]
            if let admin = p["adminAccount"]?.string { accounts.append(admin) }
            for change in p["changes"]?.array ?? [] {
                guard let kind = change["kind"]?.string, let date = change["date"]?.string, let t = midnight(date) else { continue }
                let detail = change["detail"]?.string ?? ""
                switch kind {
                case "role-change":
                    // "Title (old-role) -> New Title (new-role), department Dept"
                    guard let arrow = detail.firstRange(of: "-> ") else { continue }
                    let after = detail[arrow.upperBound...]
                    var role: String?, department: String?, title: String?
                    if let open = after.firstIndex(of: "("), let close = after[open...].firstIndex(of: ")") {
                        title = String(after[..<open]).trimmingSpaces
                        role = String(after[after.index(after: open)..<close])
                    }
                    if let d = after.firstRange(of: "department ") { department = String(after[d.upperBound...]).trimmingSpaces }
                    facts.append(HRFact(time: t, accounts: [user], change: .roleChange(department: department, role: role, title: title)))
                case "project-assignment":
                    guard let r = detail.firstRange(of: "project ") else { continue }
                    facts.append(HRFact(time: t, accounts: [user], change: .projectAssignment(String(detail[r.upperBound...]).trimmingSpaces)))
                case "resignation":
                    let last = p["lastDay"]?.string.flatMap(midnight) ?? t + 28 * EpochMillis.day
                    facts.append(HRFact(time: t, accounts: accounts, change: .resignation(lastDay: last)))
                default:
                    continue
                }
            }
        }
        return facts.sorted { $0.time < $1.time }
    }

    /// `2026-10-14` → epoch milliseconds at UTC midnight.
    static func midnight(_ s: String) -> EpochMillis? {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return EpochMillis(era * 146_097 + doe - 719_468) * EpochMillis.day
    }

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n > 0 { data.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
