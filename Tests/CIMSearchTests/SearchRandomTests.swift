@testable import CIMSearch
import Testing

@Suite struct SearchRandomTests {
    @Test func sameSeedSameStreamAndStateRoundTrips() throws {
        var a = SearchRandom(seed: 42)
        var b = SearchRandom(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
        var c = try #require(SearchRandom(state: a.state))
        #expect(a.next() == c.next())
        var d = SearchRandom(seed: 43)
        #expect(SearchRandom(seed: 42).state != d.state)
        _ = d.next()
    }

    @Test func knownFirstOutputsForSeedOne() {
        // Reference values from an independent SplitMix64 + xoshiro256** implementation (Python), so
        // results stay identical on every platform and release.
        var sm = SplitMix64(state: 1)
        #expect(sm.next() == 0x910A_2DEC_8902_5CC1)
        var r = SearchRandom(seed: 1)
        #expect([r.next(), r.next(), r.next()] == [0xB3F2_AF6D_0FC7_10C5, 0x853B_5596_4736_4CEA, 0x92F8_9756_082A_4514])
    }

    @Test func unitAndIntRangesAndUniformity() {
        var r = SearchRandom(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let u = r.nextUnit()
            #expect(u >= 0 && u < 1)
            counts[r.nextInt(below: 6)] += 1
        }
        for c in counts { #expect(abs(c - 10_000) < 400) }
    }

    @Test func permutationIsAPermutation() {
        var r = SearchRandom(seed: 3)
        let p = r.permutation(50)
        #expect(p.sorted() == Array(0..<50))
        #expect(p != Array(0..<50))
    }

    @Test func splitStreamsDiffer() {
        var parent = SearchRandom(seed: 9)
        var child = parent.split()
        let xs = (0..<8).map { _ in parent.next() }
        let ys = (0..<8).map { _ in child.next() }
        #expect(Set(xs).isDisjoint(with: ys))
    }
}
