import Governance
import Hummingbird
import Logging
import Prometheus
import StorageCore
import VigilCore
import VigilMetrics

/// The sidecar's HTTP API: `/health`, Prometheus `/metrics` and the `/api/v1` endpoints for status, findings,
/// feedback, approvals, re-identification, audit and tokens.
///
/// Every endpoint except `/health` (and `/metrics` when ``SidecarAPISettings/metricsRequireAuth`` is off) needs
/// `Authorization: Bearer <token>`; each `/api/v1` endpoint needs one ``Permission``, checked against the
/// ``PermissionMatrix``. Errors are JSON (`{"error": code, "message": text}`): 401 with `WWW-Authenticate:
/// Bearer` without a valid token, 403 without the permission. Tokens are never logged or echoed.
///
/// ```swift
/// let api = SidecarAPIServer(store: store, control: sidecar, registry: registry, clock: SystemEpochClock(),
///                            settings: SidecarAPISettings(host: "0.0.0.0", port: 9464))
/// let app = api.makeApplication()          // a ServiceLifecycle `Service`
/// let group = ServiceGroup(services: [pipeline, app], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public struct SidecarAPIServer: Sendable {
    public let store: any VigilStore
    public let control: any SidecarControl
    public let metrics: SidecarMetrics
    public let permissions: PermissionMatrix
    public let clock: any EpochClock
    public let settings: SidecarAPISettings
    /// Checks the seals of stored audit anchors in `/api/v1/audit/verify` and `/export` when given.
    public let auditSealer: AuditSealer?
    public let logger: Logger
    let authenticator: APITokenAuthenticator

    public init(store: any VigilStore, control: any SidecarControl, registry: PrometheusCollectorRegistry,
                permissions: PermissionMatrix = .default, clock: any EpochClock = SystemEpochClock(),
                settings: SidecarAPISettings = SidecarAPISettings(), auditSealer: AuditSealer? = nil,
                logger: Logger = Logger(label: "vigil.api")) {
        self.init(store: store, control: control, metrics: SidecarMetrics(registry: registry), permissions: permissions, clock: clock,
                  settings: settings, auditSealer: auditSealer, logger: logger)
    }

    public init(store: any VigilStore, control: any SidecarControl, metrics: SidecarMetrics,
                permissions: PermissionMatrix = .default, clock: any EpochClock = SystemEpochClock(),
                settings: SidecarAPISettings = SidecarAPISettings(), auditSealer: AuditSealer? = nil,
                logger: Logger = Logger(label: "vigil.api")) {
        self.store = store
        self.control = control
        self.metrics = metrics
        self.permissions = permissions
        self.clock = clock
        self.settings = settings
        self.auditSealer = auditSealer
        self.logger = logger
        self.authenticator = APITokenAuthenticator(store: store, clock: clock)
    }

    /// The router with every endpoint (what tests drive with `app.test(.router)`).
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Middleware first: the router wraps each route in the middleware present when the route is added.
        router.add(middleware: APIErrorMiddleware(metrics: metrics, logger: logger))
        addHealthRoutes(to: router)
        addFindingRoutes(to: router)
        addCampaignRoutes(to: router)
        addApprovalRoutes(to: router)
        addGovernanceRoutes(to: router)
        addTokenRoutes(to: router)
        return router
    }

    /// The API as a Hummingbird application, which is a ServiceLifecycle `Service`: run it in the sidecar's
    /// `ServiceGroup` (or alone with `runService()`). `onServerRunning` receives the bound port (useful with
    /// port 0).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<RouterResponder<BasicRequestContext>> {
        let port = settings.port
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(settings.host, port: port), serverName: "vigil-sidecar"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    // MARK: Authentication and authorisation

    /// The principal behind the request's bearer token, or a 401.
    func authenticate(_ request: Request) async throws -> APIPrincipal {
        guard let header = request.headers[.authorization] else {
            throw SidecarAPIError.unauthenticated("this endpoint needs 'Authorization: Bearer <token>'", invalidToken: false)
        }
        let token = Self.bearerToken(in: header)
        guard let token, !token.isEmpty else {
            throw SidecarAPIError.unauthenticated("the Authorization header must use the Bearer scheme", invalidToken: false)
        }
        do {
            return try await authenticator.authenticate(token)
        } catch GovernanceError.unauthenticated {
            throw SidecarAPIError.unauthenticated("the token is invalid, expired or revoked", invalidToken: true)
        }
    }

    /// The token in `Bearer <token>` (scheme case-insensitive, RFC 7235), or nil for another scheme.
    static func bearerToken(in header: String) -> String? {
        let trimmed = header.drop { $0 == " " || $0 == "\t" }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let rest = trimmed.dropFirst(7).drop { $0 == " " || $0 == "\t" }
        var end = rest.endIndex
        while end > rest.startIndex, rest[rest.index(before: end)] == " " || rest[rest.index(before: end)] == "\t" {
            end = rest.index(before: end)
        }
        return String(rest[rest.startIndex..<end])
    }

    /// Authenticates and checks `permission`; `onForbidden` runs (e.g. to audit the attempt) before the 403.
    func authorize(_ request: Request, _ permission: Permission,
                   onForbidden: (@Sendable (APIPrincipal) async throws -> Void)? = nil) async throws -> APIPrincipal {
        let principal = try await authenticate(request)
        guard permissions.allows(principal.role, permission) else {
            try await onForbidden?(principal)
            throw SidecarAPIError.forbidden(principal.role, permission)
        }
        return principal
    }

    typealias Handler = @Sendable (Request, BasicRequestContext, APIPrincipal) async throws -> Response

    /// Adds a route that needs a token holding `permission`.
    func route(_ router: Router<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: RouterPath, _ permission: Permission,
               onForbidden: (@Sendable (Request, APIPrincipal) async throws -> Void)? = nil, _ handler: @escaping Handler) {
        let server = self
        router.on(path, method: method) { (request: Request, context: BasicRequestContext) async throws -> Response in
            var hook: (@Sendable (APIPrincipal) async throws -> Void)?
            if let onForbidden {
                hook = { principal in try await onForbidden(request, principal) }
            }
            let principal = try await server.authorize(request, permission, onForbidden: hook)
            return try await handler(request, context, principal)
        }
    }

    // MARK: Request helpers

    /// The request body decoded as JSON, within the size limit.
    func decodeBody<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try APIJSON.decode(T.self, from: try await bodyBytes(of: request))
    }

    func bodyBytes(of request: Request) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: settings.maxBodyBytes)
        return Array(buffer.readableBytesView)
    }
}

/// Turns every error into the JSON error body and counts requests by route template.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: SidecarMetrics
    let logger: Logger

    static let knownMethods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = SidecarAPIError.from(error)
            if answer.status >= 500 {
                // The route template, never the raw path or headers: neither may carry a token into the log.
                logger.error("API request failed", metadata: [
                    "route": .string(context.endpointPath ?? "unmatched"), "error": .string(String(describing: error)),
                ])
            }
            response = answer.response()
        }
        let method = Self.knownMethods.contains(request.method.rawValue) ? request.method.rawValue : "OTHER"
        metrics.apiRequest(route: context.endpointPath ?? "unmatched", method: method, status: Int(response.status.code))
        return response
    }
}
