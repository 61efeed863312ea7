import CIMAccuracy
import CIMData
import CIMHardware
import CIMWorkload
import Foundation

/// Operating points for the SRAM macro figure: the four published macros at varied voltages, bit widths
/// and nodes (about a third at the reference node, the rest scaled).
func sramMacroPoints(count: Int) -> [(SRAMMacro, SRAMOperatingPoint)] {
    var rng = PredictorRNG(seed: 7)
    let volts: [SRAMMacroDesign: [Double]] = [.sinangil: [0.65, 0.8, 0.9, 1.0], .wang: [0.7, 0.9, 1.1],
                                              .jia: [0.85, 1.0, 1.2], .colonnade: [0.6, 0.7, 0.8]]
    let nodes: [Double?] = [nil, 7, 22, 32, 45, 65, 130]
    return (0..<count).map { _ in
        let d = SRAMMacroDesign.allCases[Int(rng.next() % 4)]
        let m = SRAMMacro.published(d)
        let vs = volts[d]!
        let p = SRAMOperatingPoint(voltage_v: vs[Int(rng.next() % UInt64(vs.count))],
                                   inputBits: 1 + Int(rng.next() % 8), weightBits: d == .colonnade ? 8 : 1 + Int(rng.next() % 8),
                                   technology_nm: nodes[Int(rng.next() % UInt64(nodes.count))])
        return (m, p)
    }
}

/// Evaluates `count` macro operating points; returns a checksum so the work stays.
@inline(never)
func evaluateSRAMMacros(_ points: [(SRAMMacro, SRAMOperatingPoint)], count: Int) -> Double {
    var sum = 0.0
    var i = 0
    for _ in 0..<count {
        let e = points[i].0.evaluate(points[i].1)
        sum += e.energyPerMVM_pJ + e.tops + e.area_um2
        i += 1; if i == points.count { i = 0 }
    }
    return sum
}

/// SRAM macro evaluations per second and ResNet50 on SRAM macro chips (the `sram-resnet50-7nm` experiment's
/// cost path: `SRAMChipModel` preparation + `evaluate(network:)`).
func runSRAMBenchmarks(_ runner: BenchmarkRunner) throws {
    let names = ["sram_macro_eval", "sram_resnet50"]
    guard names.contains(where: runner.wants) else { return }
    let reps = runner.reps(7, quick: 3)
    let points = sramMacroPoints(count: 1024)
    let perRep = runner.quick ? 200_000 : 1_000_000
    runner.measure("sram_macro_eval.1core", unit: "evaluations/s", higherIsBetter: true, repetitions: reps,
                   note: "SRAMMacro.evaluate: 4 published macros, 1–8-b inputs/weights, 0.6–1.2 V, 7–130 nm (1024 points)") {
        var sum = 0.0
        let s = seconds { sum = evaluateSRAMMacros(points, count: perRep) }
        blackHole(sum)
        return Double(perRep) / s
    }

    let technology = try TechnologyParameters.default32nm()
    let resnet8 = try Workloads.layers(network: "resnet50")
    // Chips around the baseline: array size, ADC bits, voltage and node varied (the search's knobs).
    var chips: [SRAMChip] = []
    for (i, (rows, cols)) in [(64, 64), (128, 64), (64, 128), (256, 128)].enumerated() {
        for (j, v) in [0.7, 0.8, 0.9].enumerated() {
            var hw = HardwareConfig.sramBaseline7nm
            hw.rows = rows; hw.cols = cols; hw.voltage_v = v
            hw.adcBits = 3 + (i + j) % 4
            hw.technology_nm = [7.0, 7.0, 22.0][j]
            chips.append(SRAMChip(hardware: hw))
        }
    }
    let networksPerRep = runner.quick ? 2_000 : 10_000
    try runner.measure("sram_resnet50.latency", unit: "µs/network", higherIsBetter: false, repetitions: reps,
                   note: "SRAMChipModel(chip:technology:) + evaluate(network:) of ResNet50 (\(resnet8.count) layers, 8 b); "
                       + "\(chips.count) chips around the 7 nm baseline") {
        var sum = 0.0
        let s = try seconds {
            for i in 0..<networksPerRep {
                let model = SRAMChipModel(chip: chips[i % chips.count], technology: technology)
                sum += try model.evaluate(network: resnet8).energy_j
            }
        }
        blackHole(sum)
        return s / Double(networksPerRep) * 1e6
    }
    let model = SRAMChipModel(chip: .baseline7nm, technology: technology)
    try runner.measure("sram_resnet50.layers_only", unit: "µs/network", higherIsBetter: false, repetitions: reps,
                   note: "evaluate(network:) of ResNet50 on the prepared baseline chip (no chip preparation)") {
        var sum = 0.0
        let s = try seconds {
            for _ in 0..<networksPerRep { sum += try model.evaluate(network: resnet8).energy_j }
        }
        blackHole(sum)
        return s / Double(networksPerRep) * 1e6
    }
}
