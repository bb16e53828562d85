import Foundation
import Sigma
import SidecarConfig
import Testing
import VigilCore

@testable import Triage

/// Sigma rules configured in `vigil.yaml` run in the core `vigil serve` and `vigil eval` build, after
/// pseudonymisation, and a malformed rule never stops it.
@Suite struct SigmaTriageTests {
    @Test func configuredRulesRunInTheCoreAndBadOnesAreReported() throws {
        let dir = NSTemporaryDirectory() + "vigil-sigma-triage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            title: Shadow copies deleted
            id: 9a1c0000-0000-4000-8000-000000000001
            status: test
            level: high
            tags: [attack.impact, attack.t1490]
            logsource: {product: windows, category: process_creation}
            detection:
                selection:
                    Image|endswith: '\\vssadmin.exe'
                    CommandLine|contains|all: [delete, shadows]
                condition: selection
            """.write(toFile: dir + "/rules/good.yml", atomically: true, encoding: .utf8)
        try "title: [broken".write(toFile: dir + "/rules/bad.yml", atomically: true, encoding: .utf8)
        let config = try SidecarConfigLoader.parse(
            yaml: "qradar:\n  url: https://qradar.example.com\nanalytics:\n  sigma_rules: rules\n", baseDirectory: dir,
            environment: ["VIGIL_QRADAR_TOKEN": "c0ffee00-1234-5678-9abc-def012345678",
                          "VIGIL_PSEUDONYM_KEY": "pseudonym-key-material-with-at-least-32-bytes!"])
        var core = try TriageCore(configuration: config, directory: .some(nil))
        let rules = try #require(core.sigmaRules)
        #expect(rules.rules.map(\.id) == ["9a1c0000-0000-4000-8000-000000000001"])
        #expect(rules.rejected.count == 1)
        #expect(rules.rejected.first?.source.hasSuffix("bad.yml") == true)

        var e = Event(id: "p1", time: 1_767_225_600_000, kind: .process, name: "A new process has been created", eventCode: "4688",
                      user: "carol", device: "fs-02", command: "vssadmin.exe delete shadows /all /quiet")
        e.properties = ["logsourcetypename": "Microsoft Windows Security Event Log", "Process Path": "C:\\Windows\\System32\\vssadmin.exe"]
        let batch = core.prepare([e])
        let out = core.ingest(batch, completeUntil: nil, now: e.time)
        let sigma = out.signals.filter { $0.detector == "sigma" }
        #expect(sigma.count == 1)
        #expect(sigma.first?.technique == "T1490")
        #expect(sigma.first?.entity.kind == .host)
        #expect(sigma.first?.entity.id != "fs-02", "the models see the pseudonymised host")
    }
}
