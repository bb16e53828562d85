import AsyncHTTPClient
import Logging
import NIOCore
import Synchronization

/// Vigil's client for the QRadar REST API (`https://<console>/api/…`).
///
/// One instance wraps one shared `HTTPClient` (a connection pool); create it once, use it from any task, and call
/// ``shutdown()`` when done. Every call sends the configured `SEC`/Basic credentials, `Version`, `Accept` and
/// `User-Agent` headers, retries transient failures per ``QRadarRetryPolicy``, and throws:
/// - ``QRadarAPIError`` when QRadar answers with an error status,
/// - ``QRadarTransportError`` when no answer arrives,
/// - ``QRadarDecodingError`` when a success body is not the documented shape,
/// - ``ArielSearchError`` when a search is canceled, fails or times out.
///
/// Requests are logged at debug level with `SEC` and `Authorization` redacted; the token is never logged.
public final class QRadarClient: Sendable {
    /// The configuration this client was created with.
    public let configuration: QRadarClientConfiguration
    let environment: QRadarClientEnvironment
    let logger: Logger
    let httpClient: HTTPClient
    let origin: String
    private let ownsHTTPClient: Bool
    private let isShutDown = Mutex(false)

    /// Creates a client with its own connection pool configured from `configuration` (TLS, timeouts).
    ///
    /// - Throws: ``QRadarConfigurationError`` for an invalid URL, credentials that cannot be sent, an unreadable
    ///   CA bundle or out-of-range settings.
    public init(
        configuration: QRadarClientConfiguration,
        logger: Logger = Logger(label: "vigil.qradar-client"),
        environment: QRadarClientEnvironment = .live,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup
    ) throws {
        try configuration.validate()
        let (origin, isTLS) = try configuration.validatedOrigin()
        var httpConfiguration = HTTPClient.Configuration()
        if isTLS {
            httpConfiguration.tlsConfiguration = try configuration.tls.makeTLSConfiguration()
        }
        httpConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: .nanoseconds(configuration.connectTimeout.nanoseconds),
            read: .nanoseconds(configuration.readTimeout.nanoseconds)
        )
        // The client retries by itself, knowing which requests are safe to repeat; a pool that silently keeps
        // reconnecting would also hide TLS failures behind the connect timeout.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        // A redirect could carry the SEC header to another host.
        httpConfiguration.redirectConfiguration = .disallow
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
        self.origin = origin
        self.httpClient = HTTPClient(
            eventLoopGroup: eventLoopGroup, configuration: httpConfiguration, backgroundActivityLogger: Self.quiet(logger))
        self.ownsHTTPClient = true
        if !configuration.tls.verifiesCertificates && isTLS {
            logger.warning("QRadar TLS certificate verification is DISABLED; the SEC token is exposed to anyone in the middle")
        }
    }

    /// Creates a client on an existing `HTTPClient`, which the caller keeps owning: ``shutdown()`` leaves it
    /// running. The `HTTPClient`'s own TLS and timeout settings apply; `configuration.tls` is ignored.
    public init(
        configuration: QRadarClientConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vigil.qradar-client"),
        environment: QRadarClientEnvironment = .live
    ) throws {
        try configuration.validate()
        self.origin = try configuration.validatedOrigin().origin
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
        self.httpClient = httpClient
        self.ownsHTTPClient = false
    }

    /// Closes the connection pool (if this client created it). Further requests fail. Calling it twice is harmless.
    public func shutdown() async throws {
        let alreadyShutDown = isShutDown.withLock { flag in
            defer { flag = true }
            return flag
        }
        guard !alreadyShutDown, ownsHTTPClient else { return }
        try await httpClient.shutdown()
    }

    /// AsyncHTTPClient logs whole response heads at trace level; QRadar's basic-auth answers carry a
    /// `Set-Cookie: SEC=<session token>`, so its logger never goes below debug.
    static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        if quiet.logLevel < .debug { quiet.logLevel = .debug }
        return quiet
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let parts = components
        let (product, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return product &+ parts.attoseconds / 1_000_000_000
    }
}
