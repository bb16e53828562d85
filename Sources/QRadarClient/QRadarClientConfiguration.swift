/// Everything the client needs to reach one QRadar console.
///
/// ```swift
/// var config = QRadarClientConfiguration(baseURL: "https://qradar.example.com", authentication: .secToken(token))
/// config.tls = .customCABundle(pemFile: "/etc/vigil/qradar-ca.pem")
/// let client = try QRadarClient(configuration: config)
/// ```
public struct QRadarClientConfiguration: Sendable {
    /// `https://host[:port]` of the console; the client appends `/api`. A trailing `/` or `/api` is accepted and
    /// dropped. `http://` is accepted for local emulators only.
    public var baseURL: String
    /// `SEC` token or basic auth.
    public var authentication: QRadarAuthentication
    /// Sent as the `Version` header on every request (QRADAR.md §1.2).
    public var apiVersion: String
    /// Certificate verification: on by default with the system trust roots.
    public var tls: QRadarTLSConfiguration
    /// Time allowed to open a TCP connection and finish the TLS handshake.
    public var connectTimeout: Duration
    /// Longest silence allowed while waiting for response bytes.
    public var readTimeout: Duration
    /// Upper bound for one attempt of one request, from sending to the last body byte.
    public var requestTimeout: Duration
    /// Sent as `User-Agent`.
    public var userAgent: String
    /// Retries for transient failures.
    public var retry: QRadarRetryPolicy
    /// `Range` page size for list endpoints when the caller gives none (demisto's default is 50).
    public var defaultPageSize: Int
    /// Responses larger than this fail with ``QRadarTransportError/Kind-swift.struct/responseTooLarge``.
    public var maxResponseBytes: Int
    /// How Ariel searches are polled.
    public var arielPolling: ArielPollingPolicy
    /// How far QRadar's clock may lag ours when checking whether a lost non-idempotent write (a note) already
    /// happened: notes created up to this long before the send time still count as "ours".
    public var writeCheckClockSkew: Duration

    public init(
        baseURL: String,
        authentication: QRadarAuthentication,
        apiVersion: String = "20.0",
        tls: QRadarTLSConfiguration = .verifyWithSystemTrustRoots,
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(120),
        userAgent: String = "Vigil-QRadarClient/1.0",
        retry: QRadarRetryPolicy = QRadarRetryPolicy(),
        defaultPageSize: Int = 50,
        maxResponseBytes: Int = 64 * 1024 * 1024,
        arielPolling: ArielPollingPolicy = ArielPollingPolicy(),
        writeCheckClockSkew: Duration = .seconds(300)
    ) {
        self.baseURL = baseURL
        self.authentication = authentication
        self.apiVersion = apiVersion
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.userAgent = userAgent
        self.retry = retry
        self.defaultPageSize = defaultPageSize
        self.maxResponseBytes = maxResponseBytes
        self.arielPolling = arielPolling
        self.writeCheckClockSkew = writeCheckClockSkew
    }

    /// The validated `scheme://host[:port]` and whether it is TLS.
    func validatedOrigin() throws(QRadarConfigurationError) -> (origin: String, isTLS: Bool) {
        var text = baseURL.trimmingWhitespace()
        while text.hasSuffix("/") { text.removeLast() }
        if text.lowercased().hasSuffix("/api") { text.removeLast(4) }
        while text.hasSuffix("/") { text.removeLast() }
        let lower = text.lowercased()
        let isTLS: Bool
        let rest: Substring
        if lower.hasPrefix("https://") {
            isTLS = true
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            isTLS = false
            rest = text.dropFirst(7)
        } else {
            throw QRadarConfigurationError("baseURL must start with https:// (or http:// for a local emulator): \(baseURL)")
        }
        if rest.isEmpty || rest.hasPrefix(":") {
            throw QRadarConfigurationError("baseURL has no host: \(baseURL)")
        }
        if rest.contains("/") || rest.contains("?") || rest.contains("#") || rest.contains("@") {
            throw QRadarConfigurationError("baseURL must be scheme://host[:port] with no path, query or credentials: \(baseURL)")
        }
        if rest.contains(where: { $0 == " " || $0.isNewline }) {
            throw QRadarConfigurationError("baseURL contains whitespace")
        }
        return (text, isTLS)
    }

    func validate() throws(QRadarConfigurationError) {
        _ = try validatedOrigin()
        try authentication.validate()
        if apiVersion.isEmpty || !apiVersion.allSatisfy({ $0.isNumber || $0 == "." }) {
            throw QRadarConfigurationError("apiVersion must look like 20.0, got \(apiVersion)")
        }
        if !userAgent.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value <= 0x7E }) {
            throw QRadarConfigurationError("userAgent must be printable ASCII")
        }
        if defaultPageSize < 1 { throw QRadarConfigurationError("defaultPageSize must be at least 1") }
        if maxResponseBytes < 1024 { throw QRadarConfigurationError("maxResponseBytes must be at least 1024") }
        if connectTimeout <= .zero || readTimeout <= .zero || requestTimeout <= .zero {
            throw QRadarConfigurationError("timeouts must be positive")
        }
        try retry.validate()
        try arielPolling.validate()
    }
}

extension QRadarClientConfiguration: CustomStringConvertible {
    /// A summary safe for logs: the credentials are redacted.
    public var description: String {
        "QRadarClientConfiguration(baseURL: \(baseURL), auth: \(authentication), version: \(apiVersion), tls: \(tls))"
    }
}

/// How Ariel searches are polled for completion (QRADAR.md §3.4).
public struct ArielPollingPolicy: Sendable {
    /// Asked of QRadar with `Prefer: wait=N` on each status poll; QRadar holds the request up to this long and
    /// answers 206 if the search is still running. Clamped below the read timeout.
    public var preferWait: Duration
    /// Pause after the first unfinished poll; doubles up to `maxInterval`.
    public var initialInterval: Duration
    public var maxInterval: Duration
    /// Page size for result rows.
    public var resultsPageSize: Int

    public init(
        preferWait: Duration = .seconds(5), initialInterval: Duration = .milliseconds(250), maxInterval: Duration = .seconds(5),
        resultsPageSize: Int = 1000
    ) {
        self.preferWait = preferWait
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.resultsPageSize = resultsPageSize
    }

    func validate() throws(QRadarConfigurationError) {
        if preferWait < .zero || initialInterval < .zero || maxInterval < initialInterval {
            throw QRadarConfigurationError("arielPolling intervals must be non-negative with maxInterval >= initialInterval")
        }
        if resultsPageSize < 1 { throw QRadarConfigurationError("arielPolling.resultsPageSize must be at least 1") }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
