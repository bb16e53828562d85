import Analytics
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
///
/// Two more facts are read from clear values here: the class of the account (``AccountClassifier``: machine,
/// built-in system or service account), recorded as `vigilAccountClass`, and the office site of an internal source
/// address (the directory's networks), recorded as its index in the ``SiteMap`` (`vigilSourceSite`).
public struct PrivacyGate: Sendable {
    public let pseudonymizer: Pseudonymizer
    public let policy: PseudonymizationPolicy
    public let accounts: AccountClassifier
    public let sites: SiteMap
    private let classifier = HostClassifier()

    public init(pseudonymizer: Pseudonymizer, policy: PseudonymizationPolicy, accounts: AccountClassifier = AccountClassifier(),
                sites: SiteMap = SiteMap()) {
        self.pseudonymizer = pseudonymizer
        self.policy = policy
        self.accounts = accounts
        self.sites = sites
    }

    /// The pseudonym the models know a clear identifier by (the same as the events', so a directory entry meets its
    /// events), or the value itself when that kind of field is not pseudonymised.
    public func modelName(of value: String, kind: PseudonymKind) -> String {
        let field: PseudonymizedField
        switch kind {
        case .user: field = .user
        case .host: field = .sourceHost
        case .ip: field = .sourceIP
        default: return pseudonymizer.pseudonym(for: value, kind: kind).text
        }
        guard policy.fields.contains(field), !value.isEmpty else { return value }
        if kind == .ip, !NetworkAddress.isInternal(value) { return value }
        return pseudonymizer.pseudonym(for: value, kind: kind).text
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

    /// An entity named in the clear (a label, a rule alert, a directory entry) as the models name it: users, hosts
    /// and internal addresses pseudonymised as in events, the host part of a `<type> @ <host>` log source too; public
    /// addresses and dotted public host names stay clear, as they do in web-proxy events.
    public func modelEntity(_ e: EntityRef) -> EntityRef {
        switch e.kind {
        case .user:
            return EntityRef(.user, modelName(of: e.id, kind: .user))
        case .host:
            guard isInternalName(e.id) || !e.id.contains(".") else { return e }
            return EntityRef(.host, modelName(of: e.id, kind: .host))
        case .ip:
            return EntityRef(.ip, modelName(of: e.id, kind: .ip))
        case .logSource:
            guard policy.fields.contains(.sourceHost), let at = e.id.range(of: " @ ") else { return e }
            let host = String(e.id[at.upperBound...])
            guard !host.isEmpty, !NetworkAddress.isAddress(host) || NetworkAddress.isInternal(host), !Pseudonym.isPseudonym(host) else { return e }
            return EntityRef(.logSource, String(e.id[..<at.upperBound]) + pseudonymizer.pseudonym(for: host, kind: .host).text)
        default:
            return e
        }
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
        if let user = e.user, !user.isEmpty, e.properties[AccountClassifier.property] == nil {
            let c = accounts.classify(user)
            if c != .person { e.properties[AccountClassifier.property] = c.rawValue }
        }
        if !sites.sites.isEmpty, let ip = e.sourceIP, let site = sites.index(of: ip) {
            e.properties[SiteMap.siteProperty] = String(site)
        }
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
