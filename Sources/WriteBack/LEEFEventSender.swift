import Governance
import LEEF
import Syslog
import VigilCore

/// Where Vigil's LEEF events go: QRadar's syslog listener, into the log source QRadar's "Vigil: AI finding" rule
/// watches.
public protocol LEEFEventSender: Sendable {
    /// Sends one event and returns once it has been handed to the transport (written to the connection at least
    /// once). Throws when it could not be.
    func send(_ message: LEEFMessage) async throws
}

/// ``LEEFEventSender`` over a ``SyslogSender`` (which must be running, e.g. in the sidecar's `ServiceGroup`):
/// `send` then `flush`, so a returned call means the event was written to QRadar's connection.
public struct SyslogLEEFEventSender: LEEFEventSender {
    public let sender: SyslogSender

    public init(sender: SyslogSender) {
        self.sender = sender
    }

    public func send(_ message: LEEFMessage) async throws {
        try await sender.send(message)
        try await sender.flush()
    }
}

/// Builds Vigil's LEEF 2.0 finding events.
///
/// The header is `LEEF:2.0|Vigil|Sidecar|<version>|AIFinding|^|`: the vendor `Vigil` puts the event on the "Vigil"
/// log source type and the event id `AIFinding` maps to the "Vigil AI Finding" QID, which are what QRadar's
/// "Vigil: AI finding" rule matches (see the emulator's `DefaultRules`). `usrName` and `src` carry the clear
/// account and address so the offense is indexed on them; `vigilKey` carries the idempotency key so a retried send
/// can first ask Ariel whether the event already arrived.
public enum LEEFFindingEncoder {
    public static let vendor = "Vigil"
    public static let product = "Sidecar"
    public static let eventID = "AIFinding"
    /// The attribute holding the idempotency key.
    public static let keyAttribute = "vigilKey"

    /// The event for `payload`, with identities already re-identified by the caller.
    public static func event(key: String, findingID: String, payload: LEEFFindingPayload, userName: String?, sourceIP: String?,
                             productVersion: String) -> LEEFEvent {
        var e = LEEFEvent(version: .v2, vendor: vendor, product: product, productVersion: productVersion, eventID: eventID,
                          delimiter: UInt8(ascii: "^"))
        e.severity = qradarSeverity(payload.severity)
        if let userName, !userName.isEmpty { e.userName = userName }
        if let sourceIP, !sourceIP.isEmpty { e.sourceIP = sourceIP }
        if let time = payload.findingTime { e.setDevTime(time) }
        e.attributes["vigilFindingID"] = findingID
        e.attributes[keyAttribute] = key
        e.attributes["useCase"] = payload.useCase
        e.attributes["confidence"] = decimal(payload.confidence)
        e.attributes["risk"] = decimal(payload.risk)
        e.attributes["title"] = payload.title
        if let id = payload.campaignID { e.attributes["vigilCampaignID"] = id }
        if let r = payload.revision { e.attributes["campaignRevision"] = String(r) }
        if let t = payload.tactics, !t.isEmpty { e.attributes["tactics"] = t.joined(separator: ",") }
        if let list = payload.entities, !list.isEmpty { e.attributes["entities"] = list.joined(separator: ",") }
        return e
    }

    /// LEEF `sev` (1–10) for a severity.
    public static func qradarSeverity(_ severity: Severity) -> Int {
        min(10, max(1, severity.qradarScale))
    }

    /// Two decimals, no exponent, `0` for values that are not finite.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int64((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
