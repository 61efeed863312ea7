#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CIMHardware

/// The closed-form error of one layer computed on the modelled chip: SQNR, relative RMS error and the ADC
/// resolution that would be lossless, from the rows per array, the slicing, the ADC, the device and the
/// layer's value statistics. It models what ``FunctionalSimulator`` executes:
///
/// - Each conversion sums n rows of input slice × weight slice (n = the fullest array's rows for all but
///   the last arrays, which share the rest): Y with mean n·E[x]E[r] and variance n·(E[x²]E[r²] − E[x]²E[r]²).
/// - Analog noise per conversion (level units): (σ² + σ_read²)·k²·n̄·E[x²]·(E[(r + o)²] + o²), o the
///   off-state offset, k the drift gain; the reference column's part is shared by the weight slices.
/// - The ADC: with a one-level step (lossless resolution) and gain 1 the conversion rounds the noise on an
///   integer lattice, E[round(n)²]; otherwise the error of a uniform quantizer with clipping on a Gaussian
///   Y + n, cell by cell (its mean, the bias, and its mean square), plus the noise.
/// - Shift-add: conversion errors add with weights 4^(input shift + weight shift), their biases coherently
///   with weights 2^(input shift + weight shift) over slices and arrays; device variation is fixed
///   per cell, so it adds coherently across input slices (E[u²] of the whole input code), and the shared
///   reference adds coherently across weight slices.
/// - Drift adds the gain error (k − 1)·Σu·v of the unsigned codes (no drift compensation).
public struct LayerErrorModel: Hashable, Sendable {
    public var chip: FunctionalChip

    public init(chip: FunctionalChip) { self.chip = chip }

    /// The model's answer for one layer.
    public struct Estimate: Hashable, Sendable, Codable {
        /// Mean square of the exact output.
        public var meanSquareReference: Double
        /// Predicted mean square error of the chip's output.
        public var meanSquareError: Double
        /// Smallest ADC resolution that converts every possible column value exactly.
        public var adcBitsNeeded: Int

        @inlinable public init(meanSquareReference: Double, meanSquareError: Double, adcBitsNeeded: Int) {
            self.meanSquareReference = meanSquareReference
            self.meanSquareError = meanSquareError
            self.adcBitsNeeded = adcBitsNeeded
        }

        /// √(MSE / mean square output).
        @inlinable public var relativeRMSError: Double {
            meanSquareReference > 0 ? (meanSquareError / meanSquareReference).squareRoot() : 0
        }
        /// 10·log10(mean square output / MSE); +∞ for an exact chip.
        @inlinable public var sqnr_db: Double {
            meanSquareError > 0 ? 10 * log10(meanSquareReference / meanSquareError) : .infinity
        }
    }

    /// The estimate for a layer with K rows per group cut into `arrays` arrays of at most `rowsPerArray` rows.
    /// - Complexity: O(input slices × weight slices), no allocation.
    @inlinable
    public func estimate(rows k: Int, arrays: Int, rowsPerArray: Int, input: OperandMoments,
                         weight: OperandMoments) -> Estimate {
        let device = chip.device
        let inSlicing = input.slicing, wSlicing = weight.slicing
        let offset = device.offsetLevels(bitsPerCell: wSlicing.sliceBits)
        let gain = device.driftGain(time_s: chip.readTime_s)
        let noiseVariance = (device.sigmaD2D * device.sigmaD2D + device.readNoiseSigma * device.readNoiseSigma) * gain * gain
        let kk = Double(k)
        let step = chip.adcStep(rowsUsed: rowsPerArray, inputBits: input.bits, weightBits: weight.bits)
        let top = Double((1 << chip.adcBits) - 1) * step
        let lattice = step <= 1 && gain == 1
        let correction = Self.latticeCorrection(step: step)

        let signal = kk * weight.signedMeanSquare * input.signedMeanSquare
            + kk * (kk - 1) * weight.signedMean * weight.signedMean * input.signedMean * input.signedMean
        let unsignedSquare = kk * weight.codeMeanSquare * input.codeMeanSquare
            + kk * (kk - 1) * weight.codeMean * weight.codeMean * input.codeMean * input.codeMean
        var mse = (gain - 1) * (gain - 1) * unsignedSquare

        var sumW = 0.0, cellSquareW = 0.0
        for y in 0..<wSlicing.count {
            let w = Double(1 << wSlicing.shift(y))
            sumW += w
            cellSquareW += w * w * (weight.sliceMeanSquare[y] + 2 * offset * weight.sliceMean[y] + offset * offset)
        }
        // Arrays: `full` of rowsPerArray rows, the rest share the remaining rows (the mapping's last chunks).
        let nMax = max(1, min(rowsPerArray, k))
        let full = k % nMax == 0 ? min(arrays, k / nMax) : min(max(0, arrays - 1), k / nMax)
        let restArrays = max(0, arrays - full), restRows = Double(k - full * nMax) / Double(max(1, restArrays))
        let classes = (full: (count: Double(full), rows: Double(nMax)), rest: (count: Double(restArrays), rows: restRows))
        var independentNoise = 0.0, passThrough = 1.0, varianceSum = 0.0, biasSum = 0.0
        for s in 0..<inSlicing.count {
            let inW = Double(1 << inSlicing.shift(s)), x1 = input.sliceMean[s], x2 = input.sliceMeanSquare[s]
            for y in 0..<wSlicing.count {
                let w = Double(1 << wSlicing.shift(y)) * inW, r1 = weight.sliceMean[y], r2 = weight.sliceMeanSquare[y]
                let cell2 = r2 + 2 * offset * r1 + 2 * offset * offset
                for part in 0..<2 {
                    let (count, n) = part == 0 ? classes.full : classes.rest
                    if count <= 0 || n <= 0 { continue }
                    let noise = noiseVariance * n * x2 * cell2
                    var first = 0.0, second: Double
                    if lattice {
                        second = Self.latticeRoundingSquare(sigma: noise.squareRoot())
                        if s == 0 && y == 0 && noise > 0 { passThrough = second / noise }
                    } else {
                        // A gain-1 chip converts integers: their rounding error on a step-Δ grid is below Δ²/12
                        // (see latticeCorrection) and the noise is rounded on the integer lattice.
                        let integer = gain == 1
                        let spread = (gain * gain * n * max(0, x2 * r2 - x1 * r1 * x1 * r1) + noise).squareRoot()
                        let q = Self.quantizerError(mean: gain * n * x1 * r1, sigma: spread, step: step, top: top,
                                                    latticeCorrection: integer ? correction : 0)
                        first = q.mean
                        second = q.meanSquare + (integer ? Self.latticeRoundingSquare(sigma: noise.squareRoot()) : noise)
                    }
                    varianceSum += w * w * count * (second - first * first)
                    biasSum += w * count * first
                    independentNoise += w * w * count * noise
                }
            }
        }
        // Conversion biases (clipping, coarse steps) add coherently over slices and arrays.
        mse += varianceSum + biasSum * biasSum
        // Device variation is fixed per cell: it adds coherently over input slices (E[u²] of the whole code)
        // and, for the shared reference column, over weight slices. Read noise only over weight slices.
        let sigma2 = device.sigmaD2D * device.sigmaD2D * gain * gain
        let read2 = device.readNoiseSigma * device.readNoiseSigma * gain * gain
        var inputSliceSquares = 0.0
        for s in 0..<inSlicing.count {
            let inW = Double(1 << inSlicing.shift(s))
            inputSliceSquares += inW * inW * input.sliceMeanSquare[s]
        }
        let coherent = sigma2 * kk * input.codeMeanSquare * (cellSquareW + offset * offset * sumW * sumW)
            + read2 * kk * inputSliceSquares * (cellSquareW + offset * offset * sumW * sumW)
        mse += passThrough * max(0, coherent - independentNoise)
        return Estimate(meanSquareReference: signal, meanSquareError: mse,
                        adcBitsNeeded: chip.adcBitsNeeded(rowsUsed: rowsPerArray, inputBits: input.bits, weightBits: weight.bits))
    }

    /// The estimate for `layer` tiled as the cost model maps it on `hardware` (only the mapping is read from
    /// `hardware`; rows, ADC and device are the model's chip), with CiMLoop's default value histograms where
    /// the layer has none.
    public func estimate(_ layer: LayerWorkload, on hardware: HardwareConfig) throws(FunctionalError) -> Estimate {
        let s = layer.shape
        let row = SpatialMapping.allocate(s, weightBits: layer.weightBits, on: hardware).row
        func chunks(_ a: Int, _ b: Int) -> Int { (a + max(1, b) - 1) / max(1, b) }
        let input = OperandMoments(histogram: try OperandHistogram(layer.inputHistogram ?? DataValueStatistics.defaultInputHistogram),
                                   slicing: chip.inputSlicing(inputBits: layer.inputBits))
        let weight = OperandMoments(histogram: try OperandHistogram(layer.weightHistogram ?? DataValueStatistics.defaultWeightHistogram),
                                    slicing: chip.weightSlicing(weightBits: layer.weightBits))
        return estimate(rows: s.C * s.R * s.S, arrays: chunks(s.C, row.C) * chunks(s.R, row.R) * chunks(s.S, row.S),
                        rowsPerArray: row.C * row.R * row.S, input: input, weight: weight)
    }

    /// E[round(n)²] for n ~ N(0, σ²): the error left when an ADC with a one-level step rounds a noisy integer.
    @inlinable public static func latticeRoundingSquare(sigma: Double) -> Double {
        guard sigma > 0.05 else { return 0 }
        guard sigma < 8 else { return sigma * sigma + 1.0 / 12 }
        // E[round(|n|)²] = Σ_j (2j − 1)·P(|n| > j − ½).
        var total = 0.0, j = 1.0
        while true {
            let term = (2 * j - 1) * erfc((j - 0.5) / (sigma * 2.0.squareRoot()))
            total += term
            if term < 1e-12 * max(total, 1e-300) || j > 64 { break }
            j += 1
        }
        return total
    }

    /// E[Q(v) − v] and E[(Q(v) − v)²] for v ~ N(μ, σ²) and a uniform quantizer with levels c·step,
    /// c = 0 … top/step, rounding to the nearest level and clipping below 0 and above `top`. For integer v,
    /// pass ``latticeCorrection(step:)`` as `latticeCorrection` (0 for a continuous v).
    @inlinable public static func quantizerError(mean: Double, sigma: Double, step: Double, top: Double,
                                                 latticeCorrection: Double = 0) -> (mean: Double, meanSquare: Double) {
        let codes = (top / step).rounded()
        guard sigma > 0 else {
            let c = min(max((mean / step).rounded(), 0), codes), e = c * step - mean
            return (e, e * e)
        }
        let lo = max(0, ((mean - 6 * sigma) / step).rounded(.down)), hi = min(codes, ((mean + 6 * sigma) / step).rounded(.up))
        if sigma > 0.75 * step {
            // A spread of ≥ ¾ step: the error inside is uniform (its deviation from Δ²/12 falls as
            // exp(−2π²σ²/Δ²) < 1e-4), plus the clipped tails at both ends.
            let below = cellError(mean: mean, sigma: sigma, from: -.infinity, to: 0, level: 0)
            let above = cellError(mean: mean, sigma: sigma, from: top, to: .infinity, level: top)
            return (below.mean + above.mean,
                    (step * step - latticeCorrection) / 12 + below.meanSquare + above.meanSquare)
        }
        // Cell by cell; each boundary's Gaussian terms are computed once and shared by its two cells.
        var first = 0.0, second = 0.0, c = lo
        var lower = boundary(c == 0 ? -Double.infinity : (c - 0.5) * step, mean: mean, sigma: sigma)
        while c <= hi {
            let upper = boundary(c == codes ? Double.infinity : (c + 0.5) * step, mean: mean, sigma: sigma)
            let d = (c * step - mean) / sigma
            let m0 = upper.cdf - lower.cdf, m1 = lower.pdf - upper.pdf, m2 = m0 + lower.tPdf - upper.tPdf
            first += sigma * (d * m0 - m1)
            second += sigma * sigma * max(0, m2 - 2 * d * m1 + d * d * m0)
            lower = upper
            c += 1
        }
        if step > 1 { second = max(first * first, second - latticeCorrection / 12) }
        return (first, second)
    }

    /// Φ(t), φ(t) and t·φ(t) at t = (v − μ)/σ (0 and 1 at the infinite ends).
    @inlinable static func boundary(_ v: Double, mean: Double, sigma: Double) -> (cdf: Double, pdf: Double, tPdf: Double) {
        guard v.isFinite else { return (v > 0 ? 1 : 0, 0, 0) }
        let t = (v - mean) / sigma, pdf = exp(-t * t / 2) * 0.3989422804014327
        return (0.5 * erfc(-t * 0.7071067811865476), pdf, t * pdf)
    }

    /// 1/q² for a step Δ = p/q (lowest terms, q ≤ 64), else 0: integers rounded on a step-Δ grid leave
    /// errors on p evenly spaced points, variance (Δ² − 1/q²)/12 instead of a continuous signal's Δ²/12.
    @inlinable static func latticeCorrection(step: Double) -> Double {
        var q = 1.0
        while q <= 64 {
            let scaled = step * q
            if abs(scaled - scaled.rounded()) <= 1e-9 * scaled { return 1 / (q * q) }
            q += 1
        }
        return 0
    }

    /// ∫ over [from, to] of (level − v)·N(v; μ, σ²) dv and of (level − v)².
    @inlinable static func cellError(mean: Double, sigma: Double, from: Double, to: Double,
                                     level: Double) -> (mean: Double, meanSquare: Double) {
        let a = (from - mean) / sigma, b = (to - mean) / sigma, d = (level - mean) / sigma
        let pdfA = a.isFinite ? exp(-a * a / 2) / (2 * Double.pi).squareRoot() : 0
        let pdfB = b.isFinite ? exp(-b * b / 2) / (2 * Double.pi).squareRoot() : 0
        let m0 = 0.5 * (erfc(-b / 2.0.squareRoot()) - erfc(-a / 2.0.squareRoot()))
        let m1 = pdfA - pdfB
        let m2 = m0 + (a.isFinite ? a * pdfA : 0) - (b.isFinite ? b * pdfB : 0)
        return (sigma * (d * m0 - m1), sigma * sigma * max(0, m2 - 2 * d * m1 + d * d * m0))
    }
}
