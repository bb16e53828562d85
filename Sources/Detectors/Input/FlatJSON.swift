import VigilCore

/// Log lines (Zeek's JSON output) flattened for the flow parser: parsed by `VigilCore.JSONParser`, nested objects
/// flattened with dotted keys (`{"id": {"orig_h": …}}` → `id.orig_h`), nulls left out. Pure Swift, so the flow parser
/// needs no Foundation.
enum FlatJSON {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// Zeek does not nest deeply; a line that does is not a connection record.
    static let maxDepth = 32

    /// Parses one JSON object into flattened key → value (nulls are left out).
    static func parseObject(_ line: String) throws(Failure) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, maxDepth: maxDepth)
        } catch {
            throw Failure(message: error.reason, offset: error.offset)
        }
        guard case .object = value else { throw Failure(message: "expected a JSON object", offset: 0) }
        var out: [String: JSONValue] = [:]
        flatten(value, prefix: "", into: &out)
        return out
    }

    private static func flatten(_ v: JSONValue, prefix: String, into out: inout [String: JSONValue]) {
        if case let .object(members) = v {
            for (k, m) in members { flatten(m, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        } else if case .null = v {
            return
        } else {
            out[prefix] = v
        }
    }

    /// A value as record text: strings as they are, numbers in decimal, booleans as `true`/`false`, arrays
    /// comma-joined; nil for null and objects.
    static func text(_ v: JSONValue) -> String? {
        switch v {
        case let .string(s): return s
        case let .int(i): return String(i)
        case let .double(d): return d.description
        case let .bool(b): return b ? "true" : "false"
        case .null, .object: return nil
        case let .array(items): return items.compactMap(text).joined(separator: ",")
        }
    }
}
