import Testing
import VigilCore

@testable import Detectors

@Suite("Zeek conn.log")
struct ZeekConnLogParserTests {
    static let tsv = """
        #separator \\x09
        #set_separator\t,
        #empty_field\t(empty)
        #unset_field\t-
        #path\tconn
        #open\t2024-03-01-12-00-00
        #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents
        #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]
        1709294400.123456\tCHhAvVGS1DHFjwGM9\t10.1.0.5\t49152\t93.184.216.34\t443\ttcp\tssl\t0.512301\t517\t4096\tSF\tT\tF\t0\tShADadFf\t8\t849\t7\t4480\t-
        1709294401.000000\tC4J4Th3PJpwUYZZ6gc\t10.1.0.5\t53211\t10.0.1.10\t53\tudp\tdns\t0.000214\t38\t54\tSF\tT\tT\t0\tDd\t1\t66\t1\t82\t-
        1709294402.5\tCmES5u32sYpV7JYN\t10.1.0.7\t51000\t10.0.2.10\t445\ttcp\t-\t-\t-\t-\tS0\tT\tT\t0\tS\t1\t52\t0\t0\t-
        1709294403.0\tCbroken\t10.1.0.7\tnot-a-port\t10.0.2.10\t445\ttcp\t-\t-\t-\t-\tS0\tT\tT\t0\tS\t1\t52\t0\t0\t-
        1709294404.0\tCshort\t10.1.0.7
        1709294405.0\tCP7DmHB0b6hEN5T3y\t10.1.0.9\t50001\t10.0.4.12\t5985\ttcp\t(empty)\t3.2\t22000\t181000\tRSTO\tT\tT\t0\tShADadR\t30\t23560\t140\t188600\t-
        #close\t2024-03-01-13-00-00
        """

    @Test("TSV with the #fields header maps to network flows")
    func tsv() throws {
        var p = ZeekConnLogParser()
        let events = p.parse(text: Self.tsv)
        #expect(events.count == 4)
        #expect(p.errorCount == 2)
        #expect(p.errors.map(\.line) == [12, 13])
        #expect(p.errors[0].message.contains("id.orig_p"))
        #expect(p.errors[1].message.contains("expected 21"))
        let e = events[0]
        #expect(e.id == "CHhAvVGS1DHFjwGM9")
        #expect(e.time == 1_709_294_400_123)
        #expect(e.kind == .networkFlow)
        #expect(e.sourceIP == "10.1.0.5" && e.sourcePort == 49152)
        #expect(e.destinationIP == "93.184.216.34" && e.destinationPort == 443)
        #expect(e.networkProtocol == "TCP" && e.application == "SSL")
        #expect(e.bytesOut == 517 && e.bytesIn == 4096 && e.packets == 15)
        #expect(e.outcome == .success)
        #expect(e.properties["conn_state"] == "SF" && e.properties["history"] == "ShADadFf" && e.properties["duration"] == "0.512301")
        #expect(e.logSource == "Zeek conn.log")
        // Unset fields stay nil; S0 is a failed connection.
        let s0 = events[2]
        #expect(s0.bytesOut == nil && s0.application == nil && s0.outcome == .failure && s0.time == 1_709_294_402_500)
        // "(empty)" is an empty value, not a service called "(empty)".
        #expect(events[3].application == nil && events[3].outcome == .success && events[3].destinationPort == 5985)
    }

    @Test("JSON lines, with epoch or ISO 8601 timestamps, and broken lines counted")
    func json() throws {
        let text = """
            {"ts":1709294400.25,"uid":"CJ1","id.orig_h":"10.1.0.5","id.orig_p":49152,"id.resp_h":"203.0.113.9","id.resp_p":8443,"proto":"tcp","service":"ssl","duration":1.5,"orig_bytes":420,"resp_bytes":230,"conn_state":"SF","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShADadFf","orig_pkts":6,"orig_ip_bytes":740,"resp_pkts":5,"resp_ip_bytes":490}
            {"ts":"2024-03-01T12:00:05.500000Z","uid":"CJ2","id.orig_h":"fe80::1","id.orig_p":5353,"id.resp_h":"ff02::fb","id.resp_p":5353,"proto":"udp","conn_state":"S0","tunnel_parents":["Cx","Cy"]}
            {"ts":1709294410,"uid":"CJ3","id":{"orig_h":"10.1.0.6","orig_p":1234,"resp_h":"10.0.1.10","resp_p":88},"proto":"tcp","service":"krb_tcp"}
            {"ts":1709294411,"uid":"CJ4","id.orig_h":"10.1.0.6"
            {"uid":"CJ5","id.orig_h":"10.1.0.6","id.resp_h":"10.0.1.10"}
            {"ts":"2024-03-01T14:00:00+02:00","uid":"CJ6","id.orig_h":"10.1.0.6","id.resp_h":"10.0.1.10","orig_bytes":-5}
            """
        var p = ZeekConnLogParser(logSource: "zeek-sensor-1")
        let events = p.parse(text: text)
        #expect(events.map(\.id) == ["CJ1", "CJ2", "CJ3"])
        #expect(p.errorCount == 3)
        #expect(p.errors.map(\.line) == [4, 5, 6])
        #expect(p.errors[0].message.contains("invalid JSON"))
        #expect(p.errors[1].message.contains("ts"))
        #expect(p.errors[2].message.contains("orig_bytes"))
        #expect(events[0].time == 1_709_294_400_250 && events[0].bytesOut == 420 && events[0].packets == 11)
        #expect(events[0].properties["local_orig"] == "true")
        #expect(events[1].time == 1_709_294_405_500 && events[1].sourceIP == "fe80::1" && events[1].properties["tunnel_parents"] == "Cx,Cy")
        #expect(events[2].sourceIP == "10.1.0.6" && events[2].destinationPort == 88, "nested id objects are flattened")
        #expect(events.allSatisfy { $0.logSource == "zeek-sensor-1" })
        #expect(ZeekConnLogParser.parseISO8601("2024-03-01T14:00:00+02:00") == 1_709_294_400_000)
        #expect(ZeekConnLogParser.parseISO8601("2024-13-01T14:00:00Z") == nil)
    }

    @Test("records before a header are errors; a missing uid gets a content hash")
    func noHeader() {
        var p = ZeekConnLogParser()
        #expect(p.parse(line: "1709294400.0\tC1\t10.0.0.1\t1\t10.0.0.2\t2\ttcp", lineNumber: 1) == nil)
        #expect(p.errors.first?.message == "record before the #fields header")
        let a = p.parse(line: #"{"ts":1709294400,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","id.resp_p":22}"#, lineNumber: 2)
        let b = p.parse(line: #"{"ts":1709294400,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","id.resp_p":22}"#, lineNumber: 3)
        #expect(a != nil && a?.id == b?.id && a?.id.count == 16)
    }
}
