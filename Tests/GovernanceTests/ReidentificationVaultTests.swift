import Testing
import VigilCore
@testable import Governance

@Suite struct ReidentificationVaultTests {
    struct Fixture {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(1_700_000_000_000)
        let pseudonymizer: Pseudonymizer
        let vault: ReidentificationVault

        init(mappingKeys: [Int: [UInt8]] = [1: TestKeys.bytes(200)], currentMappingKey: Int = 1) throws {
            pseudonymizer = try PseudonymizerTests.pseudonymizer()
            vault = ReidentificationVault(store: store, audit: store, cipher: try MappingCipher(keys: mappingKeys, current: currentMappingKey),
                                          clock: clock)
        }

        /// Pseudonymises an event the way the pipeline does and records its mappings.
        func ingest(user: String) async throws -> String {
            let result = pseudonymizer.pseudonymize(Event(id: "e", time: 0, kind: .authentication, user: user), policy: .default)
            try await vault.record(result.mappings)
            return try #require(result.event.user)
        }
    }

    @Test func analystGetsTheClearValueAndTheAttemptIsAudited() async throws {
        let f = try Fixture()
        let pseudonym = try await f.ingest(user: "CORP\\Dave")
        let clear = try await f.vault.reidentify(pseudonym, actor: "carol", role: .analyst, reason: "INC-1234 investigation")
        #expect(clear == "dave@corp")
        let audit = try #require(f.store.records.last)
        #expect(audit.kind == .reidentification)
        #expect(audit.actor == "carol")
        #expect(audit.subject == pseudonym)
        #expect(audit.payloadValue?["outcome"]?.stringValue == "granted")
        #expect(audit.payloadValue?["reason"]?.stringValue == "INC-1234 investigation")
        #expect(audit.payloadValue?["role"]?.stringValue == "analyst")
        // The clear value never enters the audit log.
        #expect(!f.store.records.contains { $0.payload.contains("dave") })
        #expect(AuditChain.verify(f.store.records).ok)
    }

    @Test(arguments: [Role.viewer, .engineer])
    func rolesWithoutThePermissionAreRefusedAndAudited(_ role: Role) async throws {
        let f = try Fixture()
        let pseudonym = try await f.ingest(user: "erin")
        await #expect(throws: GovernanceError.forbidden(role: role, permission: .reidentify)) {
            try await f.vault.reidentify(pseudonym, actor: "mallory", role: role, reason: "curious")
        }
        let audit = try #require(f.store.records.last)
        #expect(audit.actor == "mallory")
        #expect(audit.payloadValue?["outcome"]?.stringValue == "denied")
    }

    @Test func aReasonIsRequired() async throws {
        let f = try Fixture()
        let pseudonym = try await f.ingest(user: "erin")
        await #expect(throws: GovernanceError.reasonRequired) {
            try await f.vault.reidentify(pseudonym, actor: "carol", role: .analyst, reason: "  ")
        }
        #expect(f.store.records.last?.payloadValue?["outcome"]?.stringValue == "denied: no reason")
    }

    @Test func unknownAndMalformedPseudonymsAreAuditedToo() async throws {
        let f = try Fixture()
        let unknown = f.pseudonymizer.pseudonym(for: "nobody", kind: .user).text
        await #expect(throws: GovernanceError.unknownPseudonym(unknown)) {
            try await f.vault.reidentify(unknown, actor: "carol", role: .analyst, reason: "check")
        }
        await #expect(throws: GovernanceError.invalidPseudonym("alice")) {
            try await f.vault.reidentify("alice", actor: "carol", role: .analyst, reason: "check")
        }
        #expect(f.store.records.map { $0.payloadValue?["outcome"]?.stringValue } == ["unknown pseudonym", "invalid pseudonym"])
    }

    @Test func nothingIsRevealedWhenTheAuditWriteFails() async throws {
        let f = try Fixture()
        let pseudonym = try await f.ingest(user: "frank")
        f.store.setAuditFailing(true)
        await #expect(throws: MemoryGovernanceStore.AuditUnavailable.self) {
            try await f.vault.reidentify(pseudonym, actor: "carol", role: .analyst, reason: "INC-1")
        }
    }

    @Test func writeBackResolutionIsAuditedAsTheSystem() async throws {
        let f = try Fixture()
        let pseudonym = try await f.ingest(user: "grace")
        #expect(try await f.vault.reidentifyForWriteBack(pseudonym, findingID: "f-9") == "grace")
        let audit = try #require(f.store.records.last)
        #expect(audit.actor == "vigil")
        #expect(audit.payloadValue?["role"]?.stringValue == "system")
        #expect(audit.payloadValue?["reason"]?.stringValue == "write-back for finding f-9")
    }

    @Test func mappingIsEncryptedAndBoundToItsPseudonym() async throws {
        let f = try Fixture()
        let p1 = try await f.ingest(user: "heidi")
        let p2 = try await f.ingest(user: "ivan")
        let m1 = try #require(try await f.store.mapping(for: p1))
        #expect(!String(decoding: m1.sealed, as: UTF8.self).contains("heidi"))
        #expect(m1.pseudonymKeyVersion == 1 && m1.mappingKeyVersion == 1)

        // Moving heidi's blob under ivan's pseudonym fails authentication instead of revealing heidi.
        var moved = m1
        moved.pseudonym = p2
        f.store.setMapping(moved)
        await #expect(throws: GovernanceError.mappingUndecryptable(p2)) {
            try await f.vault.reidentify(p2, actor: "carol", role: .analyst, reason: "INC-2")
        }
        // A flipped bit is detected too.
        var flipped = m1
        flipped.sealed[flipped.sealed.count - 1] ^= 1
        f.store.setMapping(flipped)
        await #expect(throws: GovernanceError.mappingUndecryptable(p1)) {
            try await f.vault.reidentify(p1, actor: "carol", role: .analyst, reason: "INC-2")
        }
        #expect(throws: GovernanceError.self) { try MappingCipher(keys: [1: TestKeys.bytes(0, count: 16)], current: 1) }
    }

    @Test func rotationRekeysTheMappingAndKeepsOldPseudonymsResolvable() async throws {
        // Before: pseudonym key 1, mapping key 1.
        let before = try Fixture()
        var old: [String: String] = [:]
        for name in ["judy", "ken", "CORP\\Liz"] { old[name] = try await before.ingest(user: name) }

        // Rotate both keys: pseudonym key 2 becomes current, mapping key 2 seals from now on.
        let rotated = try PseudonymizerTests.pseudonymizer(current: 2)
        let vault2 = ReidentificationVault(
            store: before.store, audit: before.store,
            cipher: try MappingCipher(keys: [1: TestKeys.bytes(200), 2: TestKeys.bytes(150)], current: 2), clock: before.clock)

        await #expect(throws: GovernanceError.forbidden(role: .analyst, permission: .rotateKeys)) {
            try await vault2.rekey(with: rotated, actor: "carol", role: .analyst)
        }
        let report = try await vault2.rekey(with: rotated, actor: "root", role: .admin, pageSize: 2)
        #expect(report.examined == 3)
        #expect(report.newPseudonyms == 3)
        #expect(report.reencrypted == 3)
        for (name, oldPseudonym) in old {
            let expectedNew = rotated.pseudonym(for: name, kind: .user).text
            #expect(expectedNew.hasPrefix("u_v2_"))
            #expect(report.translations[oldPseudonym] == expectedNew)
            let clear = rotated.normalization.normalize(name, as: .user)
            #expect(try await vault2.reidentify(expectedNew, actor: "carol", role: .analyst, reason: "INC-3") == clear)
            #expect(try await vault2.reidentify(oldPseudonym, actor: "carol", role: .analyst, reason: "INC-3") == clear)
            #expect(try await before.store.mapping(for: oldPseudonym)?.mappingKeyVersion == 2)
        }
        // A second run has nothing left to do.
        let again = try await vault2.rekey(with: rotated, actor: "root", role: .admin)
        #expect(again.newPseudonyms == 0 && again.reencrypted == 0)

        // Retiring key 1 removes the old entries (and is audited); the new ones remain.
        #expect(try await vault2.retirePseudonymKey(version: 1, actor: "root", role: .admin) == 3)
        #expect(try await before.store.mapping(for: old["ken"]!) == nil)
        #expect(f(before.store.records.last) == "retire-pseudonym-key")
        #expect(AuditChain.verify(before.store.records).ok)
    }

    private func f(_ r: AuditRecord?) -> String? { r?.payloadValue?["change"]?.stringValue }
}
