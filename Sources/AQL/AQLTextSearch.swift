/// `TEXT SEARCH '…'`: a small Lucene-like full-text query over the payload — terms, `"quoted phrases"`,
/// `AND`, `OR`, `NOT`, parentheses, `*`/`?` wildcards inside terms. Adjacent terms are ANDed. Matching is
/// case-insensitive substring matching. Malformed input never fails: stray operators and unbalanced
/// parentheses are read as leniently as possible.
struct AQLTextSearch: Sendable {
    indirect enum Node: Sendable {
        case term(AQLLikePattern)
        case and([Node])
        case or([Node])
        case not(Node)
        case always
    }

    let root: Node

    init(_ query: String) {
        var tokens: [String] = []
        var current = ""
        var inQuote = false
        for ch in query {
            if inQuote {
                if ch == "\"" {
                    tokens.append("\"" + current)
                    current = ""
                    inQuote = false
                } else {
                    current.append(ch)
                }
                continue
            }
            switch ch {
            case "\"":
                if !current.isEmpty { tokens.append(current); current = "" }
                inQuote = true
            case "(", ")":
                if !current.isEmpty { tokens.append(current); current = "" }
                tokens.append(String(ch))
            case " ", "\t", "\n", "\r":
                if !current.isEmpty { tokens.append(current); current = "" }
            default:
                current.append(ch)
            }
        }
        if inQuote { tokens.append("\"" + current) } else if !current.isEmpty { tokens.append(current) }
        var parser = Parser(tokens: tokens)
        root = parser.parseOr(depth: 0)
    }

    func matches(_ text: String) -> Bool { AQLTextSearch.eval(root, text) }

    private static func eval(_ n: Node, _ text: String) -> Bool {
        switch n {
        case .term(let p): return p.matches(text)
        case .and(let xs): return xs.allSatisfy { eval($0, text) }
        case .or(let xs): return xs.contains { eval($0, text) }
        case .not(let x): return !eval(x, text)
        case .always: return true
        }
    }

    private struct Parser {
        let tokens: [String]
        var i = 0

        mutating func parseOr(depth: Int) -> Node {
            var items = [parseAnd(depth: depth)]
            while i < tokens.count, tokens[i] == "OR" {
                i += 1
                items.append(parseAnd(depth: depth))
            }
            return items.count == 1 ? items[0] : .or(items)
        }

        mutating func parseAnd(depth: Int) -> Node {
            var items: [Node] = []
            while i < tokens.count, tokens[i] != "OR", tokens[i] != ")" {
                if tokens[i] == "AND" { i += 1; continue }
                items.append(parseUnary(depth: depth))
            }
            if items.isEmpty { return .always }
            return items.count == 1 ? items[0] : .and(items)
        }

        mutating func parseUnary(depth: Int) -> Node {
            if tokens[i] == "NOT" {
                i += 1
                if depth > 32 { return .always }
                guard i < tokens.count, tokens[i] != ")", tokens[i] != "OR" else { return .always }
                return .not(parseUnary(depth: depth + 1))
            }
            if tokens[i] == "(" {
                i += 1
                if depth > 32 {
                    // Too deep: read the rest as plain terms.
                    return .always
                }
                let inner = parseOr(depth: depth + 1)
                if i < tokens.count, tokens[i] == ")" { i += 1 }
                return inner
            }
            let t = tokens[i]
            i += 1
            if t.hasPrefix("\"") {
                return .term(AQLLikePattern("%" + escapeLike(String(t.dropFirst())) + "%", caseInsensitive: true))
            }
            let pattern = escapeLike(t).replacing("*", with: "%").replacing("?", with: "_")
            return .term(AQLLikePattern("%" + pattern + "%", caseInsensitive: true))
        }

        /// LIKE has no escape character, so literal `%`/`_` in a term match themselves approximately
        /// (as wildcards) — acceptable for a substring search.
        func escapeLike(_ s: String) -> String { s }
    }
}
