#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension QRadarClient {
    /// `GET /reference_data/sets` (metadata only, no `data`).
    public func referenceSets(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<ReferenceSet> {
        list(ReferenceSet.self, path: "/reference_data/sets", query: query, identifier: "name")
    }

    /// `GET /reference_data/sets/{name}` with its `data`. Throws 404/1002 when the set does not exist.
    public func referenceSet(name: String) async throws -> ReferenceSet {
        try await getObject(ReferenceSet.self, path: QRadarPath.join("reference_data", "sets", name))
    }

    /// `POST /reference_data/sets?name=…&element_type=…[&timeout_type=…&time_to_live=…]` → 201.
    ///
    /// - Parameters:
    ///   - timeToLive: QRadar interval text such as `"1 month"` or `"5 minutes"`; `nil` keeps values forever.
    /// - Throws: 409/1004 when the name is taken (except after a lost answer to our own earlier attempt, when the
    ///   existing set is returned).
    @discardableResult
    public func createReferenceSet(
        name: String, elementType: ReferenceSetElementType, timeoutType: ReferenceSetTimeoutType? = nil, timeToLive: String? = nil
    ) async throws -> ReferenceSet {
        var query: [(String, String)] = [("name", name), ("element_type", elementType.rawValue)]
        if let timeoutType { query.append(("timeout_type", timeoutType.rawValue)) }
        if let timeToLive { query.append(("time_to_live", timeToLive)) }
        let request = QRadarRequest(method: .POST, path: "/reference_data/sets", query: query)
        let lookUp: @Sendable () async throws -> ReferenceSet? = { [self] in
            do {
                return try await referenceSet(name: name)
            } catch let error as QRadarAPIError where error.httpStatus == 404 {
                return nil
            }
        }
        return try await perform(
            request, safety: .nonIdempotent, alreadyApplied: lookUp,
            afterUncertainRetry: { error in error.httpStatus == 409 ? try await lookUp() : nil }
        ) { try decodeJSON(ReferenceSet.self, $0, request: request) }
    }

    /// `POST /reference_data/sets/{name}?value=…[&source=…]` → 200 + set metadata. An upsert (adds the value or
    /// refreshes its `last_seen`), so retried blindly. `DATE` values are epoch milliseconds as text.
    @discardableResult
    public func addReferenceSetValue(name: String, value: String, source: String? = nil) async throws -> ReferenceSet {
        var query: [(String, String)] = [("value", value)]
        if let source { query.append(("source", source)) }
        let request = QRadarRequest(method: .POST, path: QRadarPath.join("reference_data", "sets", name), query: query)
        return try await perform(request, safety: .idempotent) { try decodeJSON(ReferenceSet.self, $0, request: request) }
    }

    /// `POST /reference_data/sets/bulk_load/{name}` with a JSON array body → 200 + set metadata. An upsert of
    /// every value, so retried blindly.
    @discardableResult
    public func bulkLoadReferenceSet(name: String, values: [String]) async throws -> ReferenceSet {
        let body = try JSONEncoder().encode(values)
        let request = QRadarRequest(
            method: .POST, path: QRadarPath.join("reference_data", "sets", "bulk_load", name), body: Array(body),
            contentType: "application/json")
        return try await perform(request, safety: .idempotent) { try decodeJSON(ReferenceSet.self, $0, request: request) }
    }

    /// `DELETE /reference_data/sets/{name}/{value}` → 200 + set metadata. Throws 404/1003 when the value is not in
    /// the set — unless an earlier attempt's answer was lost, in which case that attempt removed it and the set's
    /// current metadata is returned.
    @discardableResult
    public func deleteReferenceSetValue(name: String, value: String) async throws -> ReferenceSet {
        let request = QRadarRequest(method: .DELETE, path: QRadarPath.join("reference_data", "sets", name, value))
        return try await perform(
            request, safety: .idempotent,
            afterUncertainRetry: { [self] error in
                guard error.httpStatus == 404, error.code == 1003 else { return nil }
                return try await referenceSet(name: name)
            }
        ) { try decodeJSON(ReferenceSet.self, $0, request: request) }
    }

    /// `DELETE /reference_data/sets/{name}[?purge_only=true]` → 202 + the deletion task QRadar runs in the
    /// background. `purgeOnly` empties the set but keeps it.
    @discardableResult
    public func deleteReferenceSet(name: String, purgeOnly: Bool = false) async throws -> ReferenceDataDeletionTask {
        let request = QRadarRequest(
            method: .DELETE, path: QRadarPath.join("reference_data", "sets", name), query: purgeOnly ? [("purge_only", "true")] : [])
        return try await perform(request, safety: .idempotent) { try decodeJSON(ReferenceDataDeletionTask.self, $0, request: request) }
    }

    // MARK: - Assets, log sources, versions

    /// `GET /asset_model/assets`. Look an address up with
    /// `.field("interfaces").contains(.field("ip_addresses").contains(.field("value") == ip))`.
    public func assets(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<Asset> {
        list(Asset.self, path: "/asset_model/assets", query: query)
    }

    /// `GET /config/event_sources/log_source_management/log_sources`.
    public func logSources(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<LogSource> {
        list(LogSource.self, path: "/config/event_sources/log_source_management/log_sources", query: query)
    }

    /// `GET /help/versions`: the API versions this console supports.
    public func apiVersions(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<APIVersion> {
        list(APIVersion.self, path: "/help/versions", query: query)
    }
}
