import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// One request as the fake server saw it.
struct FakeRequest: Sendable {
    var method: String
    /// Path without the query, percent-decoded, e.g. `/api/siem/offenses/12`.
    var path: String
    /// The raw (still encoded) path as sent.
    var rawPath: String
    /// Query items in order, percent-decoded.
    var queryItems: [(String, String)]
    var headers: HTTPHeaders
    var body: [UInt8]

    func query(_ name: String) -> String? { queryItems.last { $0.0 == name }?.1 }
    func header(_ name: String) -> String? { headers.first(name: name) }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    init(head: HTTPRequestHead, body: [UInt8]) {
        method = head.method.rawValue
        headers = head.headers
        self.body = body
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        rawPath = String(parts[0])
        path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        queryItems = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
                queryItems.append((name, value))
            }
        }
    }
}

/// What the fake server does with a request.
enum FakeAction: Sendable {
    /// Answer with this status, headers and body.
    case respond(status: Int, headers: [(String, String)], body: String)
    /// Close the connection without answering (a lost response).
    case dropConnection
    /// Wait (really), then do `action`: a slow server.
    indirect case delayed(Duration, FakeAction)

    static func json(_ status: Int = 200, _ body: String, headers: [(String, String)] = []) -> FakeAction {
        .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// QRadar's error object (QRADAR.md §1.7).
    static func qradarError(_ status: Int, code: Int, message: String, description: String = "", category: String = "error")
        -> FakeAction
    {
        let body: [String: Any] = [
            "message": message, "details": [String: Any](), "description": description, "code": code,
            "http_response": ["message": category, "code": status],
        ]
        let data = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return .json(status, String(decoding: data, as: UTF8.self))
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1:0 answering like QRadar, whose behaviour each test scripts.
///
/// It answers from a channel handler on the NIO event loop, never from a Swift task: on a loaded 2-core machine the
/// cooperative thread pool can be busy with CPU-heavy tests for minutes, and a server waiting for it would make the
/// client time out and retry, changing the request counts the tests assert.
final class FakeQRadarServer: Sendable {
    let port: Int
    private let recorded = Mutex<[FakeRequest]>([])

    private init(port: Int) { self.port = port }

    /// Every request received so far, in order.
    var requests: [FakeRequest] { recorded.withLock { $0 } }

    func record(_ request: FakeRequest) { recorded.withLock { $0.append(request) } }

    /// Starts a server, runs `body` with it, then stops the server.
    static func with<R: Sendable>(
        tls: NIOSSLContext? = nil,
        handler: @escaping @Sendable (FakeRequest) -> FakeAction,
        _ body: (FakeQRadarServer) async throws -> R
    ) async throws -> R {
        let server = Box()
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        FakeHTTPHandler(record: { server.value?.record($0) }, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = serverChannel.localAddress?.port else {
            try? await serverChannel.close()
            throw FakeServerError.noPort
        }
        let fake = FakeQRadarServer(port: port)
        server.value = fake
        do {
            let result = try await body(fake)
            try? await serverChannel.close()
            return result
        } catch {
            try? await serverChannel.close()
            throw error
        }
    }

    /// The server, set once it has a port; the channel handlers record into it.
    private final class Box: Sendable {
        private let server = Mutex<FakeQRadarServer?>(nil)
        var value: FakeQRadarServer? {
            get { server.withLock { $0 } }
            set { server.withLock { $0 = newValue } }
        }
    }
}

/// Collects one request at a time and answers it as the test's handler says, on the channel's event loop.
private final class FakeHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let record: @Sendable (FakeRequest) -> Void
    private let handler: @Sendable (FakeRequest) -> FakeAction
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(record: @escaping @Sendable (FakeRequest) -> Void, handler: @escaping @Sendable (FakeRequest) -> FakeAction) {
        self.record = record
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let buffer):
            body += Array(buffer: buffer)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let request = FakeRequest(head: requestHead, body: body)
            record(request)
            perform(handler(request), context: context)
        }
    }

    private func perform(_ action: FakeAction, context: ChannelHandlerContext) {
        switch action {
        case .delayed(let delay, let next):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
            context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                let (handler, context) = loopBound.value
                handler.perform(next, context: context)
            }
        case .dropConnection:
            context.close(promise: nil)
        case .respond(let status, let headers, let text):
            var responseHeaders = HTTPHeaders(headers)
            let bytes = ByteBuffer(string: text)
            responseHeaders.replaceOrAdd(name: "Content-Length", value: String(bytes.readableBytes))
            let responseHead = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

enum FakeServerError: Error { case noPort }

/// A port nothing listens on: bind, read the port, close.
func closedLocalPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 1
    try await channel.close()
    return port
}
