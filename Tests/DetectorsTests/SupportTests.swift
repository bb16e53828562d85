import Testing
import VigilCore

@testable import Detectors

@Suite("Support")
struct SupportTests {
    @Test("the LRU keeps the most recently touched entries and counts evictions")
    func lru() {
        var m = BoundedLRU<Int, String>(capacity: 3)
        for i in 0..<3 { m.update(i, make: { "v\(i)" }) { _ in } }
        m.update(0, make: { "x" }) { $0 += "!" }
        let r = m.update(3, make: { "v3" }) { _ in }
        #expect(r.evicted?.key == 1, "1 was the least recently touched")
        #expect(m.evictions == 1 && m.count == 3)
        #expect(m.peek(0) == "v0!")
        #expect(m.oldest?.key == 2)
        #expect(m.remove(2) == "v2")
        var order: [Int] = []
        m.forEach { k, _ in order.append(k) }
        #expect(order == [0, 3])
        m.update(9, make: { "v9" }) { _ in }
        #expect(m.count == 3 && m.evictions == 1, "a freed slot is reused without eviction")
    }

    @Test("HyperLogLog estimates distinct counts within its error")
    func distinct() {
        var small = DistinctCounter(precision: 6)
        for i in 0..<20 { small.insert(hash: stableHash("host-\(i)")); small.insert(hash: stableHash("host-\(i)")) }
        #expect(abs(small.estimate - 20) <= 3)
        var large = DistinctCounter(precision: 12)
        for i in 0..<50_000 { large.insert(hash: stableHash("10.\(i / 65536).\((i / 256) % 256).\(i % 256)")) }
        #expect(abs(large.estimate - 50_000) / 50_000 < 0.05)
    }

    @Test("addresses: IPv4 parsing, internal ranges, CIDR")
    func addresses() {
        #expect(NetworkAddress.ipv4("192.168.1.20") == 0xC0A8_0114)
        #expect(NetworkAddress.ipv4("256.1.1.1") == nil && NetworkAddress.ipv4("1.2.3") == nil && NetworkAddress.ipv4("a.b.c.d") == nil)
        #expect(NetworkAddress.isInternal("10.9.8.7") && NetworkAddress.isInternal("172.31.0.1") && !NetworkAddress.isInternal("172.32.0.1"))
        #expect(NetworkAddress.isInternal("fd12::1") && !NetworkAddress.isInternal("2001:db8::1") && !NetworkAddress.isInternal("fdomain.example"))
        #expect(NetworkAddress.isAddress("2001:db8::1") && !NetworkAddress.isAddress("FS-FIN01"))
        let net = IPv4Network("10.0.0.0/8")
        #expect(net?.contains("10.200.1.1") == true && net?.contains("11.0.0.1") == false)
        #expect(IPv4Network("10.0.0.0/33") == nil)
    }

    @Test("robust statistics: quartiles, MAD and Bowley skew")
    func statistics() {
        let s = RobustStatistics.summary([1, 2, 3, 4, 100])
        #expect(s.median == 3 && s.q1 == 2 && s.q3 == 4 && s.mad == 1)
        #expect(s.bowleySkew == 0)
        let skewed = RobustStatistics.summary([1, 1.5, 2, 10, 20])
        #expect(skewed.bowleySkew > 0)
    }

    @Test("formatting without Foundation")
    func format() {
        #expect(Format.number(270.0) == "270" && Format.number(0.0449, digits: 3) == "0.045" && Format.number(12.5) == "12.5")
        #expect(Format.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(Format.timestamp(1_709_294_405_500) == "2024-03-01T12:00:05Z")
        #expect(Format.duration(milliseconds: 90_000) == "90 s" && Format.duration(milliseconds: 5_400_000) == "90 min")
        #expect(TextFiles.jsonString("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
        #expect(TextFiles.csv("a,b") == "\"a,b\"")
    }
}
