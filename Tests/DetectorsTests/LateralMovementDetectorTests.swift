import Testing
import VigilCore

@testable import Detectors

@Suite("Lateral movement")
struct LateralMovementDetectorTests {
    static let servers: [(String, String)] = [
        ("FS-FIN01", "10.0.2.10"), ("FS-HR01", "10.0.2.11"), ("DB-FIN01", "10.0.3.10"), ("DB-HR01", "10.0.3.11"), ("APP-PAY01", "10.0.4.10"),
        ("APP-ERP01", "10.0.4.12"), ("APP-CRM01", "10.0.4.13"), ("DB-CRM01", "10.0.3.12"), ("FS-ENG01", "10.0.2.12"), ("FS-SALES01", "10.0.2.13"),
        ("APP-HRIS01", "10.0.4.11"), ("DB-APP01", "10.0.3.13"),
    ]
    static func ip(_ host: String) -> String {
        if let s = servers.first(where: { $0.0 == host }) { return s.1 }
        if host == "JUMP01" { return "10.1.0.10" }
        if host == "BACKUP01" { return "10.0.5.10" }
        return "10.20.0." + String(Int(host.suffix(2)) ?? 99)
    }

    var configuration: LateralMovementConfiguration {
        var c = LateralMovementConfiguration()
        c.learningPeriod = day
        return c
    }

    /// A day of history: users 1–4 use FS-FIN01 with Kerberos, the backup server logs on to the file servers every
    /// hour, an administrator works from JUMP01 on two servers.
    func learned() -> LateralMovementDetector {
        var d = LateralMovementDetector(configuration: configuration)
        var events: [Event] = []
        var n = 0
        for h in 0..<12 {
            let t = t0 + Int64(h) * hour
            for u in 1...4 {
                let ws = "WS-NYC-0000\(u)"
                events.append(logonEvent("L\(n)", t + Int64(u) * minute, user: "user\(u)", from: ws, clientIP: Self.ip(ws), to: "FS-FIN01",
                                         targetIP: Self.ip("FS-FIN01"), type: 3, package: "Kerberos"))
                n += 1
            }
            for target in ["FS-FIN01", "FS-HR01"] {
                events.append(logonEvent("L\(n)", t + 30 * minute, user: "svc_backup", from: "BACKUP01", clientIP: Self.ip("BACKUP01"), to: target,
                                         targetIP: Self.ip(target), type: 3, package: "Kerberos"))
                n += 1
            }
        }
        for target in ["DB-FIN01", "APP-PAY01"] {
            events.append(logonEvent("L\(n)", t0 + 14 * hour, user: "adm-alice", from: "JUMP01", clientIP: Self.ip("JUMP01"), to: target,
                                     targetIP: Self.ip(target), type: 10, package: "Kerberos"))
            n += 1
        }
        _ = feed(&d, events)
        #expect(d.statistics.edgeSignals + d.statistics.fanOutSignals + d.statistics.chainSignals == 0, "nothing raised while learning")
        return d
    }

    @Test("pass-the-hash to a file server nobody in the peer group reaches: one signal with the account")
    func newEdgeWithNTLM() throws {
        var d = learned()
        let t = t0 + 2 * day
        let ws = "WS-NYC-00003"
        let events = [
            Event(id: "T9", time: t, kind: .authentication, user: "user3", sourceIP: Self.ip(ws), sourceHost: ws, destinationIP: Self.ip(ws),
                  destinationHost: ws, outcome: .success, logonType: 9, authPackage: "Negotiate",
                  properties: ["Logon Process": "seclogo", "Network Account Name": "adm-alice"]),
            flowEvent("F1", t + 5 * minute - 500, from: Self.ip(ws), srcHost: ws, to: Self.ip("FS-HR01"), dstHost: "FS-HR01", port: 445,
                      user: "adm-alice", application: "SMB"),
            logonEvent("A1", t + 5 * minute, user: "adm-alice", from: ws, clientIP: Self.ip(ws), to: "FS-HR01", targetIP: Self.ip("FS-HR01"), type: 3,
                       package: "NTLM"),
            Event(id: "S1", time: t + 5 * minute + 400, kind: .shareAccess, user: "adm-alice", sourceIP: Self.ip(ws), sourceHost: ws,
                  destinationIP: Self.ip("FS-HR01"), destinationHost: "FS-HR01", resource: #"\\FS-HR01\ADMIN$"#,
                  properties: ["Share Name": #"\\*\ADMIN$"#]),
        ]
        var signals = feed(&d, events)
        #expect(signals.isEmpty, "held for the coalescing window")
        signals += d.advance(to: t + 6 * minute)
        let s = try #require(signals.first)
        #expect(signals.count == 1, "flow, logon and share access of one hop are one signal")
        #expect(s.entity == EntityRef(.host, ws))
        #expect(s.related.contains(EntityRef(.host, "FS-HR01")))
        #expect(s.related.contains(EntityRef(.user, "adm-alice")))
        #expect(s.title.contains("adm-alice") && s.title.contains("SMB"))
        #expect(s.technique == "T1550.002")
        #expect(Set(s.evidence) == ["T9", "F1", "A1", "S1"])
        let features = Set(s.deviations.map(\.feature))
        #expect(features.isSuperset(of: ["host_edge_history", "peer_edge_history", "ntlm_share", "type9_logon", "account_from_host"]))
        let peers = try #require(s.deviations.first { $0.feature == "peer_edge_history" })
        #expect(peers.observed == 0)
        #expect(peers.peerGroup == "WS")
        let ntlm = try #require(s.deviations.first { $0.feature == "ntlm_share" })
        #expect(ntlm.baseline == 0, "FS-HR01 had only Kerberos network logons")
    }

    @Test("a known edge and a new edge that the peer group already uses are not raised")
    func knownAndPeerEdges() {
        var d = learned()
        let t = t0 + 2 * day
        let signals = feed(&d, [
            logonEvent("K1", t, user: "user1", from: "WS-NYC-00001", clientIP: Self.ip("WS-NYC-00001"), to: "FS-FIN01",
                       targetIP: Self.ip("FS-FIN01"), type: 3, package: "Kerberos"),
            // User 5's workstation never reached FS-FIN01, but its peers do every hour.
            logonEvent("K2", t + minute, user: "user5", from: "WS-NYC-00005", clientIP: Self.ip("WS-NYC-00005"), to: "FS-FIN01",
                       targetIP: Self.ip("FS-FIN01"), type: 3, package: "Kerberos"),
        ]) + d.advance(to: t + hour)
        #expect(signals.isEmpty)
        #expect(d.statistics.newEdges == 1, "the peer edge was new for the host and was judged")
    }

    @Test("a chain A→B→C within the window names the account at each hop")
    func chain() throws {
        var d = learned()
        let t = t0 + 3 * day
        let ws = "WS-NYC-00002"
        let events = [
            logonEvent("C1", t, user: "adm-bob", from: ws, clientIP: Self.ip(ws), to: "APP-ERP01", targetIP: Self.ip("APP-ERP01"), type: 3,
                       package: "NTLM"),
            logonEvent("C2", t + 20 * minute, user: "adm-carol", from: "APP-ERP01", clientIP: Self.ip("APP-ERP01"), to: "DB-HR01",
                       targetIP: Self.ip("DB-HR01"), type: 10, package: "Kerberos"),
        ]
        let signals = feed(&d, events) + d.drain()
        let chain = try #require(signals.first { $0.deviations.contains { $0.feature == "hop1" } })
        #expect(chain.entity == EntityRef(.host, ws))
        #expect(chain.related.contains(EntityRef(.host, "APP-ERP01")) && chain.related.contains(EntityRef(.host, "DB-HR01")))
        #expect(chain.related.contains(EntityRef(.user, "adm-bob")) && chain.related.contains(EntityRef(.user, "adm-carol")))
        #expect(chain.title.contains("adm-bob") && chain.title.contains("adm-carol") && chain.title.contains("RDP"))
        #expect(chain.evidence == ["C1", "C2"])
        let gap = try #require(chain.deviations.first { $0.feature == "hop_gap" })
        #expect(gap.observed == 20)
        // The server-to-server hop is also a new edge between non-peer servers.
        let edge = try #require(signals.first { $0.entity == EntityRef(.host, "APP-ERP01") && $0.deviations.contains { $0.feature == "server_to_server" } })
        #expect(edge.related.contains(EntityRef(.user, "adm-carol")))
        // Hops further apart than the chain window are not a chain.
        var late = learned()
        let far = feed(&late, [
            logonEvent("D1", t, user: "adm-bob", from: ws, clientIP: Self.ip(ws), to: "APP-ERP01", targetIP: Self.ip("APP-ERP01"), type: 3,
                       package: "NTLM"),
            logonEvent("D2", t + 3 * hour, user: "adm-carol", from: "APP-ERP01", clientIP: Self.ip("APP-ERP01"), to: "DB-HR01",
                       targetIP: Self.ip("DB-HR01"), type: 10, package: "Kerberos"),
        ]) + late.drain()
        #expect(!far.contains { $0.deviations.contains { $0.feature == "hop1" } })
    }

    @Test("a workstation fanning out to many servers is raised; a jump host patching servers is not")
    func fanOut() throws {
        var d = learned()
        let t = t0 + 2 * day
        let ws = "WS-NYC-00004"
        var events: [Event] = []
        for (i, server) in Self.servers.prefix(6).enumerated() {
            events.append(flowEvent("W\(i)", t + Int64(i) * 4 * minute, from: Self.ip(ws), srcHost: ws, to: server.1, dstHost: server.0, port: 445,
                                    application: "SMB"))
        }
        for (i, server) in Self.servers.suffix(10).enumerated() {
            events.append(logonEvent("J\(i)", t + 2 * hour + Int64(i) * 5 * minute, user: "adm-alice", from: "JUMP01", clientIP: Self.ip("JUMP01"),
                                     to: server.0, targetIP: server.1, type: 10, package: "Kerberos"))
        }
        let signals = feed(&d, events) + d.drain()
        let fan = signals.filter { $0.deviations.contains { $0.feature == "destinations_per_window" } }
        #expect(fan.count == 1)
        let s = try #require(fan.first)
        #expect(s.entity == EntityRef(.host, ws))
        #expect(s.deviations.first { $0.feature == "destinations_per_window" }?.observed == Double(d.configuration.fanOutThreshold))
        #expect(!signals.contains { $0.entity == EntityRef(.host, "JUMP01") }, "maintenance from the jump host raises nothing")
    }

    @Test("machine accounts and failed logons are not edges")
    func ignoredLogons() {
        var d = learned()
        let t = t0 + 2 * day
        var failed = logonEvent("X2", t + minute, user: "user1", from: "WS-NYC-00001", clientIP: Self.ip("WS-NYC-00001"), to: "DB-HR01",
                                targetIP: Self.ip("DB-HR01"), type: 3, package: "NTLM")
        failed.outcome = .failure
        let before = d.statistics.remoteAccesses
        let signals = feed(&d, [
            logonEvent("X1", t, user: "WS-NYC-00001$", from: "WS-NYC-00001", clientIP: Self.ip("WS-NYC-00001"), to: "DB-HR01",
                       targetIP: Self.ip("DB-HR01"), type: 3, package: "Kerberos"),
            failed,
        ]) + d.drain()
        #expect(signals.isEmpty)
        #expect(d.statistics.remoteAccesses == before)
    }

    @Test("peer groups come from the configured map, asset properties, the naming convention or the /24")
    func peerGroups() {
        let c = HostClassifier(groups: ["srv-odd-7": "DB"])
        #expect(c.group(ofKey: "FS-FIN01", assetRole: nil, zone: nil) == "FS")
        #expect(c.group(ofKey: "DC02", assetRole: nil, zone: nil) == "DC")
        #expect(c.group(ofKey: "WS-NYC-00012", assetRole: nil, zone: nil) == "WS")
        #expect(c.group(ofKey: "JUMP01.CORP.EXAMPLE", assetRole: nil, zone: nil) == "JUMP")
        #expect(c.group(ofKey: "SRV-ODD-7", assetRole: nil, zone: nil) == "DB")
        #expect(c.group(ofKey: "HOSTX", assetRole: "database-server", zone: "datacenter") == "database-server@datacenter")
        #expect(c.group(ofKey: "10.4.5.6", assetRole: nil, zone: nil) == "10.4.5.0/24")
        #expect(c.role(ofGroup: "WS", assetRole: nil) == .workstation)
        #expect(c.role(ofGroup: "JUMP", assetRole: nil) == .adminStation)
        #expect(c.role(ofGroup: "DB", assetRole: nil) == .server)
        #expect(c.role(ofGroup: "10.4.5.0/24", assetRole: nil) == .unknown)
        #expect(c.role(ofGroup: "x", assetRole: "laptop") == .workstation)
    }
}
