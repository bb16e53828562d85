import NIOSSL
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// TLS settings for a syslog sender. Certificate verification is ON by default (system trust roots, host name
/// checked); it can only be turned off explicitly with ``insecureWithoutVerification()``.
public struct SyslogTLSClientConfiguration: Sendable {
    /// How much of the server's certificate is checked.
    public enum Verification: Sendable, Hashable {
        /// Chain to a trusted root and match the host name (or IP address). The default.
        case full
        /// Chain to a trusted root, but do not check the host name.
        case noHostnameVerification
        /// No verification at all: anyone on the path can read and alter the stream.
        case none
    }

    /// Which roots the server certificate must chain to: the system store by default.
    public var trustRoots: NIOSSLTrustRoots
    /// Verification level; `.full` by default.
    public var verification: Verification
    /// Name for SNI and host-name verification; default the configured host unless it is an IP address (then the
    /// certificate's IP SAN is checked against the peer address).
    public var serverHostname: String?
    /// Client certificate chain and key, for servers that require mutual TLS.
    public var certificateChain: [NIOSSLCertificate]
    public var privateKey: NIOSSLPrivateKey?
    /// Lowest TLS version offered; default TLS 1.2.
    public var minimumTLSVersion: TLSVersion

    public init(
        trustRoots: NIOSSLTrustRoots = .default, verification: Verification = .full, serverHostname: String? = nil,
        certificateChain: [NIOSSLCertificate] = [], privateKey: NIOSSLPrivateKey? = nil,
        minimumTLSVersion: TLSVersion = .tlsv12
    ) {
        self.trustRoots = trustRoots
        self.verification = verification
        self.serverHostname = serverHostname
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.minimumTLSVersion = minimumTLSVersion
    }

    /// Trust only these CA certificates (full verification).
    public static func customCA(_ certificates: [NIOSSLCertificate], serverHostname: String? = nil) -> Self {
        Self(trustRoots: .certificates(certificates), serverHostname: serverHostname)
    }

    /// Trust only the CA certificates in a PEM bundle file (full verification).
    public static func customCA(pemFile: String, serverHostname: String? = nil) throws -> Self {
        Self(trustRoots: .certificates(try NIOSSLCertificate.fromPEMFile(pemFile)), serverHostname: serverHostname)
    }

    /// Encrypts without verifying the server at all. Only for tests and closed networks; say so where you use it.
    public static func insecureWithoutVerification() -> Self {
        Self(verification: .none)
    }

    func makeContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = trustRoots
        tls.minimumTLSVersion = minimumTLSVersion
        switch verification {
        case .full: tls.certificateVerification = .fullVerification
        case .noHostnameVerification: tls.certificateVerification = .noHostnameVerification
        case .none: tls.certificateVerification = .none
        }
        if !certificateChain.isEmpty, let privateKey {
            tls.certificateChain = certificateChain.map { .certificate($0) }
            tls.privateKey = .privateKey(privateKey)
        }
        return try NIOSSLContext(configuration: tls)
    }
}

/// Exponential backoff between reconnection attempts.
public struct SyslogReconnectPolicy: Sendable, Hashable {
    /// Delay after the first failure.
    public var initialDelay: Duration
    /// Upper bound for the delay.
    public var maximumDelay: Duration
    /// Growth per failed attempt.
    public var multiplier: Double
    /// Random spread, as a fraction of the delay (0.2 = ±20%), so many senders do not reconnect in lockstep.
    public var jitter: Double

    public init(
        initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(30), multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before attempt `attempt` (1 = after the first failure), without jitter.
    public func baseDelay(attempt: Int) -> Duration {
        Backoff(initial: initialDelay, maximum: maximumDelay, multiplier: multiplier).delay(beforeRetry: max(1, attempt))
    }

    func delay(attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let base = baseDelay(attempt: attempt)
        guard jitter > 0 else { return base }
        let factor = 1 + Double.random(in: -jitter...jitter, using: &random)
        let ns = Double(base.components.seconds) * 1e9 + Double(base.components.attoseconds) * 1e-9
        return .nanoseconds(Int64(max(0, ns * factor)))
    }
}

/// Where and how a ``SyslogSender`` sends.
public struct SyslogSenderConfiguration: Sendable {
    public var transport: SyslogTransport
    public var host: String
    public var port: Int
    /// Stream framing for TCP/TLS; ignored for UDP (one message per datagram). Default newline.
    public var framing: SyslogFraming
    /// TLS settings for `.tls` (verification on by default).
    public var tls: SyslogTLSClientConfiguration
    /// Messages held while not yet written; `send` waits while it is full. Default 10,000.
    public var bufferCapacity: Int
    /// Longest message accepted by `send`, in bytes. Default 64 KiB.
    public var maxMessageLength: Int
    /// TCP/TLS: written messages younger than this are re-sent after a connection failure, because a write that
    /// succeeded locally may still be lost in flight. Default 2 s.
    public var replayWindow: Duration
    /// Most written messages kept for replay. Default 10,000.
    public var replayCapacity: Int
    /// Reconnection backoff.
    public var reconnect: SyslogReconnectPolicy
    /// Time allowed to establish a connection (TCP connect plus TLS handshake). Default 5 s.
    public var connectTimeout: Duration
    /// On graceful shutdown, how long to keep trying to deliver buffered messages. Default 5 s.
    public var drainTimeout: Duration
    /// Most bytes per socket write (messages are batched). Default 64 KiB.
    public var maxBatchBytes: Int

    public init(
        transport: SyslogTransport, host: String, port: Int, framing: SyslogFraming = .newline,
        tls: SyslogTLSClientConfiguration = SyslogTLSClientConfiguration(), bufferCapacity: Int = 10_000,
        maxMessageLength: Int = 65_536, replayWindow: Duration = .seconds(2), replayCapacity: Int = 10_000,
        reconnect: SyslogReconnectPolicy = SyslogReconnectPolicy(), connectTimeout: Duration = .seconds(5),
        drainTimeout: Duration = .seconds(5), maxBatchBytes: Int = 65_536
    ) {
        self.transport = transport
        self.host = host
        self.port = port
        self.framing = framing
        self.tls = tls
        self.bufferCapacity = max(1, bufferCapacity)
        self.maxMessageLength = max(1, maxMessageLength)
        self.replayWindow = replayWindow
        self.replayCapacity = max(0, replayCapacity)
        self.reconnect = reconnect
        self.connectTimeout = connectTimeout
        self.drainTimeout = drainTimeout
        self.maxBatchBytes = max(1, maxBatchBytes)
    }
}

/// A snapshot of a sender's counters.
public struct SyslogSenderStats: Sendable, Hashable {
    /// Messages accepted by `send`.
    public var accepted: Int
    /// Message writes that succeeded, re-sends included.
    public var written: Int
    /// Messages queued again after a connection failure (each may reach the receiver twice: at-least-once).
    public var retried: Int
    /// UDP messages whose datagram could not be sent.
    public var dropped: Int
    /// Messages kept for replay that were evicted (replay capacity reached) before their window passed.
    public var replayEvicted: Int
    /// Messages still buffered and not yet written.
    public var pending: Int
    /// Connections established.
    public var connects: Int
    /// Connection attempts that failed (refused, timed out, TLS handshake rejected).
    public var connectFailures: Int
    /// Established connections that broke.
    public var disconnects: Int
    /// The most recent connection or write error, for diagnostics.
    public var lastError: String?
}
