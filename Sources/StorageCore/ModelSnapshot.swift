import VigilCore

/// A saved model state (baselines, a forest, calibration), opaque to storage.
public struct ModelSnapshot: Sendable, Hashable {
    /// Key such as `"baseline/v3"` or `"forest/auth/2026-11-22"`.
    public var key: String
    public var data: [UInt8]
    public var updatedAt: EpochMillis

    public init(key: String, data: [UInt8], updatedAt: EpochMillis) {
        self.key = key
        self.data = data
        self.updatedAt = updatedAt
    }
}

/// A simple key/value store for model snapshots.
public protocol ModelSnapshotStore: Sendable {
    /// Stores (or replaces) the snapshot under its key.
    func putSnapshot(_ snapshot: ModelSnapshot) async throws
    func snapshot(key: String) async throws -> ModelSnapshot?
    /// Keys starting with `prefix` (all when empty), sorted.
    func snapshotKeys(prefix: String) async throws -> [String]
    /// Removes a snapshot; returns whether one existed.
    func deleteSnapshot(key: String) async throws -> Bool
}
