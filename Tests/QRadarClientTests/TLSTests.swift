import Crypto
import Foundation
import NIOSSL
import Testing
import X509

@testable import QRadarClient

/// A throwaway CA and a `localhost` server certificate it signed, made fresh for each test.
struct TestPKI {
    let caPEM: String
    let serverContext: NIOSSLContext

    init() throws {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            CommonName("Vigil Test CA")
            OrganizationName("Vigil tests")
        }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))

        let serverKey = P256.Signing.PrivateKey()
        let serverName = try DistinguishedName { CommonName("localhost") }
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: caName, subject: serverName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: .init(caKey))

        caPEM = try ca.serializeAsPEM().pemString
        let serverPEM = try server.serializeAsPEM().pemString
        let keyPEM = try Certificate.PrivateKey(serverKey).serializeAsPEM().pemString
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(serverPEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        serverContext = try NIOSSLContext(configuration: configuration)
    }

    /// Writes the CA certificate to a temporary PEM file and returns its path.
    func writeCABundle() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-ca-\(UUID().uuidString).pem").path
        try caPEM.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite struct TLSTests {
    static let offense = FakeAction.json(200, #"{"id": 1}"#)

    func tlsClient(port: Int, tls: QRadarTLSConfiguration) throws -> QRadarClient {
        try makeClient(port: port) { config in
            config.baseURL = "https://localhost:\(port)"
            config.tls = tls
        }
    }

    @Test func verificationIsOnByDefault() {
        #expect(QRadarClientConfiguration(baseURL: "https://q", authentication: .secToken("t")).tls.verifiesCertificates)
    }

    @Test func defaultVerificationRejectsAServerSignedByAnUnknownCA() async throws {
        let pki = try TestPKI()
        try await FakeQRadarServer.with(tls: pki.serverContext, handler: { _ in Self.offense }) { server in
            let client = try makeClient(port: server.port) { $0.baseURL = "https://localhost:\(server.port)" }
            try await withClient(client) { client in
                do {
                    _ = try await client.offense(id: 1)
                    Issue.record("an untrusted certificate must be rejected")
                } catch let error as QRadarTransportError {
                    #expect(error.kind == .tls)
                }
            }
            #expect(server.requests.isEmpty, "no request, and so no token, reached the untrusted server")
        }
    }

    @Test func customCABundleFileIsTrusted() async throws {
        let pki = try TestPKI()
        let bundle = try pki.writeCABundle()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try await FakeQRadarServer.with(tls: pki.serverContext, handler: { _ in Self.offense }) { server in
            let client = try tlsClient(port: server.port, tls: .customCABundle(pemFile: bundle))
            let offense = try await withClient(client) { try await $0.offense(id: 1) }
            #expect(offense.id == 1)
            #expect(server.requests.first?.header("SEC") == "test-token-0123")
        }
    }

    @Test func aDifferentCABundleIsRejected() async throws {
        let pki = try TestPKI()
        let other = try TestPKI()
        let bundle = try other.writeCABundle()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try await FakeQRadarServer.with(tls: pki.serverContext, handler: { _ in Self.offense }) { server in
            let client = try tlsClient(port: server.port, tls: .customCABundle(pemFile: bundle))
            try await withClient(client) { client in
                await #expect(throws: QRadarTransportError.self) { try await client.offense(id: 1) }
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func hostNameIsVerified() async throws {
        // The certificate names `localhost`; connecting by IP address must fail verification.
        let pki = try TestPKI()
        let bundle = try pki.writeCABundle()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try await FakeQRadarServer.with(tls: pki.serverContext, handler: { _ in Self.offense }) { server in
            let client = try makeClient(port: server.port) { config in
                config.baseURL = "https://127.0.0.1:\(server.port)"
                config.tls = .customCABundle(pemFile: bundle)
            }
            try await withClient(client) { client in
                await #expect(throws: QRadarTransportError.self) { try await client.offense(id: 1) }
            }
        }
    }

    @Test func explicitOptOutAcceptsAnyCertificate() async throws {
        let pki = try TestPKI()
        try await FakeQRadarServer.with(tls: pki.serverContext, handler: { _ in Self.offense }) { server in
            let client = try tlsClient(port: server.port, tls: .dangerouslyDisableCertificateVerification)
            let offense = try await withClient(client) { try await $0.offense(id: 1) }
            #expect(offense.id == 1)
        }
    }

    @Test func unreadableCABundleFailsClientCreation() {
        var config = QRadarClientConfiguration(baseURL: "https://qradar", authentication: .secToken("t"))
        config.tls = .customCABundle(pemFile: "/nonexistent/vigil-ca.pem")
        #expect(throws: QRadarConfigurationError.self) { _ = try QRadarClient(configuration: config) }
    }
}
