@testable import Ingestion
import LEEF
import Testing
import VigilCore

@Suite struct LEEFNormalizerTests {
    let receivedAt: EpochMillis = 1_790_845_600_000

    func normalize(_ line: String) throws -> NormalizationOutcome {
        let message = try LEEFDecoder.decode(line, referenceTime: receivedAt)
        return LEEFNormalizer(mapping: try Fixtures.mapping()).normalize(message, receivedAt: receivedAt)
    }

    @Test func aWindowsLogonLineBecomesAnAuthenticationEvent() throws {
        let line = "<86>1 2026-10-01T09:05:04.000Z DC01 Microsoft-Windows-Security-Auditing - 4624 - "
            + "LEEF:2.0|Microsoft|Windows Security Event Log|10.0|4624|^|devTime=Oct 01 2026 09:05:03.120 UTC"
            + "^devTimeFormat=MMM dd yyyy HH:mm:ss.SSS z^cat=User Login Success^sev=1^usrName=alice^src=10.1.2.3"
            + "^srcPort=50000^dst=10.0.0.10^dstPort=445^proto=SMB^identHostName=WS-ALICE^isLoginEvent=true"
            + "^vigilEventId=e1^dstHostName=DC01^device=WS-ALICE^logonType=3^authPackage=Kerberos^TargetDomain=CORP"
        let out = try normalize(line)
        #expect(out.issues.isEmpty)
        let e = try #require(out.event)
        #expect(e.id == "e1")
        #expect(e.time == 1_790_845_503_120) // devTime, not the syslog time
        #expect(e.kind == .authentication)
        #expect(e.eventCode == "4624")
        #expect(e.name == nil)
        #expect(e.user == "alice")
        #expect(e.sourceIP == "10.1.2.3" && e.sourcePort == 50_000)
        #expect(e.destinationIP == "10.0.0.10" && e.destinationPort == 445)
        #expect(e.networkProtocol == "SMB")
        #expect(e.sourceHost == "WS-ALICE" && e.destinationHost == "DC01" && e.device == "WS-ALICE")
        #expect(e.logonType == 3 && e.authPackage == "Kerberos")
        #expect(e.severity == 1 && e.category == "User Login Success")
        #expect(e.outcome == .success)
        #expect(e.logSource == "DC01")
        #expect(e.properties["TargetDomain"] == "CORP")
        #expect(e.properties["isLoginEvent"] == "true")
        #expect(e.properties["logsourcetypename"] == "Microsoft Windows Security Event Log")
        #expect(e.properties["starttime"] == "1790845504000")
    }

    @Test func aRejectedVPNLoginWithGeoAndBytes() throws {
        let line = "LEEF:1.0|Cisco|ASA|9.18|113015|devTime=1790845503000\tcat=Remote Access Login Failed\tsev=4"
            + "\tusrName=mallory\tsrc=192.0.2.50\tdst=203.0.113.5\tsrcBytes=100\tdstBytes=2000\ttotalPackets=9"
            + "\toutcome=failure\tfailureReason=bad password\tgeoCountry=RO\tgeoCity=Bucharest"
            + "\tgeoLatitude=44.43\tgeoLongitude=26.10\tvigilEventId=e8"
        let e = try #require(try normalize(line).event)
        #expect(e.time == 1_790_845_503_000)
        #expect(e.kind == .vpn)
        #expect(e.outcome == .failure)
        #expect(e.failureReason == "bad password")
        #expect(e.bytesOut == 100 && e.bytesIn == 2000 && e.packets == 9)
        #expect(e.geo == GeoLocation(country: "RO", city: "Bucharest", latitude: 44.43, longitude: 26.10))
        #expect(e.logSource == nil) // a bare LEEF line names no host
    }

    @Test func anUnreadableDevTimeFallsBackToTheReceiveTimeAndIsCounted() throws {
        let out = try normalize("LEEF:1.0|Acme|App|1|login|devTime=not a time\tusrName=x")
        let e = try #require(out.event)
        #expect(e.time == receivedAt)
        #expect(out.issues.map(\.field) == ["time"])
        #expect(e.properties["devicetime"] == "not a time")
    }

    @Test func linesWithoutAnIDGetAStableHash() throws {
        let line = "LEEF:1.0|Acme|App|1|login|devTime=1790845503000\tusrName=x\tsrc=10.0.0.1"
        let a = try #require(try normalize(line).event?.id)
        let b = try #require(try normalize(line).event?.id)
        #expect(a == b)
        #expect(a.hasPrefix("leef:"))
        let c = try #require(try normalize(line + "\tdst=10.0.0.2").event?.id)
        #expect(c != a)
    }
}
