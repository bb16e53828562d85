import LEEF
import VigilCore

/// One line as QRadar forwards it, whatever the destination's format: LEEF first (``LEEFNormalizer``), and a line
/// that is not LEEF as a raw payload or JSON (``RawSyslogNormalizer``). The sidecar's syslog listener and `vigil
/// replay --format syslog` both read lines through it.
public struct ForwardedLineNormalizer: Sendable {
    public let leef: LEEFNormalizer
    public let raw: RawSyslogNormalizer

    public init(mapping: FieldMapping) {
        leef = LEEFNormalizer(mapping: mapping)
        raw = RawSyslogNormalizer(mapping: mapping)
    }

    /// Normalizes one line (its bytes, without framing), received at `receivedAt`.
    public func normalize(bytes: some Collection<UInt8>, receivedAt: EpochMillis) -> NormalizationOutcome {
        do {
            return leef.normalize(try LEEFDecoder.decode(bytes: bytes, referenceTime: receivedAt), receivedAt: receivedAt)
        } catch where error.code == .notLEEF {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return NormalizationOutcome(event: nil, rejection: "not LEEF, and not UTF-8 text", issues: [])
            }
            return raw.normalize(text, receivedAt: receivedAt)
        } catch {
            return NormalizationOutcome(event: nil, rejection: "malformed LEEF: \(error)", issues: [])
        }
    }

    /// Normalizes one line of text.
    public func normalize(_ line: String, receivedAt: EpochMillis) -> NormalizationOutcome {
        normalize(bytes: Array(line.utf8), receivedAt: receivedAt)
    }
}
