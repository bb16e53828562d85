import EmulatorEngine
import VigilCore

/// Serializes ``JSONValue`` to UTF-8 JSON bytes as QRadar (Jackson) does: compact, whole doubles as `12.0`.
///
/// A facade over `VigilCore.JSONWriter` (the package's one writer): object keys come out sorted, which keeps
/// responses byte-identical between runs although `JSONValue.object` is a dictionary.
enum APIJSON {
    static let qradar = VigilCore.JSONWriter(indent: nil, wholeDoubles: .withFraction)

    static func bytes(_ value: JSONValue) -> [UInt8] { qradar.bytes(value) }

    static func string(_ value: JSONValue) -> String { qradar.text(value) }

    static func write(_ value: JSONValue, into out: inout [UInt8]) { qradar.write(value, to: &out) }

    static func writeString(_ s: String, into out: inout [UInt8]) { VigilCore.JSONWriter.writeString(s, to: &out) }
}
