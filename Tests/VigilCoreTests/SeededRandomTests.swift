import Testing
@testable import VigilCore

@Suite struct SeededRandomTests {
    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsDiffer() {
        var a = SeededRandom(seed: 1), b = SeededRandom(seed: 2)
        let sa = (0..<16).map { _ in a.next() }, sb = (0..<16).map { _ in b.next() }
        #expect(sa != sb)
    }

    @Test func unitIntervalAndMoments() {
        var r = SeededRandom(seed: 7)
        var sum = 0.0, sumSq = 0.0
        let n = 200_000
        for _ in 0..<n {
            let u = r.nextUnit()
            #expect(u >= 0 && u < 1)
            sum += u; sumSq += u * u
        }
        let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
        // Uniform(0,1): mean 1/2, variance 1/12; tolerances are several standard errors.
        #expect(abs(mean - 0.5) < 0.005)
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    @Test func gaussianMoments() {
        var r = SeededRandom(seed: 11)
        var sum = 0.0, sumSq = 0.0
        let n = 200_000
        for _ in 0..<n { let g = r.nextGaussian(); sum += g; sumSq += g * g }
        let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
    }

    @Test func derivedStreamsAreIndependentOfEachOther() {
        let root = SeededRandom(seed: 99)
        var a = root.derived(1), b = root.derived(2), a2 = root.derived(1)
        let x = a.next(), y = b.next()
        #expect(x != y)
        #expect(x == a2.next())
    }
}
