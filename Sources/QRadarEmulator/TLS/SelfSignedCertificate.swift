#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The emulator's own TLS identity: a self-signed P-256 certificate made on first start and kept (PEM) in the
/// data directory, as a fresh QRadar console serves HTTPS with a self-signed certificate.
///
/// The certificate is its own CA (clients trust it by adding it as a root, e.g. `verify=<cert.pem>` in Python or
/// `trustRoots` in AsyncHTTPClient) and names `localhost`, `127.0.0.1`, `::1` and the configured host.
public struct SelfSignedCertificate: Sendable {
    /// Path of the PEM certificate.
    public let certificatePath: String
    /// Path of the PEM private key (mode 0600).
    public let privateKeyPath: String
    /// The certificate, PEM.
    public let certificatePEM: String
    /// The private key, PEM.
    public let privateKeyPEM: String

    static let certificateFile = "emulator-cert.pem"
    static let keyFile = "emulator-key.pem"

    /// Loads the certificate from `directory`, or makes and stores one when none is there.
    public static func loadOrCreate(in directory: String, hostName: String, now: Date = Date()) throws -> SelfSignedCertificate {
        let certPath = directory + "/" + certificateFile
        let keyPath = directory + "/" + keyFile
        if let cert = try? String(contentsOfFile: certPath, encoding: .utf8),
            let key = try? String(contentsOfFile: keyPath, encoding: .utf8),
            (try? Certificate(pemEncoded: cert)) != nil
        {
            return SelfSignedCertificate(certificatePath: certPath, privateKeyPath: keyPath, certificatePEM: cert, privateKeyPEM: key)
        }
        let (certPEM, keyPEM) = try make(hostName: hostName, now: now)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write(keyPEM, to: keyPath, mode: 0o600)
        try write(certPEM, to: certPath, mode: 0o644)
        return SelfSignedCertificate(certificatePath: certPath, privateKeyPath: keyPath, certificatePEM: certPEM, privateKeyPEM: keyPEM)
    }

    /// Makes a certificate valid from an hour ago for ten years.
    static func make(hostName: String, now: Date) throws -> (certificate: String, privateKey: String) {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let name = try DistinguishedName {
            CommonName(hostName.isEmpty ? "localhost" : hostName)
            OrganizationName("Vigil QRadar Emulator")
        }
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice(repeating: 0, count: 15) + [1]))]
        if !hostName.isEmpty, hostName != "localhost" {
            if let ip = IPAddressBytes.parse(hostName) {
                if !names.contains(.ipAddress(ASN1OctetString(contentBytes: ip[...]))) { names.append(.ipAddress(ASN1OctetString(contentBytes: ip[...]))) }
            } else {
                names.append(.dnsName(hostName))
            }
        }
        var serial = [UInt8](repeating: 0, count: 16)
        for i in serial.indices { serial[i] = UInt8.random(in: 0...255) }
        serial[0] &= 0x7F
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(bytes: serial),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: publicKey).keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    private static func write(_ text: String, to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw CertificateFileError(path: path, errno: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw CertificateFileError(path: path, errno: errno) }
            written += n
        }
        fchmod(fd, mode)
    }
}

/// A certificate or key file could not be written.
public struct CertificateFileError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public var description: String { "cannot write \(path) (errno \(errno))" }
}

/// Parses dotted IPv4 text into bytes (enough for naming the configured host in the certificate).
enum IPAddressBytes {
    static func parse(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard let v = UInt8(part) else { return nil }
            bytes.append(v)
        }
        return bytes
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
