import Testing
import VigilCore
@testable import Simulation

/// Each attack behaves the way the adversary it models does.
@Suite("Attack scenarios")
struct AttackScenarioTests {
    @Test("Credential compromise: a new country at an impossible speed, off-hours, new device, then data outside the role")
    func credentialCompromise() throws {
        let run = attackRun("credential-compromise", stealth: 0.2)
        let malicious = run.events.filter { $0.truth?.isMalicious == true }
        let login = try #require(malicious.first { $0.event.eventCode == "113039" })
        let victim = try #require(run.enterprise.person(named: login.event.user ?? ""))
        let office = run.enterprise.offices[victim.officeIndex].place
        let geo = try #require(login.event.geo)
        #expect(geo.country != office.country)
        // The victim's own last activity before it.
        let previous = try #require(run.events.last { $0.truth == nil && $0.event.user == victim.username && $0.event.time < login.event.time
            && $0.event.kind != .heartbeat })
        let from = previous.event.geo ?? office.geo
        let km = try #require(from.distanceKilometres(to: geo))
        let hours = Double(login.event.time - previous.event.time) / 3_600_000
        #expect(km / hours > 1_000, "\(km) km in \(hours) h")
        let hour = office.zone.localHour(login.event.time)
        #expect(hour >= 19 || hour < 7, "local hour \(hour)")
        let device = try #require(login.event.device)
        #expect(run.enterprise.asset(named: device) == nil)
        #expect(!run.events.contains { $0.truth == nil && $0.event.device == device })
        let taken = Set(malicious.filter { $0.event.kind == .fileAccess }.compactMap(\.event.resource))
        #expect(!taken.isEmpty)
        let habits = Set(victim.habits.map { run.enterprise.resources[$0].name })
        for path in taken { #expect(!habits.contains { path.hasPrefix($0 + "\\") }, "\(path) is one of the victim's usual folders") }
        #expect(malicious.contains { $0.event.eventCode == "113015" })  // guessing first, at low stealth
    }

    @Test("Insider theft: a resigned user stages atypical data and exfiltrates it low and slow over many days")
    func insiderTheft() throws {
        let run = attackRun("insider-theft", days: 16)
        let campaign = try #require(run.labels.campaigns.first)
        let insider = try #require(campaign.entities.first { $0.kind == .user }?.id)
        let plan = run.simulator.model.plan
        let person = try #require(run.enterprise.person(named: insider))
        #expect(plan.resignations[person.index] != nil)
        let uploads = run.events.filter { $0.truth?.isMalicious == true && $0.event.kind == .webProxy }
        let days = Set(uploads.map { SimTime.epochDay($0.event.time) })
        #expect(days.count >= 7, "exfiltration on \(days.count) days")
        let sizes = uploads.compactMap(\.event.bytesOut)
        #expect(sizes.allSatisfy { $0 < 100_000_000 })
        #expect(sizes.reduce(0, +) > 300_000_000)
        let reads = run.events.filter { $0.truth?.isMalicious == true && ($0.event.eventCode == "5140" || $0.event.kind == .applicationAccess || $0.event.kind == .database) }
        #expect(!reads.isEmpty)
        for r in reads { #expect(!person.habits.contains { run.enterprise.resources[$0].name == r.event.resource }) }
        // Uploads stay inside working hours.
        let zone = run.enterprise.offices[person.officeIndex].place.zone
        #expect(uploads.allSatisfy { (6..<21).contains(zone.localHour($0.event.time)) })
        #expect(run.events.contains { $0.truth?.isMalicious == true && ($0.event.command ?? "").contains("7z.exe") })
    }

    @Test("Lateral movement: pass-the-hash, then NTLM logons fanning out to servers the workstation never talked to")
    func lateralMovement() throws {
        let run = attackRun("lateral-movement", stealth: 0.2)
        let malicious = run.events.filter { $0.truth?.isMalicious == true }
        let pth = try #require(malicious.first { $0.event.eventCode == "4624" && $0.event.logonType == 9 })
        let beachhead = try #require(pth.event.destinationIP)
        let ntlm = malicious.filter { $0.event.eventCode == "4624" && $0.event.authPackage == "NTLM" && $0.event.sourceIP == beachhead }
        let targets = Set(ntlm.compactMap(\.event.destinationHost))
        #expect(targets.count >= 3, "fan-out to \(targets)")
        // Before the attack the workstation never connected to those servers.
        let ordinaryPeers = Set(run.events.filter { $0.truth == nil && $0.event.sourceIP == beachhead }.compactMap(\.event.destinationHost))
        #expect(ordinaryPeers.intersection(targets).isEmpty)
        #expect(malicious.contains { $0.event.eventCode == "5140" && ($0.event.resource ?? "").hasSuffix("ADMIN$") })
        #expect(malicious.contains { $0.event.destinationPort == 5985 })
        #expect(malicious.contains { $0.event.destinationPort == 3389 && ArielJSON.isLocal($0.event.sourceIP ?? "") && $0.event.sourceIP != beachhead })
        let window = (ntlm.map(\.event.time).max() ?? 0) - (ntlm.map(\.event.time).min() ?? 0)
        #expect(window < 2 * EpochMillis.hour, "a noisy adversary fans out quickly")
    }

    @Test("C2 beaconing: periodic callbacks with 0–50 % jitter and small, varying payloads to a rare destination")
    func beaconing() throws {
        let run = attackRun("c2-beaconing", stealth: 0.5)
        let beacons = run.events.filter { $0.truth?.isMalicious == true && $0.event.kind == .webProxy }
        #expect(beacons.count > 100)
        let host = try #require(beacons.first?.event.destinationHost)
        #expect(!run.events.contains { $0.truth == nil && $0.event.destinationHost == host })
        let times = beacons.map(\.event.time)
        let gaps = zip(times, times.dropFirst()).map { Double($1 - $0) / 1000 }.filter { $0 < 3_600 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
        let expected = 60 + 0.5 * 840
        #expect(abs(mean - expected) < 0.1 * expected, "mean interval \(mean) s")
        #expect(sd > 0.05 * mean && sd < 0.3 * mean, "jitter sd \(sd)")
        let sent = beacons.compactMap(\.event.bytesOut).map(Double.init)
        let sentMean = sent.reduce(0, +) / Double(sent.count)
        // Sizes vary from call to call, as real frameworks' check-ins do, but stay small.
        let sentSD = (sent.map { ($0 - sentMean) * ($0 - sentMean) }.reduce(0, +) / Double(sent.count)).squareRoot()
        #expect(sentSD > 0.1 * sentMean)
        #expect(sent.allSatisfy { $0 < 2_000 })
        #expect(sentMean < 1_000)
    }

    @Test("Privileged misuse: rare commands, one account on two hosts at once, masquerading")
    func privilegedMisuse() throws {
        let run = attackRun("privileged-misuse", stealth: 0.2)
        let malicious = run.events.filter { $0.truth?.isMalicious == true }
        let account = try #require(run.labels.campaigns.first?.entities.first { $0.id.hasPrefix("adm-") }?.id)
        let sessions = malicious.filter { $0.event.eventCode == "4624" && $0.event.logonType == 10 && $0.event.user == account }
        var concurrent = false
        for a in sessions {
            for b in sessions where b.event.destinationHost != a.event.destinationHost && b.event.sourceIP != a.event.sourceIP
                && abs(b.event.time - a.event.time) < 30 * EpochMillis.minute {
                concurrent = true
            }
        }
        #expect(concurrent)
        #expect(malicious.contains { ($0.event.resource ?? "").hasSuffix("svchost.exe") && !($0.event.resource ?? "").contains("System32") })
        #expect(malicious.contains { $0.event.eventCode == "4728" && $0.event.resource == "Domain Admins" })
        let rare = malicious.compactMap(\.event.command).filter { $0.contains("vssadmin") || $0.contains("ntds.dit") }
        #expect(!rare.isEmpty)
        #expect(!run.events.contains { $0.truth == nil && ($0.event.command ?? "").contains("vssadmin") })
    }

    @Test("Log tampering: a critical source goes silent for hours and another sends malformed records")
    func logTampering() throws {
        let run = attackRun("log-tampering", stealth: 0.2)
        let step = try #require(run.labels.campaigns.first?.steps.first { !$0.gaps.isEmpty && $0.technique.hasPrefix("T1070") })
        let gap = try #require(step.gaps.first)
        #expect(gap.end - gap.start >= 3 * EpochMillis.hour)
        let source = try #require(run.enterprise.logSources.firstIndex { $0.name == gap.logSource })
        #expect(run.enterprise.logSources[source].critical)
        #expect(!run.events.contains { $0.logSourceIndex == source && $0.event.time >= gap.start && $0.event.time < gap.end })
        let beats = run.events.filter { $0.logSourceIndex == source && $0.event.kind == .heartbeat }.map(\.event.time)
        let longest = zip(beats, beats.dropFirst()).map { $1 - $0 }.max() ?? 0
        #expect(longest >= gap.end - gap.start)
        #expect(run.events.contains { $0.truth?.isMalicious == true && $0.event.eventCode == "1102" })
        let garbage = run.events.filter { $0.malformedLine != nil }
        #expect(garbage.filter { $0.truth?.isMalicious == true }.count > 20)
        #expect(garbage.allSatisfy { !($0.malformedLine!.contains("\n") || $0.malformedLine!.contains("\r")) })
        // Nothing but parsing tells garbage apart: no property marks it, and benign sources send some too.
        #expect(run.events.allSatisfy { $0.event.properties["Malformed"] == nil })
        #expect(garbage.contains { $0.truth == nil }, "misconfigured benign sources send malformed lines too")
    }

    @Test("Stealth makes the same attack quieter: business hours, domestic-looking hosting, slower beacons")
    func stealthParameter() throws {
        let loud = attackRun("c2-beaconing", days: 5, stealth: 0)
        let quiet = attackRun("c2-beaconing", days: 5, stealth: 1)
        let n0 = loud.events.filter { $0.truth?.isMalicious == true }.count
        let n1 = quiet.events.filter { $0.truth?.isMalicious == true }.count
        #expect(n0 > 4 * n1)
        #expect(loud.simulator.indicators.contains { $0.threat == "command-and-control" })
        let quietDestinations = Set(quiet.events.filter { $0.truth?.isMalicious == true }.compactMap(\.event.destinationHost))
        #expect(!quiet.simulator.indicators.contains { quietDestinations.contains($0.indicator) })
        let loudDestinations = Set(loud.events.filter { $0.truth?.isMalicious == true }.compactMap(\.event.destinationHost))
        #expect(loud.simulator.indicators.contains { loudDestinations.contains($0.indicator) })
    }
}
