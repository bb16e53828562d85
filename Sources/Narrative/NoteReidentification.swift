import Governance

/// Re-identification of finding text for Vigil's own write-back, done safely for the AQL in it.
///
/// Notes and narratives name entities by pseudonym (`u_v1_…`). Before a note goes to QRadar, the write-back
/// resolves the pseudonyms (``pseudonyms(in:)``, then `ReidentificationVault.reidentifyForWriteBack` for each,
/// audited) and substitutes them with ``reidentify(_:names:)``. A plain text replacement would break a hunt
/// query when a real name contains a quote (`o'brien`), so lines that start with `AQL: ` (after indentation) are
/// treated as AQL: inside a single-quoted literal the name's quotes are doubled.
public enum NoteReidentification {
    /// Marker that starts a line holding one AQL query in notes and narratives.
    public static let aqlLinePrefix = "AQL: "

    /// The distinct pseudonyms in `text`, in order of first appearance.
    public static func pseudonyms(in text: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        forEachToken(in: text) { token in
            if Pseudonym.isPseudonym(token), seen.insert(token).inserted { out.append(token) }
        }
        return out
    }

    /// `text` with every pseudonym found in `names` replaced by its value; pseudonyms without a name stay.
    public static func reidentify(_ text: String, names: [String: String]) -> String {
        guard !names.isEmpty else { return text }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            lines.append(trimmed.hasPrefix(aqlLinePrefix) ? reidentifyAQL(String(line), names: names) : replaceTokens(String(line), names: names))
        }
        return lines.joined(separator: "\n")
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }

    static func forEachToken(in text: String, _ body: (String) -> Void) {
        var token = ""
        for c in text {
            if isTokenCharacter(c) {
                token.append(c)
            } else if !token.isEmpty {
                body(token)
                token = ""
            }
        }
        if !token.isEmpty { body(token) }
    }

    static func replaceTokens(_ text: String, names: [String: String], quoteDoubling: Bool = false) -> String {
        var out = ""
        var token = ""
        func flush() {
            if let name = names[token], Pseudonym.isPseudonym(token) {
                out += quoteDoubling ? doubled(name) : name
            } else {
                out += token
            }
            token = ""
        }
        for c in text {
            if isTokenCharacter(c) { token.append(c) } else { flush(); out.append(c) }
        }
        flush()
        return out
    }

    static func doubled(_ s: String) -> String {
        var out = ""
        for c in s { if c == "'" { out += "''" } else { out.append(c) } }
        return out
    }

    /// Replaces pseudonyms in an AQL line, doubling quotes of names that land inside single-quoted literals.
    static func reidentifyAQL(_ line: String, names: [String: String]) -> String {
        var out = ""
        var segment = ""
        var inLiteral = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                if inLiteral, i + 1 < chars.count, chars[i + 1] == "'" {
                    segment += "''"
                    i += 2
                    continue
                }
                out += replaceTokens(segment, names: names, quoteDoubling: inLiteral)
                segment = ""
                out.append(c)
                inLiteral.toggle()
            } else {
                segment.append(c)
            }
            i += 1
        }
        out += replaceTokens(segment, names: names, quoteDoubling: inLiteral)
        return out
    }
}
