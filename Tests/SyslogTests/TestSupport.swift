import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Syslog
import X509

/// A throwaway PKI made in memory for each test run: a CA and a server certificate for `localhost` it signed.
struct TestPKI {
    let caCertificate: NIOSSLCertificate
    let serverCertificate: NIOSSLCertificate
    let serverKey: NIOSSLPrivateKey

    init(caName: String = "Vigil Test CA") throws {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caDN = try DistinguishedName { CommonName(caName) }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: caDN, subject: caDN,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        let leafKey = P256.Signing.PrivateKey()
        let leafDN = try DistinguishedName { CommonName("localhost") }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: caDN, subject: leafDN,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        caCertificate = try NIOSSLCertificate(bytes: Array(try ca.serializeAsPEM().pemString.utf8), format: .pem)
        serverCertificate = try NIOSSLCertificate(bytes: Array(try leaf.serializeAsPEM().pemString.utf8), format: .pem)
        serverKey = try NIOSSLPrivateKey(bytes: Array(leafKey.pemRepresentation.utf8), format: .pem)
    }

    var serverConfiguration: SyslogTLSServerConfiguration {
        SyslogTLSServerConfiguration(certificateChain: [serverCertificate], privateKey: serverKey)
    }
}

/// Runs `receiver.run()` in the background for the duration of `body`, then cancels it and waits for it to end.
func withRunning<R: Sendable>(
    _ receiver: SyslogReceiver, _ body: @Sendable (SyslogReceiver) async throws -> R
) async throws -> R {
    try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask {
            try await receiver.run()
            return nil
        }
        do {
            let result = try await body(receiver)
            group.cancelAll()
            while try await group.next() != nil {}
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Runs the sender in the background while `body` runs, then cancels it.
func withRunning<R: Sendable>(
    _ sender: SyslogSender, _ body: @Sendable (SyslogSender) async throws -> R
) async throws -> R {
    try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask {
            try await sender.run()
            return nil
        }
        do {
            let result = try await body(sender)
            group.cancelAll()
            while try await group.next() != nil {}
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Collects `count` messages, or fewer if `timeout` passes first (a guard against hanging, not a timing check).
func collect(_ messages: SyslogMessages, count: Int, timeout: Duration = .seconds(20)) async -> [ReceivedSyslogMessage] {
    await withTaskGroup(of: [ReceivedSyslogMessage]?.self) { group in
        group.addTask {
            var out: [ReceivedSyslogMessage] = []
            var iterator = messages.makeAsyncIterator()
            while out.count < count, let m = await iterator.next() { out.append(m) }
            return out
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var result: [ReceivedSyslogMessage] = []
        while let next = await group.next() {
            if let collected = next {
                result = collected
                group.cancelAll()
            } else {
                group.cancelAll()
            }
        }
        return result
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Writes raw bytes to a TCP port and closes the connection after they are written.
func sendRaw(_ chunks: [[UInt8]], port: Int) async throws {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port).get()
    for chunk in chunks {
        try await channel.writeAndFlush(ByteBuffer(bytes: chunk)).get()
    }
    try await channel.close()
}

/// Sends raw UDP datagrams.
func sendDatagrams(_ datagrams: [[UInt8]], port: Int) async throws {
    let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let remote = try SocketAddress(ipAddress: "127.0.0.1", port: port)
    for d in datagrams {
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: d))).get()
    }
    try await channel.close()
}

extension ReceivedSyslogMessage {
    var string: String { String(decoding: bytes.readableBytesView, as: UTF8.self) }
}
