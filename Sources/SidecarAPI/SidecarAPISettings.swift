import VigilCore

/// How the sidecar's HTTP API behaves.
public struct SidecarAPISettings: Sendable, Hashable {
    /// Address to bind (`127.0.0.1` keeps the API local; put a TLS-terminating proxy in front for remote use).
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Whether `/metrics` needs a token (any role). Turn off only when the scraper cannot send one and the port is
    /// not reachable from untrusted networks.
    public var metricsRequireAuth: Bool
    /// Largest request body accepted; larger ones get 413.
    public var maxBodyBytes: Int
    /// Findings returned when the request gives no `limit`.
    public var defaultFindingLimit: Int
    /// Largest `limit` accepted.
    public var maxFindingLimit: Int
    /// Lifetime of a token issued without `lifetime_hours`; nil issues tokens that never expire.
    public var defaultTokenLifetimeHours: Int64?
    /// Longest lifetime a token may be issued with.
    public var maxTokenLifetimeHours: Int64

    public init(host: String = "127.0.0.1", port: Int = 9464, metricsRequireAuth: Bool = true, maxBodyBytes: Int = 64 * 1024,
                defaultFindingLimit: Int = 100, maxFindingLimit: Int = 1_000, defaultTokenLifetimeHours: Int64? = 90 * 24,
                maxTokenLifetimeHours: Int64 = 366 * 24) {
        self.host = host
        self.port = port
        self.metricsRequireAuth = metricsRequireAuth
        self.maxBodyBytes = maxBodyBytes
        self.defaultFindingLimit = defaultFindingLimit
        self.maxFindingLimit = maxFindingLimit
        self.defaultTokenLifetimeHours = defaultTokenLifetimeHours
        self.maxTokenLifetimeHours = maxTokenLifetimeHours
    }
}
