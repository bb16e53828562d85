import NIOCore
import NIOSSL

/// TLS settings for a syslog listener: the server's certificate chain and key, and optionally the CA that client
/// certificates must chain to (mutual TLS; clients without a valid certificate are then refused).
public struct SyslogTLSServerConfiguration: Sendable {
    /// Leaf first, then intermediates.
    public var certificateChain: [NIOSSLCertificate]
    /// The key of the leaf certificate.
    public var privateKey: NIOSSLPrivateKey
    /// When set, clients must present a certificate issued by one of these.
    public var clientCACertificates: [NIOSSLCertificate]?
    /// Lowest TLS version accepted; default TLS 1.2.
    public var minimumTLSVersion: TLSVersion

    public init(
        certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey,
        clientCACertificates: [NIOSSLCertificate]? = nil, minimumTLSVersion: TLSVersion = .tlsv12
    ) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.clientCACertificates = clientCACertificates
        self.minimumTLSVersion = minimumTLSVersion
    }

    /// Loads PEM files: the certificate chain, the private key and, optionally, a client CA bundle.
    public init(certificateChainPEMFile: String, privateKeyPEMFile: String, clientCAPEMFile: String? = nil) throws {
        self.init(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateChainPEMFile),
            privateKey: try NIOSSLPrivateKey(file: privateKeyPEMFile, format: .pem),
            clientCACertificates: try clientCAPEMFile.map { try NIOSSLCertificate.fromPEMFile($0) })
    }

    func makeContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificateChain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        tls.minimumTLSVersion = minimumTLSVersion
        if let clientCACertificates {
            tls.trustRoots = .certificates(clientCACertificates)
            tls.certificateVerification = .noHostnameVerification
        } else {
            tls.certificateVerification = .none
        }
        return try NIOSSLContext(configuration: tls)
    }
}

/// What a ``SyslogReceiver`` listens on and how much it buffers.
public struct SyslogReceiverConfiguration: Sendable {
    /// One socket to listen on.
    public struct Listener: Sendable {
        public var transport: SyslogTransport
        /// Address to bind, e.g. `0.0.0.0`, `::` or `127.0.0.1`.
        public var host: String
        /// Port to bind; 0 picks a free port (read it back with ``SyslogReceiver/boundListeners()``).
        public var port: Int
        /// Required for `.tls`, ignored otherwise.
        public var tls: SyslogTLSServerConfiguration?

        public init(transport: SyslogTransport, host: String, port: Int, tls: SyslogTLSServerConfiguration? = nil) {
            self.transport = transport
            self.host = host
            self.port = port
            self.tls = tls
        }

        public static func udp(host: String = "0.0.0.0", port: Int = 514) -> Listener {
            Listener(transport: .udp, host: host, port: port)
        }

        public static func tcp(host: String = "0.0.0.0", port: Int = 514) -> Listener {
            Listener(transport: .tcp, host: host, port: port)
        }

        public static func tls(host: String = "0.0.0.0", port: Int = 6514, configuration: SyslogTLSServerConfiguration)
            -> Listener
        {
            Listener(transport: .tls, host: host, port: port, tls: configuration)
        }
    }

    /// Sockets to listen on; all feed the same message queue, stats and quarantine.
    public var listeners: [Listener]
    /// Longest message accepted, in bytes; longer lines are cut off, counted and quarantined. Default 64 KiB.
    public var maxMessageLength: Int
    /// Messages buffered between the network and the consumer. When full, TCP/TLS connections stop reading
    /// (backpressure) and UDP datagrams are dropped (counted). Default 4096. A connection that is being paused
    /// may still add the frames of the socket reads already under way (at most 4 reads, 64 KiB each).
    public var queueCapacity: Int
    /// Bytes buffered between the network and the consumer (the same policy as `queueCapacity`). Default 16 MiB.
    public var queueMaxBytes: Int
    /// Quarantine bounds: entries, total bytes, bytes kept per line.
    public var quarantineMaxEntries: Int
    public var quarantineMaxBytes: Int
    public var quarantineBytesPerEntry: Int
    /// Reject (quarantine) messages that are not valid UTF-8 instead of delivering them. Default true.
    public var validateUTF8: Bool
    /// Most simultaneous TCP/TLS connections; further connections are closed on accept. Default 1024.
    public var maxConnections: Int
    /// UDP socket receive buffer (`SO_RCVBUF`), if set.
    public var udpReceiveBufferSize: Int?

    public init(
        listeners: [Listener], maxMessageLength: Int = 65_536, queueCapacity: Int = 4096,
        queueMaxBytes: Int = 16 << 20, quarantineMaxEntries: Int = 1000, quarantineMaxBytes: Int = 1 << 20,
        quarantineBytesPerEntry: Int = 4096, validateUTF8: Bool = true, maxConnections: Int = 1024,
        udpReceiveBufferSize: Int? = nil
    ) {
        self.listeners = listeners
        self.maxMessageLength = maxMessageLength
        self.queueCapacity = queueCapacity
        self.queueMaxBytes = queueMaxBytes
        self.quarantineMaxEntries = quarantineMaxEntries
        self.quarantineMaxBytes = quarantineMaxBytes
        self.quarantineBytesPerEntry = quarantineBytesPerEntry
        self.validateUTF8 = validateUTF8
        self.maxConnections = maxConnections
        self.udpReceiveBufferSize = udpReceiveBufferSize
    }
}

/// A listener after binding: the actual port (useful with port 0).
public struct SyslogBoundListener: Sendable, Hashable {
    public var transport: SyslogTransport
    public var host: String
    public var port: Int
}
