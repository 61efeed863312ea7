import CIMHardware
import Foundation
import Testing

/// CACTI SRAM grid lookups, the plug-in's scaling rules and node rules.
@Suite struct CACTITests {
    static let sram = CACTISRAM(TestTechnology.parameters.cacti)

    /// Exact (1e-12 relative) at every grid point of the 32 nm sweep.
    @Test func exactAtGridPoints() throws {
        for p in try Fixtures.sweep("cacti_32nm_sweep.json") {
            let w = p["width"] as! Int, d = p["depth"] as! Int
            let v = Self.sram.lookup(width: w, depth: d, technology_nm: 32)
            #expect(isClose(v.read_pJ, p["read_pJ"] as! Double, rel: 1e-12), "\(w)x\(d)")
            #expect(isClose(v.write_pJ, p["write_pJ"] as! Double, rel: 1e-12))
            #expect(isClose(v.leak_W, p["leak_W"] as! Double, rel: 1e-12))
            #expect(isClose(v.area_um2, p["area_um2"] as! Double, rel: 1e-12))
            #expect(Self.sram.isInsideGrid(width: w, depth: d))
        }
    }

    /// Between grid points: power-law interpolation, i.e. the geometric mean at the log-midpoint, and the
    /// value lies between its neighbours (1e-12 relative).
    @Test func interpolatesBetweenGridPoints() {
        let a = Self.sram.lookup(width: 128, depth: 128, technology_nm: 32)
        let b = Self.sram.lookup(width: 128, depth: 256, technology_nm: 32)
        let m = Self.sram.lookup(width: 128, depth: 181, technology_nm: 32) // ≈ 128·√2
        let t = log(181.0 / 128) / log(2.0)
        #expect(isClose(m.read_pJ, a.read_pJ * pow(b.read_pJ / a.read_pJ, t), rel: 1e-12))
        #expect(m.read_pJ > a.read_pJ && m.read_pJ < b.read_pJ)
        #expect(m.area_um2 > a.area_um2 && m.area_um2 < b.area_um2)
        let c = Self.sram.lookup(width: 256, depth: 128, technology_nm: 32)
        let n = Self.sram.lookup(width: 192, depth: 128, technology_nm: 32)
        #expect(n.write_pJ > a.write_pJ && n.write_pJ < c.write_pJ)
        let s = log(192.0 / 128) / log(2.0)
        #expect(isClose(n.write_pJ, a.write_pJ * pow(c.write_pJ / a.write_pJ, s), rel: 1e-12))
    }

    /// The depth-32 grid points are CACTI's depth rule applied to depth 64 (energy × 0.5^0.78, area and leak
    /// × 0.5). Dropping them from the table, the rule reproduces them within 0.01 %.
    @Test func depthRuleReproducesDepth32Points() throws {
        let tech = try TechnologyParameters(entries: TestTechnology.entries { $0.component == "cacti_grid" && $0.parameter.hasSuffix("_d32") })
        let reduced = CACTISRAM(tech.cacti)
        for p in try Fixtures.sweep("cacti_32nm_sweep.json") where p["depth"] as! Int == 32 {
            let w = p["width"] as! Int
            #expect(!reduced.isInsideGrid(width: w, depth: 32))
            let v = reduced.lookup(width: w, depth: 32, technology_nm: 32)
            #expect(isClose(v.read_pJ, p["read_pJ"] as! Double, rel: 1e-4), "\(w): \(v.read_pJ)")
            #expect(isClose(v.write_pJ, p["write_pJ"] as! Double, rel: 1e-4))
            #expect(isClose(v.area_um2, p["area_um2"] as! Double, rel: 1e-4))
            #expect(isClose(v.leak_W, p["leak_W"] as! Double, rel: 1e-4))
        }
    }

    /// Width rule below the grid: energy × (0.7·r + 0.3), area × r (exact, 1e-12).
    @Test func widthRuleBelowGrid() {
        let g = Self.sram.lookup(width: 32, depth: 128, technology_nm: 32)
        let v = Self.sram.lookup(width: 16, depth: 128, technology_nm: 32)
        #expect(isClose(v.read_pJ, g.read_pJ * (0.7 * 0.5 + 0.3), rel: 1e-12))
        #expect(isClose(v.area_um2, g.area_um2 * 0.5, rel: 1e-12))
    }

    /// Node rules: exact table nodes, linear between, (t/22)^0.5 energy below 22 nm, (t/90)² above 90 nm.
    @Test func nodeRules() {
        let f32 = Self.sram.nodeFactors(32), f22 = Self.sram.nodeFactors(22), f45 = Self.sram.nodeFactors(45)
        #expect(f32.energy == 1 && f32.area == 1 && f32.leak == 1)
        let mid = Self.sram.nodeFactors(38.5)
        #expect(isClose(mid.energy, (f32.energy + f45.energy) / 2, rel: 1e-12))
        let f11 = Self.sram.nodeFactors(11)
        #expect(isClose(f11.energy, f22.energy * pow(0.5, 0.5), rel: 1e-12))
        #expect(isClose(f11.area, f22.area * 0.5, rel: 1e-12))
        #expect(isClose(f11.leak, f22.leak * pow(0.5, 0.5) * 0.79, rel: 1e-12))
        let f90 = Self.sram.nodeFactors(90), f180 = Self.sram.nodeFactors(180)
        #expect(isClose(f180.energy, f90.energy * 4, rel: 1e-12))
    }
}
