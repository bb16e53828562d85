import Testing
import VigilCore

@Suite struct IPv4Tests {
    @Test func parsesDottedQuads() {
        #expect(IPv4Address("10.0.0.1")?.value == 0x0A00_0001)
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("255.255.255.255")?.value == .max)
        #expect(IPv4Address("010.001.000.001")?.value == 0x0A01_0001)
        #expect(IPv4Address(192, 168, 1, 2).description == "192.168.1.2")
        #expect(IPv4Address("10.1.2.3"[...])?.description == "10.1.2.3")
        for bad in ["", "10", "10.0.0", "10.0.0.1.2", "256.0.0.1", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
                    "1.2.3.0400", "a.b.c.d", "::1", "10.0.0.1/8", "1.2.3.-4", "host.example"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
    }

    @Test func classifiesAddresses() {
        for a in ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1"] { #expect(IPv4Address(a)!.isPrivate, "\(a)") }
        for a in ["172.15.0.1", "172.32.0.1", "192.169.0.1", "11.0.0.1", "8.8.8.8"] { #expect(!IPv4Address(a)!.isPrivate, "\(a)") }
        #expect(IPv4Address("127.0.0.1")!.isLoopback)
        #expect(IPv4Address("169.254.1.1")!.isLinkLocal)
        #expect(IPv4Address("100.64.0.1")!.isSharedAddressSpace && IPv4Address("100.127.255.255")!.isSharedAddressSpace)
        #expect(!IPv4Address("100.128.0.1")!.isSharedAddressSpace && !IPv4Address("100.63.255.255")!.isSharedAddressSpace)
        #expect(IPv4Address("100.100.1.1")!.isInternal && !IPv4Address("8.8.8.8")!.isInternal)
    }

    @Test func cidrEdges() throws {
        let all = try #require(IPv4Network("0.0.0.0/0"))
        #expect(all.contains("1.2.3.4") && all.contains("255.255.255.255") && all.mask == 0)
        let host = try #require(IPv4Network("10.1.2.3/32"))
        #expect(host.contains("10.1.2.3") && !host.contains("10.1.2.4") && host.mask == .max)
        #expect(IPv4Network("10.1.2.3") == host)
        let net = try #require(IPv4Network("10.1.2.3/8"))
        #expect(net.description == "10.0.0.0/8")
        #expect(net.contains("10.255.0.1") && !net.contains("11.0.0.1") && !net.contains("not an address"))
        #expect(net.contains(IPv4Address(10, 9, 9, 9)))
        #expect(net.contains(try #require(IPv4Network("10.2.0.0/16"))) && !net.contains(all))
        #expect(IPv4Network("172.16.0.0/12")!.contains("172.31.1.1") && !IPv4Network("172.16.0.0/12")!.contains("172.32.0.1"))
        #expect(IPv4Network("192.168.1.128/25")!.contains("192.168.1.200") && !IPv4Network("192.168.1.128/25")!.contains("192.168.1.1"))
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0/8", "/8", "10.0.0.0/ 8",
                    "10.0.0.0/100", "10.0.0.0/a"] {
            #expect(IPv4Network(bad) == nil, "\(bad)")
        }
    }
}
