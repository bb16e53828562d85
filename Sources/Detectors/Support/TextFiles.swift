#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why writing a cross-check output failed.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Minimal file output on libc, so the detectors module needs no Foundation for its report files.
enum TextFiles {
    /// Creates `path` and its parents (like `mkdir -p`).
    static func makeDirectory(_ path: String) throws(OutputError) {
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") where !part.isEmpty {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw OutputError(path: current, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Writes `text` to `path`, replacing it.
    static func write(_ text: String, to path: String) throws(OutputError) {
        guard let f = fopen(path, "w") else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var ok = true
        var bytes = Array(text.utf8)
        if !bytes.isEmpty {
            let n = bytes.withUnsafeMutableBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            ok = n == bytes.count
        }
        bytes.removeAll()
        if !ok || ferror(f) != 0 { throw OutputError(path: path, reason: "short write") }
    }

    /// Joins a directory and a file name.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A JSON number (finite) or null, with enough digits to round-trip.
    static func jsonNumber(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    /// A CSV field (quoted when needed).
    static func csv(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacing("\"", with: "\"\"") + "\""
        }
        return s
    }
}
