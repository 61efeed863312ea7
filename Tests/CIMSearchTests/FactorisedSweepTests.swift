@testable import CIMSearch
import CIMHardware
import CIMWorkload
import Foundation
import Testing

/// The factorised sweep (count profiles per organisation, component energies priced once per group key by
/// the ledger) against the per-design evaluator (every chip prepared, every layer's ledger priced).
///
/// Exactness is by construction, and checked here bit for bit: each memoised component energy is computed by
/// `CostLedger.price` + `components_j` from the same count profile and the same `ActionEnergies` as the chip's
/// own ledger (a group key holds every input its component model reads), a layer's energy is the same
/// `ComponentValues.total` of the same eight numbers, and the design totals are the same `DesignTotals` sums
/// in layer order. No tolerance: every stored field must have the same bits.
///
/// Sample: `CIMNAS_FACTORISED_DESIGNS` designs (default 24,000 in `make test`; `make test-factorised` runs
/// 120,000), drawn with a fixed seed over three spaces (incl. `cimnas-rram-extended`): random organisations,
/// and inside each a run of consecutive sweep indices (as a sweep visits them) or random chips of it (every
/// electrical knob varies, the pricer's tables are reused), plus single random chips.
@Suite struct FactorisedSweepTests {
    static var designCount: Int {
        Int(ProcessInfo.processInfo.environment["CIMNAS_FACTORISED_DESIGNS"] ?? "") ?? 24_000
    }

    /// Bits of every stored field of a design row, and the chip's area breakdown.
    static func bits(_ p: PrecomputedPoint) -> [UInt64] {
        let r = p.result
        var out = [r.energy_j, r.latency_s, r.area_mm2, r.macs, r.accuracyScore, r.top1_percent,
                   r.meanLayerTOPSPerW, r.meanLayerTOPSPerMM2].map(\.bitPattern)
        out.append(UInt64(bitPattern: Int64(r.capacityShortfallCells)))
        if let a = p.chipArea {
            for c in CostComponent.allCases { out.append(a.components_mm2[c].bitPattern); out.append(a.instances[c].bitPattern) }
        }
        return out
    }

    @Test func factorisedEqualsPerDesignBitForBit() throws {
        let target = Self.designCount
        let spaces = ["cimnas-rram-extended", "cimnas-rram-32nm", "cimnas-rram-32nm-paper"]
        let model = try CIMLoopCostModel.default32nm(mode: .default)
        let network = PrecomputeNetwork(design: CIMNASBaseline.design, mode: .default, accuracyModel: AnalyticAccuracyModel())
        let evaluator = PrecomputeEvaluator(model: model, mode: .default, network: network)
        let base = CIMNASBaseline.design.hardware
        var g = SearchRandom(seed: 22)
        var compared = 0, feasible = 0, infeasible = 0, mismatches: [String] = []
        var prepared = 0
        for (s, name) in spaces.enumerated() {
            let subspace = try HardwareSubspace(space: try SearchSpace.named(name))
            let share = s == 0 ? target / 2 : target / 4
            var done = 0
            var cache = ProfileCache()
            var referenceProfile: NetworkProfile?
            while done < share {
                // A run of consecutive indices inside one organisation (as a sweep visits them), random chips of
                // one organisation (every electrical knob varies), or (one time in five) a single chip.
                let kind = g.nextInt(below: 5)
                let run = kind == 0 ? 1 : min(share - done, 200 + g.nextInt(below: 1_800))
                let org = subspace.organisationSize
                let first = g.nextInt(below: subspace.count / org) * org
                let start = first + g.nextInt(below: max(1, org - run))
                let indices = kind % 2 == 1 ? (0..<run).map { _ in first + g.nextInt(below: org) }
                    : Array(start..<min(subspace.count, start + run))
                for i in indices {
                    let hw = subspace.hardware(i, base: base)
                    let fast = evaluator.evaluate(hw, cache: &cache, storeLayers: false)
                    // The reference maps the organisation itself (its own profile) and prices this chip alone.
                    if referenceProfile?.key != MappingKey(hw) { referenceProfile = evaluator.profile(hw) }
                    let reference = evaluator.evaluatePerDesign(hw, profile: referenceProfile!, storeLayers: false)
                    if Self.bits(fast) != Self.bits(reference) || fast.result.infeasibleReason != reference.result.infeasibleReason
                        || fast.hardwareKey != reference.hardwareKey {
                        if mismatches.count < 5 { mismatches.append("\(name) #\(i): \(fast.result) vs \(reference.result)") }
                    }
                    // The archive's metrics-only path agrees with the row.
                    let m = evaluator.metrics(hw, cache: &cache)
                    if let m {
                        if [m.energy_j, m.latency_s, m.area_mm2].map(\.bitPattern)
                            != [reference.result.energy_j, reference.result.latency_s, reference.result.area_mm2].map(\.bitPattern)
                            || !reference.result.isEvaluated {
                            if mismatches.count < 5 { mismatches.append("\(name) #\(i): metrics \(m) vs \(reference.result)") }
                        }
                    } else if reference.result.isEvaluated {
                        if mismatches.count < 5 { mismatches.append("\(name) #\(i): metrics nil for a feasible design") }
                    }
                    if reference.result.isEvaluated { feasible += 1 } else { infeasible += 1 }
                    compared += 1
                    done += 1
                }
            }
            prepared += (Array(cache.others.values) + (cache.last.map { [$0] } ?? [])).reduce(0) { $0 + $1.pricer.prepared }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(compared >= target)
        // Both kinds occur, so both branches are compared.
        #expect(feasible > compared / 10 && infeasible > compared / 20, "feasible \(feasible), infeasible \(infeasible)")
        #expect(prepared > 0)
    }

    /// The pricer prepares one chip per new group key, not one per chip: inside one organisation of
    /// cimnas-rram-extended (40,320 chips, 7 GLB depths) it prepares at most one chip in ten.
    @Test func pricerReusesComponentEnergies() throws {
        let subspace = try HardwareSubspace(space: try SearchSpace.named("cimnas-rram-extended"),
                                            fix: "bits_per_cell=4,rows=128,cols=128,router_group=8,tiles_per_chip=16,macros_per_tile=16")
        let network = PrecomputeNetwork(design: CIMNASBaseline.design, mode: .default, accuracyModel: AnalyticAccuracyModel())
        let evaluator = PrecomputeEvaluator(model: try CIMLoopCostModel.default32nm(mode: .default), mode: .default,
                                            network: network)
        var cache = ProfileCache()
        var feasible = 0
        for i in 0..<subspace.count {
            if evaluator.metrics(subspace.hardware(i, base: CIMNASBaseline.design.hardware), cache: &cache) != nil { feasible += 1 }
        }
        var profiles = Array(cache.others.values)
        if let last = cache.last { profiles.append(last) }
        let prepared = profiles.reduce(0) { $0 + $1.pricer.prepared }
        #expect(subspace.count == 40_320 && profiles.count == 7)
        #expect(feasible > 0)
        #expect(prepared * 10 <= subspace.count, "prepared \(prepared) chips")
    }

    /// The cursor's chips equal `HardwareSubspace.hardware(_:base:)` at every index, stepping and seeking.
    @Test func cursorWalksTheSubspace() throws {
        let subspace = try HardwareSubspace(space: try SearchSpace.named("cimnas-rram-extended"),
                                            fix: "bits_per_cell=4,rows=128,cols=64,router_group=4,tiles_per_chip=16")
        let base = CIMNASBaseline.design.hardware
        var cursor = SubspaceCursor(subspace, base: base)
        var differ = 0
        for i in 0..<subspace.count {
            cursor.move(to: i)
            if cursor.hardware != subspace.hardware(i, base: base) || cursor.digits != subspace.digits(i) { differ += 1 }
        }
        var g = SearchRandom(seed: 5)
        for _ in 0..<2_000 {
            let i = g.nextInt(below: subspace.count)
            cursor.move(to: i)
            if cursor.hardware != subspace.hardware(i, base: base) { differ += 1 }
        }
        #expect(subspace.count == 6 * 40_320)
        #expect(differ == 0)
    }

    /// The archive of batches pre-filtered by siblings equals the archive of every design (fronts, per-value
    /// statistics), and the filter leaves most feasible designs out.
    @Test func siblingFilterKeepsTheArchiveExact() throws {
        let subspace = try HardwareSubspace(space: try SearchSpace.named("cimnas-rram-extended"),
                                            fix: "bits_per_cell=4,rows=128,cols=128,tiles_per_chip=16,macros_per_tile=16,router_group=8")
        let base = CIMNASBaseline.design.hardware
        let network = PrecomputeNetwork(design: CIMNASBaseline.design, mode: .default, accuracyModel: AnalyticAccuracyModel())
        let evaluator = PrecomputeEvaluator(model: try CIMLoopCostModel.default32nm(mode: .default), mode: .default,
                                            network: network)
        let counts = subspace.knobs.map(\.values.count)
        var cache = ProfileCache()
        let top1 = (try? network.accuracy.get())?.top1_percent
        var feasible: [ParetoArchive.Point] = [], infeasible: [Int] = []
        for i in 0..<subspace.count {
            if let m = evaluator.metrics(subspace.hardware(i, base: base), cache: &cache) {
                feasible.append(ParetoArchive.Point(index: i, energy_j: m.energy_j, latency_s: m.latency_s,
                                                    area_mm2: m.area_mm2, top1_percent: top1))
            } else {
                infeasible.append(i)
            }
        }
        var whole = ParetoArchive(knobCounts: counts)
        whole.add(feasible: feasible, infeasible: infeasible)
        let schedule = try PrecomputeSchedule(mode: .exhaustive, subspace: subspace, samples: 0, seed: 0)
        var filtered = ParetoArchive(knobCounts: counts)
        var kept = 0
        var lo = 0
        for size in [7_001, 20_000, 100_000] where lo < subspace.count {
            let hi = min(subspace.count, lo + size)
            let b = Precomputer.archiveMetrics(lo..<hi, schedule: schedule, shard: .whole, block: subspace.organisationSize,
                                               base: base, evaluator: evaluator, workers: 2)
            kept += b.feasible.count
            filtered.add(candidates: b.feasible, counted: b.counted!)
            lo = hi
        }
        #expect(lo == subspace.count && feasible.count > 10_000)
        #expect(filtered == whole)
        #expect(kept * 2 < feasible.count, "kept \(kept) of \(feasible.count)")
    }
}
