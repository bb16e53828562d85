import VigilCore
import EmulatorEngine

/// One request to the emulated `/api`, independent of the HTTP server that carried it.
///
/// The Hummingbird layer builds it from a `Request`; tests and benchmarks can build one directly.
public struct APIRequest: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The path as sent, still percent-encoded, without the query (`/api/reference_data/sets/My%20Set`).
    public var path: String
    /// Decoded query parameters in order (`+` is a space, as servlet containers decode them).
    public var query: [(name: String, value: String)]
    /// Request headers in order; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: [UInt8]
    /// The peer's address, for logs and the syslog-less admin hooks.
    public var remoteAddress: String?

    public init(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Builds a request from a target such as `/api/siem/offenses?filter=id%3E3`.
    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        let (path, queryString) = Self.split(target: target)
        self.init(method: method, path: path, query: FormDecoding.decode(queryString ?? ""), headers: headers, body: body)
    }

    static func split(target: String) -> (path: String, query: String?) {
        var target = Substring(target)
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        guard let mark = target.firstIndex(of: "?") else { return (String(target), nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// The first header with this name, case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The first query parameter with this name (QRadar's parameter names are case-sensitive).
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The media type of the body, lower-cased, without parameters.
    var contentType: String? {
        guard let raw = header("Content-Type") else { return nil }
        let main = raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? raw
        return main.trimmingSpaces().lowercased()
    }

    /// The form body's parameters when the body is `application/x-www-form-urlencoded`.
    ///
    /// IBM's api-samples and stix-shifter send their query parameters this way; servlet containers merge them
    /// with the query string, and so does the emulator. A body without a content type that looks like a form
    /// (`a=b&c=d`, as Python's `requests` sends `data=` dicts) counts too.
    var formParameters: [(name: String, value: String)] {
        guard !body.isEmpty else { return [] }
        let type = contentType
        if type == "application/x-www-form-urlencoded" {
            return FormDecoding.decode(String(decoding: body, as: UTF8.self))
        }
        if type == nil, let first = body.first, first != UInt8(ascii: "{"), first != UInt8(ascii: "["),
            body.contains(UInt8(ascii: "="))
        {
            return FormDecoding.decode(String(decoding: body, as: UTF8.self))
        }
        return []
    }

    /// The path segments after `/api`, percent-decoded, or nil when the path is not under `/api`.
    var apiSegments: [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = segments.first, first == "api" else { return nil }
        return segments.dropFirst().map { FormDecoding.percentDecode($0, plusIsSpace: false) }
    }
}

/// What the emulator answers.
public struct APIResponse: Sendable {
    /// HTTP status.
    public var status: Int
    /// Response headers.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    static func json(_ value: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = []) -> APIResponse {
        APIResponse(
            status: status,
            headers: [("Content-Type", "application/json;charset=UTF-8")] + headers,
            body: APIJSON.bytes(value)
        )
    }

    /// QRadar's JSON error body.
    static func error(_ error: APIError) -> APIResponse {
        .json(error.body, status: error.status)
    }

    /// The first header with this name, case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// `application/x-www-form-urlencoded` and query-string decoding.
enum FormDecoding {
    static func decode(_ string: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for pair in string.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: "=") {
                let name = percentDecode(pair[..<eq], plusIsSpace: true)
                let value = percentDecode(pair[pair.index(after: eq)...], plusIsSpace: true)
                result.append((name, value))
            } else {
                result.append((percentDecode(pair, plusIsSpace: true), ""))
            }
        }
        return result
    }

    /// Percent-decodes; malformed escapes are kept literally rather than rejected.
    static func percentDecode(_ s: Substring, plusIsSpace: Bool) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else if b == UInt8(ascii: "+") && plusIsSpace {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecode(_ s: String, plusIsSpace: Bool) -> String { percentDecode(s[...], plusIsSpace: plusIsSpace) }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Percent-encodes one path segment or query value (unreserved characters stay).
    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 0x0F)])
            }
        }
        return out
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
