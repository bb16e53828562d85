import Testing
import VigilCore
@testable import Simulation

/// The everyday background: what makes attack-like signals common in benign activity.
@Suite("Everyday background")
struct BackgroundTests {
    let fixture = Fixture.campaign

    @Test("Admin tools attacks use are run by IT staff, deployment and ordinary software too")
    func adminTools() {
        let images = Set(fixture.events.filter { $0.truth == nil && $0.event.kind == .process }
            .compactMap { $0.event.resource.map { Emitter.fileName($0).lowercased() } })
        for tool in ["rundll32.exe", "schtasks.exe", "robocopy.exe", "7z.exe", "wevtutil.exe", "auditpol.exe", "nltest.exe", "psexec.exe"] {
            #expect(images.contains(tool), "\(tool) only in attacks")
        }
        #expect(fixture.events.contains { $0.truth == nil && $0.event.eventCode == "7045" })
        #expect(fixture.events.contains { $0.truth == nil && $0.event.eventCode == "4104" })
    }

    @Test("Benign traffic is periodic: an EDR agent calls hourly with bounded jitter")
    func periodic() throws {
        let calls = fixture.events.filter { $0.truth == nil && $0.event.destinationHost == "winatp-gw-eus.microsoft.com" && $0.event.kind == .webProxy }
        let byHost = Dictionary(grouping: calls, by: { $0.event.sourceHost ?? "" })
        let server = try #require(byHost.first { fixture.enterprise.asset(named: $0.key).map { !$0.kind.isEndpoint } ?? false }?.value)
        let gaps = zip(server, server.dropFirst()).map { Double($1.event.time - $0.event.time) / 1000 }
        #expect(gaps.count > 100)
        #expect(gaps.allSatisfy { $0 > 3_600 * 0.85 && $0 < 3_600 * 1.15 })
        let sizes = Set(server.compactMap(\.event.bytesOut))
        #expect(sizes.count > gaps.count / 2, "sizes vary")
    }

    @Test("Domains nobody contacted before appear in benign traffic; broken sources send garbage; people leave")
    func firsts() {
        var seen = Set<String>()
        var newBenign = 0
        let cutoff = fixture.simulator.config.start + 3 * EpochMillis.day
        for s in fixture.events where s.event.kind == .webProxy {
            guard let host = s.event.destinationHost, seen.insert(host).inserted else { continue }
            if s.event.time > cutoff, s.truth == nil { newBenign += 1 }
        }
        #expect(newBenign > 20)
        #expect(fixture.events.contains { $0.truth == nil && $0.malformedLine != nil })
        #expect(fixture.simulator.model.plan.resignations.count >= 2)
        // Successful VPN logins from unmanaged `DESKTOP-…` devices are not only attackers'.
        #expect(fixture.events.contains { $0.truth == nil && $0.event.eventCode == "113039" && ($0.event.device ?? "").hasPrefix("DESKTOP-") })
    }

    @Test("Template placeholders are filled")
    func template() {
        #expect(HourGenerator.fillTemplate("{PROFILE}\\x {SID} {APPDATA}", username: "ann", person: 7)
            == #"C:\Users\ann\x 1007 C:\Users\ann\AppData\Local"#)
        #expect(HourGenerator.fillTemplate("plain", username: "ann", person: 7) == "plain")
    }
}
