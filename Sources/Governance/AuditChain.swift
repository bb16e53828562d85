import Crypto
import VigilCore

/// The hash chain over audit records: how a record's hash is computed, how the next record links to the head, and
/// how a sequence of records is verified.
public enum AuditChain {
    /// `previousHash` of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Domain tag mixed into every hash so a record hash can never be confused with another SHA-256 in Vigil.
    static let domainTag = "vigil.audit.v1"

    /// SHA-256 (lower-case hex) over the canonical encoding: the domain tag, then sequence and time as 8-byte
    /// big-endian integers, then kind, actor, subject, payload and previousHash, each as an 8-byte big-endian
    /// length followed by its UTF-8 bytes. Length prefixes make the encoding unambiguous: moving text from one
    /// field into its neighbour changes the hash.
    public static func hash(sequence: Int64, time: EpochMillis, kind: AuditKind, actor: String, subject: String,
                            payload: String, previousHash: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + payload.utf8.count)
        Bytes.appendField(domainTag, to: &bytes)
        Bytes.appendBigEndian(UInt64(bitPattern: sequence), to: &bytes)
        Bytes.appendBigEndian(UInt64(bitPattern: time), to: &bytes)
        Bytes.appendField(kind.rawValue, to: &bytes)
        Bytes.appendField(actor, to: &bytes)
        Bytes.appendField(subject, to: &bytes)
        Bytes.appendField(payload, to: &bytes)
        Bytes.appendField(previousHash, to: &bytes)
        return Bytes.hex(SHA256.hash(data: bytes))
    }

    /// The hash `record` should carry, recomputed from its other fields.
    public static func expectedHash(of record: AuditRecord) -> String {
        hash(sequence: record.sequence, time: record.time, kind: record.kind, actor: record.actor, subject: record.subject,
             payload: record.payload, previousHash: record.previousHash)
    }

    /// The record that follows `head` (or starts the log when `head` is `nil`). Stores call this inside the
    /// transaction that read the head, so two writers can never both link to the same record.
    public static func append(_ draft: AuditDraft, after head: AuditRecord?) -> AuditRecord {
        let sequence = (head?.sequence ?? 0) + 1
        let previous = head?.hash ?? genesisHash
        let h = hash(sequence: sequence, time: draft.time, kind: draft.kind, actor: draft.actor, subject: draft.subject,
                     payload: draft.payload, previousHash: previous)
        return AuditRecord(sequence: sequence, time: draft.time, kind: draft.kind, actor: draft.actor, subject: draft.subject,
                           payload: draft.payload, previousHash: previous, hash: h)
    }

    /// Appends several drafts in order after `head`.
    public static func append(_ drafts: [AuditDraft], after head: AuditRecord?) -> [AuditRecord] {
        var out: [AuditRecord] = []
        out.reserveCapacity(drafts.count)
        var last = head
        for d in drafts {
            let r = append(d, after: last)
            out.append(r)
            last = r
        }
        return out
    }

    /// Verifies a whole log (records in the order they were read, expected to start at sequence 1) and, when
    /// given, the anchors — (sequence, hash) pairs kept outside the store, e.g. sealed anchors or the hashes of an
    /// earlier export. Without anchors a rewritten tail (every hash from some record onwards recomputed) or a
    /// truncated tail is internally consistent and cannot be detected; with them it is.
    public static func verify(_ records: [AuditRecord], anchors: [AuditAnchor] = []) -> AuditVerification {
        var verifier = AuditChainVerifier(startingAfter: nil, anchorSequences: Set(anchors.map(\.sequence)))
        for r in records where !verifier.consume(r) { break }
        return verifier.finish(anchors: anchors)
    }
}

/// The outcome of verifying an audit log.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// Whether every check passed.
    public var ok: Bool
    /// How many records were checked before the first failure (all of them when `ok`).
    public var checked: Int
    /// The first record that cannot be trusted: the tampered one when it can be pinpointed, otherwise the earliest
    /// one that may have been changed (see ``reason``).
    public var firstBrokenSequence: Int64?
    /// Why verification failed, in words an auditor can act on.
    public var reason: String?
    /// The last record that verified.
    public var lastVerifiedSequence: Int64?
    /// Its hash (the head, when `ok`): an auditor keeps it as an anchor for the next verification.
    public var headHash: String?

    public init(ok: Bool, checked: Int, firstBrokenSequence: Int64? = nil, reason: String? = nil,
                lastVerifiedSequence: Int64? = nil, headHash: String? = nil) {
        self.ok = ok
        self.checked = checked
        self.firstBrokenSequence = firstBrokenSequence
        self.reason = reason
        self.lastVerifiedSequence = lastVerifiedSequence
        self.headHash = headHash
    }
}

/// Checks records one at a time, so a log far larger than memory can be verified page by page.
public struct AuditChainVerifier: Sendable {
    private var previous: AuditRecord?
    private var expectedSequence: Int64
    private var expectedPreviousHash: String
    private var checkedCount = 0
    private var failure: (sequence: Int64, reason: String)?
    /// The sequences whose verified hashes are remembered for the anchor check (every one when `nil`).
    private let anchorSequences: Set<Int64>?
    private var verifiedHashes: [Int64: String] = [:]

    /// Starts at the beginning of the log.
    public init() {
        self.init(startingAfter: nil, anchorSequences: nil)
    }

    /// Starts after a record already trusted (for verifying only the newer part of a log), and remembers the
    /// hashes at `anchorSequences` (all hashes when `nil`) for the anchor check in ``finish(anchors:)``.
    public init(startingAfter trusted: AuditRecord?, anchorSequences: Set<Int64>? = nil) {
        previous = trusted
        expectedSequence = (trusted?.sequence ?? 0) + 1
        expectedPreviousHash = trusted?.hash ?? AuditChain.genesisHash
        self.anchorSequences = anchorSequences
    }

    /// Whether verification has already failed.
    public var failed: Bool { failure != nil }

    /// Checks the next record; returns `false` once the chain is broken (further records are ignored).
    @discardableResult
    public mutating func consume(_ record: AuditRecord) -> Bool {
        guard failure == nil else { return false }
        if record.sequence != expectedSequence {
            if record.sequence > expectedSequence {
                let missing = expectedSequence == record.sequence - 1
                    ? "record \(expectedSequence) is missing"
                    : "records \(expectedSequence)…\(record.sequence - 1) are missing"
                failure = (expectedSequence, "\(missing) (deleted, or records reordered): found \(record.sequence) where \(expectedSequence) was expected")
            } else {
                failure = (expectedSequence, "record \(record.sequence) appears where \(expectedSequence) was expected (records reordered or duplicated)")
            }
            return false
        }
        let selfConsistent = AuditChain.expectedHash(of: record) == record.hash
        if record.previousHash != expectedPreviousHash {
            if selfConsistent, let previous {
                // This record still carries the original link, so it is the record before it whose hash changed.
                failure = (previous.sequence, "record \(previous.sequence) was rewritten: its hash no longer matches the link stored in record \(record.sequence)")
            } else {
                failure = (record.sequence, "record \(record.sequence) does not link to the record before it (previousHash altered)")
            }
            return false
        }
        if !selfConsistent {
            failure = (record.sequence, "record \(record.sequence) was modified: its content no longer matches its hash")
            return false
        }
        checkedCount += 1
        if anchorSequences?.contains(record.sequence) ?? true { verifiedHashes[record.sequence] = record.hash }
        previous = record
        expectedSequence = record.sequence + 1
        expectedPreviousHash = record.hash
        return true
    }

    /// The result, after checking the anchors against the verified records.
    ///
    /// An anchor whose sequence was verified but whose hash differs means the chain from some point on was
    /// rewritten consistently; the earliest record that may have been changed is the one after the last anchor
    /// that still matched. An anchor beyond the last record means the tail was cut off.
    public func finish(anchors: [AuditAnchor] = []) -> AuditVerification {
        let last = previous
        if let failure {
            return AuditVerification(ok: false, checked: checkedCount, firstBrokenSequence: failure.sequence, reason: failure.reason,
                                     lastVerifiedSequence: last?.sequence, headHash: last?.hash)
        }
        let lastSequence = last?.sequence ?? 0
        var lastGoodAnchor: Int64 = expectedSequence - Int64(checkedCount) - 1
        for anchor in anchors.sorted(by: { $0.sequence < $1.sequence }) {
            if anchor.sequence > lastSequence {
                return AuditVerification(
                    ok: false, checked: checkedCount, firstBrokenSequence: lastSequence + 1,
                    reason: "the log ends at record \(lastSequence) but an anchor exists for record \(anchor.sequence): records \(lastSequence + 1)…\(anchor.sequence) were deleted",
                    lastVerifiedSequence: last?.sequence, headHash: last?.hash)
            }
            guard let seen = verifiedHashes[anchor.sequence] else { continue }
            if seen != anchor.hash {
                let first = lastGoodAnchor + 1
                let span = first == anchor.sequence ? "record \(first) was rewritten" : "a record in \(first)…\(anchor.sequence) was rewritten"
                return AuditVerification(
                    ok: false, checked: checkedCount, firstBrokenSequence: first,
                    reason: "\(span) and the chain after it recomputed: record \(anchor.sequence) no longer has the anchored hash",
                    lastVerifiedSequence: last?.sequence, headHash: last?.hash)
            }
            lastGoodAnchor = anchor.sequence
        }
        return AuditVerification(ok: true, checked: checkedCount, lastVerifiedSequence: last?.sequence, headHash: last?.hash)
    }
}

/// A (sequence, hash) pair recorded outside the log's own storage, so that a consistently rewritten or truncated
/// tail is still detected. Vigil seals anchors with an HMAC key that is not kept in the store (``AuditSealer``);
/// an auditor can equally use the hashes of an earlier export.
public struct AuditAnchor: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var hash: String
    /// When the anchor was taken.
    public var time: EpochMillis
    /// HMAC-SHA256 (hex) over sequence and hash with the sealing key, when sealed.
    public var seal: String?

    public init(sequence: Int64, hash: String, time: EpochMillis, seal: String? = nil) {
        self.sequence = sequence
        self.hash = hash
        self.time = time
        self.seal = seal
    }

    /// An unsealed anchor for each record, e.g. from an auditor's earlier export.
    public static func fromRecords(_ records: [AuditRecord]) -> [AuditAnchor] {
        records.map { AuditAnchor(sequence: $0.sequence, hash: $0.hash, time: $0.time) }
    }
}

/// Seals and checks anchors with a secret key kept out of the database: someone who can rewrite the store cannot
/// forge a sealed anchor, so they cannot hide a rewrite behind a fresh one.
public struct AuditSealer: Sendable {
    private let key: SymmetricKey

    /// `secret` must be at least 32 bytes.
    public init(secret: [UInt8]) throws {
        guard secret.count >= 32 else { throw GovernanceError.invalidKey("the audit sealing key must be at least 32 bytes") }
        key = SymmetricKey(data: secret)
    }

    private func mac(sequence: Int64, hash: String) -> String {
        var bytes: [UInt8] = []
        Bytes.appendField("vigil.audit-anchor.v1", to: &bytes)
        Bytes.appendBigEndian(UInt64(bitPattern: sequence), to: &bytes)
        Bytes.appendField(hash, to: &bytes)
        return Bytes.hex(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
    }

    /// A sealed anchor for `record`.
    public func seal(_ record: AuditRecord, at time: EpochMillis) -> AuditAnchor {
        AuditAnchor(sequence: record.sequence, hash: record.hash, time: time, seal: mac(sequence: record.sequence, hash: record.hash))
    }

    /// Whether the anchor carries a valid seal made with this key.
    public func isAuthentic(_ anchor: AuditAnchor) -> Bool {
        guard let seal = anchor.seal, let given = Bytes.fromHex(seal),
              let expected = Bytes.fromHex(mac(sequence: anchor.sequence, hash: anchor.hash)) else { return false }
        return Bytes.constantTimeEqual(given, expected)
    }
}
