import VigilCore

/// An `Event` field that can carry a personal identifier.
public enum PseudonymizedField: String, Sendable, Hashable, Codable, CaseIterable {
    case user
    case sourceHost
    case destinationHost
    case device
    case sourceIP
    case destinationIP

    /// The kind of identifier the field holds.
    public var kind: PseudonymKind {
        switch self {
        case .user: return .user
        case .sourceHost, .destinationHost: return .host
        case .device: return .device
        case .sourceIP, .destinationIP: return .ip
        }
    }
}

/// Which parts of an event are pseudonymised before analytics and storage.
public struct PseudonymizationPolicy: Sendable, Hashable, Codable {
    /// Event fields to pseudonymise.
    public var fields: Set<PseudonymizedField>
    /// Named entries of `Event.properties` to pseudonymise, with the kind each holds (a property holding an
    /// account name should use `.user`, so it gets the same pseudonym as the `user` field).
    public var properties: [String: PseudonymKind]

    public init(fields: Set<PseudonymizedField>, properties: [String: PseudonymKind] = [:]) {
        self.fields = fields
        self.properties = properties
    }

    /// Users, hosts, devices and IP addresses. IPs are personal data when they point at one person's machine; a
    /// detector that needs network structure (internal vs external, subnet) must get it from enrichment done
    /// before pseudonymisation, e.g. the geo fields, which stay in the clear.
    public static let `default` = PseudonymizationPolicy(fields: Set(PseudonymizedField.allCases))

    /// Users, hosts and devices only, for deployments that decide addresses are not personal data.
    public static let identitiesOnly = PseudonymizationPolicy(fields: [.user, .sourceHost, .destinationHost, .device])

    /// Nothing (for tests and for data that is already synthetic).
    public static let none = PseudonymizationPolicy(fields: [])
}

/// One pseudonym and the normalised clear value it stands for, to be kept in the protected mapping.
public struct PseudonymMapping: Sendable, Hashable {
    public var pseudonym: Pseudonym
    public var clearValue: String

    public init(pseudonym: Pseudonym, clearValue: String) {
        self.pseudonym = pseudonym
        self.clearValue = clearValue
    }
}

/// An event after pseudonymisation, with the mappings it produced (the same pseudonym may appear once per event).
public struct PseudonymizedEvent: Sendable, Hashable {
    public var event: Event
    public var mappings: [PseudonymMapping]
}

extension Pseudonymizer {
    /// Replaces the identifiers the policy names with pseudonyms. Empty values and values that already are
    /// pseudonyms are left as they are, so applying the policy twice changes nothing.
    public func pseudonymize(_ event: Event, policy: PseudonymizationPolicy) -> PseudonymizedEvent {
        var out = event
        var mappings: [PseudonymMapping] = []
        var seen = Set<String>()

        func apply(_ value: String?, _ kind: PseudonymKind) -> String? {
            guard let value, !value.isEmpty, !Pseudonym.isPseudonym(value) else { return value }
            let normalized = normalization.normalize(value, as: kind)
            guard !normalized.isEmpty else { return value }
            let p = Self.compute(normalized: normalized, kind: kind, key: keyRing.currentKey)
            if seen.insert(p.text).inserted { mappings.append(PseudonymMapping(pseudonym: p, clearValue: normalized)) }
            return p.text
        }

        for field in policy.fields {
            switch field {
            case .user: out.user = apply(event.user, field.kind)
            case .sourceHost: out.sourceHost = apply(event.sourceHost, field.kind)
            case .destinationHost: out.destinationHost = apply(event.destinationHost, field.kind)
            case .device: out.device = apply(event.device, field.kind)
            case .sourceIP: out.sourceIP = apply(event.sourceIP, field.kind)
            case .destinationIP: out.destinationIP = apply(event.destinationIP, field.kind)
            }
        }
        for (name, kind) in policy.properties {
            if let value = event.properties[name] { out.properties[name] = apply(value, kind) }
        }
        // Deterministic order, so two runs over the same event write the mappings identically.
        mappings.sort { $0.pseudonym.text < $1.pseudonym.text }
        return PseudonymizedEvent(event: out, mappings: mappings)
    }
}
