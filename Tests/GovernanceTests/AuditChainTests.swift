import Testing
@testable import Governance

@Suite struct AuditChainTests {
    /// A chain of `n` records with varied kinds and payloads.
    static func chain(_ n: Int) -> [AuditRecord] {
        let kinds: [AuditKind] = [.inputBatch, .signal, .decision, .approval, .writeBack]
        let drafts = (0..<n).map { i in
            AuditDraft(time: 1_700_000_000_000 + Int64(i) * 1000, kind: kinds[i % kinds.count], actor: i % 3 == 0 ? "alice" : "vigil",
                       subject: "subject-\(i)", payload: ["n": .int(Int64(i)), "note": "record \(i)"])
        }
        return AuditChain.append(drafts, after: nil)
    }

    @Test func hashMatchesAnIndependentComputation() {
        // Expected values computed with Python's hashlib over the documented encoding (8-byte big-endian lengths).
        let r1 = AuditChain.append(AuditDraft(time: 1_700_000_000_000, kind: .signal, actor: "vigil", subject: "sig-1", payload: ["score": 0.5]), after: nil)
        #expect(r1.payload == #"{"score":0.5}"#)
        #expect(r1.previousHash == AuditChain.genesisHash)
        #expect(r1.hash == "11b2f6731d491f35fdd2cc379a40073c70a7628d994bceeb0fe774a16c951535")
        let r2 = AuditChain.append(AuditDraft(time: 1_700_000_000_001, kind: .decision, actor: "zoë", subject: "f-1", payload: ["mode": "assist"]), after: r1)
        #expect(r2.sequence == 2)
        #expect(r2.previousHash == r1.hash)
        #expect(r2.hash == "49003575001bf88429fd6da05d0cd6bc05d3056ff0e26759ccb70e5045a4d84f")
    }

    @Test func intactChainVerifies() {
        let records = Self.chain(20)
        let v = AuditChain.verify(records)
        #expect(v.ok)
        #expect(v.checked == 20)
        #expect(v.firstBrokenSequence == nil)
        #expect(v.lastVerifiedSequence == 20)
        #expect(v.headHash == records.last?.hash)
    }

    @Test func emptyLogVerifies() {
        let v = AuditChain.verify([])
        #expect(v.ok)
        #expect(v.checked == 0)
    }

    @Test(arguments: [1, 7, 20])
    func modifiedPayloadIsFound(at sequence: Int) {
        var records = Self.chain(20)
        records[sequence - 1].payload = #"{"n":999,"note":"edited"}"#
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == Int64(sequence))
        #expect(v.checked == sequence - 1)
        #expect(v.reason?.contains("modified") == true)
    }

    @Test func everyFieldIsCovered() {
        let base = Self.chain(3)
        let edits: [(inout AuditRecord) -> Void] = [
            { $0.time += 1 }, { $0.kind = .feedback }, { $0.actor = "mallory" }, { $0.subject = "other" },
            { $0.payload = "{}" }, { $0.sequence = 5 }, { $0.hash = String(repeating: "f", count: 64) },
        ]
        for edit in edits {
            var records = base
            edit(&records[1])
            #expect(!AuditChain.verify(records).ok)
        }
    }

    @Test func recordWhoseHashWasRecomputedIsNamed() {
        // Record 5 edited and its own hash recomputed; record 6 still links to the original hash, so 5 is named.
        var records = Self.chain(10)
        records[4].payload = #"{"n":4,"note":"quietly changed"}"#
        records[4].hash = AuditChain.expectedHash(of: records[4])
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 5)
        #expect(v.reason?.contains("rewritten") == true)
    }

    @Test func alteredLinkIsNamed() {
        var records = Self.chain(10)
        records[6].previousHash = String(repeating: "a", count: 64)
        let v = AuditChain.verify(records)
        #expect(v.firstBrokenSequence == 7)
    }

    @Test(arguments: [1, 5, 9])
    func deletedRecordIsFound(at sequence: Int) {
        var records = Self.chain(10)
        records.remove(at: sequence - 1)
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == Int64(sequence))
        #expect(v.reason?.contains("missing") == true)
    }

    @Test func deletedRangeIsReported() {
        var records = Self.chain(10)
        records.removeSubrange(3..<6)  // sequences 4, 5, 6
        let v = AuditChain.verify(records)
        #expect(v.firstBrokenSequence == 4)
        #expect(v.reason?.contains("4…6") == true)
    }

    @Test func deletionWithRenumberingIsFound() {
        // Delete record 4 and renumber the rest: sequences are contiguous again, but the links are not.
        var records = Self.chain(8)
        records.remove(at: 3)
        for i in 3..<records.count { records[i].sequence -= 1 }
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 4)
    }

    @Test func reorderedRecordsAreFound() {
        var records = Self.chain(10)
        records.swapAt(3, 4)  // sequences 4 and 5 swapped in the listing
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 4)
    }

    @Test func reorderedContentUnderOriginalSequencesIsFound() {
        // Swap the contents of records 4 and 5 but keep the sequence numbers in place.
        var records = Self.chain(10)
        var a = records[3], b = records[4]
        swap(&a.sequence, &b.sequence)
        records[3] = b
        records[4] = a
        let v = AuditChain.verify(records)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 4)
    }

    /// Rewrites every record from `from` (1-based) on, recomputing all hashes: internally consistent.
    static func rewriteTail(_ records: [AuditRecord], from: Int) -> [AuditRecord] {
        var out = Array(records[0..<(from - 1)])
        for r in records[(from - 1)...] {
            var d = AuditDraft(time: r.time, kind: r.kind, actor: r.actor, subject: r.subject, payload: [:])
            d.payload = r.sequence == Int64(from) ? #"{"forged":true}"# : r.payload
            out.append(AuditChain.append(d, after: out.last))
        }
        return out
    }

    @Test func rewrittenTailIsInvisibleWithoutAnchorsAndFoundWithThem() {
        let original = Self.chain(20)
        let forged = Self.rewriteTail(original, from: 12)
        #expect(forged[11].payload == #"{"forged":true}"#)
        // Without anything kept outside the log, a consistent rewrite verifies: this is why anchors exist.
        #expect(AuditChain.verify(forged).ok)

        // An auditor's earlier export: one anchor per record pinpoints the first rewritten record.
        let dense = AuditChain.verify(forged, anchors: AuditAnchor.fromRecords(original))
        #expect(!dense.ok)
        #expect(dense.firstBrokenSequence == 12)

        // Sparse anchors (every 5 records): the earliest record that may have changed is after the last good one.
        let sparse = [5, 10, 15, 20].map { AuditAnchor(sequence: Int64($0), hash: original[$0 - 1].hash, time: 0) }
        let v = AuditChain.verify(forged, anchors: sparse)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 11)
        #expect(v.reason?.contains("11…15") == true)
    }

    @Test func truncatedTailIsFoundWithAnAnchor() {
        let original = Self.chain(10)
        let truncated = Array(original.prefix(7))
        #expect(AuditChain.verify(truncated).ok)
        let v = AuditChain.verify(truncated, anchors: [AuditAnchor(sequence: 10, hash: original[9].hash, time: 0)])
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 8)
        #expect(v.reason?.contains("deleted") == true)
    }

    @Test func matchingAnchorsPass() {
        let records = Self.chain(10)
        let v = AuditChain.verify(records, anchors: [AuditAnchor(sequence: 4, hash: records[3].hash, time: 0),
                                                    AuditAnchor(sequence: 10, hash: records[9].hash, time: 0)])
        #expect(v.ok)
    }

    @Test func sealedAnchorsResistForgery() throws {
        let sealer = try AuditSealer(secret: TestKeys.bytes(40))
        let records = Self.chain(5)
        let anchor = sealer.seal(records[4], at: 99)
        #expect(sealer.isAuthentic(anchor))
        var moved = anchor
        moved.hash = String(repeating: "b", count: 64)
        #expect(!sealer.isAuthentic(moved))
        var unsealed = anchor
        unsealed.seal = nil
        #expect(!sealer.isAuthentic(unsealed))
        let other = try AuditSealer(secret: TestKeys.bytes(41))
        #expect(!other.isAuthentic(anchor))
        #expect(throws: GovernanceError.self) { try AuditSealer(secret: [1, 2, 3]) }
    }

    @Test func verifierCanResumeAfterATrustedRecord() {
        let records = Self.chain(10)
        var verifier = AuditChainVerifier(startingAfter: records[5])
        for r in records[6...] { verifier.consume(r) }
        #expect(verifier.finish().ok)
        var broken = AuditChainVerifier(startingAfter: records[5])
        for r in records[7...] { broken.consume(r) }
        #expect(broken.finish().firstBrokenSequence == 7)
    }

    @Test func storeVerificationUsesStoredSealedAnchors() async throws {
        let store = MemoryGovernanceStore()
        let sealer = try AuditSealer(secret: TestKeys.bytes(7))
        for i in 0..<12 {
            try await store.appendAudit(AuditDraft(time: Int64(i), kind: .signal, actor: "vigil", subject: "s\(i)", payload: ["i": .int(Int64(i))]))
        }
        try #require(try await AuditTools.anchorHead(store: store, sealer: sealer, at: 100) != nil)
        #expect(try await AuditTools.verify(store: store, sealer: sealer, pageSize: 5).ok)

        // Someone with write access rewrites from record 9 on and recomputes the chain; the sealed anchor at 12 catches it.
        let forged = Self.rewriteTail(store.records, from: 9)
        for r in forged where r.sequence >= 9 { store.tamper(r.sequence) { $0 = r } }
        let v = try await AuditTools.verify(store: store, sealer: sealer, pageSize: 5)
        #expect(!v.ok)
        #expect(v.firstBrokenSequence == 1)  // no earlier anchor: anything may have changed
        #expect(v.reason?.contains("12") == true)

        // A forged anchor (no valid seal) fails verification by itself.
        let head = try #require(try await store.auditHead())
        try await store.saveAuditAnchor(AuditAnchor(sequence: head.sequence, hash: head.hash, time: 200, seal: "00"))
        let forgedAnchor = try await AuditTools.verify(store: store, sealer: sealer)
        #expect(!forgedAnchor.ok)
        #expect(forgedAnchor.reason?.contains("seal") == true)
    }

    @Test func pagedStoreVerificationFindsTheSameBreakAsInMemory() async throws {
        let store = MemoryGovernanceStore()
        for i in 0..<23 {
            try await store.appendAudit(AuditDraft(time: Int64(i), kind: .decision, actor: "vigil", subject: "f\(i)", payload: [:]))
        }
        store.tamper(17) { $0.actor = "mallory" }
        let paged = try await AuditTools.verify(store: store, pageSize: 4)
        #expect(paged == AuditChain.verify(store.records))
        #expect(paged.firstBrokenSequence == 17)
    }
}
