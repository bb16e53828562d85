import Governance

/// Turns pseudonyms back into the clear values QRadar knows, for Vigil's own writes, through
/// ``ReidentificationVault/reidentifyForWriteBack(_:findingID:)`` (each resolution is audited by the vault).
///
/// Without a vault (pseudonymisation off) values pass through unchanged.
struct Reidentifier: Sendable {
    let vault: ReidentificationVault?

    /// Why a value could not be re-identified.
    enum Failure: Error, Sendable {
        /// The vault has no mapping (or cannot open it): retrying will not help.
        case unresolvable(String)
    }

    /// The clear value of `value` when it is a pseudonym. A pseudonym the vault does not know throws
    /// ``Failure/unresolvable(_:)`` (or, without a vault, one that looks like a pseudonym is refused the same way:
    /// writing a pseudonym into QRadar would be meaningless). Other vault errors (its store) are thrown as they are.
    func clearValue(_ value: String, findingID: String) async throws -> String {
        guard Pseudonym.isPseudonym(value) else { return value }
        guard let vault else { throw Failure.unresolvable("\(value) is a pseudonym and no re-identification vault is configured") }
        do {
            return try await vault.reidentifyForWriteBack(value, findingID: findingID)
        } catch let error as GovernanceError where Self.isUnresolvable(error) {
            throw Failure.unresolvable(error.description)
        }
    }

    /// `value` re-identified, or unchanged when it is not a pseudonym or the vault does not know it.
    func clearValueIfKnown(_ value: String, findingID: String) async throws -> String {
        do {
            return try await clearValue(value, findingID: findingID)
        } catch is Failure {
            return value
        }
    }

    /// `text` with every pseudonym-shaped word replaced by its clear value; pseudonyms the vault does not know stay
    /// as they are. A word is a maximal run of ASCII letters, digits and `_`, so `user=u_v1_…,` finds the pseudonym.
    /// Each distinct pseudonym is resolved once.
    func reidentifyText(_ text: String, findingID: String) async throws -> String {
        guard vault != nil else { return text }
        let words = Self.pseudonymWords(in: text)
        guard !words.isEmpty else { return text }
        var resolved: [String: String] = [:]
        for word in Set(words.map(\.text)) {
            resolved[word] = try await clearValueIfKnown(word, findingID: findingID)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var cursor = text.startIndex
        for word in words {
            out += text[cursor..<word.range.lowerBound]
            out += resolved[word.text] ?? word.text
            cursor = word.range.upperBound
        }
        out += text[cursor...]
        return out
    }

    /// The pseudonym-shaped words of `text`, in order.
    static func pseudonymWords(in text: String) -> [(text: String, range: Range<String.Index>)] {
        var out: [(String, Range<String.Index>)] = []
        var start: String.Index?
        var index = text.startIndex
        func close(at end: String.Index) {
            guard let s = start else { return }
            start = nil
            let word = String(text[s..<end])
            // Cheapest test first: every pseudonym has two underscores and is 37 to 46 characters long.
            if word.utf8.count >= 37, word.utf8.count <= 46, Pseudonym.isPseudonym(word) { out.append((word, s..<end)) }
        }
        while index < text.endIndex {
            let c = text[index]
            if c.isASCII && (c.isLetter || c.isNumber || c == "_") {
                if start == nil { start = index }
            } else {
                close(at: index)
            }
            index = text.index(after: index)
        }
        close(at: text.endIndex)
        return out
    }

    static func isUnresolvable(_ error: GovernanceError) -> Bool {
        switch error {
        case .invalidPseudonym, .unknownPseudonym, .mappingUndecryptable, .unknownKeyVersion: return true
        default: return false
        }
    }
}
