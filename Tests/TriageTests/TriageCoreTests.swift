import Analytics
import Detectors
import Governance
import Testing
import VigilCore

@testable import Triage

/// The triage core as a state machine: inputs in, actions out, no I/O.
@Suite("Triage core")
struct TriageCoreTests {
    static func gate(directory: DirectoryFile? = nil, policy: PseudonymizationPolicy = .default) -> PrivacyGate {
        let key = try! PseudonymKey(version: 1, secret: Array(String(repeating: "t", count: 40).utf8))
        return TriageCore.gate(pseudonymizer: Pseudonymizer(keyRing: try! PseudonymKeyRing(keys: [key], current: 1)), policy: policy,
                               directory: directory)
    }

    static func core(mode: RolloutMode = .assist, directory: DirectoryFile? = nil) -> TriageCore {
        var a = AnalyticsConfiguration()
        a.learningDays = 1
        return TriageCore(gate: gate(directory: directory), analytics: a, directory: directory, defaultTimeZone: .utc,
                          policy: RolloutPolicy(mode: mode))
    }

    @Test("prepare pseudonymises, lists each unsealed pseudonym once and changes nothing until the batch is ingested")
    func prepareIsPure() {
        var core = Self.core()
        let events = (0..<5).map { Event(id: "e\($0)", time: 1_000 * Int64($0), kind: .authentication, user: "alice", sourceIP: "10.1.2.3") }
        let first = core.prepare(events)
        #expect(first.events.allSatisfy { Pseudonym.isPseudonym($0.user ?? "") })
        #expect(first.unsealed.count == 2, "one user and one internal address")
        #expect(Set(first.unsealed.map(\.clearValue)) == ["alice", "10.1.2.3"])
        // Not ingested (a failed vault write): the same pseudonyms are asked for again.
        #expect(core.prepare(events).unsealed.count == 2)
        _ = core.ingest(first, completeUntil: nil, now: 0)
        #expect(core.prepare(events).unsealed.isEmpty)
    }

    @Test("warm-up teaches the models and decides nothing")
    func warmUpDecidesNothing() {
        var core = Self.core()
        let events = (0..<200).map { Event(id: "w\($0)", time: Int64($0) * 60_000, kind: .authentication, user: "u\($0 % 7)") }
        core.warmUp(core.prepare(events), until: 200 * 60_000)
        #expect(core.engine.analytics.entityCount > 0)
        #expect(core.engine.now == 200 * 60_000)
    }

    @Test("the directory reaches the models under the events' pseudonyms, and its dated facts apply when the stream reaches them")
    func directoryUnderPseudonyms() throws {
        let d = try DirectoryFile.parse(Array(DirectoryFileTests.sample.utf8))
        var core = Self.core(directory: d)
        let wdavis = core.gate.modelEntity(EntityRef(.user, "wdavis"))
        #expect(wdavis.id != "wdavis" && Pseudonym.isPseudonym(wdavis.id))
        #expect(core.engine.analytics.directory.attributes(of: wdavis)?.department == "Finance")
        // The same name through an event gets the same pseudonym.
        let e = core.prepare([Event(id: "1", time: 0, kind: .authentication, user: "wdavis")]).events[0]
        #expect(e.user == wdavis.id)
        #expect(core.engine.pendingChangeCount == d.changes.count)
        // 2026-10-14 (wdavis's role change) has passed by the 15th.
        let oct15: EpochMillis = 1_792_022_400_000
        _ = core.advance(to: oct15, now: oct15)
        #expect(core.engine.analytics.directory.attributes(of: wdavis)?.department == "Human Resources")
        #expect(core.engine.pendingChangeCount < d.changes.count)
    }

    @Test("accounts are classified on their clear names before pseudonymisation")
    func accountClasses() throws {
        let d = try DirectoryFile.parse(Array(DirectoryFileTests.sample.utf8))
        let gate = Self.gate(directory: d)
        func cls(_ user: String) -> String? { gate.apply(Event(id: "1", time: 0, kind: .authentication, user: user)).event.properties[AccountClassifier.property] }
        #expect(cls("WS-NYC-0001$") == "machine")
        #expect(cls("NT AUTHORITY\\SYSTEM") == "system")
        #expect(cls("LOCAL SERVICE") == "system")
        #expect(cls("DWM-3") == "system")
        #expect(cls("root") == "system")
        #expect(cls("svc_backup") == "service")
        #expect(cls("alice") == nil)
        #expect(cls("DWM-x") == nil)
        // Privileged accounts: the directory's other accounts, and the naming convention (on the clear name).
        #expect(cls("adm-jdoe") == "admin")
        #expect(cls("CORP\\adm-mvega") == "admin")
        #expect(cls("adm-") == nil, "a bare prefix is not an account convention")
        #expect(cls("svc-reports@corp.example") == "service")
        let directoryOnly = AccountClassifier(adminAccounts: ["j.doe.t0"], adminPrefixes: [], servicePrefixes: [])
        #expect(directoryOnly.classify("CORP\\J.Doe.T0") == .admin)
        #expect(directoryOnly.classify("adm-jdoe") == .person)
    }

    @Test("after pseudonymisation a privileged account's commands reach the sequence model of its role, and SYSTEM's are its host's")
    func privilegedAndHostAccountsSurvivePseudonymisation() throws {
        let gate = Self.gate()
        var admin = Event(id: "p1", time: 0, kind: .process, user: "adm-mvega", sourceHost: "SRV-DB1")
        admin.command = "whoami /priv"
        let p = gate.apply(admin).event
        #expect(Pseudonym.isPseudonym(p.user ?? ""))
        let detector = PrivilegedSequenceDetector()
        #expect(detector.role(of: p.user ?? "", property: p.properties["role"], accountClass: p.properties[Event.accountClassProperty]) == "admin")
        var system = Event(id: "p2", time: 0, kind: .process, user: "NT AUTHORITY\\SYSTEM", sourceHost: "WS-1")
        system.command = "cmd.exe /c whoami"
        let s = gate.apply(system).event
        #expect(s.isHostAccountActivity)
        #expect(BehaviouralAnalytics.entity(of: s) == EntityRef(.host, s.sourceHost ?? ""), "SYSTEM's process is its host's behaviour")
        #expect(BehaviouralAnalytics.entity(of: p) == EntityRef(.user, p.user ?? ""))
        #expect(detector.role(of: s.user ?? "", property: nil, accountClass: s.properties[Event.accountClassProperty]) == "system")
        let person = gate.apply(Event(id: "p3", time: 0, kind: .process, user: "alice", sourceHost: "WS-2")).event
        #expect(!person.isHostAccountActivity)
        #expect(detector.role(of: person.user ?? "", property: nil, accountClass: person.properties[Event.accountClassProperty]) == "user")
    }

    @Test("an internal source address's office site survives pseudonymisation as a site index")
    func siteIndex() throws {
        let d = try DirectoryFile.parse(Array(DirectoryFileTests.sample.utf8))
        let gate = Self.gate(directory: d)
        let e = gate.apply(Event(id: "1", time: 0, kind: .authentication, user: "alice", sourceIP: "10.10.5.9")).event
        #expect(Pseudonym.isPseudonym(e.sourceIP ?? ""))
        let index = try #require(e.properties[SiteMap.siteProperty].flatMap { Int($0) })
        #expect(d.sites.sites[index].location.city == "New York")
    }

    @Test("modelEntity names labels as the events name them: users, hosts, internal addresses, log-source hosts; public names stay")
    func modelEntityMatchesEvents() {
        let gate = Self.gate()
        var e = Event(id: "1", time: 0, kind: .authentication, user: "Bob", sourceIP: "10.0.0.7", sourceHost: "WS-1", destinationIP: "203.0.113.9")
        e.logSource = "Microsoft Windows Security Event Log @ WS-1"
        let p = gate.apply(e).event
        #expect(gate.modelEntity(EntityRef(.user, "Bob")).id == p.user)
        #expect(gate.modelEntity(EntityRef(.host, "WS-1")).id == p.sourceHost)
        #expect(gate.modelEntity(EntityRef(.ip, "10.0.0.7")).id == p.sourceIP)
        #expect(gate.modelEntity(EntityRef(.ip, "203.0.113.9")).id == "203.0.113.9")
        #expect(gate.modelEntity(EntityRef(.host, "c2.example.net")).id == "c2.example.net")
        #expect(gate.modelEntity(EntityRef(.logSource, e.logSource!)).id == p.logSource)
    }

    @Test("an offense is attached once per newly open offense, not in shadow mode, and a closed one is forgotten")
    func offenses() {
        var assist = Self.core(mode: .assist)
        let u = EntityRef(.user, "u_v1_x")
        let seen = [(7, true), (7, true), (7, false), (7, true)].map { assist.offenseSeen(id: $0.0, entity: u, isOpen: $0.1) }
        #expect(seen == [true, false, false, true])
        var shadow = Self.core(mode: .shadow)
        let inShadow = shadow.offenseSeen(id: 7, entity: u, isOpen: true)
        #expect(!inShadow)
    }
}
