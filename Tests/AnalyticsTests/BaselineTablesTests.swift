@testable import Analytics
import Testing
import VigilCore

@Suite struct BaselineTablesTests {
    @Test func cappedMapEvictsTheLeastUsedValue() {
        var t = CategoricalTable(width: 3)
        t.addEntity()
        t.addEntity()
        t.observe(0, 10, weight: 5)
        t.observe(0, 11, weight: 1)
        t.observe(0, 12, weight: 3)
        #expect(t.distinctCount(0) == 3)
        #expect(t.observe(0, 13) == 0)  // new, replaces 11 (the least used)
        #expect(t.count(0, 11) == 0)
        #expect(t.count(0, 10) == 5)
        #expect(t.count(0, 13) == 1)
        #expect(t.total(0) == 10)
        // Entities do not share slots.
        #expect(t.count(1, 10) == 0)
        #expect(t.observe(0, 10) == 5)
    }

    @Test func forgettingDecaysAndDropsFadedValues() {
        var t = CategoricalTable(width: 4)
        t.addEntity()
        t.observe(0, 1, weight: 10)
        t.observe(0, 2, weight: 0.08)
        t.scale(0, by: 0.5)
        #expect(t.count(0, 1) == 5)
        #expect(t.count(0, 2) == 0)
        #expect(t.distinctCount(0) == 1)
        #expect(abs(t.total(0) - 5.04) < 1e-5)
    }

    @Test func hourOfWeekSmoothingWrapsAroundTheWeek() {
        var h = HourOfWeekTable()
        h.addEntity()
        h.observe(0, hour: 0, weight: 10)
        let kernel: [Float] = [0.5, 0.25]
        // Sunday 23:00 is next to Monday 00:00.
        #expect(h.smoothed(0, hour: 167, kernel: kernel) == 2.5)
        #expect(h.smoothed(0, hour: 0, kernel: kernel) == 5)
        #expect(h.smoothed(0, hour: 2, kernel: kernel) == 0)
    }

    @Test func volumeBaselineResistsOneHugeTransfer() {
        var v = VolumeTable()
        v.addEntity()
        for _ in 0..<50 { v.observe(0, .webUpload, bytes: 2_000_000) }
        v.observe(0, .webUpload, bytes: 5_000_000_000)
        let b = v.transfer(0, .webUpload)
        // Winsorised at 4 sd (with an sd floor of 0.25 in log space): the mean barely moves.
        #expect(abs(Double(b.mean) - log1p(2_000_000)) < 0.05)
        v.closeDay(0)
        #expect(v.daily(0, .webUpload).today == 0)
        #expect(v.daily(0, .webUpload).weight == 1)
    }

    @Test func countMinSketchNeverUndercounts() {
        var s = CountMinSketch(widthBits: 8)
        var r = SeededRandom(seed: 1)
        var truth: [UInt64: Float] = [:]
        for _ in 0..<2000 {
            let k = r.next() % 400
            let h = FeatureHash.mix(k)
            s.add(h)
            truth[h, default: 0] += 1
        }
        for (h, c) in truth { #expect(s.estimate(h) >= c) }
    }

    @Test func calibratedEvidenceGrowsWithSurprise() {
        var c = SurpriseCalibrator()
        for i in 0..<10_000 { c.record(Double(i % 10)) }
        let e3 = c.evidence(3), e9 = c.evidence(9), e30 = c.evidence(30)
        #expect(e3 < e9 && e9 < e30)
        // 10% of records are at 9 bits, smoothed by 1,000 prior observations with tail 2^-9.
        let expected9 = -log10((1_000 + 1_000 * pow(2.0, -9.0)) / 11_000)
        #expect(abs(e9 - expected9) < 0.01)
        // Just beyond everything seen the prior's tail (1,000 × 2^-9.5 of 11,000) decides ...
        #expect(abs(c.evidence(9.5) - -log10(1_000 * pow(2.0, -9.5) / 11_000)) < 1e-9)
        // ... but nothing is rarer than one in all observations.
        #expect(abs(e30 - log10(11_000)) < 1e-9)
    }

    @Test func memoryPerEntityIsSmallAndMeasured() {
        var org = SyntheticOrganisation()
        org.history(days: 3)
        let m = org.analytics.memory
        #expect(m.entities == 24)
        #expect(m.bytesPerEntity > 1_000 && m.bytesPerEntity < 4_096)
        #expect(m.baselineBytes >= m.bytesPerEntity * m.entities)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
