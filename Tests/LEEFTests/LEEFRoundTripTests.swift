import Testing

@testable import LEEF

/// Property tests: seeded random events full of characters that stress the escape scheme must come back
/// unchanged from `decode(encode(_:))`.
struct LEEFRoundTripTests {
    static let validDelimiters: [UInt8] = (0..<128).map(UInt8.init).filter(LEEFEvent.isValidDelimiter)

    static func randomEvent(_ random: inout TestRandom, headerAlphabet: [String] = headerAlphabet) -> LEEFEvent {
        let version: LEEFVersion = random.chance(0.3) ? .v1 : .v2
        var e = LEEFEvent(
            version: version, vendor: random.string(from: headerAlphabet, length: 1...8),
            product: random.string(from: headerAlphabet, length: 1...8),
            productVersion: random.string(from: headerAlphabet, length: 0...5),
            eventID: random.string(from: headerAlphabet, length: 1...8),
            delimiter: random.pick(validDelimiters))
        for _ in 0..<random.int(0...15) {
            e.attributes.append(
                key: random.string(from: nastyAlphabet, length: 0...6),
                value: random.string(from: nastyAlphabet, length: 0...20))
        }
        return e
    }

    static func randomHeader(_ random: inout TestRandom) -> SyslogHeader? {
        // Tokens have 2+ characters: an RFC 3164 header without timestamp whose hostname is "1" reads as RFC 5424.
        func token() -> String? { random.chance(0.2) ? nil : random.string(from: tokenAlphabet, length: 2...12) }
        switch random.int(0...2) {
        case 0:
            return nil
        case 1:
            // RFC 3164 carries whole seconds and no year; the decoder's reference time is near the timestamp.
            let seconds = Int64(random.int(0...4_102_444_800))
            let app = token()
            let host = token()
            let timestamp: Int64? = random.chance(0.9) ? seconds * 1000 : nil
            // A header with nothing in it is written as "<13>" (documented), so always keep one field.
            let priority: Int? = random.chance(0.8) || (timestamp == nil && host == nil && app == nil) ? random.int(0...191) : nil
            return SyslogHeader(
                format: .rfc3164, priority: priority, timestamp: timestamp, hostname: host, appName: app,
                procID: app == nil ? nil : token())
        default:
            let sd: String? =
                random.chance(0.5) ? nil : #"[id@1 k="v \"q\" \] \\"][x k2="\#(random.string(from: tokenAlphabet, length: 0...5))"]"#
            return SyslogHeader(
                format: .rfc5424, priority: random.int(0...191),
                timestamp: random.chance(0.9) ? Int64(random.int(-2_208_988_800_000...4_102_444_800_000)) : nil,
                hostname: token(), appName: token(), procID: token(), msgID: token(), structuredData: sd)
        }
    }

    @Test func eventsRoundTrip() throws {
        var random = TestRandom(seed: 0xC0FFEE)
        for _ in 0..<3000 {
            let e = Self.randomEvent(&random)
            let line = LEEFEncoder.encode(e)
            let decoded = try LEEFDecoder.decode(line, referenceTime: 0).event
            #expect(decoded == e, "\(line)")
            let fromBytes = try LEEFDecoder.decode(bytes: Array(line.utf8), referenceTime: 0).event
            #expect(fromBytes == e)
        }
    }

    @Test func messagesRoundTrip() throws {
        var random = TestRandom(seed: 42)
        for _ in 0..<3000 {
            let m = LEEFMessage(header: Self.randomHeader(&random), event: Self.randomEvent(&random))
            let line = LEEFEncoder.encode(m)
            // The receiver's clock is within a few days of the sender's.
            let reference = (m.header?.timestamp ?? 0) + Int64(random.int(-3 * 86_400_000...3 * 86_400_000))
            do {
                let decoded = try LEEFDecoder.decode(line, referenceTime: reference)
                #expect(decoded == m, "\(line)")
            } catch {
                Issue.record("\(line): \(error)")
            }
        }
    }

    @Test func headerPipesAreSanitizedNotLost() throws {
        var random = TestRandom(seed: 5)
        let pipey = headerAlphabet + ["|", "\n", "\r", "\\|"]
        for _ in 0..<1000 {
            let e = Self.randomEvent(&random, headerAlphabet: pipey)
            let decoded = try LEEFDecoder.decode(LEEFEncoder.encode(e), referenceTime: 0).event
            var expected = e
            expected.vendor = LEEFEncoder.sanitizeHeaderField(e.vendor)
            expected.product = LEEFEncoder.sanitizeHeaderField(e.product)
            expected.productVersion = LEEFEncoder.sanitizeHeaderField(e.productVersion)
            expected.eventID = LEEFEncoder.sanitizeHeaderField(e.eventID)
            #expect(decoded == expected)
        }
    }
}
