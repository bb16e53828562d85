import Testing
import VigilCore
@testable import Governance

@Suite struct PseudonymizerTests {
    static func pseudonymizer(current: Int = 1, normalization: IdentifierNormalization = IdentifierNormalization()) throws -> Pseudonymizer {
        let ring = try PseudonymKeyRing(
            keys: [try PseudonymKey(version: 1, secret: TestKeys.bytes(0)), try PseudonymKey(version: 2, secret: TestKeys.bytes(100))],
            current: current)
        return Pseudonymizer(keyRing: ring, normalization: normalization)
    }

    @Test func matchesAnIndependentHMAC() throws {
        // Expected digests from Python's hmac/hashlib over the documented input (length-prefixed fields).
        let p = try Self.pseudonymizer()
        #expect(p.pseudonym(for: "alice", kind: .user).text == "u_v1_2c9ba3f4ded7e703b7c32ba0e93f8a0d")
        #expect(p.pseudonym(for: "alice", kind: .host).text == "h_v1_737852e1cbcce79c451466c8bad7aa39")
        #expect(p.pseudonym(for: "10.1.2.3", kind: .ip).text == "ip_v1_e1215ffc3e0dc3926b26807ea10af0f7")
        #expect(try p.pseudonym(for: "alice", kind: .user, keyVersion: 2).text == "u_v2_a3514b61f8f59f2ddf86cc31368b294b")
    }

    @Test func isDeterministicAndVersioned() throws {
        let v1 = try Self.pseudonymizer(current: 1)
        let v2 = try Self.pseudonymizer(current: 2)
        #expect(v1.pseudonym(for: "bob", kind: .user) == v1.pseudonym(for: "bob", kind: .user))
        let a = v1.pseudonym(for: "bob", kind: .user)
        let b = v2.pseudonym(for: "bob", kind: .user)
        #expect(a.keyVersion == 1 && b.keyVersion == 2)
        #expect(a.digest != b.digest)
        // Old keys stay usable for lookups after a rotation.
        #expect(try v2.pseudonym(for: "bob", kind: .user, keyVersion: 1) == a)
        #expect(throws: GovernanceError.unknownKeyVersion(3)) { try v2.pseudonym(for: "bob", kind: .user, keyVersion: 3) }
        #expect(v1.pseudonym(for: "bob", kind: .user) != v1.pseudonym(for: "bob2", kind: .user))
    }

    @Test func keysMustBeStrong() {
        #expect(throws: GovernanceError.self) { try PseudonymKey(version: 1, secret: TestKeys.bytes(0, count: 16)) }
        #expect(throws: GovernanceError.self) { try PseudonymKey(version: 0, secret: TestKeys.bytes(0)) }
        #expect(throws: GovernanceError.self) {
            try PseudonymKeyRing(keys: [try PseudonymKey(version: 1, secret: TestKeys.bytes(0))], current: 2)
        }
    }

    @Test func pseudonymTextParses() throws {
        let p = try Self.pseudonymizer().pseudonym(for: "ws-042", kind: .host)
        #expect(Pseudonym(parsing: p.text) == p)
        for bad in ["", "u_v1_xyz", "q_v1_2c9ba3f4ded7e703b7c32ba0e93f8a0d", "u_1_2c9ba3f4ded7e703b7c32ba0e93f8a0d",
                    "u_v0_2c9ba3f4ded7e703b7c32ba0e93f8a0d", "u_v1_2C9BA3F4DED7E703B7C32BA0E93F8A0D", "alice"] {
            #expect(Pseudonym(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func userSpellingsOfOneAccountAgree() throws {
        let norm = IdentifierNormalization(domainAliases: ["CORP": "corp.example.com"], homeDomains: ["corp.example.com"])
        let p = try Self.pseudonymizer(normalization: norm)
        let forms = ["alice", "Alice", " ALICE ", "CORP\\alice", "corp\\Alice", "alice@corp.example.com", "Alice@CORP.EXAMPLE.COM", "alice@CORP"]
        let pseudonyms = Set(forms.map { p.pseudonym(for: $0, kind: .user) })
        #expect(pseudonyms.count == 1)
        // Another domain is another account.
        #expect(p.pseudonym(for: "PARTNER\\alice", kind: .user) != p.pseudonym(for: "alice", kind: .user))
        #expect(norm.normalize("PARTNER\\Alice", as: .user) == "alice@partner")
        #expect(norm.normalize("alice@partner", as: .user) == "alice@partner")
    }

    @Test func withoutHomeDomainsTheDomainIsKept() {
        let norm = IdentifierNormalization()
        #expect(norm.normalize("CORP\\Alice", as: .user) == "alice@corp")
        #expect(norm.normalize("alice@Corp", as: .user) == "alice@corp")
        #expect(norm.normalize("Alice", as: .user) == "alice")
        #expect(norm.normalize("CORP\\", as: .user) == "corp\\")
    }

    @Test func hostsAndDevices() {
        let norm = IdentifierNormalization(hostSuffixes: ["corp.example.com", ".lab.example.com."])
        #expect(norm.normalize("WS-042.corp.example.com.", as: .host) == "ws-042")
        #expect(norm.normalize("db1.lab.example.com", as: .host) == "db1")
        #expect(norm.normalize("corp.example.com", as: .host) == "corp.example.com")
        #expect(norm.normalize("web.other.org", as: .host) == "web.other.org")
        #expect(norm.normalize(" Laptop-7 ", as: .device) == "laptop-7")
        #expect(norm.normalize(" CaseKept ", as: .other) == "CaseKept")
    }

    @Test(arguments: [
        ("10.001.002.003", "10.1.2.3"),
        ("192.168.0.1", "192.168.0.1"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::1%ETH0", "fe80::1%eth0"),
        ("[2001:db8::2]", "2001:db8::2"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("256.1.1.1", "256.1.1.1"),
        ("Not-An-IP", "not-an-ip"),
        ("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9"),
    ])
    func ipAddressesAreCanonical(_ input: String, _ expected: String) {
        #expect(IdentifierNormalization.normalizeIP(input) == expected)
    }

    @Test func eventFieldsFollowThePolicy() throws {
        let p = try Self.pseudonymizer()
        let event = Event(id: "ev-1", time: 1, kind: .authentication, user: "CORP\\Alice", sourceIP: "10.0.0.5", sourceHost: "WS-1",
                          destinationIP: "10.0.0.9", destinationHost: "ws-1", device: "Phone", outcome: .success,
                          properties: ["TargetUserName": "alice@corp", "Note": "kept"])
        let policy = PseudonymizationPolicy(fields: Set(PseudonymizedField.allCases), properties: ["TargetUserName": .user])
        let result = p.pseudonymize(event, policy: policy)
        let e = result.event
        #expect(e.user == p.pseudonym(for: "alice@corp", kind: .user).text)
        #expect(e.properties["TargetUserName"] == e.user)  // same account, same pseudonym
        #expect(e.sourceHost == e.destinationHost)  // WS-1 and ws-1
        #expect(e.sourceHost == p.pseudonym(for: "ws-1", kind: .host).text)
        #expect(e.sourceIP == p.pseudonym(for: "10.0.0.5", kind: .ip).text)
        #expect(e.device == p.pseudonym(for: "phone", kind: .device).text)
        #expect(e.properties["Note"] == "kept")
        #expect(e.id == event.id && e.time == event.time && e.kind == event.kind)
        // One mapping per distinct pseudonym, holding the normalised clear value.
        #expect(result.mappings.count == 5)
        #expect(Set(result.mappings.map(\.clearValue)) == ["alice@corp", "ws-1", "10.0.0.5", "10.0.0.9", "phone"])
        for m in result.mappings { #expect(m.pseudonym == p.pseudonym(for: m.clearValue, kind: m.pseudonym.kind)) }

        // Applying the policy again changes nothing.
        #expect(p.pseudonymize(e, policy: policy).event == e)
        #expect(p.pseudonymize(e, policy: policy).mappings.isEmpty)
    }

    @Test func narrowerPoliciesLeaveOtherFieldsClear() throws {
        let p = try Self.pseudonymizer()
        let event = Event(id: "ev-2", time: 1, kind: .networkFlow, user: "bob", sourceIP: "10.0.0.5", destinationIP: "8.8.8.8")
        let identities = p.pseudonymize(event, policy: .identitiesOnly).event
        #expect(identities.user != "bob")
        #expect(identities.sourceIP == "10.0.0.5")
        #expect(p.pseudonymize(event, policy: .none).event == event)
        let empty = Event(id: "ev-3", time: 1, kind: .other, user: "")
        #expect(p.pseudonymize(empty, policy: .default).event.user == "")
    }
}
