import Testing
import VigilCore
@testable import Governance

@Suite struct PermissionMatrixTests {
    /// The matrix as GOVERNANCE.md documents it, written out independently of the implementation.
    static let documented: [Permission: Set<Role>] = [
        .readFindings: [.viewer, .analyst, .engineer, .admin],
        .readApprovals: [.viewer, .analyst, .engineer, .admin],
        .requestResponseAction: [.analyst, .admin],
        .decideApproval: [.analyst, .admin],
        .reidentify: [.analyst, .admin],
        .submitFeedback: [.analyst, .engineer, .admin],
        .readConfiguration: [.analyst, .engineer, .admin],
        .verifyAudit: [.analyst, .engineer, .admin],
        .changeConfiguration: [.engineer, .admin],
        .manageModels: [.engineer, .admin],
        .manageTokens: [.admin],
        .rotateKeys: [.admin],
        .exportAudit: [.admin],
    ]

    @Test(arguments: Permission.allCases)
    func matrixMatchesTheDocumentation(_ permission: Permission) throws {
        let allowed = try #require(Self.documented[permission])
        for role in Role.allCases {
            #expect(PermissionMatrix.default.allows(role, permission) == allowed.contains(role), "\(role) \(permission)")
        }
    }

    @Test func requireThrowsForbidden() throws {
        #expect(throws: GovernanceError.forbidden(role: .engineer, permission: .reidentify)) {
            try PermissionMatrix.default.require(.engineer, .reidentify)
        }
        try PermissionMatrix.default.require(.admin, .reidentify)
        #expect(PermissionMatrix.default.permissions(of: .viewer) == [.readFindings, .readApprovals])
        let custom = PermissionMatrix(grants: [.viewer: [.verifyAudit]])
        #expect(custom.allows(.viewer, .verifyAudit))
        #expect(!custom.allows(.admin, .readFindings))
    }
}

@Suite struct APITokenTests {
    @Test func tokensAreShownOnceAndStoredHashed() throws {
        var rng = SeededRandom(seed: 7)
        let issued = try APITokens.issue(name: " soar ", role: .analyst, createdBy: "root", now: 1000, lifetime: 60_000, using: &rng)
        #expect(issued.token.hasPrefix("vgl_"))
        #expect(issued.token.utf8.count == 4 + 16 + 1 + 43)
        #expect(issued.record.name == "soar")
        #expect(issued.record.expiresAt == 61_000)
        #expect(APITokens.tokenID(of: issued.token) == issued.record.id)
        #expect(issued.record.hash == APITokens.hash(issued.token))
        #expect(!issued.record.hash.contains(issued.token))
        #expect(issued.record.hash.count == 64)
        // Nothing in the record lets one reconstruct the token.
        let recordText = "\(issued.record)"
        let secret = String(issued.token.split(separator: "_").last!)
        #expect(!recordText.contains(secret))

        var rng2 = SeededRandom(seed: 8)
        let other = try APITokens.issue(name: "x", role: .viewer, createdBy: "root", now: 0, lifetime: nil, using: &rng2)
        #expect(other.token != issued.token)
        #expect(throws: GovernanceError.self) { try APITokens.issue(name: " ", role: .viewer, createdBy: "r", now: 0, lifetime: nil, using: &rng2) }
        #expect(throws: GovernanceError.self) { try APITokens.issue(name: "x", role: .viewer, createdBy: "r", now: 0, lifetime: 0, using: &rng2) }
    }

    @Test func hashIsSHA256OfTheTokenText() {
        // From Python: hashlib.sha256(b"vgl_test").hexdigest()
        #expect(APITokens.hash("vgl_test") == "5239564efe46e0dcdf6ad6da11ae84ecf11b6a9bed09be3b2c5886544a35bf6f")
    }

    @Test func verificationChecksHashExpiryAndRevocation() throws {
        var rng = SeededRandom(seed: 1)
        let issued = try APITokens.issue(name: "n", role: .admin, createdBy: "r", now: 0, lifetime: 100, using: &rng)
        #expect(APITokens.verify(issued.token, against: issued.record, now: 99))
        #expect(!APITokens.verify(issued.token, against: issued.record, now: 100))
        var wrong = Array(issued.token)
        wrong[wrong.count - 1] = wrong[wrong.count - 1] == "A" ? "B" : "A"
        #expect(!APITokens.verify(String(wrong), against: issued.record, now: 1))
        var revoked = issued.record
        revoked.revokedAt = 50
        #expect(!APITokens.verify(issued.token, against: revoked, now: 1))
        #expect(Bytes.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Bytes.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Bytes.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func authenticatorGivesOneAnswerForEveryFailure() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(0)
        var rng = SeededRandom(seed: 3)
        let issued = try APITokens.issue(name: "console", role: .engineer, createdBy: "root", now: 0, lifetime: 1000, using: &rng)
        try await store.saveToken(issued.record)
        let auth = APITokenAuthenticator(store: store, clock: clock)
        let principal = try await auth.authenticate(issued.token)
        #expect(principal == APIPrincipal(tokenID: issued.record.id, name: "console", role: .engineer))

        var rng2 = SeededRandom(seed: 4)
        let unknown = try APITokens.issue(name: "u", role: .admin, createdBy: "r", now: 0, lifetime: nil, using: &rng2)
        for bad in ["", "Bearer x", "vgl_zz", unknown.token, issued.token + "x"] {
            await #expect(throws: GovernanceError.unauthenticated) { try await auth.authenticate(bad) }
        }
        clock.set(1000)
        await #expect(throws: GovernanceError.unauthenticated) { try await auth.authenticate(issued.token) }
        clock.set(10)
        #expect(try await store.revokeToken(id: issued.record.id, at: 10))
        #expect(try await !store.revokeToken(id: issued.record.id, at: 11))
        await #expect(throws: GovernanceError.unauthenticated) { try await auth.authenticate(issued.token) }
    }
}

@Suite struct FeedbackTests {
    @Test(arguments: [
        ("Non-Issue", FeedbackLabel.benign(.unspecified)),
        ("False-Positive, Tuned", .falsePositive),
        ("False-Positive (Tuned)", .falsePositive),
        ("false positive tuned", .falsePositive),
        ("Policy Violation", .policyViolation),
        ("POLICY-VIOLATION", .policyViolation),
    ])
    func qradarClosingReasons(_ text: String, _ label: FeedbackLabel) {
        #expect(ClosingReasonMapping.qradarDefault.label(forClosingReason: text) == label)
    }

    @Test func unknownReasonsNeedAMapping() {
        #expect(ClosingReasonMapping.qradarDefault.label(forClosingReason: "Confirmed Incident") == nil)
        let custom = ClosingReasonMapping.qradarDefault.adding("Confirmed Incident", as: .truePositive)
        #expect(custom.label(forClosingReason: "confirmed incident") == .truePositive)
        #expect(custom.label(forClosingReason: "Non-Issue") == .benign(.unspecified))
    }

    @Test func labelsRoundTripThroughTheirNames() throws {
        let all: [FeedbackLabel] = [.falsePositive, .truePositive, .policyViolation] + BenignTrigger.allCases.map(FeedbackLabel.benign)
        for label in all {
            #expect(FeedbackLabel(name: label.name) == label)
            let record = FeedbackRecord(id: "fb", label: label, source: .analyst, actor: "carol", time: 1)
            let json = try JSONValue.parse(AuditDraft.feedback(record).payload)
            #expect(json["label"]?.stringValue == label.name)
        }
        #expect(FeedbackLabel.benign(.maintenanceWindow).name == "benign:maintenance-window")
        #expect(FeedbackLabel(name: "benign:nonsense") == nil)
        #expect(FeedbackLabel(name: "benign") == .benign(.unspecified))
    }
}
