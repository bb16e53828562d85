#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import AsyncHTTPClient
import EmulatorEngine
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

@testable import QRadarEmulator

#if canImport(Glibc)
import Glibc
#endif

/// The emulator as a real server on 127.0.0.1:0: HTTPS with its generated certificate, dropped connections,
/// and the syslog sink.
@Suite(.timeLimit(.minutes(1)))
struct LiveServerTests {
    /// Runs the emulator until `body` returns, then cancels it.
    func withLiveEmulator(
        _ configuration: EmulatorConfiguration,
        _ body: @escaping @Sendable (EmulatorEndpoints, HTTPClient) async throws -> Void
    ) async throws {
        let (ready, continuation) = AsyncStream.makeStream(of: EmulatorEndpoints.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await EmulatorService(configuration: configuration) { endpoints in continuation.yield(endpoints) }.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else { throw CancellationError() }
            var tls = TLSConfiguration.makeClientConfiguration()
            if let certificate = endpoints.certificatePath {
                // Trust exactly the emulator's own self-signed certificate, with full verification.
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            do {
                try await body(endpoints, client)
            } catch {
                try? await client.shutdown()
                group.cancelAll()
                throw error
            }
            try await client.shutdown()
            group.cancelAll()
        }
    }

    func request(_ client: HTTPClient, _ url: String, method: HTTPMethod = .GET, body: String? = nil) async throws -> (status: Int, json: JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "SEC", value: testToken)
        request.headers.add(name: "Accept", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null
        return (Int(response.status.code), json)
    }

    @Test func servesHTTPSWithItsSelfSignedCertificate() async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/vigil-emu-tls-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = testConfiguration()
        configuration.tls = .selfSigned
        configuration.dataDirectory = directory
        try await withLiveEmulator(configuration) { endpoints, client in
            #expect(endpoints.scheme == "https")
            #expect(endpoints.certificatePath == directory + "/emulator-cert.pem")
            let pem = try String(contentsOfFile: try #require(endpoints.certificatePath), encoding: .utf8)
            #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
            let reply = try await request(client, endpoints.baseURL + "/api/help/versions?fields=version")
            #expect(reply.status == 200)
            #expect(reply.json.arrayValue?.contains(["version": "26.0"]) == true)
            // Plain HTTP to the TLS port does not get an answer.
            let plain = HTTPClient(eventLoopGroupProvider: .singleton)
            await #expect(throws: (any Error).self) {
                _ = try await request(plain, "http://127.0.0.1:\(endpoints.port)/api/help/versions")
            }
            try await plain.shutdown()
        }
        // A second start reuses the stored certificate.
        let first = try String(contentsOfFile: directory + "/emulator-cert.pem", encoding: .utf8)
        let again = try SelfSignedCertificate.loadOrCreate(in: directory, hostName: "127.0.0.1")
        #expect(again.certificatePEM == first)

        // A certificate given in configuration is served as is.
        var fromFiles = testConfiguration()
        fromFiles.tls = .files(certificate: again.certificatePath, privateKey: again.privateKeyPath)
        let expectedPath = again.certificatePath
        try await withLiveEmulator(fromFiles) { endpoints, client in
            #expect(endpoints.scheme == "https" && endpoints.certificatePath == expectedPath)
            let databases = try await self.request(client, endpoints.baseURL + "/api/ariel/databases")
            #expect(databases.json == ["events", "flows"])
        }
    }

    @Test func droppedConnectionsAreSeenByTheClientAsErrors() async throws {
        try await withLiveEmulator(testConfiguration()) { endpoints, client in
            let base = endpoints.baseURL
            #expect(try await request(client, base + "/api/siem/offenses").status == 200)
            let set = try await request(client, base + "/__emulator/faults", method: .POST, body: #"{"drop_rate": 1.0}"#)
            #expect(set.status == 200 && set.json["drop_rate"]?.doubleValue == 1.0)
            await #expect(throws: (any Error).self) {
                _ = try await request(client, base + "/api/siem/offenses")
            }
            // The admin hooks are never faulted, so the test can switch faults off again.
            let reset = try await request(client, base + "/__emulator/faults?reset=true", method: .POST)
            #expect(reset.status == 200 && reset.json["drop_rate"]?.doubleValue == 0.0)
            #expect(try await request(client, base + "/api/siem/offenses").status == 200)
            let stats = try await request(client, base + "/__emulator/stats")
            #expect((stats.json["http"]?["faults.dropped"]?.intValue ?? 0) >= 1)
        }
    }

    @Test func leefOverSyslogBecomesAnEventAndAnOffense() async throws {
        var configuration = testConfiguration()
        configuration.syslogTCPPort = 0
        try await withLiveEmulator(configuration) { endpoints, client in
            let port = try #require(endpoints.syslogTCPPort)
            let lines = [
                "<13>Nov 22 08:00:00 vigil-sidecar LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|cat=Campaign^usrName=eve^src=10.5.5.5^sev=7^campaign=c-17",
                "this is not LEEF at all",
            ]
            try sendTCP(port: port, text: lines.joined(separator: "\n") + "\n")

            let base = endpoints.baseURL
            var offense: JSONValue?
            for _ in 0..<100 where offense == nil {
                let offenses = try await request(client, base + "/api/siem/offenses?filter=" + q("offense_source = \"eve\""))
                offense = offenses.json.arrayValue?.first
                if offense == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let found = try #require(offense)
            #expect(found["rules"]?.arrayValue?.first?["id"] == 100100)
            #expect(found["status"] == "OPEN")

            let created = try await request(client, base + "/api/ariel/searches?query_expression=" + q("SELECT username, sourceip, QIDNAME(qid) FROM events WHERE username = 'eve' LAST 10 MINUTES"), method: .POST)
            #expect(created.status == 201)
            let id = try #require(created.json["search_id"]?.stringValue)
            var request = HTTPClientRequest(url: base + "/api/ariel/searches/\(id)")
            request.headers.add(name: "SEC", value: testToken)
            request.headers.add(name: "Prefer", value: "wait=10")
            #expect(try await client.execute(request, timeout: .seconds(20)).status.code == 200)
            let results = try await self.request(client, base + "/api/ariel/searches/\(id)/results")
            let rows = try #require(results.json["events"]?.arrayValue)
            #expect(rows.count == 1)
            #expect(rows.first?["sourceip"] == "10.5.5.5")
            #expect(rows.first?["qidname_qid"] == "Vigil AI Finding")

            let stats = try await self.request(client, base + "/__emulator/stats")
            #expect(stats.json["syslog"]?["received"] == 2)
            #expect(stats.json["syslog"]?["accepted"] == 1)
            #expect(stats.json["syslog"]?["rejected"] == 1)
        }
    }

    /// Writes `text` to 127.0.0.1:`port` over a plain TCP socket and closes it.
    func sendTCP(port: Int, text: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            try #require(n > 0)
            sent += n
        }
    }
}

/// Fault injection decisions without sockets.
struct FaultInjectionTests {
    @Test func injected503sFollowTheSeedAndCarryQRadarsErrorBody() async throws {
        try await withEmulator { client, _ in
            func run() async throws -> [Int] {
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(try await client.get("/api/siem/offenses?fields=id").status) }
                return statuses
            }
            let set = try await client.post("/__emulator/faults", headers: [("Content-Type", "application/json")], body: #"{"error_rate": 0.5, "seed": 42}"#)
            #expect(set.status == 200 && set.json["error_rate"]?.doubleValue == 0.5)
            let first = try await run()
            #expect(Set(first) == [200, 503])
            // Re-applying the same seed restarts the generator: the same requests fail again.
            _ = try await client.post("/__emulator/faults?error_rate=0.5&seed=42")
            let second = try await run()
            #expect(first == second)
            var sample: Reply?
            for _ in 0..<40 where sample == nil {
                let r = try await client.get("/api/siem/offenses")
                if r.status == 503 { sample = r }
            }
            let unavailable = try #require(sample)
            #expect(unavailable.isQRadarError && unavailable.code == 1010)
            #expect(unavailable.json["http_response"]?["message"] == "The server is currently unavailable.")
            // Admin hooks are exempt.
            for _ in 0..<10 { #expect(try await client.get("/__emulator/stats").status == 200) }
            _ = try await client.post("/__emulator/faults?reset=true")
            for _ in 0..<10 { #expect(try await client.get("/api/siem/offenses").status == 200) }
        }
    }

    @Test func noFaultsByDefaultAndRatesOfOneAlwaysFire() async throws {
        try await withEmulator(events: nil) { client, _ in
            for _ in 0..<20 { #expect(try await client.get("/api/ariel/databases").status == 200) }
            _ = try await client.post("/__emulator/faults?error_rate=1")
            for _ in 0..<5 { #expect(try await client.get("/api/ariel/databases").status == 503) }
            let bad = try await client.post("/__emulator/faults?error_rate=lots")
            #expect(bad.status == 422 && bad.code == 11)
        }
    }

    @Test func latencyStaysWithinItsJitterWindow() {
        let injector = FaultInjector(FaultConfiguration(latencyMillis: 30, latencyJitterMillis: 20, seed: 9))
        let delays = (0..<200).map { _ in injector.decide(path: "/api/siem/offenses").delayMillis }
        #expect(injector.decide(path: "/__emulator/stats").delayMillis == 0)
        #expect(delays.allSatisfy { (30...50).contains($0) })
        #expect(Set(delays).count > 5)
    }
}
