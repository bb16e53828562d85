/// A small deterministic generator for property and fuzz tests (SplitMix64), so every run sees the same cases.
struct TestRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A string of `length` picks from `alphabet`.
    mutating func string(from alphabet: [String], length: ClosedRange<Int>) -> String {
        var s = ""
        for _ in 0..<int(length) { s += pick(alphabet) }
        return s
    }
}

/// Characters that stress the escape scheme: every delimiter candidate, escape letters, line breaks, quotes,
/// non-ASCII text and emoji.
let nastyAlphabet: [String] = [
    "a", "b", "Z", "0", "9", " ", "\\", "=", "|", "^", "\t", "\n", "\r", "\r\n", "n", "t", "r", "x", "0x", ";",
    ",", "#", "\"", "'", "]", "[", "-", ":", "é", "日本", "😀", "\u{0}", "\u{7}", "~", "\\\\", "\\n", "=\\",
]

/// Header-safe characters (no `|`, CR or LF), but still with backslashes and unicode.
let headerAlphabet: [String] = ["A", "c", "m", "e", " ", "-", ".", "1", "\\", "\\\\", "é", "^", "=", "\t", "_", "日"]

/// Characters allowed in syslog header tokens by the encoder without sanitization.
let tokenAlphabet: [String] = ["a", "b", "c", "x", "1", "9", ".", "_", "é", "w"]
