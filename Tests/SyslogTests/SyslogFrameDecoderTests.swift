import NIOCore
import Testing

@testable import Syslog

/// Drives the decoder the way `ByteToMessageHandler` does (cumulate, decode until nil, decodeLast at EOF), for
/// every way of cutting the input into chunks we try.
private func frames(_ chunks: [[UInt8]], maxLength: Int = 64, prefixLength: Int = 8) throws -> [String] {
    var decoder = SyslogFrameDecoder(maxLength: maxLength, prefixLength: prefixLength)
    var buffer = ByteBuffer()
    var out: [String] = []
    func describe(_ frame: SyslogFrame) -> String {
        switch frame {
        case .message(let b): "msg:" + String(decoding: b.readableBytesView, as: UTF8.self)
        case .oversized(let p, let n): "over:\(n):" + String(decoding: p.readableBytesView, as: UTF8.self)
        case .badFraming(_, let p, let n): "bad:\(n):" + String(decoding: p.readableBytesView, as: UTF8.self)
        }
    }
    for chunk in chunks {
        buffer.writeBytes(chunk)
        while let frame = try decoder.decode(buffer: &buffer) { out.append(describe(frame)) }
        buffer.discardReadBytes()
        // Memory bound: the decoder never keeps much more than one maximum-length message.
        #expect(buffer.readableBytes <= maxLength + 12)
    }
    while let frame = try decoder.decodeLast(buffer: &buffer, seenEOF: true) { out.append(describe(frame)) }
    return out
}

/// All 2-way and 3-way cuts, plus byte-by-byte.
private func allChunkings(_ bytes: [UInt8]) -> [[[UInt8]]] {
    var result: [[[UInt8]]] = [[bytes], bytes.map { [$0] }]
    for i in 0...bytes.count {
        result.append([Array(bytes[..<i]), Array(bytes[i...])])
        let j = min(bytes.count, i + 7)
        result.append([Array(bytes[..<i]), Array(bytes[i..<j]), Array(bytes[j...])])
    }
    return result
}

struct SyslogFrameDecoderTests {
    @Test func splitsNewlineFramedStreams() throws {
        let input = Array("first\nsecond\r\n\nthird".utf8)
        for chunks in allChunkings(input) {
            #expect(try frames(chunks) == ["msg:first", "msg:second", "msg:third"])
        }
    }

    @Test func splitsOctetCountedStreams() throws {
        let input = Array("5 hello12 with\nnewline\n3 abc0 2 ok".utf8)
        for chunks in allChunkings(input) {
            #expect(try frames(chunks) == ["msg:hello", "msg:with\nnewline", "msg:abc", "msg:ok"])
        }
    }

    @Test func detectsFramingFromTheFirstFrame() throws {
        // A digit-led first line that is not "digits space" is newline framing.
        #expect(try frames([Array("123abc\n45 x\n".utf8)]) == ["msg:123abc", "msg:45 x"])
        #expect(try frames([Array("<13>LEEF:2.0|a\n".utf8)]) == ["msg:<13>LEEF:2.0|a"])
    }

    @Test func oversizedNewlineLinesAreCutAndTheStreamResyncs() throws {
        let long = String(repeating: "x", count: 200)
        let input = Array("ok1\n\(long)\nok2\n".utf8)
        for chunks in allChunkings(input) {
            #expect(try frames(chunks) == ["msg:ok1", "over:200:xxxxxxxx", "msg:ok2"])
        }
        // The same line arriving in small pieces is discarded as it streams in.
        let pieces = stride(from: 0, to: input.count, by: 10).map { Array(input[$0..<min(input.count, $0 + 10)]) }
        #expect(try frames(pieces) == ["msg:ok1", "over:200:xxxxxxxx", "msg:ok2"])
    }

    @Test func oversizedOctetCountedFramesAreSkippedByLength() throws {
        let long = String(repeating: "y", count: 100)
        let input = Array("2 ok100 \(long)3 end".utf8)
        for chunks in allChunkings(input) {
            #expect(try frames(chunks) == ["msg:ok", "over:100:yyyyyyyy", "msg:end"])
        }
    }

    @Test func badOctetCountIsQuarantinedUpToTheNextNewline() throws {
        #expect(try frames([Array("2 ok garbage here\n3 abc".utf8)]) == ["msg:ok", "bad:12:garbage ", "msg:abc"])
    }

    @Test func endOfStreamInsideAFrame() throws {
        #expect(try frames([Array("5 hello9 cut".utf8)]) == ["msg:hello", "bad:5:9 cut"])
        #expect(try frames([Array("line\nno newline at end\r".utf8)]) == ["msg:line", "msg:no newline at end"])
        #expect(try frames([Array("1234567".utf8)]) == ["msg:1234567"])
        #expect(try frames([]) == [])
    }

    @Test func randomStreamsNeverTrapAndStayBounded() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("0123456789 \n\r<>ab".utf8) + [0, 0xFF]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...400, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var chunks: [[UInt8]] = []
            var i = 0
            while i < bytes.count {
                let n = Int.random(in: 1...50, using: &rng)
                chunks.append(Array(bytes[i..<min(bytes.count, i + n)]))
                i += n
            }
            _ = try frames(chunks, maxLength: 32)
        }
    }
}
