import Testing
import VigilCore
@testable import Simulation

@Suite("The organisation")
struct EnterpriseTests {
    static let firstDay = SimTime.epochDay(SimulationConfig.defaultStart)
    static let org = Enterprise.build(people: 500, seed: 3, firstDay: firstDay, lastDay: firstDay + 29)

    @Test("Every role is staffed, every person but the chief executive has a manager, and the chain ends at the top")
    func rolesAndManagers() throws {
        let org = Self.org
        #expect(org.people.count == 500)
        for role in Role.allCases { #expect(!org.people(in: role).isEmpty, "no \(role.rawValue)") }
        #expect(org.people[0].managerIndex == nil)
        for p in org.people.dropFirst() {
            var cursor = p
            var steps = 0
            while let m = cursor.managerIndex {
                #expect(m < cursor.index, "manager hired after report")
                cursor = org.people[m]
                steps += 1
                if steps > 50 { break }
            }
            #expect(cursor.index == 0, "\(p.username)'s chain does not reach the CEO")
        }
        #expect(Set(org.people.map(\.username)).count == org.people.count)
        #expect(org.people.filter { $0.role.isPrivileged }.allSatisfy { $0.adminAccount == "adm-" + $0.username })
    }

    @Test("Each person has a device, a home, a work pattern and habits; service accounts have none of the human parts")
    func people() {
        for p in Self.org.people {
            if p.isService {
                #expect(p.deviceIndex == nil && p.habits.isEmpty && p.pattern == .service)
            } else {
                let device = p.deviceIndex.map { Self.org.assets[$0] }
                #expect(device?.ownerIndex == p.index)
                #expect(device?.kind.isEndpoint == true)
                #expect(!p.habits.isEmpty)
                #expect(p.habitCumulative.count == p.habits.count)
                #expect(zip(p.habitCumulative, p.habitCumulative.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
        let patterns = Set(Self.org.people.map(\.pattern))
        #expect(patterns.isSuperset(of: [.office, .hybrid, .remote, .shift, .onCall, .partTime, .service]))
    }

    @Test("Assets carry owner, criticality, zone and real CVE findings that fit their platform")
    func assets() {
        let org = Self.org
        let kinds = Set(org.assets.map(\.kind))
        #expect(kinds.isSuperset(of: [.workstation, .laptop, .fileServer, .databaseServer, .applicationServer, .domainController,
                                      .jumpHost, .vpnConcentrator, .webProxy]))
        #expect(Set(org.assets.map(\.hostname)).count == org.assets.count)
        #expect(Set(org.assets.map(\.ip)).count == org.assets.count)
        var findings = 0
        for a in org.assets {
            #expect(org.logSources[a.logSource].assetIndex == a.index)
            for v in a.vulnerabilities {
                let vuln = VulnerabilityCatalog.entries[v]
                #expect(vuln.platforms.contains(a.platform))
                #expect(vuln.cve.hasPrefix("CVE-") && vuln.cvss > 0 && vuln.cvss <= 10)
                findings += 1
            }
        }
        #expect(findings > 20)
        #expect(org.assets.filter { $0.criticality == .critical }.allSatisfy { !$0.kind.isEndpoint })
    }

    @Test("Scaling the head count keeps everyone already there exactly as they were")
    func prefixStable() {
        let small = Enterprise.build(people: 120, seed: 3, firstDay: Self.firstDay, lastDay: Self.firstDay + 29)
        let large = Enterprise.build(people: 400, seed: 3, firstDay: Self.firstDay, lastDay: Self.firstDay + 29)
        for i in 0..<120 {
            #expect(small.people[i] == large.people[i])
            if let d = small.people[i].deviceIndex, let e = large.people[i].deviceIndex {
                #expect(small.assets[d] == large.assets[e])
            }
        }
        let otherSeed = Enterprise.build(people: 120, seed: 4, firstDay: Self.firstDay, lastDay: Self.firstDay + 29)
        #expect(otherSeed.people.map(\.username) != small.people.map(\.username))
    }
}
