import Analytics
import Narrative
import Testing
import VigilCore

@Suite struct SeverityTests {
    let builder = NarrativeBuilder()

    /// r = 9 / 8 → base medium, for a user with a related address and a related host.
    func userAlert() throws -> RiskAlert {
        try Fixture.alert([(Signal(id: "s", detector: "behaviour.location", entity: Fixture.user,
                                   related: [Fixture.laptop, Fixture.sourceIP], time: Fixture.t0, score: 0.8, title: "new place",
                                   evidence: ["e1"], technique: "T1078"), 9)])
    }

    @Test func baseSeverityFollowsRiskOverThreshold() throws {
        let cases: [(Double, Severity)] = [(9, .medium), (11.9, .medium), (12, .high), (23.9, .high), (24, .critical), (80, .critical)]
        for (points, expected) in cases {
            let alert = try Fixture.alert([(Fixture.failureSignal(), points)])
            let r = builder.report(for: alert, context: .empty)
            #expect(r.severity == expected, "risk \(points) over 8")
            #expect(r.severityReasons.isEmpty)
        }
    }

    @Test func criticalAssetRaisesSeverity() throws {
        let ctx = EnrichmentContext(assetCriticality: [Fixture.laptop.id: 9])
        let r = builder.report(for: try userAlert(), context: ctx)
        #expect(r.severity == .high)
        #expect(r.severityReasons == ["Severity raised to high: host \(Fixture.laptop.id) is criticality 9 (CMDB)"])
        try #require(r.severityReasons.count == 1)
        #expect(r.narrative.contains(r.severityReasons[0]))
        #expect(r.noteText().contains(r.severityReasons[0]))
        // Criticality 7 is below the bar.
        #expect(builder.report(for: try userAlert(), context: EnrichmentContext(assetCriticality: [Fixture.laptop.id: 7])).severity == .medium)
    }

    @Test func severeVulnerabilityRaisesSeverity() throws {
        let kev = EnrichmentContext(vulnerabilities: [Fixture.laptop.id: [Vulnerability(cve: "CVE-2021-44228", cvss: 8.1, knownExploited: true)]])
        let r = builder.report(for: try userAlert(), context: kev)
        #expect(r.severity == .high)
        try #require(r.severityReasons.count == 1)
        #expect(r.severityReasons[0].hasPrefix("Severity raised to high: host \(Fixture.laptop.id) has CVE-2021-44228"))

        let critical = EnrichmentContext(vulnerabilities: [Fixture.sourceIP.id: [Vulnerability(cve: "CVE-2024-3400", cvss: 10)]])
        #expect(builder.report(for: try userAlert(), context: critical).severity == .high)

        let mild = EnrichmentContext(vulnerabilities: [Fixture.laptop.id: [Vulnerability(cve: "CVE-2020-0001", cvss: 6.5)]])
        #expect(builder.report(for: try userAlert(), context: mild).severity == .medium)
    }

    @Test func threatIntelOnARelatedAddressRaisesSeverity() throws {
        let hit = EnrichmentContext(threatIntel: [Fixture.sourceIP.id: ThreatIntelHit(description: "TOR exit node", confidence: 0.8)])
        let r = builder.report(for: try userAlert(), context: hit)
        #expect(r.severity == .high)
        #expect(r.severityReasons == ["Severity raised to high: address \(Fixture.sourceIP.id) is in threat intelligence: TOR exit node (confidence 0.80)"])

        let weak = EnrichmentContext(threatIntel: [Fixture.sourceIP.id: ThreatIntelHit(description: "maybe", confidence: 0.2)])
        #expect(builder.report(for: try userAlert(), context: weak).severity == .medium)
    }

    @Test func leaverRaisesSeverity() throws {
        let leaving = Fixture.t0 + 10 * EpochMillis.day   // 2023-11-24
        let ctx = EnrichmentContext(hr: [Fixture.user.id: HRContext(department: "Finance", isLeaving: true, leavingDate: leaving)])
        let r = builder.report(for: try userAlert(), context: ctx)
        #expect(r.severity == .high)
        #expect(r.severityReasons == ["Severity raised to high: user \(Fixture.user.id) is leaving the organisation (last day 2023-11-24) (HR)"])
        let joiner = EnrichmentContext(hr: [Fixture.user.id: HRContext(isNewJoiner: true)])
        #expect(builder.report(for: try userAlert(), context: joiner).severity == .medium)
    }

    @Test func lowCriticalityTestAssetLowersSeverity() throws {
        let alert = try Fixture.alert([(Fixture.beaconSignal(source: Fixture.laptop, user: nil), 9)])
        let ctx = EnrichmentContext(assetCriticality: [Fixture.laptop.id: 2], testAssets: [Fixture.laptop.id])
        let r = builder.report(for: alert, context: ctx)
        #expect(r.severity == .low)
        #expect(r.severityReasons == ["Severity lowered to low: host \(Fixture.laptop.id) is a test asset with criticality 2 (CMDB)"])
        // A low-criticality host that is not marked as a test asset is lowered too.
        #expect(builder.report(for: alert, context: EnrichmentContext(assetCriticality: [Fixture.laptop.id: 1])).severity == .low)
        // Never below low.
        #expect(builder.report(for: alert, context: ctx).severity >= .low)
    }

    @Test func adjustmentsAccumulateAndStopAtCritical() throws {
        let ctx = EnrichmentContext(
            assetCriticality: [Fixture.laptop.id: 10],
            vulnerabilities: [Fixture.laptop.id: [Vulnerability(cve: "CVE-2024-3400", cvss: 10, knownExploited: true)]],
            threatIntel: [Fixture.sourceIP.id: ThreatIntelHit(description: "C2", confidence: 1)],
            hr: [Fixture.user.id: HRContext(isLeaving: true)])
        let r = builder.report(for: try userAlert(), context: ctx)
        #expect(r.severity == .critical)
        try #require(r.severityReasons.count == 4)
        #expect(r.severityReasons[0].hasPrefix("Severity raised to high:"))
        #expect(r.severityReasons[1].hasPrefix("Severity raised to critical:"))
        #expect(r.severityReasons[2].hasPrefix("Severity stays critical:"))
        #expect(r.severityReasons[3].hasPrefix("Severity stays critical:"))
    }
}
