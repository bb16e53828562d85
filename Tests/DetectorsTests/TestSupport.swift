#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif
import VigilCore

@testable import Detectors

/// 2026-01-05T00:00:00Z, a Monday.
let t0: Int64 = 20_458 * 86_400_000
let second: Int64 = 1_000
let minute: Int64 = 60_000
let hour: Int64 = 3_600_000
let day: Int64 = 86_400_000

/// A web proxy record: client → requested host name.
func proxyEvent(_ id: String, _ time: Int64, client: String, clientIP: String = "10.1.0.5", host: String, ip: String = "198.51.100.7",
                sent: Int64 = 400, received: Int64 = 200, user: String? = nil) -> Event {
    Event(id: id, time: time, kind: .webProxy, user: user, sourceIP: clientIP, sourceHost: client, destinationIP: ip, destinationHost: host,
          destinationPort: 443, networkProtocol: "HTTPS", resource: host, bytesIn: received, bytesOut: sent, logSource: "Squid @ PROXY01")
}

/// A network flow between addresses.
func flowEvent(_ id: String, _ time: Int64, from src: String, srcHost: String? = nil, to dst: String, dstHost: String? = nil, port: Int,
               sent: Int64 = 300, received: Int64 = 100, user: String? = nil, application: String? = nil) -> Event {
    Event(id: id, time: time, kind: .networkFlow, user: user, sourceIP: src, sourceHost: srcHost, destinationIP: dst, destinationHost: dstHost,
          destinationPort: port, networkProtocol: "TCP", application: application, bytesIn: received, bytesOut: sent, logSource: "QFlow @ QFLOW01")
}

/// A Windows 4624 logon on `target` from `client`.
func logonEvent(_ id: String, _ time: Int64, user: String, from client: String, clientIP: String, to target: String, targetIP: String,
                type: Int, package: String, properties: [String: String] = [:]) -> Event {
    Event(id: id, time: time, kind: .authentication, name: "An account was successfully logged on", eventCode: "4624", user: user,
          sourceIP: clientIP, sourceHost: client, destinationIP: targetIP, destinationHost: target, outcome: .success,
          logSource: "WindowsAuthServer @ \(target)", logonType: type, authPackage: package, properties: properties)
}

/// Feeds events in order and collects the signals.
func feed<D: Detector>(_ detector: inout D, _ events: [Event]) -> [Signal] {
    var out: [Signal] = []
    for e in events { out += detector.process(e) }
    return out
}
