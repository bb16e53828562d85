/// One dimension of behaviour that a baseline is kept for and a deviation can be stated in.
public enum Dimension: Int, Sendable, CaseIterable, Hashable, Codable {
    case hour, country, city, network, travel, device, action, resource, application, command, volume, dailyVolume, failures, firstTime

    /// Feature name used in signals.
    public var feature: String {
        switch self {
        case .hour: "hour_of_week"
        case .country: "country"
        case .city: "city"
        case .network: "source_network"
        case .travel: "travel_speed"
        case .device: "device"
        case .action: "action"
        case .resource: "resource"
        case .application: "application"
        case .command: "command"
        case .volume: "bytes_per_transfer"
        case .dailyVolume: "bytes_per_day"
        case .failures: "failed_logins"
        case .firstTime: "first_time_events"
        }
    }

    /// The family the dimension belongs to. Dimensions of one family are correlated (a new country usually comes
    /// with a new city and network), so a family contributes its strongest dimension, not their sum.
    public var family: SignalFamily {
        switch self {
        case .hour: .time
        case .country, .city, .network, .travel: .location
        case .device, .action: .identity
        case .resource, .application, .command: .access
        case .volume, .dailyVolume: .volume
        case .failures: .failure
        case .firstTime: .novelty
        }
    }

    /// Seed that keeps the dimension's hashed values apart in shared sketches.
    var seed: UInt64 { UInt64(rawValue + 1) &* 0x9E37_79B9_7F4A_7C15 }

    static let categorical: [Dimension] = [.country, .city, .network, .device, .action, .resource, .application, .command]
}

/// Groups of dimensions that explain one kind of unusual behaviour; each becomes a detector id (`behaviour.location`).
public enum SignalFamily: String, Sendable, CaseIterable, Hashable, Codable {
    case time, location, identity, access, volume, failure, novelty, peer, joint, external

    /// Detector id of the family's signals.
    public var detectorID: String {
        switch self {
        case .joint: "isolation-forest"
        case .peer: "peer-groups"
        case .external: "external"
        default: "behaviour." + rawValue
        }
    }

    /// The family of a detector id, when it is one of ours.
    public static func of(detector id: String) -> SignalFamily? {
        for f in allCases where f.detectorID == id { return f }
        return nil
    }

    /// MITRE ATT&CK technique that fits the family's deviations, where one does.
    var technique: String? {
        switch self {
        case .location, .identity: "T1078"
        case .failure: "T1110"
        case .volume: "T1567"
        case .access: "T1213"
        default: nil
        }
    }
}
