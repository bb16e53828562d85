import Crypto
import VigilCore

/// One protected mapping entry: the clear value, sealed with AES-256-GCM under the mapping key (a different key
/// from the pseudonymisation key), with the pseudonym as associated data so a blob cannot be moved to another
/// pseudonym without detection.
public struct EncryptedMapping: Sendable, Hashable, Codable {
    /// Pseudonym text (primary key).
    public var pseudonym: String
    /// The pseudonymisation key version that made the pseudonym (so a retired key's entries can be removed).
    public var pseudonymKeyVersion: Int
    /// The mapping key version that sealed the blob.
    public var mappingKeyVersion: Int
    /// nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
    public var sealed: [UInt8]
    public var createdAt: EpochMillis

    public init(pseudonym: String, pseudonymKeyVersion: Int, mappingKeyVersion: Int, sealed: [UInt8], createdAt: EpochMillis) {
        self.pseudonym = pseudonym
        self.pseudonymKeyVersion = pseudonymKeyVersion
        self.mappingKeyVersion = mappingKeyVersion
        self.sealed = sealed
        self.createdAt = createdAt
    }
}

/// The AES-GCM keys of the protected mapping, by version; `current` seals new entries.
public struct MappingCipher: Sendable {
    public let current: Int
    private let keys: [Int: SymmetricKey]
    private let currentKey: SymmetricKey

    /// Each secret must be exactly 32 bytes (AES-256).
    public init(keys: [Int: [UInt8]], current: Int) throws {
        var map: [Int: SymmetricKey] = [:]
        for (version, secret) in keys {
            guard version >= 1 else { throw GovernanceError.invalidKey("mapping key versions start at 1") }
            guard secret.count == 32 else { throw GovernanceError.invalidKey("a mapping key must be 32 bytes (AES-256)") }
            map[version] = SymmetricKey(data: secret)
        }
        guard let currentKey = map[current] else { throw GovernanceError.unknownKeyVersion(current) }
        self.keys = map
        self.current = current
        self.currentKey = currentKey
    }

    /// Seals `clearValue` for `pseudonym` under the current key.
    public func seal(_ clearValue: String, for pseudonym: Pseudonym, at time: EpochMillis) throws -> EncryptedMapping {
        let box = try AES.GCM.seal(Array(clearValue.utf8), using: currentKey, authenticating: Array(pseudonym.text.utf8))
        guard let combined = box.combined else { throw GovernanceError.invalidKey("AES-GCM produced no combined form") }
        return EncryptedMapping(pseudonym: pseudonym.text, pseudonymKeyVersion: pseudonym.keyVersion, mappingKeyVersion: current,
                                sealed: Array(combined), createdAt: time)
    }

    /// Opens an entry; throws when its key is unknown or the blob (or its pseudonym) was altered.
    public func open(_ mapping: EncryptedMapping) throws -> String {
        guard let key = keys[mapping.mappingKeyVersion] else { throw GovernanceError.unknownKeyVersion(mapping.mappingKeyVersion) }
        do {
            let box = try AES.GCM.SealedBox(combined: mapping.sealed)
            let clear = try AES.GCM.open(box, using: key, authenticating: Array(mapping.pseudonym.utf8))
            return String(decoding: clear, as: UTF8.self)
        } catch {
            throw GovernanceError.mappingUndecryptable(mapping.pseudonym)
        }
    }
}

/// Where the protected mapping lives. Only encrypted blobs ever reach it.
public protocol ReidentificationMappingStore: Sendable {
    /// Stores entries whose pseudonym is not stored yet; existing entries are left as they are.
    func insertMappings(_ mappings: [EncryptedMapping]) async throws
    /// Stores entries, replacing existing ones with the same pseudonym (re-encryption).
    func replaceMappings(_ mappings: [EncryptedMapping]) async throws
    func mapping(for pseudonym: String) async throws -> EncryptedMapping?
    /// Up to `limit` entries with a pseudonym after `after` (all when `nil`), ordered by pseudonym, for paging.
    func mappings(after: String?, limit: Int) async throws -> [EncryptedMapping]
    /// Removes the entries made with a pseudonymisation key version (retiring a key); returns how many.
    func deleteMappings(pseudonymKeyVersion: Int) async throws -> Int
}

/// What a key rotation did.
public struct RekeyReport: Sendable, Hashable {
    /// Entries made with an older pseudonymisation key or sealed with an older mapping key (entries that are
    /// already current, including those this run wrote, are skipped and not counted).
    public var examined: Int
    /// New entries written for pseudonyms under the current pseudonymisation key.
    public var newPseudonyms: Int
    /// Existing entries re-sealed under the current mapping key.
    public var reencrypted: Int
    /// Old pseudonym → new pseudonym, for carrying analytics state (baselines) over to the new key. It links the
    /// two pseudonyms of each person, not the person: keep it only as long as the migration takes, and discard it
    /// when the rotation is meant to break linkability (a suspected key compromise).
    public var translations: [String: String]
}

/// The protected re-identification mapping: records mappings as the pipeline pseudonymises, resolves a pseudonym
/// for an authorised person (with an audit record, always), and re-keys the mapping when keys rotate.
public struct ReidentificationVault: Sendable {
    public let store: any ReidentificationMappingStore
    public let audit: any AuditLogStore
    public let cipher: MappingCipher
    public let permissions: PermissionMatrix
    public let clock: any EpochClock

    public init(store: any ReidentificationMappingStore, audit: any AuditLogStore, cipher: MappingCipher,
                permissions: PermissionMatrix = .default, clock: any EpochClock) {
        self.store = store
        self.audit = audit
        self.cipher = cipher
        self.permissions = permissions
        self.clock = clock
    }

    /// Seals and stores mappings the pipeline produced (existing entries are kept).
    public func record(_ mappings: [PseudonymMapping]) async throws {
        guard !mappings.isEmpty else { return }
        let now = clock.now()
        let sealed = try mappings.map { try cipher.seal($0.clearValue, for: $0.pseudonym, at: now) }
        try await store.insertMappings(sealed)
    }

    /// Resolves `pseudonym` to its clear value for a person investigating.
    ///
    /// The role must hold ``Permission/reidentify`` and the reason must not be empty. Every attempt — granted,
    /// refused or for an unknown pseudonym — is written to the audit log first (never the clear value), and the
    /// value is returned only once its audit record is stored: if the audit write fails, nothing is revealed.
    public func reidentify(_ pseudonym: String, actor: String, role: Role, reason: String) async throws -> String {
        let reason = reason.trimmingWhitespace()
        guard permissions.allows(role, .reidentify) else {
            try await auditAttempt(pseudonym, actor: actor, role: role.rawValue, reason: reason, outcome: "denied")
            throw GovernanceError.forbidden(role: role, permission: .reidentify)
        }
        guard !reason.isEmpty else {
            try await auditAttempt(pseudonym, actor: actor, role: role.rawValue, reason: reason, outcome: "denied: no reason")
            throw GovernanceError.reasonRequired
        }
        return try await resolve(pseudonym, actor: actor, role: role.rawValue, reason: reason)
    }

    /// Resolves `pseudonym` for Vigil's own write-back (a reference-set entry or a response action needs the
    /// clear value QRadar knows). Audited like a person's request, with actor `vigil` and role `system`.
    public func reidentifyForWriteBack(_ pseudonym: String, findingID: String) async throws -> String {
        try await resolve(pseudonym, actor: AuditDraft.systemActor, role: "system", reason: "write-back for finding \(findingID)")
    }

    private func resolve(_ pseudonym: String, actor: String, role: String, reason: String) async throws -> String {
        guard Pseudonym(parsing: pseudonym) != nil else {
            try await auditAttempt(pseudonym, actor: actor, role: role, reason: reason, outcome: "invalid pseudonym")
            throw GovernanceError.invalidPseudonym(pseudonym)
        }
        guard let entry = try await store.mapping(for: pseudonym) else {
            try await auditAttempt(pseudonym, actor: actor, role: role, reason: reason, outcome: "unknown pseudonym")
            throw GovernanceError.unknownPseudonym(pseudonym)
        }
        let clear: String
        do {
            clear = try cipher.open(entry)
        } catch {
            try await auditAttempt(pseudonym, actor: actor, role: role, reason: reason, outcome: "undecryptable")
            throw error
        }
        try await auditAttempt(pseudonym, actor: actor, role: role, reason: reason, outcome: "granted")
        return clear
    }

    private func auditAttempt(_ pseudonym: String, actor: String, role: String, reason: String, outcome: String) async throws {
        // The subject is capped: a refused call may carry arbitrary text, and the log must stay readable.
        let subject = String(pseudonym.prefix(128))
        try await audit.appendAudit(AuditDraft(
            time: clock.now(), kind: .reidentification, actor: actor, subject: subject,
            payload: ["role": .string(role), "reason": .string(reason), "outcome": .string(outcome)]))
    }

    /// Re-keys the mapping after a rotation: for every entry made with an older pseudonymisation key, writes an
    /// entry for the value's pseudonym under `pseudonymizer`'s current key (old entries stay, so old pseudonyms in
    /// stored findings remain resolvable); every entry sealed with an older mapping key is re-sealed with the
    /// current one. Requires ``Permission/rotateKeys``; audited as a configuration change (counts only).
    public func rekey(with pseudonymizer: Pseudonymizer, actor: String, role: Role, pageSize: Int = 1_000) async throws -> RekeyReport {
        try permissions.require(role, .rotateKeys)
        let now = clock.now()
        var report = RekeyReport(examined: 0, newPseudonyms: 0, reencrypted: 0, translations: [:])
        var after: String? = nil
        while true {
            let page = try await store.mappings(after: after, limit: pageSize)
            var fresh: [EncryptedMapping] = []
            var resealed: [EncryptedMapping] = []
            for entry in page {
                guard let old = Pseudonym(parsing: entry.pseudonym) else { continue }
                let needsNewPseudonym = old.keyVersion != pseudonymizer.keyRing.current
                let needsReseal = entry.mappingKeyVersion != cipher.current
                guard needsNewPseudonym || needsReseal else { continue }
                report.examined += 1
                let clear = try cipher.open(entry)
                if needsReseal {
                    var updated = try cipher.seal(clear, for: old, at: entry.createdAt)
                    updated.createdAt = entry.createdAt
                    resealed.append(updated)
                }
                if needsNewPseudonym {
                    let new = try pseudonymizer.pseudonym(normalized: clear, kind: old.kind, keyVersion: pseudonymizer.keyRing.current)
                    report.translations[old.text] = new.text
                    // The pipeline may already have recorded it (the value was seen since the rotation).
                    if try await store.mapping(for: new.text) == nil { fresh.append(try cipher.seal(clear, for: new, at: now)) }
                }
            }
            if !resealed.isEmpty { try await store.replaceMappings(resealed) }
            if !fresh.isEmpty { try await store.insertMappings(fresh) }
            report.reencrypted += resealed.count
            report.newPseudonyms += fresh.count
            guard let last = page.last, page.count == pageSize else { break }
            after = last.pseudonym
        }
        try await audit.appendAudit(AuditDraft.configuration(
            change: "rekey-reidentification-mapping",
            details: [
                "pseudonymKeyVersion": .int(Int64(pseudonymizer.keyRing.current)), "mappingKeyVersion": .int(Int64(cipher.current)),
                "examined": .int(Int64(report.examined)), "newPseudonyms": .int(Int64(report.newPseudonyms)),
                "reencrypted": .int(Int64(report.reencrypted)),
            ],
            time: now, actor: actor))
        return report
    }

    /// Removes the entries of a retired pseudonymisation key (after the retention period of data made with it).
    /// Requires ``Permission/rotateKeys``; audited.
    public func retirePseudonymKey(version: Int, actor: String, role: Role) async throws -> Int {
        try permissions.require(role, .rotateKeys)
        let removed = try await store.deleteMappings(pseudonymKeyVersion: version)
        try await audit.appendAudit(AuditDraft.configuration(
            change: "retire-pseudonym-key", details: ["pseudonymKeyVersion": .int(Int64(version)), "removed": .int(Int64(removed))],
            time: clock.now(), actor: actor))
        return removed
    }
}
