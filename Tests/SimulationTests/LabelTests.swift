import Testing
import VigilCore
@testable import Simulation

/// Ground truth must be complete and consistent with the events.
@Suite("Labels")
struct LabelTests {
    let fixture = Fixture.campaign

    @Test("Every event has a unique id and the stream is in time order within the run")
    func idsAndOrder() {
        let ids = fixture.events.map(\.event.id)
        #expect(Set(ids).count == ids.count)
        // Ids look alike whatever the event's label: same length, hex only, no label or person in them.
        #expect(ids.allSatisfy { $0.utf8.count == 15 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
        #expect(zip(fixture.events, fixture.events.dropFirst()).allSatisfy { $0.event.time <= $1.event.time })
        let config = fixture.simulator.config
        #expect(fixture.events.allSatisfy { $0.event.time >= config.start && $0.event.time < config.end })
    }

    @Test("Every labelled id exists, belongs to one label, and lies inside its label's time range")
    func consistency() throws {
        let byID = Dictionary(uniqueKeysWithValues: fixture.events.map { ($0.event.id, $0) })
        var seen = Set<String>()
        for (c, campaign) in fixture.labels.campaigns.enumerated() {
            for (s, step) in campaign.steps.enumerated() {
                for id in step.eventIDs {
                    let e = try #require(byID[id], "label names a missing event \(id)")
                    #expect(e.truth == .malicious(campaign: c, step: s))
                    #expect(step.start <= e.event.time && e.event.time <= step.end)
                    #expect(campaign.start <= e.event.time && e.event.time <= campaign.end)
                    #expect(seen.insert(id).inserted)
                }
            }
        }
        for (l, lookalike) in fixture.labels.lookalikes.enumerated() {
            for id in lookalike.eventIDs {
                let e = try #require(byID[id])
                #expect(e.truth == .benign(lookalike: l))
                #expect(lookalike.start <= e.event.time && e.event.time <= lookalike.end)
                #expect(seen.insert(id).inserted)
            }
        }
        // And the other way round: every event with a truth is listed.
        #expect(fixture.events.filter { $0.truth != nil }.count == seen.count)
    }

    @Test("Every event touching attacker infrastructure or attacker tooling is labelled malicious")
    func maliciousComplete() {
        let campaignDomains = Set(fixture.events.filter { $0.truth?.isMalicious == true && $0.event.kind == .webProxy }
            .compactMap(\.event.destinationHost).filter { fixture.enterprise.destinationByDomain[$0].map { fixture.enterprise.destinations[$0].popularity == 0 } ?? false })
        #expect(!campaignDomains.isEmpty)
        // The attackers' own infrastructure, read from the labelled events (the everyday background also has
        // Internet scanners and unmanaged `DESKTOP-` devices, so those alone say nothing).
        let malicious = fixture.events.filter { $0.truth?.isMalicious == true }.map(\.event)
        let attackerIPs = Set(malicious.flatMap { [$0.sourceIP, $0.destinationIP] }.compactMap { $0 }
            .filter { $0.hasPrefix("198.51.100.") || $0.hasPrefix("192.0.2.") })
        let attackerDevices = Set(malicious.flatMap { [$0.device, $0.sourceHost] }.compactMap { $0 }.filter { $0.hasPrefix("DESKTOP-") })
        let tooling = ["comsvcs.dll", "wevtutil cl", "vssadmin create shadow", "ntds.dit", "auditpol /clear", "sc stop WinCollect", "\\Temp\\svchost.exe"]
        var checked = 0
        for s in fixture.events {
            let e = s.event
            let adversaryIP = [e.sourceIP, e.destinationIP].contains { ip in ip.map { attackerIPs.contains($0) } ?? false }
            let unmanaged = [e.device, e.sourceHost].contains { $0.map { attackerDevices.contains($0) } ?? false }
            let c2 = e.destinationHost.map { campaignDomains.contains($0) } ?? false
            let tool = e.command.map { c in tooling.contains { c.contains($0) } } ?? false
            guard adversaryIP || unmanaged || c2 || tool else { continue }
            // Admin tooling an attacker uses may also be a labelled look-alike (an administrator archiving and
            // clearing a full log); infrastructure never is.
            if !(adversaryIP || unmanaged || c2), case .benign? = s.truth { continue }
            checked += 1
            #expect(s.truth?.isMalicious == true, "unlabelled attacker event \(e.id): \(e.name ?? "") \(e.command ?? "")")
        }
        #expect(checked > 50)
    }

    @Test("The multi-stage campaign spans at least a week, several stages, users and hosts")
    func campaignShape() throws {
        let campaign = try #require(fixture.labels.campaigns.first)
        #expect(campaign.kind == "multi-stage")
        let steps = campaign.steps.filter { !$0.eventIDs.isEmpty || !$0.gaps.isEmpty }
        let stages = Set(steps.map(\.stage))
        #expect(stages.isSuperset(of: ["execution", "persistence", "command-and-control", "discovery", "credential-access",
                                       "lateral-movement", "collection", "exfiltration", "defense-evasion"]))
        let times = steps.flatMap(\.eventIDs).compactMap { id in fixture.events.first { $0.event.id == id }?.event.time }
        let span = (times.max() ?? 0) - (times.min() ?? 0)
        #expect(span >= 7 * EpochMillis.day, "campaign spans only \(Double(span) / 86_400_000) days")
        let users = Set(campaign.steps.flatMap(\.entities).filter { $0.kind == .user }.map(\.id))
        let hosts = Set(campaign.steps.flatMap(\.entities).filter { $0.kind == .host }.map(\.id))
        #expect(users.count >= 3 && hosts.count >= 4)
        // Quiet steps: no malicious event is louder than "medium" on the source's own 0–10 scale.
        let maliciousSeverities = fixture.events.filter { $0.truth?.isMalicious == true }.compactMap(\.event.severity)
        #expect(maliciousSeverities.allSatisfy { $0 <= 5 })
        #expect(Double(maliciousSeverities.filter { $0 <= 3 }.count) > 0.95 * Double(maliciousSeverities.count))
        for step in steps { #expect(step.technique.hasPrefix("T1"), "\(step.technique)") }
    }

    @Test("The benign look-alikes of a month are all present with their kinds")
    func lookalikes() throws {
        // 20–28 October: includes the end of European summer time, a maintenance Saturday and a Monday.
        let start = SimTime.millis(CivilDate(year: 2026, month: 10, day: 20))
        let month = Fixture.make(SimulationConfig(users: 50, days: 9, seed: 5, scenario: "baseline", start: start))
        #expect(month.labels.campaigns.isEmpty)
        #expect(month.events.allSatisfy { $0.truth?.isMalicious != true })
        let kinds = Set(month.labels.lookalikes.filter { !$0.eventIDs.isEmpty || !$0.gaps.isEmpty }.map(\.kind))
        #expect(kinds == Set(BenignKind.allCases), "missing: \(Set(BenignKind.allCases).subtracting(kinds))")
        // Travel reaches the new country at airliner speed: the first login abroad comes after a flight's time.
        for travel in month.labels.lookalikes where travel.kind == .businessTravel {
            let ids = Set(travel.eventIDs)
            let abroad = try #require(month.events.first { ids.contains($0.event.id) && $0.event.kind == .vpn && $0.event.geo != nil })
            let user = try #require(abroad.event.user)
            let before = month.events.last { $0.event.user == user && $0.event.time < abroad.event.time && $0.truth == nil
                && (($0.event.kind == .vpn && $0.event.outcome == .success) || ($0.event.eventCode == "4624" && $0.event.logonType == 2)) }
            // (Failed VPN attempts on the same name can be Internet scanners guessing, not the traveller.)
            guard let before else { continue }
            let person = try #require(month.enterprise.person(named: user))
            let from = before.event.geo ?? month.enterprise.offices[person.officeIndex].place.geo
            let km = from.distanceKilometres(to: abroad.event.geo!) ?? 0
            let hours = Double(abroad.event.time - before.event.time) / 3_600_000
            #expect(km / hours < 900, "travel at \(km / hours) km/h")
        }
    }
}
