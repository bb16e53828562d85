import Testing
import VigilCore
@testable import Simulation

/// The simulator must not give detectors anything only attacks produce: every categorical value an attack's
/// events carry also occurs in events that are not malicious.
@Suite("No attack-only artefacts")
struct AttackOnlyArtefactTests {
    /// Categorical features of an event that a detector may key on (not free text such as command lines, and
    /// not the entities themselves).
    static func features(_ e: Event) -> [String] {
        var out = ["kind=\(e.kind.rawValue)", "code=\(e.eventCode ?? "-")", "name=\(e.name ?? "-")", "category=\(e.category ?? "-")",
                   "severity=\(e.severity ?? -1)", "logonType=\(e.logonType ?? -1)", "package=\(e.authPackage ?? "-")",
                   "protocol=\(e.networkProtocol ?? "-")", "log=\(e.logSource?.split(separator: "@").first ?? "-")"]
        // Process and service events name the program in `application`; that is an entity (covered by `image`
        // below for processes; a service name is as unique as a command line), not a category.
        if e.kind != .process, e.eventCode != "7045" { out.append("application=\(e.application ?? "-")") }
        for (k, v) in e.properties {
            out.append("property=\(k)")
            switch k {
            case "Logon Process", "Key Length", "Ticket Encryption Type", "Client OS", "URL Category", "HTTP Method", "Start Type", "Access Mask",
                 "Share Name", "Status", "Sub Status", "Run As", "Reason":
                out.append("\(k)=\(v)")
            case "Parent Process":
                // A binary dropped straight into C:\Windows through ADMIN$ (PsExec-style services) is one class.
                let name = Emitter.fileName(v).lowercased()
                let direct = v.lowercased().hasPrefix(#"c:\windows\"#) && !v.dropFirst(11).contains("\\")
                    && name != "explorer.exe" && name != "splwow64.exe"
                out.append("parent=\(direct ? "admin$-service-binary" : name)")
            default: break
            }
        }
        if e.kind == .process, let image = e.resource { out.append("image=\(Emitter.fileName(image).lowercased())") }
        if let port = e.destinationPort { out.append("port=\(port)") }
        return out
    }

    @Test("Every categorical value in attack events also occurs outside them", arguments: [
        ("campaign", 0.5), ("c2-beaconing", 0.5), ("lateral-movement", 0.5), ("credential-compromise", 0.5), ("insider-theft", 0.5),
        ("privileged-misuse", 0.5), ("log-tampering", 0.5), ("log-tampering", 0.1), ("credential-compromise", 0.1), ("lateral-movement", 0.1),
        ("c2-beaconing", 0.9), ("campaign", 0.1),
    ])
    func noAttackOnlyValues(scenario: String, stealth: Double) {
        let run = Fixture.make(SimulationConfig(users: 80, days: 10, seed: 3, scenario: scenario, stealth: stealth, attackStartDay: 2))
        var benign = Set<String>()
        var attack = Set<String>()
        for s in run.events {
            if s.truth?.isMalicious == true { attack.formUnion(Self.features(s.event)) } else { benign.formUnion(Self.features(s.event)) }
        }
        #expect(!attack.isEmpty)
        let only = attack.subtracting(benign).sorted()
        #expect(only.isEmpty, "attack-only values in \(scenario) at stealth \(stealth): \(only)")
    }
}
