/// How syslog messages travel.
public enum SyslogTransport: String, Sendable, Hashable, CustomStringConvertible {
    /// One message per datagram (RFC 5426); no delivery guarantee.
    case udp
    /// A TCP stream, newline-terminated or octet-counted (RFC 6587).
    case tcp
    /// TCP inside TLS (RFC 5425 transport); framing as for TCP.
    case tls

    public var description: String { rawValue }
}

/// How messages are delimited on a TCP or TLS stream (RFC 6587).
public enum SyslogFraming: Sendable, Hashable {
    /// Each message is followed by `\n` (what QRadar expects by default). Messages must not contain a line feed.
    case newline
    /// Each message is preceded by its length in bytes and a space: `37 <13>…`. Messages may contain any bytes.
    case octetCounting
}
