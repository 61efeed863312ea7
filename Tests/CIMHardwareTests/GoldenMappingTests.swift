import CIMHardware
import Testing

/// The mapping half against the ten CiMLoop runs (docs/cost-model.md, "Golden data"), fed with the golden per-action energies (ERT)
/// and per-instance areas (ART).
@Suite struct GoldenMappingTests {
    static let ids = GoldenMappingRun.ids

    func evaluate(_ run: GoldenMappingRun, options: EvaluationOptions = .standard) -> LayerCost {
        LayerEnergyModel.evaluate(run.layer, on: run.hardware, energies: run.energies, areas: run.areas,
                                  options: options)
    }

    @Test func tenRunsLoaded() {
        #expect(Self.ids.count == 10)
    }

    /// Every spatial factor (row, column, macro, tile, router group) and every temporal factor equals the
    /// loop bound Timeloop printed (imperfect splits print their full bound, e.g. `[0:8,6)` → 8).
    @Test(arguments: ids) func spatialFactorsMatchTimeloop(id: String) {
        let run = GoldenMappingRun.all[id]!
        let m = SpatialMapping.allocate(run.layer.shape, weightBits: run.layer.weightBits, on: run.hardware)
        let golden = run.timeloopFactors
        let levels: [(String, DimFactors)] = [("row", m.row), ("column", m.column), ("macro_in_tile", m.macroInTile),
                                              ("tile_in_chip", m.tileInChip), ("shared_router_group", m.routerGroup)]
        for (name, f) in levels {
            var ours: [String: Int] = [:]
            for d in MappingDim.allCases where f[d] > 1 { ours[d.description] = f[d] }
            #expect(ours == (golden[name] ?? [:]), "\(id) level \(name)")
        }
        var temporal: [String: Int] = [:]
        for d in [MappingDim.P, .Q, .N] where m.temporal[d] > 1 { temporal[d.description] = m.temporal[d] }
        #expect(temporal == (golden["temporal"] ?? [:]), "\(id) temporal")
    }

    /// Tolerance: cycles exact; utilisation to Timeloop's 2 printed decimals; MACs to 1e-9.
    @Test(arguments: ids) func cyclesUtilizationAndMACs(id: String) {
        let run = GoldenMappingRun.all[id]!
        let cost = evaluate(run)
        #expect(cost.feasible)
        #expect(cost.cycles == run.cycles)
        #expect(abs(cost.utilization_percent - run.utilization_percent) <= 0.005 + 1e-9,
                "\(id) utilisation \(cost.utilization_percent) vs \(run.utilization_percent)")
        #expect(mappingRelErr(cost.macs, run.macs) < 1e-9)
        #expect(mappingRelErr(cost.latency_s, Double(run.cycles) * run.hardware.baseLatency_s) < 1e-12)
    }

    /// Tolerance: every component 0.5 % (CiMLoop prints fJ/compute with 3 significant digits). Runs A and J
    /// have residual splits at the tile and router levels; Timeloop's residual accounting (average utilised
    /// instances, exact GLB coverage) brings them inside the same tolerance.
    @Test(arguments: ids) func componentEnergies(id: String) {
        let run = GoldenMappingRun.all[id]!
        let cost = evaluate(run)
        for c in CostComponent.allCases where c != .columnDrivers {
            let golden = run.componentEnergy_j[c.rawValue]!
            let err = mappingRelErr(cost.components_j[c], golden)
            #expect(err <= 0.005, "\(id) \(c.rawValue): \(cost.components_j[c]) vs \(golden) (\(err))")
        }
        #expect(cost.components_j.columnDrivers < 1e-18)
    }

    /// Tolerance: total energy and TOPS/W 0.25 % in all ten runs (measured ≤ 0.15 %; the spec's closed
    /// forms were +0.43 % for A and +3.0 % for J).
    @Test(arguments: ids) func totalEnergy(id: String) {
        let run = GoldenMappingRun.all[id]!
        let cost = evaluate(run)
        let err = mappingRelErr(cost.energy_j, run.energy_j)
        #expect(err <= 0.0025, "\(id) energy \(cost.energy_j) vs \(run.energy_j) (\(err))")
        #expect(mappingRelErr(cost.tops_per_w, run.tops_per_w) <= 0.0025)
    }

    /// Without exact residual accounting the largest-tile closed forms reproduce the residual errors of docs/cost-model.md, "Action counts" (A +0.43 %, J +3.0 %).
    @Test func closedFormResidualErrorsAsStated() {
        let options = EvaluationOptions(exactResiduals: false)
        let a = GoldenMappingRun.all["A_r18_02"]!, j = GoldenMappingRun.all["J_mbv3_05"]!
        let ea = evaluate(a, options: options).energy_j / a.energy_j - 1
        let ej = evaluate(j, options: options).energy_j / j.energy_j - 1
        #expect(abs(ea - 0.0043) < 0.001, "A closed-form error \(ea)")
        #expect(abs(ej - 0.030) < 0.002, "J closed-form error \(ej)")
    }

    /// Tolerance: area 0.1 % (ART × instance counts); TOPS/mm² 0.5 %.
    @Test(arguments: ids) func chipArea(id: String) {
        let run = GoldenMappingRun.all[id]!
        let area = ChipArea(areas: run.areas, hardware: run.hardware)
        #expect(mappingRelErr(area.area_mm2, run.area_mm2) < 0.001, "\(id) area \(area.area_mm2) vs \(run.area_mm2)")
        let cost = evaluate(run)
        #expect(mappingRelErr(cost.tops_per_mm2, run.tops_per_mm2) < 0.001)
    }

    /// Run E: Timeloop's mapper put P innermost (lower energy); forcing Q innermost costs ~3 % more.
    @Test func mapperChoosesLowerEnergyLoopOrder() {
        let e = GoldenMappingRun.all["E_r18_02_h2"]!
        let chosen = evaluate(e).energy_j
        let q = evaluate(e, options: EvaluationOptions(loopOrder: .qInnermost)).energy_j
        let p = evaluate(e, options: EvaluationOptions(loopOrder: .pInnermost)).energy_j
        #expect(chosen == p)
        #expect(q > p * 1.02)
    }
}
