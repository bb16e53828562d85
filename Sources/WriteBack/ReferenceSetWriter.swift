import VigilCore
import Governance
import QRadarClient

/// Adds values to QRadar reference sets, creating a missing set first.
struct ReferenceSetWriter: Sendable {
    let client: QRadarClient

    /// Adds `value` to `set`. When QRadar says the set does not exist (404/1002) the set is created with
    /// `elementType` and, when `timeToLive` is given, that time to live counted from each value's last sighting
    /// (`LAST_SEEN`, so a value Vigil reports again stays in), and the add is repeated. A set created meanwhile by
    /// someone else (409) is simply used. Adding is an upsert in QRadar, so repeating it is harmless.
    @discardableResult
    func add(_ value: String, to set: String, elementType: ReferenceSetElementType, timeToLive: Int64?) async throws -> ReferenceSet {
        do {
            return try await client.addReferenceSetValue(name: set, value: value, source: "Vigil")
        } catch let error as QRadarAPIError where error.httpStatus == 404 && (error.code == 1002 || error.code == nil) {
            do {
                try await client.createReferenceSet(
                    name: set, elementType: elementType, timeoutType: timeToLive == nil ? nil : .lastSeen,
                    timeToLive: timeToLive.map(RolloutPolicy.qradarTimeToLive))
            } catch let conflict as QRadarAPIError where conflict.httpStatus == 409 {
                // Created concurrently: fine, add to it.
            }
            return try await client.addReferenceSetValue(name: set, value: value, source: "Vigil")
        }
    }

    /// Removes `value` from `set`. Returns false when QRadar says the set or the value is not there (404): already
    /// removed (by a retry, an expiry or an analyst), which is the outcome wanted.
    func remove(_ value: String, from set: String) async throws -> Bool {
        do {
            _ = try await client.deleteReferenceSetValue(name: set, value: value)
            return true
        } catch let error as QRadarAPIError where error.httpStatus == 404 {
            return false
        }
    }

    /// The element type for a value going into `set`: configured per set, else `IP` for an address, else `ALN`.
    static func elementType(for set: String, value: String, configured: [String: ReferenceSetElementType]) -> ReferenceSetElementType {
        if let type = configured[set] { return type }
        return looksLikeIP(value) ? .ip : .alphanumeric
    }

    /// A dotted IPv4 address or an IPv6 address (hex groups and colons, optional embedded IPv4).
    static func looksLikeIP(_ text: String) -> Bool {
        if IPv4Address(text) != nil { return true }
        guard text.contains(":"), text.count <= 45 else { return false }
        return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
