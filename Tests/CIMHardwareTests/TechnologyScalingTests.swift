import CIMHardware
import Testing

@Suite struct TechnologyScalingTests {
    typealias TS = TechnologyScaling

    /// Nodes 7…130 nm in 0.5 nm steps.
    let sweep = stride(from: 7.0, through: 130.0, by: 0.5).map { $0 }

    @Test(arguments: TechnologyScaling.Rule.allCases)
    func identityAtEveryNode(rule: TechnologyScaling.Rule) {
        for n in sweep {
            #expect(abs(TS.energyFactor(rule, from: n, to: n) - 1) < 1e-12)
            #expect(abs(TS.areaFactor(rule, from: n, to: n) - 1) < 1e-12)
        }
    }

    /// Library plug-in tables: area factors from and to 7 nm are the matrix entries, other pairs within 3.5 %
    /// of the matrix (which is not a consistent ratio table); energy factors are exact ratios of node energies.
    @Test func logicExactAtTableNodes() {
        let nodes = TS.logicNodes_nm
        let last = nodes.count - 1
        for (i, from) in nodes.enumerated() {
            #expect(abs(TS.areaFactor(.logic, from: 7, to: from) / TS.logicAreaTable[last][i] - 1) < 1e-12)
            #expect(abs(TS.areaFactor(.logic, from: from, to: 7) * TS.logicAreaTable[last][i] - 1) < 1e-12)
            for (j, to) in nodes.enumerated() {
                #expect(abs(TS.areaFactor(.logic, from: from, to: to) / TS.logicAreaTable[i][j] - 1) < 0.035)
                let e = { (k: Int) in TS.logicEnergyCoefficients[k].a * 0.64 + TS.logicEnergyCoefficients[k].b * 0.8 + TS.logicEnergyCoefficients[k].c }
                #expect(abs(TS.energyFactor(.logic, from: from, to: to) - e(j) / e(i)) < 1e-12)
            }
        }
        // Spot values copied from the table: 65 → 7 nm area 0.039, 130 → 32 nm 0.072.
        #expect(abs(TS.areaFactor(.logic, from: 65, to: 7) - 1 / 25.0) < 1e-12)
        #expect(abs(TS.areaFactor(.logic, from: 32, to: 7) - 1 / 7.8) < 1e-12)
    }

    /// NeuroSim: the sense-amplifier energy ratio is the ratio of the per-level powers at NeuroSim nodes.
    @Test func adcExactAtNeuroSimNodes() {
        let p = TS.neurosimSensePowerPerLevel_uW
        for (i, from) in TS.neurosimNodes_nm.enumerated() {
            for (j, to) in TS.neurosimNodes_nm.enumerated() {
                #expect(abs(TS.energyFactor(.adc, from: from, to: to) - p[j] / p[i]) < 1e-12)
            }
        }
        #expect(abs(TS.energyFactor(.adc, from: 32, to: 7) - 0.35 / 3.0875) < 1e-12)
        #expect(abs(TS.areaFactor(.adc, from: 32, to: 16) - 0.25) < 1e-12)
    }

    /// The ADC rule's per-level powers are the same NeuroSim values the RRAM ADC model reads from
    /// `datasets/tech/neurosim_32nm.csv` (one source of truth, checked).
    @Test func adcTableMatchesTheTechnologyCSV() {
        let p = TestTechnology.parameters.neurosimADC
        for (node, power) in zip(TS.neurosimNodes_nm, TS.neurosimSensePowerPerLevel_uW) {
            guard let i = p.levelPowerNodes_nm.firstIndex(of: node) else {
                Issue.record("node \(node) nm missing from the CSV")
                continue
            }
            #expect(p.levelPower_uW[i] == power, "\(node) nm")
        }
    }

    /// hwcomp's CACTI node factors (the SRAM chip's buffers use them): exact at the CACTI table nodes, the
    /// plug-in's rules outside (energy ∝ √t and area ∝ t below 22 nm, both ∝ t² above 90 nm), monotone.
    @Test func cactiNodeFactorsExactAndMonotone() {
        let cacti = CACTISRAM(TestTechnology.parameters.cacti)
        let p = TestTechnology.parameters.cacti
        for (i, n) in p.nodeFactorNodes_nm.enumerated() {
            let f = cacti.nodeFactors(n)
            #expect(f.energy == p.energyFactors[i] && f.area == p.areaFactors[i])
        }
        let f22 = cacti.nodeFactors(22), f11 = cacti.nodeFactors(11)
        #expect(abs(f11.energy / f22.energy - 0.5.squareRoot()) < 1e-12)
        #expect(abs(f11.area / f22.area - 0.5) < 1e-12)
        let f90 = cacti.nodeFactors(90), f120 = cacti.nodeFactors(120)
        #expect(abs(f120.energy / f90.energy - (120.0 / 90) * (120.0 / 90)) < 1e-12)
        var last = (energy: 0.0, area: 0.0, leak: 0.0)
        for n in sweep {
            let f = cacti.nodeFactors(n)
            #expect(f.energy >= last.energy && f.area >= last.area, "CACTI at \(n) nm")
            last = f
        }
    }

    /// Scaling to a smaller node never costs more energy or area, for every rule and reference node.
    @Test(arguments: TechnologyScaling.Rule.allCases)
    func monotoneInTargetNode(rule: TechnologyScaling.Rule) {
        for from in [7.0, 22, 32, 65, 130] {
            var lastE = 0.0, lastA = 0.0
            for to in sweep {
                let e = TS.energyFactor(rule, from: from, to: to), a = TS.areaFactor(rule, from: from, to: to)
                #expect(e >= lastE - 1e-15 && a >= lastA - 1e-15, "\(rule) \(from)→\(to)")
                lastE = e
                lastA = a
            }
        }
    }

    /// Every component of every macro moves with its rule; a 65 nm macro shrinks and saves energy at 7 nm.
    @Test(arguments: SRAMMacroDesign.allCases)
    func macrosScaleAcrossNodes(design: SRAMMacroDesign) {
        let m = SRAMMacro.published(design)
        var p = m.referencePoint
        let ref = m.evaluate(p)
        for node in [7.0, 14, 22, 32, 45, 65, 90, 130] {
            p.technology_nm = node
            let ev = m.evaluate(p)
            #expect(ev.technology_nm == node)
            for (c, r) in zip(ev.components, ref.components) {
                #expect(abs(c.energy_pJ - r.energy_pJ * TS.energyFactor(c.rule, from: m.referenceTechnology_nm, to: node)) <= 1e-9 * max(1, r.energy_pJ))
                #expect(abs(c.area_um2 - r.area_um2 * TS.areaFactor(c.rule, from: m.referenceTechnology_nm, to: node)) <= 1e-9 * max(1, r.area_um2))
            }
            if node < m.referenceTechnology_nm {
                #expect(ev.energyPerMVM_pJ <= ref.energyPerMVM_pJ && ev.area_um2 <= ref.area_um2)
            }
            // Cycle time is not scaled (no delay table in the sources).
            #expect(ev.latencyPerMVM_s == ref.latencyPerMVM_s)
        }
    }
}
