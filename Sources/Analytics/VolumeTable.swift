#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What kind of data movement a byte count describes. Baselines are kept per class, since a 400 MB database
/// export and a 400 MB upload to the web mean different things.
public enum VolumeClass: Int, Sendable, CaseIterable, Hashable {
    case fileRead, fileWrite, application, database, webDownload, webUpload, remoteAccess, network

    public var name: String {
        switch self {
        case .fileRead: "file read"
        case .fileWrite: "file write"
        case .application: "application transfer"
        case .database: "database result"
        case .webDownload: "web download"
        case .webUpload: "web upload"
        case .remoteAccess: "VPN transfer"
        case .network: "network send"
        }
    }

    /// How much a volume anomaly of this class says about data theft: data leaving the organisation counts fully,
    /// data pulled from internal systems less, writes to internal storage least. Multiplies the risk points.
    public var exfiltrationWeight: Double {
        switch self {
        case .webUpload, .network: 1
        case .remoteAccess: 0.8
        case .fileRead, .application, .database: 0.6
        case .fileWrite, .webDownload: 0.4
        }
    }

    public var feature: String {
        switch self {
        case .fileRead: "bytes_file_read"
        case .fileWrite: "bytes_file_write"
        case .application: "bytes_application"
        case .database: "bytes_database"
        case .webDownload: "bytes_web_download"
        case .webUpload: "bytes_web_upload"
        case .remoteAccess: "bytes_vpn"
        case .network: "bytes_network_out"
        }
    }
}

/// Per-entity log-normal baselines of transfer sizes, per volume class: a decayed (EWMA-like) mean and variance
/// of `ln(1 + bytes)` per transfer, and the same for the day's total, plus the running total of the current day.
///
/// Updates are winsorised at four standard deviations once a baseline has weight, so one huge transfer does not
/// poison the baseline it is judged against (the robustness of a median/MAD at O(1) cost).
struct VolumeTable: Sendable {
    static let classes = VolumeClass.allCases.count
    /// Floats per class: mean, variance, weight, day total, day mean, day variance, day weight.
    static let stride = 7
    private(set) var values: [Float] = []

    mutating func addEntity() { values.append(contentsOf: repeatElement(0, count: Self.classes * Self.stride)) }
    mutating func reserve(entities n: Int) { values.reserveCapacity(n * Self.classes * Self.stride) }

    @inline(__always) private func index(_ e: Int, _ c: VolumeClass) -> Int { (e * Self.classes + c.rawValue) * Self.stride }

    /// Per-transfer baseline: mean and standard deviation of ln(1+bytes), and the weight behind them.
    @inline(__always)
    func transfer(_ e: Int, _ c: VolumeClass) -> (mean: Float, sd: Float, weight: Float) {
        let i = index(e, c)
        return (values[i], values[i + 1].squareRoot(), values[i + 2])
    }

    /// Daily-total baseline and today's running total.
    @inline(__always)
    func daily(_ e: Int, _ c: VolumeClass) -> (today: Float, mean: Float, sd: Float, weight: Float) {
        let i = index(e, c)
        return (values[i + 3], values[i + 4], values[i + 5].squareRoot(), values[i + 6])
    }

    /// Adds one transfer of `bytes` and returns today's total including it.
    @discardableResult
    mutating func observe(_ e: Int, _ c: VolumeClass, bytes: Float) -> Float {
        let i = index(e, c)
        let x = log1pf(bytes)
        Self.welford(&values, at: i, x: x)
        values[i + 3] += bytes
        return values[i + 3]
    }

    /// Closes the day for an entity: today's totals join the daily baselines and reset.
    mutating func closeDay(_ e: Int) {
        for c in VolumeClass.allCases {
            let i = index(e, c)
            let total = values[i + 3]
            guard total > 0 else { continue }
            Self.welford(&values, at: i + 3 + 1, x: log1pf(total))
            values[i + 3] = 0
        }
    }

    mutating func scale(_ e: Int, by factor: Float) {
        for c in VolumeClass.allCases {
            let i = index(e, c)
            values[i + 2] *= factor
            values[i + 6] *= factor
        }
    }

    /// Weighted Welford update of (mean, variance, weight) stored at `i`, `i+1`, `i+2`, winsorised.
    @inline(__always)
    private static func welford(_ v: inout [Float], at i: Int, x raw: Float) {
        let m = v[i], s2 = v[i + 1], w = v[i + 2]
        var x = raw
        if w >= 5 {
            let sd = max(s2.squareRoot(), 0.25)
            x = min(max(x, m - 4 * sd), m + 4 * sd)
        }
        let w1 = w + 1
        let d = x - m
        let m1 = m + d / w1
        v[i] = m1
        v[i + 1] = w1 > 1 ? (w * s2 + d * (x - m1)) / w1 : 0
        v[i + 2] = w1
    }

    var memoryBytes: Int { values.capacity * 4 }
}
