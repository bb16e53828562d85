import Narrative
import Testing
import VigilCore

@Suite struct EnrichmentContextTests {
    @Test func emptyByDefault() {
        let c = EnrichmentContext()
        #expect(c == .empty)
        #expect(c.assetCriticality.isEmpty && c.assetOwner.isEmpty && c.vulnerabilities.isEmpty && c.threatIntel.isEmpty
            && c.hr.isEmpty && c.peerGroup.isEmpty && c.testAssets.isEmpty && c.peerGroupSize.isEmpty)
    }

    @Test func criticalityIsClamped() {
        let c = EnrichmentContext(assetCriticality: ["a": 0, "b": 42, "c": 7])
        #expect(c.criticality(of: "a") == 1)
        #expect(c.criticality(of: "b") == 10)
        #expect(c.criticality(of: "c") == 7)
        #expect(c.criticality(of: "d") == nil)
        #expect(Vulnerability(cve: "x", cvss: 12).cvss == 10)
        #expect(ThreatIntelHit(description: "x", confidence: .nan).confidence == 0)
    }

    @Test func mergingLaysTheOtherContextOver() {
        let cmdb = EnrichmentContext(assetCriticality: ["h1": 5, "h2": 3], assetOwner: ["h1": "Ops"], testAssets: ["h2"],
                                     vulnerabilities: ["h1": [Vulnerability(cve: "CVE-1", cvss: 5), Vulnerability(cve: "CVE-2", cvss: 4)]])
        let update = EnrichmentContext(assetCriticality: ["h1": 9], testAssets: ["h3"],
                                       vulnerabilities: ["h1": [Vulnerability(cve: "CVE-2", cvss: 9.8, knownExploited: true),
                                                                Vulnerability(cve: "CVE-3", cvss: 7)]],
                                       threatIntel: ["ip1": ThreatIntelHit(description: "C2", confidence: 0.9)],
                                       hr: ["u1": HRContext(manager: "u2")], peerGroup: ["u1": "Finance-Analyst"])
        let m = cmdb.merging(update)
        #expect(m.assetCriticality == ["h1": 9, "h2": 3])
        #expect(m.assetOwner == ["h1": "Ops"])
        #expect(m.testAssets == ["h2", "h3"])
        #expect(m.vulnerabilities["h1"] == [Vulnerability(cve: "CVE-1", cvss: 5), Vulnerability(cve: "CVE-2", cvss: 9.8, knownExploited: true),
                                           Vulnerability(cve: "CVE-3", cvss: 7)])
        #expect(m.threatIntel["ip1"]?.confidence == 0.9)
        #expect(m.hr["u1"]?.manager == "u2")
        #expect(m.peerGroup["u1"] == "Finance-Analyst")
        #expect(cmdb.merging(.empty) == cmdb)
        #expect(EnrichmentContext.empty.merging(cmdb) == cmdb)
    }
}
