#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EmulatorEngine
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// Makes the emulated API without an HTTP server: opens the engine, loads the configured files, sets up
/// authentication and fault injection. ``buildEmulator(configuration:onReady:)`` serves it over HTTP(S);
/// benchmarks and tools can call ``EmulatorAPI/respond(to:)`` directly.
public func makeEmulatorAPI(configuration: EmulatorConfiguration) throws -> EmulatorAPI {
    if let directory = configuration.dataDirectory {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let engine = try QRadarEngine(configuration: EngineConfiguration(
        dataDirectory: configuration.dataDirectory,
        rulesFile: configuration.rulesFile,
        searchTiming: configuration.searchTiming,
        now: configuration.now
    ))
    for file in configuration.loadFiles {
        _ = try engine.loadFile(path: file)
    }
    var faults = configuration.faults
    if let seed = configuration.seed { faults.seed = seed }
    let tokenSource = SessionTokenSource(seed: configuration.seed)
    let authenticator = Authenticator(tokens: configuration.tokens, basicUsers: configuration.basicUsers) { tokenSource.next() }
    return EmulatorAPI(
        engine: engine,
        authenticator: authenticator,
        faults: FaultInjector(faults),
        options: .init(deprecatedHeader: configuration.deprecatedHeader, hostName: configuration.host),
        clock: configuration.now
    )
}

/// Builds the emulator as a Hummingbird application: the API behind HTTPS (or HTTP when asked), the
/// dropped-connection fault handler in the channel pipeline, and the syslog sink as a service.
///
/// - Parameters:
///   - configuration: What to run.
///   - onReady: Called once the HTTP port (and syslog ports) are bound, with where to reach them.
public func buildEmulator(
    configuration: EmulatorConfiguration,
    onReady: @escaping @Sendable (EmulatorEndpoints) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let api = try makeEmulatorAPI(configuration: configuration)
    return try buildEmulator(api: api, configuration: configuration, onReady: onReady)
}

/// Builds the application around an existing ``EmulatorAPI`` (tests reach into the API's engine this way).
public func buildEmulator(
    api: EmulatorAPI,
    configuration: EmulatorConfiguration,
    onReady: @escaping @Sendable (EmulatorEndpoints) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    var logger = configuration.logger ?? Logger(label: "vigil.emulator")
    if configuration.logger == nil { logger.logLevel = .info }

    let maxBody = configuration.maxBodyBytes
    let router = Router(context: BasicRequestContext.self)
    router.addMiddleware {
        QRadarErrorMiddleware(api: api, maxBodyBytes: maxBody)
    }
    let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
        try await serve(request, api: api, maxBodyBytes: maxBody)
    }
    let methods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .head, .options]
    for method in methods {
        router.on("/api/**", method: method, use: handler)
        router.on("/__emulator/**", method: method, use: handler)
    }

    let faults = api.faults
    let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [DroppingConnectionHandler(faults: faults)]))
    var certificatePath: String?
    let server: HTTPServerBuilder
    switch configuration.tls {
    case .disabled:
        server = http1
    case .selfSigned:
        let directory = configuration.dataDirectory ?? (FileManager.default.temporaryDirectory.path + "/vigil-emulator-" + UUID().uuidString)
        let identity = try SelfSignedCertificate.loadOrCreate(in: directory, hostName: configuration.host)
        certificatePath = identity.certificatePath
        server = try .tls(http1, tlsConfiguration: try serverTLS(certificate: identity.certificatePath, key: identity.privateKeyPath))
    case .files(let certificate, let key):
        certificatePath = certificate
        server = try .tls(http1, tlsConfiguration: try serverTLS(certificate: certificate, key: key))
    }

    let sink = try SyslogSink(api: api, tcpPort: configuration.syslogTCPPort, udpPort: configuration.syslogUDPPort, host: configuration.host, logger: logger)
    let scheme = configuration.tls == .disabled ? "http" : "https"
    let host = configuration.host
    let readyCertificate = certificatePath
    var app = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(host, port: configuration.port)),
        onServerRunning: { channel in
            let ports = await sink.boundPorts()
            await onReady(EmulatorEndpoints(
                host: host,
                port: channel.localAddress?.port ?? configuration.port,
                scheme: scheme,
                certificatePath: readyCertificate,
                syslogTCPPort: ports.tcp,
                syslogUDPPort: ports.udp
            ))
        },
        logger: logger
    )
    app.addServices(sink.services)
    return app
}

/// Runs the emulator until SIGINT/SIGTERM: what `vigil emulate` calls.
///
/// `onReady` receives the bound HTTP port, the certificate to trust and the syslog ports.
public func runEmulator(
    configuration: EmulatorConfiguration,
    onReady: @escaping @Sendable (EmulatorEndpoints) async -> Void
) async throws {
    let app = try await buildEmulator(configuration: configuration, onReady: onReady)
    try await app.runService()
}

/// The emulator as a `Service`, for embedding in another `ServiceGroup` (the demo, end-to-end tests).
public struct EmulatorService: Service {
    let configuration: EmulatorConfiguration
    let onReady: @Sendable (EmulatorEndpoints) async -> Void

    public init(configuration: EmulatorConfiguration, onReady: @escaping @Sendable (EmulatorEndpoints) async -> Void = { _ in }) {
        self.configuration = configuration
        self.onReady = onReady
    }

    public func run() async throws {
        let app = try await buildEmulator(configuration: configuration, onReady: onReady)
        try await app.run()
    }
}

func serverTLS(certificate: String, key: String) throws -> TLSConfiguration {
    let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
    let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
    return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
}

/// Carries one Hummingbird request into the ``EmulatorAPI`` and its answer back.
func serve(_ request: Request, api: EmulatorAPI, maxBodyBytes: Int) async throws -> Response {
    let body: ByteBuffer
    do {
        body = try await request.body.collect(upTo: maxBodyBytes)
    } catch {
        return Response(apiResponse: .error(APIError(status: 413, code: 1005, message: "The request body is larger than \(maxBodyBytes) bytes.", description: "A request parameter is not valid.")))
    }
    let apiRequest = APIRequest(
        method: request.method.rawValue,
        path: request.uri.path,
        query: FormDecoding.decode(request.uri.query ?? ""),
        headers: request.headers.map { ($0.name.rawName, $0.value) },
        body: Array(body.readableBytesView)
    )
    return Response(apiResponse: await api.respond(to: apiRequest))
}

extension Response {
    init(apiResponse: APIResponse) {
        var fields = HTTPFields()
        for (name, value) in apiResponse.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        self.init(
            status: HTTPResponse.Status(code: apiResponse.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: apiResponse.body))
        )
    }
}

/// Turns Hummingbird's own errors into QRadar's JSON error body, so every response is JSON: a request the
/// router has no route for (a path outside `/api`, an unusual method) goes to the API anyway, which answers
/// QRadar's 401, 404 or 405.
struct QRadarErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let api: EmulatorAPI
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return try await serve(request, api: api, maxBodyBytes: maxBodyBytes)
        } catch let error as HTTPError {
            let apiError = APIError(status: Int(error.status.code), code: 0, message: error.body ?? error.status.reasonPhrase)
            return Response(apiResponse: .error(apiError))
        }
    }
}

/// Session tokens for Basic logins: random, or from a seed for replayable runs.
final class SessionTokenSource: Sendable {
    private let seeded: Bool
    private let random: Mutex<SplitMix64>

    init(seed: UInt64?) {
        seeded = seed != nil
        random = Mutex(SplitMix64(seed: (seed ?? 0) ^ 0xA5A5_5A5A_C3C3_3C3C))
    }

    func next() -> String {
        let (a, b): (UInt64, UInt64)
        if seeded {
            (a, b) = random.withLock { ($0.next(), $0.next()) }
        } else {
            var generator = SystemRandomNumberGenerator()
            (a, b) = (generator.next(), generator.next())
        }
        func hex(_ v: UInt64) -> String {
            let digits = String(v, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(a) + hex(b)
    }
}

/// Why ``withRunningEmulator(api:configuration:_:)`` could not run its body.
public struct EmulatorStartError: Error, CustomStringConvertible, Sendable {
    public var description: String { "the emulator did not start" }
}

/// Runs the emulator over `api` for the duration of `body`, which gets the bound endpoints (port 0 picks a free port),
/// and stops it afterwards: how tests, benchmarks and tools embed an emulator.
public func withRunningEmulator<R: Sendable>(
    api: EmulatorAPI, configuration: EmulatorConfiguration,
    _ body: (EmulatorEndpoints) async throws -> R
) async throws -> R {
    let (ready, readyContinuation) = AsyncStream.makeStream(of: EmulatorEndpoints.self)
    let app = try buildEmulator(api: api, configuration: configuration) { endpoints in
        readyContinuation.yield(endpoints)
        readyContinuation.finish()
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        defer { group.cancelAll() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw EmulatorStartError() }
        return try await body(endpoints)
    }
}
