import EmulatorEngine
import Logging
import ServiceLifecycle
import Syslog

/// The emulated event collector: LEEF over syslog (TCP and/or UDP) into `QRadarEngine.ingestLEEF`, where the CRE
/// turns Vigil's AI findings into offenses.
///
/// Lines the engine cannot use are reported back to the receiver's quarantine as malformed; they never stop the
/// sink.
struct SyslogSink: Sendable {
    let receiver: SyslogReceiver?
    private let tcp: Bool
    private let udp: Bool

    /// - Parameters: `tcpPort`/`udpPort`: nil = that transport is off, 0 = any free port.
    init(api: EmulatorAPI, tcpPort: Int?, udpPort: Int?, host: String, logger: Logger) throws {
        var listeners: [SyslogReceiverConfiguration.Listener] = []
        if let tcpPort { listeners.append(.tcp(host: host, port: tcpPort)) }
        if let udpPort { listeners.append(.udp(host: host, port: udpPort)) }
        tcp = tcpPort != nil
        udp = udpPort != nil
        guard !listeners.isEmpty else {
            receiver = nil
            return
        }
        let engine = api.engine
        // The handler runs one message at a time, in arrival order, on the receiver's task.
        let box = ReceiverBox()
        let receiver = SyslogReceiver(
            configuration: SyslogReceiverConfiguration(listeners: listeners),
            logger: logger,
            now: api.clock,
            handler: { message in
                api.syslogCounters.withLock { $0.received += 1 }
                guard let line = message.text else {
                    api.syslogCounters.withLock { $0.rejected += 1 }
                    box.receiver?.reportMalformed(message, reason: "not valid UTF-8")
                    return
                }
                let outcome = engine.ingestLEEF(line, sourceHost: message.peer?.ipAddress, receivedAt: message.receivedAt)
                if outcome.accepted {
                    api.syslogCounters.withLock { $0.accepted += 1 }
                } else {
                    api.syslogCounters.withLock { $0.rejected += 1 }
                    box.receiver?.reportMalformed(message, reason: outcome.reason ?? "rejected by the engine")
                }
            }
        )
        box.receiver = receiver
        self.receiver = receiver
    }

    /// The receiver, as a service for the application's `ServiceGroup`.
    var services: [any Service] {
        receiver.map { [$0] } ?? []
    }

    /// The bound syslog ports (waits until the receiver has bound them; nil for transports that are off or
    /// failed to bind).
    func boundPorts() async -> (tcp: Int?, udp: Int?) {
        guard let receiver else { return (nil, nil) }
        let tcpPort = tcp ? try? await receiver.port(for: .tcp) : nil
        let udpPort = udp ? try? await receiver.port(for: .udp) : nil
        return (tcpPort, udpPort)
    }
}

import Synchronization

/// Lets the receiver's handler reach the receiver it belongs to (to quarantine rejected lines); set once,
/// right after the receiver is made.
private final class ReceiverBox: Sendable {
    private let value = Mutex<SyslogReceiver?>(nil)

    var receiver: SyslogReceiver? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
