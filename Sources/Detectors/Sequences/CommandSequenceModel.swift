#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The score of one session under a role's model.
public struct SequenceScore: Sendable, Hashable {
    /// log10 of the probability of the whole session, start and end tokens included.
    public var sessionLog10Likelihood: Double
    /// Geometric mean of the transition probabilities in the rarest window.
    public var rarestWindowGeometricMean: Double
    /// Product of the transition probabilities in the rarest window.
    public var rarestWindowLikelihood: Double
    /// Index of the rarest window's first transition (0 is the transition from the start token).
    public var rarestWindowStart: Int
    /// Transitions in a window.
    public var windowLength: Int
    /// The least likely transition in the rarest window: from, to, probability.
    public var rarestTransition: (from: String, to: String, probability: Double)
    /// Tokens of the session that the role's model had never seen.
    public var unseenTokens: [String]

    /// −log10 of the rarest window's geometric mean: 2 means the window's transitions average one in a hundred.
    public var rarity: Double { -log10(max(rarestWindowGeometricMean, 1e-300)) }

    public static func == (a: Self, b: Self) -> Bool {
        a.sessionLog10Likelihood == b.sessionLog10Likelihood && a.rarestWindowGeometricMean == b.rarestWindowGeometricMean
            && a.rarestWindowStart == b.rarestWindowStart && a.rarestTransition.from == b.rarestTransition.from
            && a.rarestTransition.to == b.rarestTransition.to && a.unseenTokens == b.unseenTokens
    }

    public func hash(into h: inout Hasher) {
        h.combine(sessionLog10Likelihood)
        h.combine(rarestWindowStart)
    }
}

/// A first-order Markov chain over command tokens for one role, with start and end tokens and Laplace (add-one)
/// smoothing over the vocabulary plus an unknown token — the model msticpy's `anomalous_sequence` uses for
/// commands only, so the two can be compared:
///
///     P(b | a) = (count(a → b) + 1) / (count(a → ·) + V),   V = known tokens + end + unknown
///
/// One addition: a transition that at least ``minimumUserSupport`` distinct users of the role have made is
/// established practice, and its probability is at least ``establishedFloor`` — so a new task that many in the
/// role have taken up is not rare just because it is new.
public struct CommandSequenceModel: Sendable {
    public static let startToken = "##START##"
    public static let endToken = "##END##"
    public static let unknownToken = "##UNK##"

    /// Distinct users a transition needs to count as established (nil: plain Laplace model).
    public var minimumUserSupport: Int?
    /// Least probability of an established transition.
    public var establishedFloor: Double
    /// Most distinct tokens learned; later new tokens stay unknown.
    public var maximumVocabulary: Int
    /// Most distinct transitions learned.
    public var maximumTransitions: Int

    /// Sessions learned.
    public private(set) var sessions = 0
    private var ids: [String: Int32] = [startToken: 0, endToken: 1, unknownToken: 2]
    private var names: [String] = [startToken, endToken, unknownToken]
    private var outgoing: [UInt32] = [0, 0, 0]
    private var transitions: [UInt64: Transition] = [:]

    struct Transition: Sendable {
        var count: UInt32 = 0
        /// Up to four distinct user hashes (0 = empty); support saturates at four.
        var users: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)

        var support: Int { (users.0 != 0 ? 1 : 0) + (users.1 != 0 ? 1 : 0) + (users.2 != 0 ? 1 : 0) + (users.3 != 0 ? 1 : 0) }

        mutating func addUser(_ u: UInt32) {
            let v = u == 0 ? 1 : u
            if users.0 == v || users.1 == v || users.2 == v || users.3 == v { return }
            if users.0 == 0 { users.0 = v } else if users.1 == 0 { users.1 = v } else if users.2 == 0 { users.2 = v } else if users.3 == 0 { users.3 = v }
        }
    }

    public init(minimumUserSupport: Int? = 3, establishedFloor: Double = 0.1, maximumVocabulary: Int = 20_000,
                maximumTransitions: Int = 200_000) {
        self.minimumUserSupport = minimumUserSupport
        self.establishedFloor = establishedFloor
        self.maximumVocabulary = maximumVocabulary
        self.maximumTransitions = maximumTransitions
    }

    /// Known tokens (without start, end and unknown).
    public var vocabularySize: Int { names.count - 3 }

    /// Whether the model has seen `token`.
    public func knows(_ token: String) -> Bool { ids[token].map { $0 > 2 } ?? false }

    @inline(__always)
    static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    private func id(_ token: String) -> Int32 { ids[token] ?? 2 }

    /// P(b | a) for token ids.
    func probability(_ a: Int32, _ b: Int32) -> Double {
        let v = Double(names.count - 1)  // every token but the start can follow
        let t = transitions[Self.key(a, b)]
        let p = (Double(t?.count ?? 0) + 1) / (Double(outgoing[Int(a)]) + v)
        if let minimum = minimumUserSupport, let t, t.support >= minimum { return max(p, establishedFloor) }
        return p
    }

    /// P(b | a) for tokens (unknown tokens map to the unknown token).
    public func probability(from a: String, to b: String) -> Double { probability(id(a), id(b)) }

    /// Learns one session of `user`.
    public mutating func learn(_ tokens: [String], user: String) {
        let u = UInt32(truncatingIfNeeded: stableHash(user.lowercased()))
        var previous: Int32 = 0
        for t in tokens + [Self.endToken] {
            var current = ids[t]
            if current == nil {
                if names.count - 3 < maximumVocabulary {
                    current = Int32(names.count)
                    ids[t] = current
                    names.append(t)
                    outgoing.append(0)
                } else {
                    current = 2
                }
            }
            let c = current ?? 2
            let k = Self.key(previous, c)
            if transitions[k] != nil || transitions.count < maximumTransitions {
                transitions[k, default: Transition()].count &+= 1
                transitions[k]?.addUser(u)
                outgoing[Int(previous)] &+= 1
            }
            previous = c
        }
        sessions += 1
    }

    /// Scores a session: its full likelihood and its rarest window of `window` transitions (over the sequence with
    /// start and end tokens; a shorter session is one window).
    public func score(_ tokens: [String], window: Int = 3) -> SequenceScore {
        let sequence = [Int32(0)] + tokens.map(id) + [Int32(1)]
        let labels = [Self.startToken] + tokens + [Self.endToken]
        var probabilities: [Double] = []
        probabilities.reserveCapacity(sequence.count - 1)
        for i in 0..<(sequence.count - 1) { probabilities.append(probability(sequence[i], sequence[i + 1])) }
        let logs = probabilities.map { log10($0) }
        let w = max(1, min(window, logs.count))
        var bestStart = 0
        var bestSum = Double.infinity
        var sum = logs.prefix(w).reduce(0, +)
        for start in 0...(logs.count - w) {
            if start > 0 { sum += logs[start + w - 1] - logs[start - 1] }
            if sum < bestSum - 1e-12 { bestSum = sum; bestStart = start }
        }
        var rare = bestStart
        for i in bestStart..<(bestStart + w) where probabilities[i] < probabilities[rare] { rare = i }
        let unseen = tokens.filter { !knows($0) }
        return SequenceScore(
            sessionLog10Likelihood: logs.reduce(0, +), rarestWindowGeometricMean: pow(10, bestSum / Double(w)),
            rarestWindowLikelihood: pow(10, bestSum), rarestWindowStart: bestStart, windowLength: w,
            rarestTransition: (labels[rare], labels[rare + 1], probabilities[rare]),
            unseenTokens: Array(Set(unseen)).sorted())
    }

    /// Distinct users (up to four) who made the transition.
    public func support(from a: String, to b: String) -> Int {
        guard let x = ids[a], let y = ids[b] else { return 0 }
        return transitions[Self.key(x, y)]?.support ?? 0
    }
}
