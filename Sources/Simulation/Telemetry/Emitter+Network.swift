import VigilCore

/// Network telemetry: flows, the web proxy, the VPN concentrator.
extension Emitter {
    /// One network flow as the flow collector reports it. `sent` is what the source sent, `received` what it got.
    mutating func flow(_ time: EpochMillis, sourceIP: String, sourceHost: String?, destinationIP: String, destinationHost: String?,
                       sourcePort: Int, destinationPort: Int, transport: String = "TCP", application: String,
                       sent: Int64, received: Int64, geo: GeoLocation? = nil, user: String? = nil) {
        let packets = max(2, (sent + received) / 1100 + 2)
        append(Event(id: nextID(), time: time, kind: .networkFlow, name: "Network flow", eventCode: application, user: user,
                     sourceIP: sourceIP, sourceHost: sourceHost, destinationIP: destinationIP, destinationHost: destinationHost,
                     sourcePort: sourcePort, destinationPort: destinationPort, networkProtocol: transport, application: application,
                     bytesIn: received, bytesOut: sent, packets: packets, geo: geo, outcome: .success,
                     logSource: logSourceName(flowSource), severity: 1, category: "Network Flow"),
               logSource: flowSource)
    }

    /// A request through the web proxy, with the matching perimeter flow when `withFlow`.
    mutating func webRequest(_ time: EpochMillis, user: String?, client: Asset?, clientIP: String, destination: ExternalDestination,
                             path: String, method: String, uploaded: Int64, downloaded: Int64, status: Int = 200,
                             proxyIndex: Int, withFlow: Bool, random: inout SeededRandom) {
        let proxy = enterprise.assets[proxyIndex]
        let proxyLog = proxy.serviceLogSource ?? proxy.logSource
        let blocked = status == 403
        let code = (blocked ? "TCP_DENIED/" : "TCP_TUNNEL/") + String(status)
        append(Event(id: nextID(), time: time, kind: .webProxy, name: blocked ? "Web request denied" : "Web request allowed",
                     eventCode: code, user: user, sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: destination.ip,
                     destinationHost: destination.domain, sourcePort: Self.ephemeralPort(&random), destinationPort: 443,
                     networkProtocol: "HTTPS", application: "HTTPS", resource: destination.domain,
                     bytesIn: downloaded, bytesOut: uploaded, geo: destination.place.geo, device: client?.hostname,
                     outcome: blocked ? .failure : .success, logSource: logSourceName(proxyLog), severity: blocked ? 3 : 1,
                     category: blocked ? "Web Access Denied" : "Web Access Allowed",
                     properties: ["URL": "https://" + destination.domain + path, "URL Category": destination.category, "HTTP Method": method]),
               logSource: proxyLog)
        if withFlow, !blocked {
            flow(time + EpochMillis(random.below(400)), sourceIP: proxy.publicIP ?? proxy.ip, sourceHost: proxy.hostname,
                 destinationIP: destination.ip, destinationHost: destination.domain, sourcePort: Self.ephemeralPort(&random),
                 destinationPort: 443, application: "HTTPS", sent: uploaded + 900, received: downloaded + 4200,
                 geo: destination.place.geo)
        }
    }

    /// A VPN session start (113039) or a rejected VPN login (113015).
    mutating func vpnLogin(_ time: EpochMillis, user: String, publicIP: String, place: Place, device: String, vpn: Asset,
                           assignedIP: String, success: Bool, clientOS: String = "Windows 11") {
        append(Event(id: nextID(), time: time, kind: .vpn, name: success ? "VPN session started" : "VPN authentication rejected",
                     eventCode: success ? "113039" : "113015", user: user, sourceIP: publicIP, destinationIP: vpn.publicIP ?? vpn.ip,
                     destinationHost: vpn.hostname, destinationPort: 443, networkProtocol: "TLS", application: "AnyConnect",
                     geo: place.geo, device: device, outcome: success ? .success : .failure, logSource: logSourceName(vpn.logSource),
                     failureReason: success ? nil : "AAA user authentication Rejected: Invalid password", severity: success ? 1 : 3,
                     category: success ? "Remote Access Login Succeeded" : "Remote Access Login Failed",
                     properties: success ? ["Assigned IP": assignedIP, "Client OS": clientOS] : ["Client OS": clientOS]),
               logSource: vpn.logSource)
    }

    /// A VPN session end (113019) with its byte counts.
    mutating func vpnLogout(_ time: EpochMillis, user: String, publicIP: String, place: Place, device: String, vpn: Asset,
                            assignedIP: String, sent: Int64, received: Int64, durationSeconds: Int64) {
        append(Event(id: nextID(), time: time, kind: .vpn, name: "VPN session disconnected", eventCode: "113019", user: user,
                     sourceIP: publicIP, destinationIP: vpn.publicIP ?? vpn.ip, destinationHost: vpn.hostname, destinationPort: 443,
                     networkProtocol: "TLS", application: "AnyConnect", bytesIn: received, bytesOut: sent, geo: place.geo, device: device,
                     outcome: .success, logSource: logSourceName(vpn.logSource), severity: 1, category: "Remote Access Logout",
                     properties: ["Assigned IP": assignedIP, "Duration Seconds": String(durationSeconds), "Reason": "User Requested"]),
               logSource: vpn.logSource)
    }

    /// Name lookups of a busy hour, as one DNS flow to the client's domain controller.
    mutating func dnsFlow(_ time: EpochMillis, client: Asset?, clientIP: String, queries: Int, random: inout SeededRandom) {
        let dc = enterprise.domainController(for: clientIP.utf8.count + queries)
        flow(time, sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: dc.ip, destinationHost: dc.hostname,
             sourcePort: Self.ephemeralPort(&random), destinationPort: 53, transport: "UDP", application: "DNS",
             sent: Int64(queries * 74), received: Int64(queries * 132))
    }
}
