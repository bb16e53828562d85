import VigilCore
import Foundation
import Logging
import Synchronization

@testable import QRadarClient

/// Time that only moves when the client "sleeps": sleeps are recorded and advance the clock instantly.
final class ManualTime: Sendable {
    private let state: Mutex<(now: Int64, sleeps: [Duration])>

    init(start: Int64 = 1_700_000_000_000) { state = Mutex((start, [])) }

    var now: Int64 { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(milliseconds: Int64) { state.withLock { $0.now += milliseconds } }

    /// An environment that never really waits, with a fixed random draw.
    func environment(random: Double = 0.5) -> QRadarClientEnvironment {
        QRadarClientEnvironment(
            sleep: { [self] duration in
                try Task.checkCancellation()
                state.withLock { value in
                    value.sleeps.append(duration)
                    value.now += duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
                }
            },
            now: { [self] in now },
            random: { random })
    }
}

/// Collects every log line (message and metadata) for inspection.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        var rendered = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        if let error = event.error { rendered += " error=\(error)" }
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(rendered)") }
    }

    static func logger(level: Logger.Level = .trace) -> (Logger, Store) {
        let store = Store()
        var logger = Logger(label: "test.qradar") { _ in CapturingLogHandler(store: store) }
        logger.logLevel = level
        return (logger, store)
    }
}

/// A client for the fake server at `port`, with instant sleeps.
func makeClient(
    port: Int,
    authentication: QRadarAuthentication = .secToken("test-token-0123"),
    time: ManualTime = ManualTime(),
    configure: (inout QRadarClientConfiguration) -> Void = { _ in },
    logger: Logger = Logger(label: "test.qradar")
) throws -> QRadarClient {
    var configuration = QRadarClientConfiguration(baseURL: "http://127.0.0.1:\(port)", authentication: authentication)
    // Generous: on a loaded 2-core CI machine a timeout would turn into a retry and change the request counts the
    // tests assert (a whole suite has taken 200 s there). Tests of timeouts set their own.
    configuration.connectTimeout = .seconds(60)
    configuration.readTimeout = .seconds(600)
    configuration.requestTimeout = .seconds(600)
    configure(&configuration)
    return try QRadarClient(configuration: configuration, logger: logger, environment: time.environment())
}

@discardableResult
/// Runs `body` with a client, shutting the client down afterwards whatever happens.
func withClient<R: Sendable>(_ client: QRadarClient, _ body: (QRadarClient) async throws -> R) async throws -> R {
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// JSON text of an encodable value with sorted keys.
func jsonText(_ value: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// Parses `Range: items=a-b`.
func parseRange(_ header: String?) -> (Int, Int)? {
    guard let header, header.hasPrefix("items=") else { return nil }
    let bounds = header.dropFirst(6).split(separator: "-")
    guard bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]) else { return nil }
    return (a, b)
}

/// Answers a list request from `items` honouring `Range`, as QRadar does (QRADAR.md §1.4).
func pagedAnswer(_ items: [JSONValue], request: FakeRequest) -> FakeAction {
    guard let (start, end) = parseRange(request.header("Range")) else { return .json(200, JSONValue.array(items).description) }
    if start >= items.count {
        return .json(200, "[]", headers: [("Content-Range", "items */\(items.count)")])
    }
    let last = min(end, items.count - 1)
    let slice = Array(items[start...last])
    return .json(200, JSONValue.array(slice).description, headers: [("Content-Range", "items \(start)-\(last)/\(items.count)")])
}
