import Testing

@testable import LEEF

/// Decoding arbitrary bytes must never trap; what it accepts must re-encode to an equivalent event.
struct LEEFFuzzTests {
    static let seeds: [String] = [
        "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5",
        "<13>Jan 18 11:07:53 192.168.1.1 LEEF:1.0|V|P|1|ID|a=1\tb=2",
        #"<165>1 2003-10-11T22:14:15.003Z host app 1 ID47 [ex@1 a="b"] LEEF:2.0|V|P|1|E|0x7C|a=1|b=\|"#,
        #"LEEF:2.0|V\|x|P|1|E|x09|k\=1=v\n\t\\"#,
        "LEEF:2.0|V|P|1|E|a=1\tb=2",
    ]
    static let structural: [UInt8] = Array("LEF:|^=\\<>1 0x9-TZ[]\"\t\n\r".utf8) + [0x00, 0xC3, 0xA9, 0xFF, 0xE6, 0x97]

    /// For an accepted line whose header fields survive encoding unchanged, decode ∘ encode is the identity.
    static func checkStable(_ bytes: [UInt8]) {
        guard let m = try? LEEFDecoder.decode(bytes: bytes, referenceTime: 1_700_000_000_000) else { return }
        let e = m.event
        let headerFields = [e.vendor, e.product, e.productVersion, e.eventID]
        guard headerFields.allSatisfy({ LEEFEncoder.sanitizeHeaderField($0) == $0 }) else { return }
        let again = try? LEEFDecoder.decode(LEEFEncoder.encode(e), referenceTime: 0).event
        #expect(again == e, "\(bytes)")
    }

    @Test func randomBytesNeverTrap() {
        var random = TestRandom(seed: 1)
        for _ in 0..<20_000 {
            let length = random.int(0...120)
            var bytes: [UInt8] = random.chance(0.5) ? Array("LEEF:2.0|".utf8) : []
            for _ in 0..<length {
                bytes.append(random.chance(0.7) ? random.pick(Self.structural) : UInt8(random.int(0...255)))
            }
            Self.checkStable(bytes)
            _ = try? LEEFDecoder.decode(String(decoding: bytes, as: UTF8.self), referenceTime: Int64(random.int(-1...1)) * .max)
        }
    }

    @Test func mutatedLinesNeverTrap() {
        var random = TestRandom(seed: 2)
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = Array(random.pick(Self.seeds).utf8)
            for _ in 0..<random.int(1...4) {
                guard !bytes.isEmpty else { break }
                let at = random.int(0...(bytes.count - 1))
                switch random.int(0...3) {
                case 0: bytes[at] = random.chance(0.5) ? random.pick(Self.structural) : UInt8(random.int(0...255))
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(random.pick(Self.structural), at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            if (try? LEEFDecoder.decode(bytes: bytes, referenceTime: 1_700_000_000_000)) != nil { accepted += 1 }
            Self.checkStable(bytes)
        }
        // The mutations are small, so a fair share still decodes: the fuzzer exercises the deep paths.
        #expect(accepted > 1000)
    }

    @Test func extremeReferenceTimesAndValuesDoNotTrap() {
        for ref in [Int64.min, Int64.max, 0, -1] {
            _ = try? LEEFDecoder.decode("<13>Jan 18 11:07:53 h LEEF:2.0|V|P|1|E|^|a=1", referenceTime: ref)
        }
        for text in ["9999999999999999999", "-9223372036854775808", "99999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"] {
            _ = LEEFTime.parse(text)
        }
        _ = LEEFTime.format(.max, pattern: "yyyy-MM-dd HH:mm:ss.SSS")
        _ = LEEFTime.format(.min, pattern: "yyyy-MM-dd HH:mm:ss.SSS")
    }
}
