/// QRadar REST API versions and the `Version` request header (QRADAR.md §1.2).
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: APIVersion, b: APIVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// The versions the emulator serves: 6.0 (IBM api-samples) to 27.0 (QRadar 7.5.0 UP14).
    public static let supported: [APIVersion] = [
        .init(6, 0), .init(7, 0), .init(8, 0), .init(9, 0), .init(9, 1), .init(10, 0), .init(10, 1), .init(11, 0),
        .init(12, 0), .init(12, 1), .init(13, 0), .init(13, 1), .init(14, 0), .init(15, 0), .init(16, 0), .init(17, 0),
        .init(18, 0), .init(19, 0), .init(20, 0), .init(21, 0), .init(22, 0), .init(23, 0), .init(24, 0), .init(25, 0),
        .init(26, 0), .init(27, 0),
    ]

    /// Versions QRadar once had and has removed: asking for them is 422 "has been removed".
    public static let removed: [APIVersion] = [.init(1, 0), .init(2, 0), .init(3, 0), .init(3, 1), .init(4, 0), .init(5, 0), .init(5, 1)]

    /// The version used when a request names none (QRadar 7.5.0 UP12/13).
    public static let latest = APIVersion(26, 0)

    /// Versions older than this are deprecated on a 26.0 console (supported there: 26.0, 25.0, 24.0).
    public static let oldestUndeprecated = APIVersion(24, 0)

    public var isDeprecated: Bool { self < Self.oldestUndeprecated }

    /// Resolves a `Version` header value.
    ///
    /// `nil` or blank → ``latest``. A bare major (`"8"`) → that major's latest minor. Unknown or removed
    /// versions → 422 with QRadar's message.
    static func resolve(header: String?) throws(APIError) -> APIVersion {
        guard let raw = header?.trimmingSpaces(), !raw.isEmpty else { return latest }
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.map { part -> Int? in
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return Int(part)
        }
        if numbers.count == 1, let major = numbers[0] {
            if let best = supported.filter({ $0.major == major }).max() { return best }
            if removed.contains(where: { $0.major == major }) { throw removedError(raw) }
            throw invalidError(raw)
        }
        if numbers.count == 2, let major = numbers[0], let minor = numbers[1] {
            let version = APIVersion(major, minor)
            if supported.contains(version) { return version }
            if removed.contains(version) { throw removedError(raw) }
        }
        throw invalidError(raw)
    }

    static func removedError(_ raw: String) -> APIError {
        APIError(
            status: 422, code: 0,
            message: "Version (\(raw)) from header parameter (Version) has been removed and is no longer valid. Please refer to documentation for list of valid versions."
        )
    }

    static func invalidError(_ raw: String) -> APIError {
        APIError(
            status: 422, code: 0,
            message: "Version (\(raw)) from header parameter (Version) is not a valid version. Please refer to documentation for list of valid versions."
        )
    }
}
