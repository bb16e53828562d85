import EmulatorEngine
import Synchronization

/// The emulated QRadar REST API, independent of the HTTP server: `/api/…` plus the emulator-only `/__emulator/…`
/// admin hooks.
///
/// Every request goes through the same steps QRadar's servlet takes: fault injection (when configured),
/// authentication (`SEC`, Basic or a Basic session token), routing (404/405), the `Version` header, `Accept`
/// negotiation (406), then the endpoint, whose errors all become QRadar's JSON error body.
public final class EmulatorAPI: Sendable {
    /// The data plane.
    public let engine: QRadarEngine
    let authenticator: Authenticator
    let faults: FaultInjector
    let options: Options
    let routes: RouteTable
    let adminRoutes: RouteTable
    let documentation: EndpointDocumentation
    private let counters = Mutex<[String: Int]>([:])
    let syslogCounters = Mutex<(received: Int, accepted: Int, rejected: Int)>((0, 0, 0))

    /// The clock the engine runs on (epoch milliseconds); syslog receive times use it too.
    let clock: @Sendable () -> Int64

    struct Options: Sendable {
        /// Send a `Deprecated: true` header when the requested version is deprecated.
        var deprecatedHeader: Bool = true
        /// Host name reported by `/system/servers`.
        var hostName: String = "qradar-emulator"
    }

    init(engine: QRadarEngine, authenticator: Authenticator, faults: FaultInjector, options: Options, clock: @escaping @Sendable () -> Int64) {
        self.engine = engine
        self.clock = clock
        self.authenticator = authenticator
        self.faults = faults
        self.options = options
        let routes = RouteTable(Self.apiEndpoints(hostName: options.hostName))
        self.routes = routes
        self.adminRoutes = RouteTable(Self.adminEndpoints())
        self.documentation = EndpointDocumentation(endpoints: routes.endpoints)
    }

    /// Answers one request. Never throws: every failure is a QRadar-shaped JSON error response.
    public func respond(to request: APIRequest) async -> APIResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        let isAdmin = segments.first == "__emulator"
        guard isAdmin || segments.first == "api" else {
            return .error(.noSuchEndpoint(request.path))
        }

        let decision = faults.decide(path: request.path)
        if decision.delayMillis > 0 {
            try? await Task.sleep(for: .milliseconds(decision.delayMillis))
        }
        if decision.failWith503 {
            count("faults.503")
            return .error(FaultInjector.unavailable)
        }

        let outcome: Authenticator.Outcome
        do {
            outcome = try authenticator.authenticate(request)
        } catch {
            count("auth.rejected")
            return .error(error)
        }

        var response: APIResponse
        if isAdmin {
            response = await dispatch(request, table: adminRoutes, segments: Array(segments.dropFirst()).map { FormDecoding.percentDecode($0, plusIsSpace: false) }, identity: outcome.identity, version: .latest)
        } else {
            let version: APIVersion
            do {
                version = try APIVersion.resolve(header: request.header("Version"))
            } catch {
                return .error(error)
            }
            response = await dispatch(request, table: routes, segments: request.apiSegments ?? [], identity: outcome.identity, version: version)
            if options.deprecatedHeader, version.isDeprecated {
                response.headers.append(("Deprecated", "true"))
            }
        }
        if let session = outcome.newSession {
            response.headers.append(("Set-Cookie", "SEC=\(session); Path=/; Secure; HttpOnly"))
        }
        count("requests")
        if !isAdmin, (200..<300).contains(response.status), response.body.count > 1,
           faults.shouldGarble(path: request.path, method: request.method) {
            count("faults.garbled")
            response.body = Array(response.body.prefix(response.body.count / 2))
        }
        return response
    }

    private func dispatch(_ request: APIRequest, table: RouteTable, segments: [String], identity: EmulatorIdentity, version: APIVersion) async -> APIResponse {
        let endpoint: Endpoint
        let parameters: [String: String]
        switch table.resolve(method: request.method, segments: segments) {
        case .found(let e, let p):
            endpoint = e
            parameters = p
        case .methodNotAllowed:
            return .error(.methodNotAllowed(request.method, request.path))
        case .notFound:
            return .error(.noSuchEndpoint(request.path))
        }
        let responseType: String
        do {
            responseType = try Self.negotiate(accept: request.header("Accept"), offered: endpoint.responseTypes)
        } catch {
            return .error(error)
        }
        let call = APICall(
            request: request, endpoint: endpoint, pathParameters: parameters, identity: identity,
            version: version, api: self, responseType: responseType
        )
        do {
            return try await endpoint.handler(call)
        } catch let error as APIError {
            return .error(error)
        } catch let error as EngineError {
            return .error(APIError(error))
        } catch {
            return .error(.internalError("\(error)"))
        }
    }

    /// Picks the response media type from an `Accept` header; 406 when nothing offered is acceptable.
    static func negotiate(accept: String?, offered: [String]) throws(APIError) -> String {
        guard let accept, !accept.trimmingSpaces().isEmpty, let fallback = offered.first else { return offered.first ?? "application/json" }
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";")
            let type = (parts.first.map { $0.trimmingSpaces() } ?? "").lowercased()
            let rejected = parts.dropFirst().contains { $0.filter { $0 != " " } == "q=0" }
            if rejected || type.isEmpty { continue }
            if type == "*/*" || type == "*" { return fallback }
            if type.hasSuffix("/*") {
                let major = type.dropLast(2)
                if let match = offered.first(where: { $0.hasPrefix(major + "/") }) { return match }
                continue
            }
            if let match = offered.first(where: { $0 == type }) { return match }
        }
        throw .notAcceptable(accept)
    }

    func count(_ key: String) {
        counters.withLock { $0[key, default: 0] += 1 }
    }

    var counterSnapshot: [String: Int] {
        counters.withLock { $0 }
    }
}
