import CIMData
import CIMFunctional
import CIMHardware
import Foundation

/// Functional simulator throughput (MACs/s) and the per-layer error model's rate (layers/s).
func runFunctionalBenchmarks(_ runner: BenchmarkRunner) throws {
    let names = ["functional.simulator", "functional.error_model"]
    guard names.contains(where: runner.wants) else { return }
    let reps = runner.reps(5, quick: 3)
    guard let neurram = try DeviceCatalogue.device(named: "neurram_rram") else { return }
    // A MobileNetV2 pointwise layer (C 96 → M 24) on 128-row arrays, 4 b/cell, 8-bit ADC, NeuRRAM device.
    let layer = try QuantizedLayer.sampled(groups: 1, C: 96, M: 24, positions: runner.quick ? 64 : 256, inputBits: 8,
                                           weightBits: 8, seed: 1)
    let chip = FunctionalChip(rows: 128, bitsPerCell: 4, adcBits: 8, device: neurram)
    let tiling = RowTiling(layer: layer, rows: 128, bitsPerCell: 4)
    let macs = Double(layer.positions * layer.groups * layer.M * layer.K)
    runner.measure("functional.simulator", unit: "MACs/s", higherIsBetter: true, goal: .atLeast(10_000_000),
                   repetitions: reps,
                   note: "FunctionalSimulator.run: pointwise 96→24, 8 b in/w, 4 b/cell (2 weight slices), 128 rows, NeuRRAM σ 5 %, read noise") {
        var out: [Double] = []
        let s = seconds { out = (try? FunctionalSimulator(chip: chip).run(layer, tiling: tiling, seed: 2)) ?? [] }
        blackHole(out.reduce(0, +))
        return macs / s
    }
    // Error-model inputs of many layers: rows, arrays and bits vary; moments are computed once per (bits, slice).
    var cases: [(k: Int, arrays: Int, rowsPerArray: Int, input: OperandMoments, weight: OperandMoments, chip: FunctionalChip)] = []
    let inHist = try OperandHistogram(DataValueStatistics.defaultInputHistogram)
    let wHist = try OperandHistogram(DataValueStatistics.defaultWeightHistogram)
    for (i, (k, rows)) in [(96, 128), (9, 64), (1152, 256), (27, 32), (320, 512), (25, 128), (1280, 128)].enumerated() {
        let bits = [4, 6, 8][i % 3], bpc = [1, 2, 4, 8][i % 4]
        var c = FunctionalChip(rows: rows, bitsPerCell: bpc, adcBits: 4 + i % 5, device: neurram)
        c.readTime_s = 1
        let arrays = (k + rows - 1) / rows
        cases.append((k, arrays, min(k, rows), OperandMoments(histogram: inHist, slicing: c.inputSlicing(inputBits: bits)),
                      OperandMoments(histogram: wHist, slicing: c.weightSlicing(weightBits: bits)), c))
    }
    let perRep = runner.quick ? 200_000 : 1_000_000
    runner.measure("functional.error_model", unit: "layers/s", higherIsBetter: true, goal: .atLeast(1_000_000),
                   repetitions: reps, note: "LayerErrorModel.estimate: 7 layer/chip/bit cases in turn, moments precomputed") {
        var sum = 0.0
        let s = seconds {
            for i in 0..<perRep {
                let c = cases[i % cases.count]
                sum += LayerErrorModel(chip: c.chip).estimate(rows: c.k, arrays: c.arrays, rowsPerArray: c.rowsPerArray,
                                                              input: c.input, weight: c.weight).meanSquareError
            }
        }
        blackHole(sum)
        return Double(perRep) / s
    }
}
