import Testing

@testable import Narrative

@Suite struct NarrativeTextTests {
    /// A shortened line must not end in half a pseudonym: write-back re-identifies whole pseudonyms only, so half of
    /// one would reach QRadar as it is.
    @Test func shorteningNeverCutsAWordInHalf() {
        let pseudonym = "u_v1_972628f865224571e0fdca2b1c3d4e5f"
        let text = "Lateral movement from lt-sin-00043 over SMB/network logon as " + pseudonym + " to three servers"
        for limit in 20..<text.count {
            let line = NarrativeText.singleLine(text, limit: limit)
            #expect(line.count <= limit)
            let words = line.dropLast().split(separator: " ")
            #expect(words.allSatisfy { text.split(separator: " ").contains($0) }, "cut inside a word at \(limit): \(line)")
            #expect(!line.contains("u_v1_") || line.contains(pseudonym))
        }
        #expect(NarrativeText.singleLine("short  text", limit: 50) == "short text")
    }
}
