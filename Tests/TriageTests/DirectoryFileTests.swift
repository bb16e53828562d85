import Analytics
import Testing
import VigilCore

@testable import Triage

@Suite("The directory file (vigil.directory.v1)")
struct DirectoryFileTests {
    static let sample = #"""
    {"format": "vigil.directory.v1", "exported_at": "2026-10-01T00:00:00Z", "default_time_zone": "Europe/London",
     "people": [
       {"account": "wdavis", "department": "Finance", "role": "finance-analyst", "title": "Financial Analyst", "site": "NYC"},
       {"account": "jdoe", "other_accounts": ["adm-jdoe"], "department": "IT", "role": "it-admin", "time_zone": "+05:30",
        "last_day": "2026-11-05", "unknown_field": {"ignored": true}},
       {"account": "svc_backup", "employment": "service-account", "department": "IT"},
       {"department": "no account here"},
       {"account": "mars", "time_zone": "Mars/Olympus_Mons"}
     ],
     "hosts": [{"name": "WS-NYC-0001", "kind": "workstation", "site": "NYC"}, {"name": "DC01", "kind": "domain-controller"}],
     "sites": [{"code": "NYC", "networks": ["10.10.0.0/16", "10.10.5.0/24", "not-a-cidr"], "city": "New York", "country": "US",
                "latitude": 40.7, "longitude": -74.0, "time_zone": "+00:00"}],
     "changes": [
       {"date": "2026-10-14", "account": "wdavis", "kind": "role-change", "department": "Human Resources", "role": "hr-specialist", "title": "HR Coordinator"},
       {"date": "2026-10-09", "account": "jdoe", "kind": "project-assignment", "project": "Atlas"},
       {"date": "2026-10-08", "account": "jdoe", "kind": "resignation", "last_day": "2026-11-05"},
       {"date": "14/10/2026", "account": "jdoe", "kind": "role-change"},
       {"date": "2026-10-20", "account": "jdoe", "kind": "promotion"}
     ]}
    """#

    @Test("people, admin accounts, service accounts, hosts and sites are read; bad entries are reported, not fatal")
    func reads() throws {
        let d = try DirectoryFile.parse(Array(Self.sample.utf8))
        #expect(d.users["wdavis"]?.hrGroup == "Finance/finance-analyst")
        #expect(d.users["adm-jdoe"]?.role == "it-admin-admin-account")
        #expect(d.users["adm-jdoe"]?.department == "IT")
        #expect(d.users["jdoe"]?.timeZone?.standardOffsetMinutes == 330)
        // No own zone: the site's.
        #expect(d.users["wdavis"]?.timeZone?.standardOffsetMinutes == 0)
        #expect(d.users["svc_backup"]?.isService == true)
        #expect(d.users["wdavis"]?.isService == false)
        #expect(d.hosts["WS-NYC-0001"]?.isService == false)
        #expect(d.hosts["DC01"]?.isService == true)
        #expect(d.sites.location(of: "10.10.5.7")?.city == "New York")
        #expect(d.sites.location(of: "10.11.0.1") == nil)
        #expect(d.problems.count == 5)
        #expect(d.problems.contains { $0.hasPrefix("people[3]") })
        #expect(d.problems.contains { $0.contains("Mars/Olympus_Mons") })
        #expect(d.problems.contains { $0.contains("not-a-cidr") })
        #expect(d.problems.contains { $0.contains("14/10/2026") })
        #expect(d.problems.contains { $0.contains("promotion") })
    }

    @Test("dated HR facts are in time order, a leaver's accounts all resign, and a repeated resignation counts once")
    func changes() throws {
        let d = try DirectoryFile.parse(Array(Self.sample.utf8))
        let lastDay: EpochMillis = 1_793_836_800_000   // 2026-11-05
        let resignations = d.changes.filter { if case .resignation = $0.change { return true } else { return false } }
        #expect(Set(resignations.map(\.account)) == ["jdoe", "adm-jdoe"])
        #expect(resignations.count == 2)
        #expect(resignations.allSatisfy { $0.change == .resignation(lastDay: lastDay) })
        #expect(d.changes.map(\.time) == d.changes.map(\.time).sorted())
        #expect(d.changes.contains(DirectoryChange(time: 1_791_504_000_000, account: "jdoe", change: .projectAssignment("Atlas"))))
        #expect(d.changes.contains(DirectoryChange(time: 1_791_936_000_000, account: "wdavis",
                                                   change: .roleChange(department: "Human Resources", role: "hr-specialist", title: "HR Coordinator"))))
        #expect(DirectoryFile.midnight("2026-13-01") == nil)
        #expect(DirectoryFile.midnight("2026-10-14") == 1_791_936_000_000)
    }

    @Test("a file that is not JSON or not this format is refused with a clear message")
    func refuses() {
        #expect(throws: DirectoryFileError.self) { try DirectoryFile.parse(Array("not json".utf8)) }
        do {
            _ = try DirectoryFile.parse(Array(#"{"format": "ldap-dump"}"#.utf8))
            Issue.record("accepted another format")
        } catch {
            #expect(error.description.contains("ldap-dump"))
        }
    }
}
