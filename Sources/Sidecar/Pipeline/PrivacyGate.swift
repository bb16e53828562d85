import Detectors
import Governance
import VigilCore

/// The point where identities leave the pipeline: events are pseudonymised here, before any model or store sees
/// them, and the clear values go only to the re-identification vault.
///
/// Some detectors need facts that a pseudonym hides: whether an address is internal, and what kind of host a name
/// belongs to (the naming convention `WS-…`, `DC…`, `JUMP…`). The gate records those facts as event properties
/// first — a network zone and a host role are categories, not identifiers — and then pseudonymises:
/// - `vigilSourceZone` / `vigilDestinationZone`: `internal` or `external`, for events with an address;
/// - `sourceAssetRole` / `destinationAssetRole` (unless the event already carries them): `workstation:WS`,
///   `server:DC`, `jump:JUMP`, read by the lateral-movement detector's host classifier.
///
/// Addresses are personal data only where they stand for the estate's own devices, so only internal addresses are
/// pseudonymised; public addresses (the far end of a beacon, a threat-intel hit) stay as they are. Destination
/// host names of web-proxy events are public sites, and stay as they are too.
public struct PrivacyGate: Sendable {
    public let pseudonymizer: Pseudonymizer
    public let policy: PseudonymizationPolicy
    private let classifier = HostClassifier()

    public init(pseudonymizer: Pseudonymizer, policy: PseudonymizationPolicy) {
        self.pseudonymizer = pseudonymizer
        self.policy = policy
    }

    /// The pseudonymised event and the clear values it replaced.
    public func apply(_ event: Event) -> PseudonymizedEvent {
        var e = event
        annotate(&e)
        // Fields handled here rather than by the general policy: addresses (internal only) and public host names.
        var fields = policy.fields
        fields.remove(.sourceIP)
        fields.remove(.destinationIP)
        let publicDestination = e.kind == .webProxy
        if publicDestination { fields.remove(.destinationHost) }
        var out = pseudonymizer.pseudonymize(e, policy: PseudonymizationPolicy(fields: fields, properties: policy.properties))
        var extra: [PseudonymMapping] = []
        if policy.fields.contains(.sourceIP), let ip = e.sourceIP, NetworkAddress.isInternal(ip) {
            out.event.sourceIP = pseudonym(ip, .ip, into: &extra)
        }
        if policy.fields.contains(.destinationIP), let ip = e.destinationIP, NetworkAddress.isInternal(ip) {
            out.event.destinationIP = pseudonym(ip, .ip, into: &extra)
        }
        if publicDestination, policy.fields.contains(.destinationHost), let host = e.destinationHost, isInternalName(host) {
            out.event.destinationHost = pseudonym(host, .host, into: &extra)
        }
        // QRadar names log sources `<type> @ <host>`: the host is the same identifier as in the host fields, and the
        // detectors match the two (a proxy's own flows), so it gets the same pseudonym.
        if policy.fields.contains(.sourceHost), let log = e.logSource, let at = log.range(of: " @ ") {
            let host = String(log[at.upperBound...])
            if !host.isEmpty, !NetworkAddress.isAddress(host) || NetworkAddress.isInternal(host) {
                out.event.logSource = String(log[..<at.upperBound]) + pseudonym(host, .host, into: &extra)
            }
        }
        if !extra.isEmpty {
            var all = out.mappings
            for m in extra where !all.contains(m) { all.append(m) }
            all.sort { $0.pseudonym.text < $1.pseudonym.text }
            out.mappings = all
        }
        return out
    }

    private func pseudonym(_ value: String, _ kind: PseudonymKind, into mappings: inout [PseudonymMapping]) -> String {
        guard !value.isEmpty, !Pseudonym.isPseudonym(value) else { return value }
        let normalized = pseudonymizer.normalization.normalize(value, as: kind)
        guard !normalized.isEmpty else { return value }
        let p = pseudonymizer.pseudonym(for: value, kind: kind)
        mappings.append(PseudonymMapping(pseudonym: p, clearValue: normalized))
        return p.text
    }

    /// A single-label name (`intranet`) or an address is the estate's own; a dotted public name is not.
    private func isInternalName(_ host: String) -> Bool {
        if NetworkAddress.isAddress(host) { return NetworkAddress.isInternal(host) }
        return !host.contains(".")
    }

    private func annotate(_ e: inout Event) {
        if let ip = e.sourceIP, NetworkAddress.isAddress(ip) {
            e.properties["vigilSourceZone"] = NetworkAddress.isInternal(ip) ? "internal" : "external"
        }
        if let ip = e.destinationIP, NetworkAddress.isAddress(ip) {
            e.properties["vigilDestinationZone"] = NetworkAddress.isInternal(ip) ? "internal" : "external"
        }
        if e.properties["sourceAssetRole"] == nil, let host = e.sourceHost, let role = assetRole(of: host) {
            e.properties["sourceAssetRole"] = role
        }
        if e.properties["destinationAssetRole"] == nil, e.properties["assetRole"] == nil,
           e.kind != .webProxy, let host = e.destinationHost, let role = assetRole(of: host) {
            e.properties["destinationAssetRole"] = role
        }
    }

    /// `workstation:WS`, `server:DC`, `jump:JUMP`; nil for bare addresses and pseudonyms (nothing to read).
    private func assetRole(of host: String) -> String? {
        guard !host.isEmpty, !NetworkAddress.isAddress(host), !Pseudonym.isPseudonym(host) else { return nil }
        let group = HostClassifier.namePrefix(host)
        switch classifier.role(ofGroup: group, assetRole: nil) {
        case .workstation: return "workstation:" + group
        case .adminStation: return "jump:" + group
        case .server: return "server:" + group
        case .unknown: return nil
        }
    }
}
