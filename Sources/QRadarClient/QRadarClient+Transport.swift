#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One QRadar API call, before the client adds credentials and standard headers.
struct QRadarRequest: Sendable {
    var method: HTTPMethod
    /// Below `/api`, with each segment already percent-encoded: `/siem/offenses/12`.
    var path: String
    var query: [(String, String)] = []
    /// Extra headers: `Range`, `Prefer`, `fields`.
    var headers: [(String, String)] = []
    var body: [UInt8]? = nil
    var contentType: String? = nil
    /// Added to the request timeout (for `Prefer: wait`).
    var extraTimeout: Duration = .zero

    var pathAndQuery: String {
        query.isEmpty ? path : path + "?" + query.map { "\(QRadarPath.encode($0.0))=\(QRadarPath.encode($0.1))" }.joined(separator: "&")
    }
}

/// A complete HTTP answer.
struct QRadarResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var contentRange: QRadarContentRange? { headers.first(name: "Content-Range").flatMap(QRadarContentRange.init(header:)) }
}

enum QRadarPath {
    /// Percent-encodes everything outside RFC 3986's unreserved set, so a value can be a path segment or a
    /// query component (spaces become `%20`, never `+`).
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }

    /// `/a/b/c` from raw segments, each encoded.
    static func join(_ segments: String...) -> String {
        "/" + segments.map(encode).joined(separator: "/")
    }
}

/// What a caller may do when a retried write meets an error it would not have met on the first try.
enum WriteSafety: Sendable {
    /// Repeating the request cannot change the outcome (GET, DELETE, absolute-state POST): retried blindly.
    case idempotent
    /// Repeating could act twice (note, search, closing reason): before re-sending after an attempt that may
    /// have reached the server, `alreadyApplied` is asked whether the first attempt took effect.
    case nonIdempotent
}

extension QRadarClient {
    // MARK: - Retry loop

    /// Sends `request`, retrying transient failures, and decodes the answer.
    ///
    /// - Parameters:
    ///   - safety: whether the request may be repeated blindly.
    ///   - alreadyApplied: for `.nonIdempotent`, looks for the effect of an earlier attempt whose answer was lost;
    ///     a non-nil result is returned instead of sending again.
    ///   - afterUncertainRetry: called when an attempt following a possibly-applied one meets a QRadar error
    ///     (e.g. 409 "exists" or 404 "already deleted"); a non-nil result is returned instead of the error.
    func perform<T: Sendable>(
        _ request: QRadarRequest,
        safety: WriteSafety,
        alreadyApplied: (@Sendable () async throws -> T?)? = nil,
        afterUncertainRetry: (@Sendable (QRadarAPIError) async throws -> T?)? = nil,
        decode: (QRadarResponse) throws -> T
    ) async throws -> T {
        let policy = configuration.retry
        var attempt = 0
        var mustCheckBeforeResending = false
        var earlierAttemptMayHaveApplied = false
        while true {
            attempt += 1
            if mustCheckBeforeResending, let alreadyApplied {
                if let existing = try await alreadyApplied() {
                    logger.debug(
                        "QRadar write already applied by an earlier attempt; not resending",
                        metadata: ["qradar.method": "\(request.method.rawValue)", "qradar.path": "\(request.path)"])
                    return existing
                }
            }
            mustCheckBeforeResending = false

            let response: QRadarResponse
            do {
                response = try await sendOnce(request, attempt: attempt)
            } catch let error as QRadarTransportError {
                guard error.kind.isRetryable, attempt < policy.maxAttempts else { throw error }
                if error.kind.requestMayHaveBeenSent {
                    earlierAttemptMayHaveApplied = true
                    if safety == .nonIdempotent { mustCheckBeforeResending = true }
                }
                let delay = policy.backoff(beforeRetry: attempt, random: environment.random())
                logRetry(request, attempt: attempt, reason: "\(error.kind)", delay: delay)
                try await environment.sleep(delay)
                continue
            }

            if (200..<300).contains(response.status) {
                return try decode(response)
            }
            let apiError = makeAPIError(response, request: request)
            if Self.retryableStatuses.contains(response.status), attempt < policy.maxAttempts {
                var delay = policy.backoff(beforeRetry: attempt, random: environment.random())
                if let retryAfter = Self.retryAfter(response.headers, now: environment.now()) {
                    guard retryAfter <= policy.maxRetryAfter else { throw apiError }
                    delay = retryAfter
                }
                // 429 is a refusal before any work; a 5xx from a gateway may follow a write that happened.
                if response.status != 429 {
                    earlierAttemptMayHaveApplied = true
                    if safety == .nonIdempotent { mustCheckBeforeResending = true }
                }
                logRetry(request, attempt: attempt, reason: "HTTP \(response.status)", delay: delay)
                try await environment.sleep(delay)
                continue
            }
            if earlierAttemptMayHaveApplied, let afterUncertainRetry, let recovered = try await afterUncertainRetry(apiError) {
                return recovered
            }
            throw apiError
        }
    }

    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    private func logRetry(_ request: QRadarRequest, attempt: Int, reason: String, delay: Duration) {
        logger.debug(
            "Retrying QRadar request",
            metadata: [
                "qradar.method": "\(request.method.rawValue)", "qradar.path": "\(request.path)",
                "qradar.attempt": "\(attempt)", "qradar.retry.reason": "\(reason)",
                "qradar.retry.delay_ms": "\(delay.milliseconds)",
            ])
    }

    /// `Retry-After` as delta-seconds or an HTTP date, relative to `now` (epoch ms); never negative.
    static func retryAfter(_ headers: HTTPHeaders, now: Int64) -> Duration? {
        guard let value = headers.first(name: "Retry-After")?.trimmingWhitespace(), !value.isEmpty else { return nil }
        if let seconds = Int64(value) { return .seconds(max(0, seconds)) }
        if let seconds = Double(value), seconds.isFinite { return .seconds(max(0, seconds)) }
        if let date = HTTPDate.epochMillis(value) { return .milliseconds(max(0, date - now)) }
        return nil
    }

    // MARK: - One attempt

    /// One HTTP exchange: returns any complete answer (including error statuses) or throws a
    /// ``QRadarTransportError``.
    func sendOnce(_ request: QRadarRequest, attempt: Int) async throws -> QRadarResponse {
        var http = HTTPClientRequest(url: origin + "/api" + request.pathAndQuery)
        http.method = request.method
        let auth = configuration.authentication.header
        http.headers.add(name: auth.name, value: auth.value)
        http.headers.add(name: "Version", value: configuration.apiVersion)
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: configuration.userAgent)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }

        logger.debug(
            "QRadar request",
            metadata: [
                "qradar.method": "\(request.method.rawValue)",
                "qradar.path": "\(request.pathAndQuery)",
                "qradar.attempt": "\(attempt)",
                "qradar.headers": "\(Self.redacted(http.headers))",
            ])

        let timeout = configuration.requestTimeout + request.extraTimeout
        do {
            let response = try await httpClient.execute(http, timeout: .nanoseconds(timeout.nanoseconds), logger: Self.quiet(logger))
            let body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let result = QRadarResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
            var metadata: Logger.Metadata = [
                "qradar.method": "\(request.method.rawValue)", "qradar.path": "\(request.path)",
                "qradar.status": "\(result.status)", "qradar.bytes": "\(result.body.count)",
            ]
            if let range = response.headers.first(name: "Content-Range") { metadata["qradar.content_range"] = "\(range)" }
            // QRadar marks answers from deprecated API versions; worth seeing before an upgrade removes them.
            if let deprecated = response.headers.first(name: "Deprecated") { metadata["qradar.deprecated"] = "\(deprecated)" }
            logger.debug("QRadar response", metadata: metadata)
            return result
        } catch {
            let kind = Self.classify(error)
            let transport = QRadarTransportError(
                kind: kind, underlying: Self.describe(error), method: request.method.rawValue, path: request.path)
            logger.debug(
                "QRadar request failed",
                metadata: [
                    "qradar.method": "\(request.method.rawValue)", "qradar.path": "\(request.path)",
                    "qradar.error": "\(transport.kind)", "qradar.attempt": "\(attempt)",
                ])
            if kind == .cancelled, Task.isCancelled { throw CancellationError() }
            throw transport
        }
    }

    /// Header names whose values are secrets.
    static let secretHeaders: Set<String> = ["sec", "authorization", "cookie", "set-cookie", "x-qrd-encryption-password"]

    /// `name: value` pairs with secret values replaced, for logs.
    static func redacted(_ headers: HTTPHeaders) -> String {
        headers.map { name, value in
            Self.secretHeaders.contains(name.lowercased()) ? "\(name): <redacted>" : "\(name): \(value)"
        }.joined(separator: ", ")
    }

    /// Errors from AsyncHTTPClient/NIO in terms of "was the request possibly sent" and "can a retry help".
    static func classify(_ error: any Error) -> QRadarTransportError.Kind {
        if error is CancellationError { return .cancelled }
        if error is NIOTooManyBytesError { return .responseTooLarge }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout,
                .httpProxyHandshakeTimeout:
                return .connectFailed
            case .remoteConnectionClosed, .uncleanShutdown:
                return .lostResponse
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return .timedOut
            case .cancelled:
                return .cancelled
            default:
                return .other
            }
        }
        if let error = error as? NIOSSLError {
            if case .uncleanShutdown = error { return .lostResponse }
            return .tls
        }
        if error is NIOSSLExtraError || error is BoringSSLError { return .tls }
        if error is NIOConnectionError { return .connectFailed }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return .connectFailed
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed: return .lostResponse
            default: return .other
            }
        }
        if let error = error as? IOError {
            return error.errnoCode == ECONNREFUSED ? .connectFailed : .lostResponse
        }
        return .other
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error).prefix(500).description
    }

    // MARK: - Decoding

    static let decoder = JSONDecoder()

    func decodeJSON<T: Decodable>(_ type: T.Type, _ response: QRadarResponse, request: QRadarRequest) throws -> T {
        do {
            return try Self.decoder.decode(T.self, from: Data(response.body))
        } catch {
            throw QRadarDecodingError(
                method: request.method.rawValue, path: request.path, reason: "\(T.self): \(Self.describe(error))",
                bodyPrefix: Self.textPrefix(response.body, limit: 300))
        }
    }

    /// A QRadar error object from an error response, or the raw text when the body is something else.
    func makeAPIError(_ response: QRadarResponse, request: QRadarRequest) -> QRadarAPIError {
        if let object = try? Self.decoder.decode(JSONValue.self, from: Data(response.body)), case .object = object,
            object["message"]?.stringValue != nil || object["code"]?.intValue != nil
        {
            var details = object["details"]
            if let members = details?.objectValue, members.isEmpty { details = nil }
            if details?.isNull == true { details = nil }
            return QRadarAPIError(
                httpStatus: response.status,
                code: object["code"]?.intValue.map { Int($0) },
                message: object["message"]?.stringValue ?? "",
                qradarDescription: object["description"]?.stringValue ?? "",
                httpResponseMessage: object["http_response"]?["message"]?.stringValue,
                details: details,
                rawBody: nil,
                method: request.method.rawValue,
                path: request.path)
        }
        let text = Self.textPrefix(response.body, limit: 1024)
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return QRadarAPIError(
            httpStatus: response.status,
            code: nil,
            message: firstLine.isEmpty ? "HTTP \(response.status) with a non-QRadar body" : String(firstLine.prefix(200)),
            rawBody: text,
            method: request.method.rawValue,
            path: request.path)
    }

    /// The body as text, cut to `limit` characters with a marker.
    static func textPrefix(_ body: [UInt8], limit: Int) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        if text.count > limit || body.count > limit * 4 { return String(text.prefix(limit)) + "…(truncated)" }
        return text
    }
}
