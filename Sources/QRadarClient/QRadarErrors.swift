import VigilCore

/// QRadar answered with an HTTP error status (QRADAR.md §1.7).
///
/// For a JSON error body, `code`, `message`, `qradarDescription` and `details` come from QRadar's error object;
/// for any other body they are `nil`/empty and `rawBody` holds the (truncated) text instead. This is a semantic
/// answer from the server, distinct from ``QRadarTransportError`` (no answer at all).
public struct QRadarAPIError: Error, Sendable, Hashable {
    /// The HTTP status of the response, e.g. 404.
    public var httpStatus: Int
    /// QRadar's unique error code, e.g. 1002 (not found) or 2000 (invalid AQL); `nil` for a non-QRadar body.
    public var code: Int?
    /// QRadar's `message`, or a summary when the body was not a QRadar error object.
    public var message: String
    /// QRadar's `description` (often empty).
    public var qradarDescription: String
    /// QRadar's `http_response.message`, the status category text.
    public var httpResponseMessage: String?
    /// QRadar's `details` object, when present and non-empty.
    public var details: JSONValue?
    /// The response body as text, truncated, when it was not a QRadar error object.
    public var rawBody: String?
    /// The request's method and path (without query), to tell errors apart in logs.
    public var method: String
    public var path: String

    public init(
        httpStatus: Int, code: Int?, message: String, qradarDescription: String = "", httpResponseMessage: String? = nil,
        details: JSONValue? = nil, rawBody: String? = nil, method: String = "", path: String = ""
    ) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.qradarDescription = qradarDescription
        self.httpResponseMessage = httpResponseMessage
        self.details = details
        self.rawBody = rawBody
        self.method = method
        self.path = path
    }
}

extension QRadarAPIError: CustomStringConvertible {
    public var description: String {
        var text = "QRadar API error \(httpStatus)"
        if let code { text += " (code \(code))" }
        if !method.isEmpty { text += " on \(method) \(path)" }
        text += ": \(message)"
        if !qradarDescription.isEmpty { text += " — \(qradarDescription)" }
        if let rawBody, code == nil { text += " [body: \(rawBody)]" }
        return text
    }
}

/// The request got no usable HTTP answer: the connection failed, was lost, timed out, or TLS failed.
public struct QRadarTransportError: Error, Sendable, Hashable {
    /// What went wrong, in terms that decide whether retrying is safe.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: Hashable { case connect, lostResponse, timeout, tls, bodyTooLarge, cancelled, other }
        fileprivate let base: Base

        /// The connection could not be established; the request never reached the server.
        public static let connectFailed = Kind(base: .connect)
        /// The connection broke after the request may have been sent; the server may have acted on it.
        public static let lostResponse = Kind(base: .lostResponse)
        /// No (complete) answer within the read or request timeout; the server may have acted on the request.
        public static let timedOut = Kind(base: .timeout)
        /// The TLS handshake failed, e.g. the server's certificate is not trusted. Never retried.
        public static let tls = Kind(base: .tls)
        /// The response body exceeded the configured maximum size.
        public static let responseTooLarge = Kind(base: .bodyTooLarge)
        /// The calling task was cancelled.
        public static let cancelled = Kind(base: .cancelled)
        /// Any other failure of the HTTP machinery.
        public static let other = Kind(base: .other)

        public var description: String {
            switch base {
            case .connect: return "connection failed"
            case .lostResponse: return "response lost"
            case .timeout: return "timed out"
            case .tls: return "TLS failure"
            case .bodyTooLarge: return "response too large"
            case .cancelled: return "cancelled"
            case .other: return "transport failure"
            }
        }

        /// Whether the server may have received (and acted on) the request.
        public var requestMayHaveBeenSent: Bool { base == .lostResponse || base == .timeout || base == .other }

        /// Whether another attempt can help at all.
        var isRetryable: Bool { base == .connect || base == .lostResponse || base == .timeout }
    }

    public var kind: Kind
    /// A description of the underlying error (never contains request headers).
    public var underlying: String
    public var method: String
    public var path: String

    public init(kind: Kind, underlying: String, method: String = "", path: String = "") {
        self.kind = kind
        self.underlying = underlying
        self.method = method
        self.path = path
    }
}

extension QRadarTransportError: CustomStringConvertible {
    public var description: String {
        "QRadar transport error (\(kind)) on \(method) \(path): \(underlying)"
    }
}

/// The client's configuration is unusable (bad URL, unreadable CA bundle, bad credentials format).
public struct QRadarConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "QRadar client configuration error: \(message)" }
}

/// A successful response whose body is not what the endpoint documents.
public struct QRadarDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// What could not be decoded and why.
    public var reason: String
    /// The start of the body, for diagnosis.
    public var bodyPrefix: String

    public init(method: String, path: String, reason: String, bodyPrefix: String) {
        self.method = method
        self.path = path
        self.reason = reason
        self.bodyPrefix = bodyPrefix
    }

    public var description: String { "Unexpected QRadar response to \(method) \(path): \(reason) [body: \(bodyPrefix)]" }
}

/// An Ariel search ended without results: QRadar reported it CANCELED or ERROR, or it did not finish in time.
public struct ArielSearchError: Error, Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// QRadar reports the search as `CANCELED`.
        case canceled
        /// QRadar reports the search as `ERROR`.
        case failed
        /// The search was still running when the caller's timeout elapsed.
        case timedOut
    }

    public var searchID: String
    public var reason: Reason
    /// The last status QRadar reported.
    public var status: ArielSearchStatus?
    /// The search's `error_messages`.
    public var errorMessages: [ArielErrorMessage]

    public init(searchID: String, reason: Reason, status: ArielSearchStatus?, errorMessages: [ArielErrorMessage]) {
        self.searchID = searchID
        self.reason = reason
        self.status = status
        self.errorMessages = errorMessages
    }
}

extension ArielSearchError: CustomStringConvertible {
    public var description: String {
        let what: String
        switch reason {
        case .canceled: what = "was canceled"
        case .failed: what = "failed"
        case .timedOut: what = "did not complete in time"
        }
        var text = "Ariel search \(searchID) \(what)"
        if let status { text += " (status \(status.rawValue))" }
        let messages = errorMessages.compactMap(\.message)
        if !messages.isEmpty { text += ": " + messages.joined(separator: "; ") }
        return text
    }
}
