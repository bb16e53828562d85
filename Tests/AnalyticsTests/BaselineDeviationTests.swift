import Analytics
import Testing
import VigilCore

/// One test per kind of deviation: an ordinary synthetic history, then one unusual event, and the signal it raises
/// with its numbers.
@Suite struct BaselineDeviationTests {
    static let day = 10

    func organisation() -> SyntheticOrganisation {
        var org = SyntheticOrganisation()
        org.history(days: Self.day)
        return org
    }

    /// A weekday (Wednesday) past the learning period.
    var wednesday: Int { Self.day + 4 }

    @Test func lateLoginIsAnUnusualHourForAnOfficeWorker() throws {
        var org = organisation()
        let user = org.people[0]
        let t = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 3)
        let out = org.inject(Event(id: "late", time: t, kind: .authentication, name: "Logon", eventCode: "4624", user: user.name,
                                   sourceIP: user.ip, sourceHost: user.device, destinationHost: user.device, device: user.device,
                                   outcome: .success, logonType: 2, authPackage: "Kerberos"))
        let signal = try #require(out.signals.first { $0.detector == "behaviour.time" })
        let d = try #require(signal.deviations.first { $0.feature == "hour_of_week" })
        #expect(d.observed >= 1)
        // Nobody here ever worked at 03:00: own and peer averages at that hour are (close to) zero.
        #expect(try #require(d.baseline) < 0.05)
        #expect(try #require(d.peerBaseline) < 0.05)
        #expect(d.peerGroup != nil)
        #expect(signal.evidence == ["late"])
    }

    @Test func hourOfWeekFollowsTheEventsTimeZone() throws {
        let org = organisation()
        let user = org.people[0]
        // 03:00 in New York is 15:00 at UTC+08:00: inside the working hours the profile learned (in local time).
        let t = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 3)
        var ev = Event(id: "tz", time: t, kind: .authentication, name: "Logon", eventCode: "4624", user: user.name,
                       sourceIP: user.ip, sourceHost: user.device, destinationHost: user.device, device: user.device,
                       outcome: .success, logonType: 2, authPackage: "Kerberos")
        let late = try #require(org.analytics.dimensionScores(of: ev).first { $0.dimension == .hour })
        ev.properties["tz"] = "+08:00"
        // At UTC+8 the same instant is 16:00 or 15:00 local (New York is UTC-4 in October): working hours in the profile.
        let shifted = try #require(org.analytics.dimensionScores(of: ev).first { $0.dimension == .hour })
        #expect(late.bits > 4)
        #expect(shifted.bits < late.bits / 2)
    }

    @Test func impossibleTravelAndNewCountry() throws {
        var org = organisation()
        let user = org.people[1]
        #expect(!user.remote)
        let atOffice = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 16)
        _ = org.inject(Event(id: "office", time: atOffice, kind: .authentication, name: "Logon", eventCode: "4624", user: user.name,
                             sourceIP: user.ip, sourceHost: user.device, destinationHost: user.device, device: user.device,
                             outcome: .success, logonType: 7, authPackage: "Negotiate"))
        // 90 minutes later, a VPN session from Frankfurt (about 6,200 km away).
        let frankfurt = GeoLocation(country: "DE", city: "Frankfurt", latitude: 50.1109, longitude: 8.6821)
        let out = org.inject(Event(id: "vpn", time: atOffice + 90 * EpochMillis.minute, kind: .vpn, name: "VPN session started",
                                   eventCode: "113039", user: user.name, sourceIP: "192.0.2.44", destinationHost: "VPN01",
                                   application: "AnyConnect", geo: frankfurt, device: user.device, outcome: .success))
        let signal = try #require(out.signals.first { $0.detector == "behaviour.location" })
        let travel = try #require(signal.deviations.first { $0.feature == "travel_speed" })
        let km = try #require(SyntheticOrganisation.office.distanceKilometres(to: frankfurt))
        #expect(abs(travel.observed - km / 1.5) < 50)
        #expect(travel.observed > 900)
        #expect(travel.detail.contains("km/h"))
        // The country is new to the user as well (stated in the signal when rare enough organisation-wide).
        let vpn = Event(id: "vpn2", time: atOffice + 91 * EpochMillis.minute, kind: .vpn, name: "VPN session started",
                        eventCode: "113039", user: user.name, sourceIP: "192.0.2.44", destinationHost: "VPN01", application: "AnyConnect",
                        geo: GeoLocation(country: "FR", city: "Paris", latitude: 48.85, longitude: 2.35), device: user.device,
                        outcome: .success)
        let country = try #require(org.analytics.dimensionScores(of: vpn).first { $0.dimension == .country })
        #expect(country.isNew && country.bits > 4)
    }

    @Test func reachableTravelIsNotImpossible() throws {
        var org = organisation()
        let user = org.people[1]
        let atOffice = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 9)
        _ = org.inject(Event(id: "office", time: atOffice, kind: .authentication, name: "Logon", eventCode: "4624", user: user.name,
                             sourceIP: user.ip, sourceHost: user.device, destinationHost: user.device, device: user.device,
                             outcome: .success, logonType: 7, authPackage: "Negotiate"))
        // Frankfurt three days later: a flight fits easily.
        let frankfurt = GeoLocation(country: "DE", city: "Frankfurt", latitude: 50.1109, longitude: 8.6821)
        let ev = Event(id: "trip", time: atOffice + 3 * EpochMillis.day, kind: .vpn, name: "VPN session started", eventCode: "113039",
                       user: user.name, sourceIP: "84.153.1.9", destinationHost: "VPN01", geo: frankfurt, device: user.device, outcome: .success)
        let travel = try #require(org.analytics.dimensionScores(of: ev).first { $0.dimension == .travel })
        #expect(travel.bits == 0)
    }

    @Test func newDevice() throws {
        var org = organisation()
        let user = org.people[2]
        let out = org.inject(Event(id: "dev", time: SyntheticOrganisation.newYorkTime(day: wednesday, hour: 10), kind: .authentication,
                                   name: "Logon", eventCode: "4624", user: user.name, sourceIP: user.ip, sourceHost: "DESKTOP-7QK2J9A",
                                   destinationHost: "DESKTOP-7QK2J9A", device: "DESKTOP-7QK2J9A", outcome: .success, logonType: 2,
                                   authPackage: "Kerberos"))
        let signal = try #require(out.signals.first { $0.detector == "behaviour.identity" })
        let d = try #require(signal.deviations.first { $0.feature == "device" })
        #expect(d.observed == 0)
        #expect(try #require(d.baseline) > 50)
        #expect(d.detail.contains("DESKTOP-7QK2J9A"))
    }

    func access(_ user: SyntheticOrganisation.Person, _ resource: String, id: String, day: Int) -> Event {
        Event(id: id, time: SyntheticOrganisation.newYorkTime(day: day, hour: 11), kind: .applicationAccess, name: "Access",
              eventCode: "view", user: user.name, sourceIP: user.ip, sourceHost: user.device, destinationHost: "APP-X",
              application: "ERP", resource: resource, bytesIn: 300_000, device: user.device, outcome: .success)
    }

    @Test func resourceRareForUserVersusRareForOrganisation() throws {
        var org = organisation()
        let analyst = org.people[0]
        // Engineering's repository: new to the analyst and her peers, but half the organisation uses it.
        let engineering = try #require(org.analytics.dimensionScores(of: access(analyst, "GitLab/Platform", id: "a", day: wednesday))
            .first { $0.dimension == .resource })
        // A resource nobody has ever touched.
        let unknown = try #require(org.analytics.dimensionScores(of: access(analyst, "Payroll/Salaries", id: "b", day: wednesday))
            .first { $0.dimension == .resource })
        // Her own resource.
        let own = try #require(org.analytics.dimensionScores(of: access(analyst, analyst.resources[1], id: "c", day: wednesday))
            .first { $0.dimension == .resource })
        #expect(engineering.isNew && unknown.isNew && !own.isNew)
        #expect(own.bits < engineering.bits)
        #expect(engineering.bits < unknown.bits)
        #expect(engineering.evidence <= unknown.evidence)

        let out = org.inject(access(analyst, "Payroll/Salaries", id: "d", day: wednesday))
        let signal = try #require(out.signals.first { $0.detector == "behaviour.access" })
        let d = try #require(signal.deviations.first { $0.feature == "resource" })
        #expect(d.observed == 0)
        #expect(d.peerBaseline == 0)
        #expect(d.detail.contains("Payroll/Salaries"))
    }

    @Test func peerGroupIsThePriorForAColdStart() throws {
        var org = organisation()
        // A new hire in Finance with no history at all.
        org.analytics.directory.users["newhire"] = EntityAttributes(department: "Finance", role: "finance-analyst",
                                                                    timeZone: SyntheticOrganisation.newYork)
        let hire = SyntheticOrganisation.Person(name: "newhire", department: "Finance", role: "finance-analyst", index: 150, remote: false)
        _ = org.inject(access(hire, hire.resources[0], id: "first", day: wednesday))
        let financeResource = try #require(org.analytics.dimensionScores(of: access(hire, hire.resources[1], id: "x", day: wednesday))
            .first { $0.dimension == .resource })
        let engineeringResource = try #require(org.analytics.dimensionScores(of: access(hire, "GitLab/Platform", id: "y", day: wednesday))
            .first { $0.dimension == .resource })
        // Both are new to the hire; what her peers use is expected, what they never use is not.
        #expect(financeResource.isNew && engineeringResource.isNew)
        #expect(financeResource.bits + 2 < engineeringResource.bits)
    }

    @Test func volumeSpikeAgainstOwnAndPeerBaselines() throws {
        var org = organisation()
        let user = org.people[3]
        let out = org.inject(Event(id: "up", time: SyntheticOrganisation.newYorkTime(day: wednesday, hour: 11), kind: .webProxy,
                                   name: "Web request allowed", eventCode: "TCP_TUNNEL/200", user: user.name, sourceIP: user.ip,
                                   sourceHost: user.device, destinationHost: SyntheticOrganisation.popularSites[0], application: "HTTPS",
                                   resource: SyntheticOrganisation.popularSites[0], bytesIn: 40_000, bytesOut: 500_000_000,
                                   device: user.device, outcome: .success))
        let signal = try #require(out.signals.first { $0.detector == "behaviour.volume" })
        let d = try #require(signal.deviations.first { $0.feature == "bytes_web_upload" })
        #expect(d.observed == 500_000_000)
        // Uploads were log-normal around 2 MB for everyone.
        let own = try #require(d.baseline), peer = try #require(d.peerBaseline)
        #expect(own > 1_000_000 && own < 4_000_000)
        #expect(peer > 1_000_000 && peer < 4_000_000)
        #expect(try #require(d.ratioToBaseline) > 100)
    }

    @Test func smallTransfersAreNeverVolumeAnomalies() throws {
        let org = organisation()
        let user = org.people[3]
        let ev = Event(id: "tiny", time: SyntheticOrganisation.newYorkTime(day: wednesday, hour: 11), kind: .webProxy, name: "Web",
                       user: user.name, sourceIP: user.ip, sourceHost: user.device, destinationHost: "x.example", resource: "x.example",
                       bytesIn: 1, bytesOut: 900_000, device: user.device, outcome: .success)
        for s in org.analytics.dimensionScores(of: ev) where s.dimension == .volume || s.dimension == .dailyVolume {
            #expect(s.bits == 0)
        }
    }

    @Test func failureBurst() throws {
        var org = organisation()
        let user = org.people[4]
        var out = AnalyticsOutput()
        let t0 = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 10)
        for i in 0..<8 {
            let o = org.inject(Event(id: "f\(i)", time: t0 + EpochMillis(i) * 20_000, kind: .authentication, name: "Logon failed",
                                     eventCode: "4625", user: user.name, sourceIP: user.ip, sourceHost: user.device, destinationHost: user.device,
                                     device: user.device, outcome: .failure, logonType: 2, authPackage: "Negotiate"))
            out.signals += o.signals
        }
        let signal = try #require(out.signals.first { $0.detector == "behaviour.failure" })
        let d = try #require(signal.deviations.first { $0.feature == "failed_logins" })
        // Raised within the burst, with the failures counted so far (20 s apart, 15 min half-life: no decay to speak of).
        let index = try #require(Int(signal.evidence[0].dropFirst()))
        #expect(index < 8)
        let expected = (0...index).reduce(0.0) { $0 + pow(0.5, Double(index - $1) * 20 / (15 * 60)) }
        #expect(abs(d.observed - expected) < 1e-3)
        #expect(index >= 1)
        // About one failed logon in ten working days each.
        #expect(try #require(d.baseline) < 0.5)
    }

    @Test func sequenceOfFirstTimeEvents() throws {
        var org = organisation()
        let user = org.people[5]
        let t0 = SyntheticOrganisation.newYorkTime(day: wednesday, hour: 14)
        var out = AnalyticsOutput()
        let tools = [#"C:\Windows\System32\rundll32.exe"#, #"C:\Windows\System32\schtasks.exe"#, #"C:\Windows\System32\nltest.exe"#,
                     #"C:\Windows\System32\net.exe"#]
        for (i, tool) in tools.enumerated() {
            let o = org.inject(Event(id: "p\(i)", time: t0 + EpochMillis(i) * 60_000, kind: .process, name: "Process", eventCode: "4688",
                                     user: user.name, sourceIP: user.ip, sourceHost: user.device, application: String(tool.split(separator: "\\").last!),
                                     resource: tool, device: user.device, outcome: .success, command: tool + " /q"))
            out.signals += o.signals
        }
        let signal = try #require(out.signals.last { $0.detector == "behaviour.novelty" })
        let d = try #require(signal.deviations.first { $0.feature == "first_time_events" })
        // New values (image, program, command line, and the first process action) from the first tool on.
        #expect(d.observed >= 3)
        let usual = try #require(d.baseline)
        #expect(d.observed > usual * 3)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
