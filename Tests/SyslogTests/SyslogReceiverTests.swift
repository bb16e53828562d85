import LEEF
import NIOCore
import NIOPosix
import Synchronization
import Syslog
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SyslogReceiverTests {
    static let fixedNow: Int64 = 1_700_000_000_000

    func makeReceiver(
        _ listeners: [SyslogReceiverConfiguration.Listener], maxMessageLength: Int = 65_536, queueCapacity: Int = 4096,
        handler: (@Sendable (ReceivedSyslogMessage) async -> Void)? = nil
    ) -> SyslogReceiver {
        SyslogReceiver(
            configuration: SyslogReceiverConfiguration(
                listeners: listeners, maxMessageLength: maxMessageLength, queueCapacity: queueCapacity),
            now: { Self.fixedNow }, handler: handler)
    }

    @Test func receivesNewlineFramedTCP() async throws {
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            #expect(port > 0)
            let line = "<13>Jan 18 11:07:53 host LEEF:2.0|V|P|1|E|^|src=10.0.0.1^usrName=jdoe"
            try await sendRaw([Array("\(line)\nsecond line\r\n".utf8)], port: port)
            return await collect(receiver.messages, count: 2)
        }
        #expect(got.map(\.string) == [
            "<13>Jan 18 11:07:53 host LEEF:2.0|V|P|1|E|^|src=10.0.0.1^usrName=jdoe", "second line",
        ])
        let first = try #require(got.first)
        #expect(first.transport == .tcp)
        #expect(first.receivedAt == Self.fixedNow)
        #expect(first.peer?.ipAddress == "127.0.0.1")
        let leef = try first.decodeLEEF()
        #expect(leef.event.userName == "jdoe")
        #expect(leef.header?.hostname == "host")
        #expect(receiver.stats.received == 2)
        #expect(receiver.stats.connections == 1)
    }

    @Test func receivesOctetCountedTCP() async throws {
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            let a = "LEEF:2.0|V|P|1|E|^|msg=multi\nline"
            let b = "LEEF:1.0|V|P|1|E|a=1"
            try await sendRaw([Array("\(a.utf8.count) \(a)\(b.utf8.count) \(b)".utf8)], port: port)
            return await collect(receiver.messages, count: 2)
        }
        #expect(got.map(\.string) == ["LEEF:2.0|V|P|1|E|^|msg=multi\nline", "LEEF:1.0|V|P|1|E|a=1"])
    }

    @Test func receivesUDP() async throws {
        let receiver = makeReceiver([.udp(host: "127.0.0.1", port: 0)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .udp)
            try await sendDatagrams([Array("LEEF:2.0|V|P|1|E|^|a=1\n".utf8), Array("LEEF:2.0|V|P|1|E|^|a=2".utf8)], port: port)
            return await collect(receiver.messages, count: 2)
        }
        #expect(Set(got.map(\.string)) == ["LEEF:2.0|V|P|1|E|^|a=1", "LEEF:2.0|V|P|1|E|^|a=2"])
        #expect(got.allSatisfy { $0.transport == .udp })
    }

    @Test func receivesTLS() async throws {
        let pki = try TestPKI()
        let receiver = makeReceiver([.tls(host: "127.0.0.1", port: 0, configuration: pki.serverConfiguration)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tls)
            let sender = SyslogSender(
                configuration: SyslogSenderConfiguration(
                    transport: .tls, host: "127.0.0.1", port: port,
                    tls: .customCA([pki.caCertificate], serverHostname: "localhost")))
            try await withRunning(sender) { sender in
                for i in 0..<50 { try await sender.send("LEEF:2.0|V|P|1|E|^|n=\(i)") }
                try await sender.flush()
            }
            return await collect(receiver.messages, count: 50)
        }
        #expect(got.map(\.string) == (0..<50).map { "LEEF:2.0|V|P|1|E|^|n=\($0)" })
        #expect(got.allSatisfy { $0.transport == .tls })
    }

    @Test func oversizedLineIsQuarantinedAndTheStreamContinues() async throws {
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0), .udp(host: "127.0.0.1", port: 0)], maxMessageLength: 100)
        let got = try await withRunning(receiver) { receiver in
            let tcp = try await receiver.port(for: .tcp)
            let long = String(repeating: "x", count: 5000)
            try await sendRaw([Array("before\n\(long)".utf8), Array("\(long)\nafter\n".utf8)], port: tcp)
            let got = await collect(receiver.messages, count: 2)
            try await sendDatagrams([Array(long.utf8)], port: try await receiver.port(for: .udp))
            #expect(await eventually { receiver.stats.oversized == 2 })
            return got
        }
        #expect(got.map(\.string) == ["before", "after"])
        #expect(receiver.stats.oversized == 2)
        let entries = receiver.quarantine.entries
        #expect(entries.count == 2)
        #expect(entries.map(\.reason) == [.oversized, .oversized])
        #expect(Set(entries.map(\.originalLength)) == [10_000, 5000])
        #expect(entries.allSatisfy { $0.prefix.count <= 100 && $0.prefix.allSatisfy { $0 == UInt8(ascii: "x") } })
        #expect(entries.allSatisfy { $0.receivedAt == Self.fixedNow })
    }

    @Test func invalidUTF8IsQuarantinedNotDelivered() async throws {
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            let bad: [UInt8] = Array("LEEF:2.0|V|P|1|E|^|a=".utf8) + [0xC3, 0x28, 0xFF] + [0x0A]
            try await sendRaw([bad, Array("<13>1 - - - - - LEEF:2.0|V|\n".utf8), Array("ok\n".utf8)], port: port)
            return await collect(receiver.messages, count: 2)
        }
        #expect(got.map(\.string) == ["<13>1 - - - - - LEEF:2.0|V|", "ok"])
        // The truncated LEEF header decodes to an error, not a crash; the consumer reports it.
        #expect(throws: LEEFError.self) { try got[0].decodeLEEF() }
        receiver.reportMalformed(got[0], reason: "truncated header")
        let stats = receiver.stats
        #expect(stats.malformed == 2)
        #expect(stats.received == 2)
        #expect(receiver.quarantine.entries.map(\.reason) == [.invalidUTF8, .malformed])
        #expect(receiver.quarantine.entries.first?.detail == "invalid UTF-8 at byte 21")
    }

    @Test func slowConsumerPausesReadingAndLosesNothing() async throws {
        let capacity = 64
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)], queueCapacity: capacity)
        let total = 60_000
        let lineLength = 100
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            // About 6 MB: more than the queue may hold, so the receiver has to stop reading.
            let writer = Task {
                var chunk: [UInt8] = []
                var chunks: [[UInt8]] = []
                for i in 0..<total {
                    let prefix = "line \(i) "
                    chunk += Array(prefix.utf8) + Array(repeating: UInt8(ascii: "z"), count: lineLength - prefix.utf8.count)
                    chunk.append(0x0A)
                    if chunk.count > 60_000 {
                        chunks.append(chunk)
                        chunk = []
                    }
                }
                chunks.append(chunk)
                try await sendRaw(chunks, port: port)
            }
            // Nobody consumes yet: the receiver must pause, and the queue must stay bounded meanwhile.
            #expect(await eventually { receiver.stats.backpressurePauses >= 1 })
            var stable = 0
            var last = -1
            while stable < 10 {
                try await Task.sleep(for: .milliseconds(20))
                let received = receiver.stats.received
                stable = received == last ? stable + 1 : 0
                last = received
            }
            let paused = receiver.stats
            // Bounded by the capacity plus the frames of the socket reads already under way (4 × 64 KiB).
            #expect(paused.queued <= capacity + 4 * 65_536 / lineLength + 1)
            #expect(paused.received < total)
            let all = await collect(receiver.messages, count: total, timeout: .seconds(40))
            try await writer.value
            return all
        }
        #expect(got.count == total)
        #expect(got.enumerated().allSatisfy { i, m in m.string.hasPrefix("line \(i) ") })
        #expect(receiver.stats.received == total)
    }

    @Test func handlerClosureReceivesMessagesAndGracefulShutdownDrains() async throws {
        let seen = Mutex<[String]>([])
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)]) { message in
            seen.withLock { $0.append(message.string) }
        }
        try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            try await sendRaw([Array("a\nb\nc\n".utf8)], port: port)
            #expect(await eventually { seen.withLock { $0.count } == 3 })
        }
        #expect(seen.withLock { $0 } == ["a", "b", "c"])
        // After run() ends the message sequence is finished.
        var iterator = receiver.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        await #expect(throws: SyslogError.self) { try await receiver.boundListeners() }
    }

    @Test func udpOverloadDropsAndCounts() async throws {
        let receiver = makeReceiver([.udp(host: "127.0.0.1", port: 0)], queueCapacity: 4)
        try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .udp)
            try await sendDatagrams((0..<50).map { Array("d\($0)".utf8) }, port: port)
            // Nobody consumes: 4 fit, the rest are dropped and counted (none may vanish uncounted).
            #expect(await eventually { receiver.stats.received + receiver.stats.dropped == 50 })
            #expect(receiver.stats.received == 4)
            #expect(receiver.stats.dropped == 46)
            #expect(receiver.stats.queued == 4)
        }
    }

    @Test func mutualTLSRequiresAClientCertificate() async throws {
        let pki = try TestPKI()
        var server = pki.serverConfiguration
        server.clientCACertificates = [pki.caCertificate]
        let receiver = makeReceiver([.tls(host: "127.0.0.1", port: 0, configuration: server)])
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tls)
            let anonymous = SyslogSender(
                configuration: SyslogSenderConfiguration(
                    transport: .tls, host: "127.0.0.1", port: port,
                    tls: .customCA([pki.caCertificate], serverHostname: "localhost"),
                    reconnect: SyslogReconnectPolicy(initialDelay: .milliseconds(20), jitter: 0)))
            try await withRunning(anonymous) { sender in
                try await sender.send("no certificate")
                #expect(await eventually { receiver.stats.connectionErrors >= 1 })
            }
            var tls = SyslogTLSClientConfiguration.customCA([pki.caCertificate], serverHostname: "localhost")
            tls.certificateChain = [pki.serverCertificate]  // also valid for client authentication
            tls.privateKey = pki.serverKey
            let identified = SyslogSender(
                configuration: SyslogSenderConfiguration(transport: .tls, host: "127.0.0.1", port: port, tls: tls))
            try await withRunning(identified) { sender in
                try await sender.send("with certificate")
                try await sender.flush()
            }
            return await collect(receiver.messages, count: 1)
        }
        #expect(got.map(\.string) == ["with certificate"])
    }

    @Test func connectionsBeyondTheLimitAreRefused() async throws {
        let receiver = SyslogReceiver(
            configuration: SyslogReceiverConfiguration(
                listeners: [.tcp(host: "127.0.0.1", port: 0)], maxConnections: 1))
        let got = try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            let group = MultiThreadedEventLoopGroup.singleton
            let first = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            try await first.writeAndFlush(ByteBuffer(string: "from the first\n")).get()
            let got = await collect(receiver.messages, count: 1)
            let second = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            // The server closes the extra connection straight away.
            try await second.closeFuture.get()
            #expect(receiver.stats.connectionErrors >= 1)
            #expect(receiver.stats.activeConnections == 1)
            try await first.close()
            return got
        }
        #expect(got.map(\.string) == ["from the first"])
    }

    @Test func runTwiceAndBindFailuresAreErrors() async throws {
        let receiver = makeReceiver([.tcp(host: "127.0.0.1", port: 0)])
        try await withRunning(receiver) { receiver in
            let port = try await receiver.port(for: .tcp)
            await #expect(throws: SyslogError.self) { try await receiver.run() }
            // A second receiver on the same port cannot bind; run() throws and port() reports it.
            let clash = makeReceiver([.tcp(host: "127.0.0.1", port: port)])
            await #expect(throws: (any Error).self) { try await clash.run() }
            await #expect(throws: SyslogError.self) { try await clash.port(for: .tcp) }
        }
        let noListeners = makeReceiver([])
        await #expect(throws: SyslogError.self) { try await noListeners.run() }
    }
}
