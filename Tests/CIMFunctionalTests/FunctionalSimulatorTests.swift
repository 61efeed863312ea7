import CIMData
import CIMFunctional
import CIMHardware
import Testing

/// The functional simulator against the integer reference and against physics it must obey.
@Suite struct FunctionalSimulatorTests {
    /// Layers of every kind, with their bits.
    static func layers() throws -> [(String, QuantizedLayer)] {
        var rng = SeededGenerator(seed: 7)
        func values(_ n: Int, bits: Int) -> [Int32] {
            (0..<n).map { _ in Int32(Int(rng.next() % UInt64(1 << bits)) - (1 << (bits - 1))) }
        }
        return [
            ("conv 3×3 C5 M4 pad 1", try .convolution(input: values(5 * 6 * 6, bits: 8), height: 6, width: 6,
                                                      weights: values(4 * 5 * 9, bits: 8), groups: 1, C: 5, M: 4, R: 3, S: 3,
                                                      padding: 1, inputBits: 8, weightBits: 8)),
            ("depthwise 3×3 G6 stride 2", try .convolution(input: values(6 * 7 * 7, bits: 6), height: 7, width: 7,
                                                           weights: values(6 * 9, bits: 4), groups: 6, C: 1, M: 1, R: 3, S: 3,
                                                           stride: 2, padding: 1, inputBits: 6, weightBits: 4)),
            ("grouped 3×3 G2 C3 M4", try .convolution(input: values(2 * 3 * 5 * 5, bits: 4), height: 5, width: 5,
                                                      weights: values(2 * 4 * 3 * 9, bits: 6), groups: 2, C: 3, M: 4, R: 3, S: 3,
                                                      inputBits: 4, weightBits: 6)),
            ("linear 300→7", try QuantizedLayer(groups: 1, C: 300, M: 7, positions: 3, inputBits: 8, weightBits: 8,
                                                inputs: values(3 * 300, bits: 8), weights: values(7 * 300, bits: 8))),
        ]
    }

    /// Ideal device and an ADC of `adc_bits_needed` bits reproduce the integer reference exactly, for every layer
    /// kind, several bits per cell, array heights and input slicings; one bit less does not.
    @Test func idealChipWithEnoughADCBitsIsExact() throws {
        for (name, layer) in try Self.layers() {
            let reference = layer.referenceOutput()
            for (rows, bpc, slice) in [(32, 1, nil), (64, 2, 2), (128, 3, nil), (16, 4, 1), (256, 8, 3)] as [(Int, Int, Int?)] {
                let tiling = RowTiling(layer: layer, rows: rows, bitsPerCell: bpc)
                var chip = FunctionalChip(rows: rows, bitsPerCell: bpc, adcBits: 8, inputBitsPerSlice: slice, device: .ideal)
                chip.adcBits = chip.adcBitsNeeded(rowsUsed: tiling.rowsPerArray, inputBits: layer.inputBits, weightBits: layer.weightBits)
                let out = try FunctionalSimulator(chip: chip).run(layer, tiling: tiling, seed: 1)
                let stats = OutputErrorStatistics(simulated: out, reference: reference)
                #expect(stats.exact, "\(name) rows \(rows) bpc \(bpc) slice \(String(describing: slice)) ADC \(chip.adcBits)")
                #expect(zip(out, reference).allSatisfy { $0 == Double($1) })
                chip.adcBits -= 1
                let lossy = try FunctionalSimulator(chip: chip).run(layer, tiling: tiling, seed: 1)
                #expect(!OutputErrorStatistics(simulated: lossy, reference: reference).exact,
                        "\(name) rows \(rows) bpc \(bpc): one ADC bit fewer must lose")
            }
        }
    }

    /// The finite on/off ratio alone (no variation) is removed exactly by the reference column.
    @Test func referenceColumnRemovesOffStateCurrent() throws {
        let (_, layer) = try Self.layers()[0]
        var device = try #require(try DeviceCatalogue.device(named: "fefet_neurosim"))
        device.sigmaD2D = 0
        let tiling = RowTiling(layer: layer, rows: 64, bitsPerCell: 4)
        var chip = FunctionalChip(rows: 64, bitsPerCell: 4, adcBits: 8, device: device)
        chip.adcBits = chip.adcBitsNeeded(rowsUsed: tiling.rowsPerArray, inputBits: 8, weightBits: 8)
        let out = try FunctionalSimulator(chip: chip).run(layer, tiling: tiling, seed: 3)
        #expect(OutputErrorStatistics(simulated: out, reference: layer.referenceOutput()).exact)
    }

    /// Physics: more device variation never lowers the error (same seed, same draws scaled), drift loses gain.
    @Test func errorGrowsWithVariationAndDrift() throws {
        let layer = try QuantizedLayer.sampled(groups: 1, C: 64, M: 16, positions: 16, inputBits: 8, weightBits: 8, seed: 5)
        let tiling = RowTiling(layer: layer, rows: 128, bitsPerCell: 2)
        let reference = layer.referenceOutput()
        var last = -1.0
        for sigma in [0.0, 0.01, 0.03, 0.1] {
            var device = DeviceParameters.ideal
            device.rOff_ohm = device.rOn_ohm * 50
            device.sigmaD2D = sigma
            let chip = FunctionalChip(rows: 128, bitsPerCell: 2, adcBits: 16, device: device)
            let mse = OutputErrorStatistics(simulated: try FunctionalSimulator(chip: chip).run(layer, tiling: tiling, seed: 9),
                                            reference: reference).meanSquareError
            #expect(mse >= last, "σ \(sigma)")
            last = mse
        }
        var pcm = try #require(try DeviceCatalogue.device(named: "pcm_joshi2020"))
        pcm.sigmaD2D = 0
        pcm.readNoiseSigma = 0
        let day = FunctionalChip(rows: 128, bitsPerCell: 2, adcBits: 16, device: pcm, readTime_s: 86_400)
        let stats = OutputErrorStatistics(simulated: try FunctionalSimulator(chip: day).run(layer, tiling: tiling, seed: 9),
                                          reference: reference)
        // A pure gain error: the analog part Σu·v shrinks by (t/t0)^−ν; 1 % of tolerance for the ADC rounding.
        let gain = pcm.driftGain(time_s: 86_400)
        #expect(gain < 0.9 && stats.relativeRMSError > 0.5 * (1 - gain))
    }

    /// Bad configurations are refused with one line.
    @Test func refusesBadInput() throws {
        let (_, layer) = try Self.layers()[0]
        let tiling = RowTiling(layer: layer, rows: 64, bitsPerCell: 4)
        let sram = try #require(try DeviceCatalogue.device(named: "sram_8t"))
        #expect(throws: FunctionalError.self) {
            try FunctionalSimulator(chip: FunctionalChip(rows: 64, bitsPerCell: 4, adcBits: 8, device: sram)).run(layer, tiling: tiling, seed: 1)
        }
        #expect(throws: FunctionalError.self) {
            try FunctionalSimulator(chip: FunctionalChip(rows: 64, bitsPerCell: 4, adcBits: 0, device: .ideal)).run(layer, tiling: tiling, seed: 1)
        }
        #expect(throws: FunctionalError.self) {
            try QuantizedLayer(groups: 1, C: 2, M: 1, positions: 1, inputBits: 4, weightBits: 4, inputs: [8, 0], weights: [0, 0])
        }
    }
}
