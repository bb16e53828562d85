import Testing
import VigilCore
@testable import Simulation

/// The statistical shape of everyday behaviour, measured on the shared fixture's unlabelled events.
@Suite("Behavioural rhythms")
struct RhythmTests {
    let fixture = Fixture.campaign

    /// Interactive and VPN logons of people on office-hours patterns, by person.
    func logons() -> [(person: Person, time: EpochMillis)] {
        let org = fixture.enterprise
        var result: [(Person, EpochMillis)] = []
        for s in fixture.ordinary {
            let e = s.event
            let isLogon = (e.eventCode == "4624" && e.logonType == 2) || (e.eventCode == "113039" && e.outcome == .success)
            guard isLogon, let user = e.user, let p = org.person(named: user),
                  [.office, .hybrid, .remote, .partTime].contains(p.pattern) else { continue }
            result.append((p, e.time))
        }
        return result
    }

    @Test("Most office workers' logons fall in their local working hours")
    func diurnal() {
        let list = logons()
        #expect(list.count > 300)
        let zones = fixture.enterprise.offices.map(\.place.zone)
        let hours = list.map { zones[$0.person.officeIndex].localHour($0.time) }
        let share = Double(hours.filter { (6..<20).contains($0) }.count) / Double(list.count)
        // A clock-blind generator would put 14/24 = 58 % there; evening check-ins account for most of the rest.
        #expect(share > 0.8, "only \(share) of logons in local 06:00–20:00")
        #expect(Double(hours.filter { (0..<5).contains($0) }.count) / Double(list.count) < 0.02)
        var histogram = [Int](repeating: 0, count: 24)
        for h in hours { histogram[h] += 1 }
        let peak = histogram.indices.max { histogram[$0] < histogram[$1] }!
        #expect((7...10).contains(peak), "logons peak at \(peak):00")
        // The day's first logon is a morning event for nearly everyone.
        var first: [String: Int] = [:]
        for (p, t) in list {
            let zone = zones[p.officeIndex]
            let key = p.username + "/" + String(zone.localDay(t))
            if first[key] == nil { first[key] = zone.localHour(t) }
        }
        let mornings = first.values.filter { (5..<12).contains($0) }.count
        #expect(Double(mornings) > 0.9 * Double(first.count), "\(mornings) of \(first.count) days start in the morning")
    }

    @Test("Weekdays are busier than weekends")
    func weekly() {
        var weekday = 0, weekend = 0
        for s in fixture.ordinary where s.event.user != nil && s.event.kind != .heartbeat {
            guard let p = fixture.enterprise.person(named: s.event.user!), !p.isService, p.pattern != .shift else { continue }
            let zone = fixture.enterprise.offices[p.officeIndex].place.zone
            let day = zone.localDay(s.event.time)
            if CivilDate.weekday(epochDay: day) >= 5 { weekend += 1 } else { weekday += 1 }
        }
        // 14 days from a Thursday: 10 weekdays, 4 weekend days.
        let perWeekday = Double(weekday) / 10, perWeekendDay = Double(weekend) / 4
        #expect(perWeekday > 6 * perWeekendDay, "weekday \(perWeekday)/day vs weekend \(perWeekendDay)/day")
        #expect(weekend > 0, "nobody ever works at weekends")
    }

    @Test("Holidays are quieter than the same weekday in another week")
    func holidays() {
        let org = fixture.enterprise
        func activity(country: String, on date: CivilDate) -> Int {
            fixture.ordinary.filter { s in
                guard let u = s.event.user, let p = org.person(named: u), !p.isService, p.pattern != .shift,
                      org.offices[p.officeIndex].place.country == country else { return false }
                return org.offices[p.officeIndex].place.zone.localDay(s.event.time) == date.epochDay
            }.count
        }
        // India: Gandhi Jayanti, Friday 2 October, against Friday 9 October.
        let inHoliday = activity(country: "IN", on: CivilDate(year: 2026, month: 10, day: 2))
        let inNormal = activity(country: "IN", on: CivilDate(year: 2026, month: 10, day: 9))
        #expect(inNormal > 200)
        #expect(Double(inHoliday) < 0.3 * Double(inNormal), "IN holiday \(inHoliday) vs normal \(inNormal)")
        // US: Columbus Day, Monday 12 October, against Monday 5 October.
        let usHoliday = activity(country: "US", on: CivilDate(year: 2026, month: 10, day: 12))
        let usNormal = activity(country: "US", on: CivilDate(year: 2026, month: 10, day: 5))
        #expect(usNormal > 500)
        #expect(Double(usHoliday) < 0.3 * Double(usNormal), "US holiday \(usHoliday) vs normal \(usNormal)")
    }

    @Test("People in one role share more resources with each other than with other roles")
    func peerSimilarity() {
        let org = fixture.enterprise
        var sets: [Int: Set<String>] = [:]
        for s in fixture.ordinary {
            let e = s.event
            guard [.applicationAccess, .database, .webProxy].contains(e.kind) || e.eventCode == "5140",
                  let u = e.user, let r = e.resource, let p = org.person(named: u), !p.isService else { continue }
            sets[p.index, default: []].insert(r)
        }
        let people = sets.keys.sorted().filter { sets[$0]!.count >= 3 }
        var within: [Double] = [], across: [Double] = []
        for (i, a) in people.enumerated() {
            for b in people[(i + 1)...] {
                let sa = sets[a]!, sb = sets[b]!
                let j = Double(sa.intersection(sb).count) / Double(sa.union(sb).count)
                if org.people[a].role == org.people[b].role { within.append(j) } else { across.append(j) }
            }
        }
        #expect(within.count > 20 && across.count > 100)
        let w = within.reduce(0, +) / Double(within.count), x = across.reduce(0, +) / Double(across.count)
        #expect(w > 1.5 * x, "within-role Jaccard \(w) vs across-role \(x)")
        // Similar, not identical: peers do not all use exactly the same things.
        #expect(within.filter { $0 == 1 }.count < within.count / 4)
    }

    @Test("Transfer volumes are heavy-tailed")
    func heavyTails() {
        let sizes = fixture.ordinary.filter { $0.event.kind == .fileAccess }
            .map { max($0.event.bytesIn ?? 0, $0.event.bytesOut ?? 0) }.sorted()
        #expect(sizes.count > 500)
        let median = Double(sizes[sizes.count / 2])
        let p99 = Double(sizes[sizes.count * 99 / 100])
        #expect(p99 > 15 * median, "p99 \(p99) vs median \(median)")
        #expect(Double(sizes.last!) > 100 * median)
        // Per person, a few heavy movers account for much of the volume.
        var perPerson: [String: Int64] = [:]
        for s in fixture.ordinary where s.event.kind == .fileAccess { perPerson[s.event.user ?? "", default: 0] += max(s.event.bytesIn ?? 0, s.event.bytesOut ?? 0) }
        let totals = perPerson.values.sorted(by: >)
        let top = totals.prefix(max(1, totals.count / 10)).reduce(0, +)
        #expect(Double(top) > 0.3 * Double(totals.reduce(0, +)))
    }

    @Test("Noise: mistyped passwords and retries happen, then succeed")
    func noise() {
        // Internet scanners' VPN attempts never succeed: they are background, not typos, so only failures from
        // addresses that also log in successfully are typos.
        let vpnOrigins = Set(fixture.ordinary.filter { $0.event.eventCode == "113039" }.compactMap(\.event.sourceIP))
        let failures = fixture.ordinary.filter {
            $0.event.eventCode == "4625" || ($0.event.eventCode == "113015" && vpnOrigins.contains($0.event.sourceIP ?? ""))
        }
        #expect(failures.count > 5)
        let scanners = fixture.ordinary.filter { $0.event.eventCode == "113015" && !vpnOrigins.contains($0.event.sourceIP ?? "") }
        #expect(scanners.count > 100, "the Internet knocks on the VPN every hour")
        // Nearly every everyday failure is followed by the same user's success within a minute.
        let successes = fixture.ordinary.filter { ($0.event.eventCode == "4624" && $0.event.logonType == 2) || $0.event.eventCode == "113039" }
        var recovered = 0
        for f in failures where successes.contains(where: { $0.event.user == f.event.user && $0.event.time > f.event.time
            && $0.event.time - f.event.time < 3 * EpochMillis.minute }) {
            recovered += 1
        }
        #expect(Double(recovered) > 0.9 * Double(failures.count))
    }

    @Test("Every log source with a heartbeat keeps beating")
    func heartbeats() {
        let beats = fixture.events.filter { $0.event.kind == .heartbeat }
        let servers = Set(beats.map(\.logSourceIndex)).filter { fixture.enterprise.logSources[$0].assetIndex < fixture.enterprise.firstEndpointAsset }
        #expect(servers.count == fixture.enterprise.logSources.filter { $0.assetIndex < fixture.enterprise.firstEndpointAsset }.count)
    }
}
