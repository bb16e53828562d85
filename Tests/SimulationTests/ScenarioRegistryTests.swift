import Testing
import VigilCore
@testable import Simulation

/// A module written only against the public API, as docs/SIMULATION.md describes.
struct USBExfiltrationAttack: ScenarioModule {
    let name = "test-usb-exfiltration"
    let kind = ScenarioModuleKind.attack

    func plan(_ context: inout ScenarioContext) throws {
        guard let person = context.pickPerson({ $0.role == .developer && $0.deviceIndex != nil }),
              let device = context.enterprise.device(of: person) else { return }
        let campaign = context.addCampaign(kind: "usb-exfiltration", name: "USB copy by \(person.username)",
                                           description: "Files copied to removable media.", entities: [EntityRef(.user, person.username)])
        let t = context.localTime(person, day: 1, hour: 15)
        let step = context.addStep(campaign: campaign, stage: "exfiltration", tactic: "Exfiltration", technique: "T1052.001",
                                   techniqueName: "Exfiltration over USB", description: "robocopy to E:",
                                   entities: [EntityRef(.host, device.hostname)], start: t, end: t + EpochMillis.minute)
        context.record(Event(id: "", time: t, kind: .process, name: "A new process has been created", eventCode: "4688",
                             user: person.username, sourceHost: device.hostname, command: "robocopy C:\\src E:\\ /E"),
                       logSource: device.logSource, truth: .malicious(campaign: campaign, step: step))
    }
}

@Suite("Scenario registry")
struct ScenarioRegistryTests {
    @Test("The named scenarios exist")
    func builtIns() {
        for name in ["baseline", "credential-compromise", "insider-theft", "lateral-movement", "c2-beaconing", "privileged-misuse",
                     "log-tampering", "campaign", "large"] {
            #expect(ScenarioRegistry.scenario(named: name) != nil, "\(name) missing")
        }
        #expect(ScenarioRegistry.scenario(named: "large")?.defaultUsers == 10_000)
        #expect(ScenarioRegistry.names == ScenarioRegistry.names.sorted())
    }

    @Test("A registered scenario with a custom module runs and labels its events")
    func custom() throws {
        ScenarioRegistry.register(Scenario(name: "test-usb", summary: "USB copy", modules: [USBExfiltrationAttack()]))
        let run = Fixture.make(SimulationConfig(users: 30, days: 2, seed: 1, scenario: "test-usb"))
        let campaign = try #require(run.labels.campaigns.first)
        #expect(campaign.kind == "usb-exfiltration")
        let ids = campaign.steps[0].eventIDs
        #expect(ids.count == 1)
        let id = try #require(ids.first)
        #expect(!id.hasPrefix("C1"), "ids do not name their label")
        let e = try #require(run.events.first { $0.event.id == id })
        #expect(e.event.command == "robocopy C:\\src E:\\ /E")
        #expect(e.truth == .malicious(campaign: 0, step: 0))
    }

    @Test("Intensity scales an attack")
    func intensity() {
        func count(_ intensity: Double) -> Int {
            let run = Fixture.make(SimulationConfig(users: 40, days: 8, seed: 9, scenario: "credential-compromise", intensity: intensity,
                                                    attackStartDay: 1, benignLookalikes: false))
            return run.events.filter { $0.truth?.isMalicious == true }.count
        }
        #expect(count(3) > 2 * count(0.5))
    }
}

@Suite("JSON output")
struct JSONBufferTests {
    @Test("Strings are escaped and numbers written exactly")
    func escaping() {
        var json = JSONBuffer()
        json.beginObject()
        json.member("a", "quote \" backslash \\ newline \n tab \t bell \u{7}")
        json.member("n", Int64(-1_234_567_890_123))
        json.member("z", 0)
        json.member("d", 40.7128)
        json.key("list")
        json.beginArray()
        json.int(1)
        json.string("x")
        json.endArray()
        json.endObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(text == #"{"a":"quote \" backslash \\ newline \n tab \t bell \u0007","n":-1234567890123,"z":0,"d":40.7128,"list":[1,"x"]}"#)
    }
}
