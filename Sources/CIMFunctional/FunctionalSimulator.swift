#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CIMHardware

/// Executes a quantized layer the way the modelled analog CIM chip does.
///
/// - Inputs and weights are offset-encoded (x + 2^(B−1); unsigned inputs are applied as they are); the chip
///   computes Σ u·v of the unsigned codes and the digital periphery removes the offsets exactly (Σu and Σv
///   are known digitally).
/// - Inputs go in temporal DAC slices (``FunctionalChip/inputBitsPerSlice``); weights are cut into slices of
///   min(bits per cell, weight bits), one cell (column) each.
/// - A level r of a b-bit slice is the conductance G_off + r·ΔG/(2^b − 1) (in level units r + o with
///   o = (2^b − 1)/(ρ − 1)); one reference column of G_off cells per array is subtracted before the ADC.
/// - Device-to-device variation multiplies every cell (reference cells included) by 1 + σ·z once; read
///   noise multiplies every cell by 1 + σ_read·z′ per conversion (drawn as the column's exact Gaussian sum);
///   drift scales every conductance by (t/t0)^(−ν).
/// - Each array's column value is converted by a uniform ADC with 2^B codes over its full scale (the
///   possible range of the fullest array times ``FunctionalChip/adcFullScale``, never finer than one
///   level, clipped at 0 and the top code); codes are shifted and added over input and weight slices and
///   accumulated digitally over arrays.
public struct FunctionalSimulator: Sendable {
    public var chip: FunctionalChip

    public init(chip: FunctionalChip) { self.chip = chip }

    /// The layer's outputs (positions × G × M) as the chip computes them, in the integer reference's units.
    /// - Parameter shouldStop: checked once per output position; a stop request throws ``FunctionalError/stopped``.
    public func run(_ layer: QuantizedLayer, tiling: RowTiling, seed: UInt64,
                    shouldStop: (() -> Bool)? = nil) throws(FunctionalError) -> [Double] {
        if let problem = chip.problem(inputBits: layer.inputBits, weightBits: layer.weightBits) {
            throw FunctionalError(problem)
        }
        let k = layer.K, groups = layer.groups, m = layer.M
        guard tiling.arrays.reduce(0, { $0 + $1.count }) == k, tiling.arrays.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < k } }) else {
            throw FunctionalError("row tiling covers \(tiling.arrays.reduce(0) { $0 + $1.count }) rows, expected the layer's K = \(k)")
        }
        var rng = SeededGenerator(seed: seed)
        let inSlicing = chip.inputSlicing(inputBits: layer.inputBits)
        let wSlicing = chip.weightSlicing(weightBits: layer.weightBits)
        let nws = wSlicing.count, cols = m * nws
        let device = chip.device
        let offset = device.offsetLevels(bitsPerCell: wSlicing.sliceBits)
        let gain = device.driftGain(time_s: chip.readTime_s)
        let sigma = device.sigmaD2D, readSigma = device.readNoiseSigma
        let ox = layer.inputOffset, ow = 1 << (layer.weightBits - 1)

        // Programmed conductances (level units), drawn once: G × K × (M·NWS) data cells, G × K reference cells.
        var cells = [Double](repeating: 0, count: groups * k * cols)
        var reference = [Double](repeating: 0, count: groups * k)
        var weightCodeSums = [Double](repeating: 0, count: groups * m)
        for g in 0..<groups {
            for mi in 0..<m {
                for i in 0..<k {
                    let v = Int(layer.weights[(g * m + mi) * k + i]) + ow
                    weightCodeSums[g * m + mi] += Double(v)
                    for y in 0..<nws {
                        let level = Double(wSlicing.slice(v, y)) + offset
                        let spread = sigma > 0 ? 1 + sigma * rng.normal() : 1
                        cells[(g * k + i) * cols + mi * nws + y] = level * spread * gain
                    }
                }
            }
            for i in 0..<k {
                reference[g * k + i] = offset * (sigma > 0 ? 1 + sigma * rng.normal() : 1) * gain
            }
        }

        let step = chip.adcStep(rowsUsed: tiling.rowsPerArray, inputBits: layer.inputBits, weightBits: layer.weightBits)
        let topCode = Double((1 << chip.adcBits) - 1)
        var out = [Double](repeating: 0, count: layer.positions * groups * m)
        var sliceValues = [Double](repeating: 0, count: k)
        var column = [Double](repeating: 0, count: cols)
        var columnVariance = [Double](repeating: 0, count: cols)
        var analog = [Double](repeating: 0, count: cols)
        for pos in 0..<layer.positions {
            if let shouldStop, shouldStop() { throw .stopped }
            for g in 0..<groups {
                let xBase = (pos * groups + g) * k
                var inputCodeSum = 0.0
                for i in 0..<k { inputCodeSum += Double(Int(layer.inputs[xBase + i]) + ox) }
                for (mi, vSum) in weightCodeSums[(g * m)..<(g * m + m)].enumerated() {
                    // Digital offset removal: Σ(u − ox)(v − ow) = Σuv − ox·Σv − ow·Σu + K·ox·ow.
                    out[(pos * groups + g) * m + mi] = -Double(ox) * vSum - Double(ow) * inputCodeSum + Double(k * ox * ow)
                }
                for s in 0..<inSlicing.count {
                    for i in 0..<k { sliceValues[i] = Double(inSlicing.slice(Int(layer.inputs[xBase + i]) + ox, s)) }
                    let inScale = Double(1 << inSlicing.shift(s))
                    for rows in tiling.arrays {
                        for j in 0..<cols { column[j] = 0; columnVariance[j] = 0 }
                        var ref = 0.0, refVariance = 0.0
                        for i in rows {
                            let x = sliceValues[i]
                            if x == 0 { continue }
                            let base = (g * k + i) * cols
                            for j in 0..<cols { column[j] += x * cells[base + j] }
                            if readSigma > 0 {
                                let x2 = x * x
                                for j in 0..<cols { columnVariance[j] += x2 * cells[base + j] * cells[base + j] }
                                refVariance += x2 * reference[g * k + i] * reference[g * k + i]
                            }
                            ref += x * reference[g * k + i]
                        }
                        if readSigma > 0 { ref += readSigma * refVariance.squareRoot() * rng.normal() }
                        for j in 0..<cols {
                            var value = column[j] - ref
                            if readSigma > 0 { value += readSigma * columnVariance[j].squareRoot() * rng.normal() }
                            analog[j] = min(max((value / step).rounded(), 0), topCode) * step
                        }
                        for mi in 0..<m {
                            var acc = 0.0
                            for y in 0..<nws { acc += analog[mi * nws + y] * Double(1 << wSlicing.shift(y)) }
                            out[(pos * groups + g) * m + mi] += acc * inScale
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Error statistics of simulated outputs against the integer reference.
public struct OutputErrorStatistics: Hashable, Sendable, Codable {
    /// Mean square of the reference outputs.
    public var meanSquareReference: Double
    /// Mean square error of the simulated outputs.
    public var meanSquareError: Double
    /// Every output equals the integer reference.
    public var exact: Bool

    public init(simulated: [Double], reference: [Int64]) {
        var ms = 0.0, mse = 0.0, exact = simulated.count == reference.count
        for (a, b) in zip(simulated, reference) {
            let r = Double(b), e = a - r
            ms += r * r
            mse += e * e
            if a != r { exact = false }
        }
        let n = Double(max(1, reference.count))
        meanSquareReference = ms / n
        meanSquareError = mse / n
        self.exact = exact
    }

    /// √(MSE / mean square of the reference).
    public var relativeRMSError: Double { meanSquareReference > 0 ? (meanSquareError / meanSquareReference).squareRoot() : 0 }
    /// 10·log10(mean square reference / MSE); +∞ when exact.
    public var sqnr_db: Double { meanSquareError > 0 ? 10 * log10(meanSquareReference / meanSquareError) : .infinity }
}

