import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the stream framer produces.
enum SyslogFrame {
    /// One complete message, in its own buffer.
    case message(ByteBuffer)
    /// A message longer than the limit: its first bytes and its length (as far as seen). The rest was discarded.
    case oversized(prefix: ByteBuffer, length: Int)
    /// Bytes that could not be framed (bad octet count, or EOF inside a counted frame).
    case badFraming(reason: String, prefix: ByteBuffer, length: Int)
}

/// Splits a TCP/TLS byte stream into syslog messages (RFC 6587).
///
/// The framing is detected once per connection from its first frame: digits followed by a space mean octet
/// counting (`MSG-LEN SP MSG`), anything else means newline-terminated messages (a trailing `\r` is removed).
/// Memory is bounded: a line longer than `maxLength` is reported as `.oversized` with its first `prefixLength`
/// bytes and then discarded as it streams in, and the decoder resynchronises at the next newline (or after the
/// counted length). In octet-counting mode, stray CR/LF/NUL/space bytes between frames are skipped, and a bad
/// length field is reported as `.badFraming` and skipped up to the next newline.
struct SyslogFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SyslogFrame

    enum Mode { case undetermined, newline, octetCounting }

    private struct Discard {
        var prefix: ByteBuffer
        var seen: Int
        /// Bytes still to skip in octet mode; nil in newline mode (skip through the next newline).
        var remaining: Int?
        var reason: String?
    }

    private(set) var mode: Mode = .undetermined
    let maxLength: Int
    let prefixLength: Int
    private var discard: Discard?

    init(maxLength: Int, prefixLength: Int = 4096) {
        self.maxLength = max(1, maxLength)
        self.prefixLength = max(1, min(prefixLength, maxLength))
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    /// Index (relative to the reader index) of the first `\n`, scanning the readable bytes.
    private static func newlineOffset(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            guard let hit = memchr(base, Int32(lf), raw.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    private static func copy(_ buffer: ByteBuffer, at offset: Int, length: Int) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(length)
        if length > 0, let slice = buffer.getSlice(at: buffer.readerIndex + offset, length: length) {
            out.writeImmutableBuffer(slice)
        }
        return out
    }

    mutating func decode(buffer: inout ByteBuffer) throws -> SyslogFrame? {
        while true {
            if discard != nil {
                guard let frame = continueDiscard(&buffer) else { return nil }
                return frame
            }
            guard buffer.readableBytes > 0 else { return nil }
            switch mode {
            case .undetermined:
                guard let detected = detectMode(buffer) else { return nil }
                mode = detected
            case .newline:
                return decodeNewline(&buffer)
            case .octetCounting:
                // Skip separators some senders put between counted frames.
                while let b = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
                    b == Self.lf || b == Self.cr || b == 0 || b == 0x20
                {
                    buffer.moveReaderIndex(forwardBy: 1)
                }
                guard buffer.readableBytes > 0 else { return nil }
                switch decodeOctetCounted(&buffer) {
                case .frame(let frame): return frame
                case .needMoreData: return nil
                case .again: continue
                }
            }
        }
    }

    private enum Step {
        case frame(SyslogFrame)
        case needMoreData
        /// Something was consumed or a discard started; run the loop again.
        case again
    }

    /// Newline mode unless the stream starts with 1–10 digits and a space. Nil: need more bytes to decide.
    private func detectMode(_ buffer: ByteBuffer) -> Mode? {
        var i = 0
        while i < buffer.readableBytes {
            let b = buffer.getInteger(at: buffer.readerIndex + i, as: UInt8.self)!
            if b &- 0x30 < 10 {
                i += 1
                if i > 10 { return .newline }
                continue
            }
            return (b == 0x20 && i > 0) ? .octetCounting : .newline
        }
        return nil
    }

    private mutating func decodeNewline(_ buffer: inout ByteBuffer) -> SyslogFrame? {
        while true {
            guard buffer.readableBytes > 0 else { return nil }
            guard let nl = Self.newlineOffset(buffer) else {
                if buffer.readableBytes > maxLength {
                    // Too long and still no newline: report later with the full length, keep only the prefix.
                    discard = Discard(
                        prefix: Self.copy(buffer, at: 0, length: prefixLength), seen: buffer.readableBytes,
                        remaining: nil, reason: nil)
                    buffer.moveReaderIndex(to: buffer.writerIndex)
                }
                return nil
            }
            var length = nl
            if length > 0, buffer.getInteger(at: buffer.readerIndex + length - 1, as: UInt8.self) == Self.cr {
                length -= 1
            }
            defer { buffer.moveReaderIndex(forwardBy: nl + 1) }
            if length == 0 { continue }  // blank line
            if length > maxLength {
                return .oversized(prefix: Self.copy(buffer, at: 0, length: prefixLength), length: length)
            }
            return .message(Self.copy(buffer, at: 0, length: length))
        }
    }

    private mutating func decodeOctetCounted(_ buffer: inout ByteBuffer) -> Step {
        var length = 0
        var digits = 0
        while digits < buffer.readableBytes {
            let b = buffer.getInteger(at: buffer.readerIndex + digits, as: UInt8.self)!
            guard b &- 0x30 < 10 else { break }
            length = length * 10 + Int(b &- 0x30)
            digits += 1
            if digits > 10 { break }
        }
        if digits == buffer.readableBytes && digits <= 10 { return .needMoreData }  // the length field continues
        let separator = buffer.getInteger(at: buffer.readerIndex + digits, as: UInt8.self)
        guard digits > 0, digits <= 10, separator == 0x20 else {
            // Not a length field: the stream is out of step. Skip up to the next newline and try again there.
            discard = Discard(
                prefix: Self.copy(buffer, at: 0, length: min(prefixLength, buffer.readableBytes)), seen: 0,
                remaining: nil, reason: "octet-counted frame does not start with a length and a space")
            return .again
        }
        let header = digits + 1
        if length == 0 {
            buffer.moveReaderIndex(forwardBy: header)
            return .again
        }
        if length > maxLength {
            buffer.moveReaderIndex(forwardBy: header)
            discard = Discard(prefix: ByteBuffer(), seen: length, remaining: length, reason: nil)
            return .again
        }
        guard buffer.readableBytes >= header + length else { return .needMoreData }
        let message = Self.copy(buffer, at: header, length: length)
        buffer.moveReaderIndex(forwardBy: header + length)
        return .frame(.message(message))
    }

    /// Consumes discarded bytes; returns the report once the discarded frame has ended.
    private mutating func continueDiscard(_ buffer: inout ByteBuffer) -> SyslogFrame? {
        guard var d = discard else { return nil }
        if let remaining = d.remaining {
            let skip = min(remaining, buffer.readableBytes)
            // The counted frame may have started arriving before its bytes did: top up the kept prefix.
            let missing = min(prefixLength - d.prefix.readableBytes, skip)
            if missing > 0, let more = buffer.getSlice(at: buffer.readerIndex, length: missing) {
                d.prefix.writeImmutableBuffer(more)
            }
            buffer.moveReaderIndex(forwardBy: skip)
            d.remaining = remaining - skip
            if d.remaining! > 0 {
                discard = d
                return nil
            }
            discard = nil
            return .oversized(prefix: d.prefix, length: d.seen)
        }
        guard let nl = Self.newlineOffset(buffer) else {
            d.seen += buffer.readableBytes
            buffer.moveReaderIndex(to: buffer.writerIndex)
            discard = d
            return nil
        }
        d.seen += nl
        buffer.moveReaderIndex(forwardBy: nl + 1)
        discard = nil
        if let reason = d.reason { return .badFraming(reason: reason, prefix: d.prefix, length: d.seen) }
        return .oversized(prefix: d.prefix, length: d.seen)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SyslogFrame? {
        if let frame = try decode(buffer: &buffer) { return frame }
        if let d = discard {
            discard = nil
            let rest = buffer.readableBytes
            buffer.moveReaderIndex(to: buffer.writerIndex)
            if let reason = d.reason {
                return .badFraming(reason: reason, prefix: d.prefix, length: d.seen + rest)
            }
            if d.remaining != nil {
                return .badFraming(
                    reason: "connection closed inside an oversized octet-counted frame", prefix: d.prefix, length: d.seen)
            }
            return .oversized(prefix: d.prefix, length: d.seen)
        }
        guard buffer.readableBytes > 0 else { return nil }
        // A last line without a trailing newline, or a cut-off counted frame.
        let length = buffer.readableBytes
        defer { buffer.moveReaderIndex(to: buffer.writerIndex) }
        switch mode {
        case .octetCounting:
            return .badFraming(
                reason: "connection closed inside an octet-counted frame",
                prefix: Self.copy(buffer, at: 0, length: min(prefixLength, length)), length: length)
        case .newline, .undetermined:
            var n = length
            if buffer.getInteger(at: buffer.readerIndex + n - 1, as: UInt8.self) == Self.cr { n -= 1 }
            if n == 0 { return nil }
            if n > maxLength {
                return .oversized(prefix: Self.copy(buffer, at: 0, length: prefixLength), length: n)
            }
            return .message(Self.copy(buffer, at: 0, length: n))
        }
    }
}
