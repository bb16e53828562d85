import Foundation
import Testing
import VigilCore
@testable import Simulation

/// `context/directory.json`: the vigil.directory.v1 file a deployment's HR system and network hierarchy provide.
@Suite("Directory file")
struct DirectoryFileTests {
    static let config = SimulationConfig(users: 60, days: 14, seed: 9, scenario: "insider-theft", attackStartDay: 2,
                                         outputs: [.context])

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("Parses, carries the format tag, and lists every person, host and site")
    func contents() throws {
        let sim = try Simulator(config: Self.config)
        let o = try Self.object(sim.directoryJSON())
        #expect(o["format"] as? String == "vigil.directory.v1")
        #expect(o["default_time_zone"] as? String == sim.enterprise.offices[0].place.zone.name)
        let people = try #require(o["people"] as? [[String: Any]])
        #expect(Set(people.compactMap { $0["account"] as? String }) == Set(sim.enterprise.people.map(\.username)))
        for p in sim.enterprise.people {
            let entry = try #require(people.first { $0["account"] as? String == p.username })
            #expect(entry["department"] as? String == p.department.rawValue)
            #expect(entry["role"] as? String == p.role.rawValue)
            #expect(entry["site"] as? String == sim.enterprise.offices[p.officeIndex].code)
            #expect(entry["time_zone"] as? String == sim.enterprise.offices[p.officeIndex].place.zone.name)
            #expect((entry["other_accounts"] as? [String]) == (p.adminAccount.map { [$0] } ?? []))
            if p.isService { #expect(entry["employment"] as? String == "service-account") }
        }
        let hosts = try #require(o["hosts"] as? [[String: Any]])
        #expect(hosts.compactMap { $0["name"] as? String } == sim.enterprise.assets.map(\.hostname))
        for (h, a) in zip(hosts, sim.enterprise.assets) {
            #expect(h["kind"] as? String == a.kind.rawValue)
            #expect((h["owner"] as? String) == a.ownerIndex.map { sim.enterprise.people[$0].username })
        }
        let sites = try #require(o["sites"] as? [[String: Any]])
        #expect(sites.compactMap { $0["code"] as? String } == sim.enterprise.offices.map(\.code))
        for (s, office) in zip(sites, sim.enterprise.offices) {
            #expect(s["networks"] as? [String] == ["10.\(office.subnetOctet).0.0/16"])
            #expect(s["city"] as? String == office.place.city)
            #expect(s["time_zone"] as? String == office.place.zone.name)
            #expect(abs((s["latitude"] as? Double ?? 0) - office.place.latitude) < 1e-9)
        }
    }

    @Test("Resignations, role changes and projects are structured, dated changes")
    func changes() throws {
        let sim = try Simulator(config: Self.config)
        let o = try Self.object(sim.directoryJSON())
        let changes = try #require(o["changes"] as? [[String: Any]])
        let resignations = changes.filter { $0["kind"] as? String == "resignation" }
        // The insider is one leaver among several.
        #expect(resignations.count >= 3)
        let insider = try #require(sim.plannedLabels.campaigns.first?.entities.first { $0.kind == .user }?.id)
        #expect(resignations.contains { $0["account"] as? String == insider })
        for r in resignations {
            let last = try #require(r["last_day"] as? String)
            let date = try #require(r["date"] as? String)
            #expect(SimTime.parseISO8601(last) != nil && SimTime.parseISO8601(date) != nil && last > date)
        }
        let roleChanges = changes.filter { $0["kind"] as? String == "role-change" }
        #expect(!roleChanges.isEmpty)
        for c in roleChanges {
            #expect(Department(rawValue: c["department"] as? String ?? "") != nil)
            #expect(Role(rawValue: c["role"] as? String ?? "") != nil)
            #expect(!(c["title"] as? String ?? "").isEmpty)
        }
        for c in changes where c["kind"] as? String == "project-assignment" { #expect(!(c["project"] as? String ?? "").isEmpty) }
        let dates = changes.compactMap { $0["date"] as? String }
        #expect(dates == dates.sorted())
    }

    @Test("Same seed, same bytes; the writer's file is the function's bytes")
    func determinism() throws {
        let a = try Simulator(config: Self.config).directoryJSON()
        let b = try Simulator(config: Self.config).directoryJSON()
        #expect(a == b)
        let dir = temporaryDirectory("directory")
        defer { SimulationWriter.removeOutputs(in: dir) }
        try Simulator.run(config: Self.config, outputDirectory: dir)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/context/directory.json")))
        #expect(written == a)
    }
}
