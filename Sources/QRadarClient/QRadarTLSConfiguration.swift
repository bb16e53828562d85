import NIOSSL

/// Certificate verification for the QRadar console.
///
/// Verification is on by default. QRadar consoles commonly carry a certificate from an internal CA: point
/// ``customCABundle(pemFile:)`` at that CA's PEM bundle rather than turning verification off. The only way to
/// turn it off is the deliberately loud ``dangerouslyDisableCertificateVerification``.
public struct QRadarTLSConfiguration: Sendable, CustomStringConvertible {
    enum Mode: Sendable {
        case systemRoots
        case pemFile(String)
        case certificates([NIOSSLCertificate])
        case noVerification
    }

    let mode: Mode

    /// Verify the console's certificate chain and host name against the system trust store.
    public static let verifyWithSystemTrustRoots = QRadarTLSConfiguration(mode: .systemRoots)

    /// Verify the certificate chain and host name against the CA certificates in a PEM file instead of the system
    /// trust store. The file is read when the client is created; an unreadable file fails client creation.
    public static func customCABundle(pemFile path: String) -> QRadarTLSConfiguration {
        QRadarTLSConfiguration(mode: .pemFile(path))
    }

    /// Verify against these CA certificates (already loaded) instead of the system trust store.
    public static func customCABundle(certificates: [NIOSSLCertificate]) -> QRadarTLSConfiguration {
        QRadarTLSConfiguration(mode: .certificates(certificates))
    }

    /// Accept any certificate from any host. This removes all protection against an attacker in the middle, who
    /// then receives the SEC token. For throwaway lab setups only; never in production.
    public static let dangerouslyDisableCertificateVerification = QRadarTLSConfiguration(mode: .noVerification)

    /// Whether this configuration verifies certificates.
    public var verifiesCertificates: Bool {
        if case .noVerification = mode { return false }
        return true
    }

    public var description: String {
        switch mode {
        case .systemRoots: return "verify (system trust roots)"
        case .pemFile(let path): return "verify (CA bundle \(path))"
        case .certificates(let certs): return "verify (\(certs.count) custom CA certificates)"
        case .noVerification: return "CERTIFICATE VERIFICATION DISABLED"
        }
    }

    /// The NIOSSL client configuration this stands for.
    func makeTLSConfiguration() throws(QRadarConfigurationError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .systemRoots:
            tls.trustRoots = .default
            tls.certificateVerification = .fullVerification
        case .pemFile(let path):
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw QRadarConfigurationError("Cannot read CA bundle \(path): \(error)")
            }
            if certificates.isEmpty { throw QRadarConfigurationError("CA bundle \(path) contains no certificates") }
            tls.trustRoots = .certificates(certificates)
            tls.certificateVerification = .fullVerification
        case .certificates(let certificates):
            if certificates.isEmpty { throw QRadarConfigurationError("customCABundle(certificates:) needs at least one certificate") }
            tls.trustRoots = .certificates(certificates)
            tls.certificateVerification = .fullVerification
        case .noVerification:
            tls.certificateVerification = .none
        }
        return tls
    }
}
