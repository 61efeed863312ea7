#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an analog CiM macro digitises its column partial sums: array rows summed per conversion, ADC
/// resolution and the operand slice widths one conversion sees. It gives the resolution, in
/// operand-equivalent bits, that the ADC leaves a layer's output (``effectiveBits(activeRows:inputBits:weightBits:)``).
///
/// Model (SQNR of one ADC on one column partial sum):
/// - One conversion sums `N` products x·w of an input slice x ∈ {0 … 2^is − 1} and a weight slice
///   w ∈ {0 … 2^ws − 1} (magnitudes: Sinangil encodes signs in a separate pass, so slices are unsigned).
///   Slice values are taken as uniform and independent (the maximum-entropy assumption), so a product has
///   mean μ_p and spread σ_p in closed form, and the partial sum has mean N·μ_p and spread √N·σ_p.
/// - The ADC's full scale must hold the partial sum without clipping: R(N) = min(N·(2^is − 1)(2^ws − 1),
///   N·μ_p + k·√N·σ_p) with k = 3 (clipping above mean + 3σ, ≈ 0.1 % of conversions). The worst case grows
///   ∝ N, and so does the mean of unsigned partial sums; the information (the spread) grows only ∝ √N.
/// - A B-bit ADC over that range has step R/2^B, so its SQNR on the signal is
///   10·log10(12 · 2^(2B) · N·σ_p² / R²): +1 bit per ADC bit, and −log2 of g = R/(√N·σ_p) — about ½ bit
///   per doubling of rows once the mean dominates the range, nothing while the 3σ margin does.
/// - The most significant slices dominate the output (the others are shifted down by 2^is or 2^ws), so the
///   MSB slice pair — widths min(is, input bits) and min(ws, weight bits) — sets the output's resolution.
/// - Resolution in operand-equivalent bits: b_eff = 4 + (B − 4) − log2(g / g_ref), where g_ref is g of the
///   calibration point (64 rows, 4-bit slices). When the ADC resolves every integer of R (2^B ≥ R + 1) the conversion is exact and
///   b_eff is +∞.
///
/// Calibration: the published silicon operating point — Sinangil JSSC'21: 64 rows, 4-bit ADC, 4-bit input
/// and weight slices, a working product for 4-bit operands — is defined as b_eff = 4, i.e. its ADC costs
/// nothing beyond 4-bit operand quantization. The SQNR law supplies only the slopes around that point.
///
/// What it can tell: that fewer ADC bits, taller arrays (more rows per conversion) and wider slices each
/// cost output resolution, by how many bits relative to the silicon point, and that a 4-bit ADC cannot give
/// an 8-bit network 8-bit outputs. What it cannot: real partial-sum distributions (sparsity, outliers),
/// ADC offset/gain error, thermal and mismatch noise, per-layer range calibration beyond "the range follows
/// the active rows", or macros other than Sinangil's (they use the same law with their slice widths, but
/// no silicon point calibrates them).
public struct ADCReadout: Hashable, Sendable, Codable {
    /// Array rows (word lines) whose products one conversion sums at most.
    public var rows: Int
    /// ADC resolution, bits.
    public var adcBits: Int
    /// Input bits applied per conversion (Sinangil: 4, its temporal DAC).
    public var inputSliceBits: Int
    /// Weight bits merged in one column (Sinangil: 4 one-bit cells per CiM unit).
    public var weightSliceBits: Int

    public init(rows: Int, adcBits: Int, inputSliceBits: Int = 4, weightSliceBits: Int = 4) {
        self.rows = rows
        self.adcBits = adcBits
        self.inputSliceBits = inputSliceBits
        self.weightSliceBits = weightSliceBits
    }

    /// ADC resolutions the model accepts: below 3 bits the additive uniform-noise model of quantization
    /// (step small against the signal spread) no longer holds; above 16 no CiM ADC is built and every
    /// partial sum in reach is resolved exactly anyway.
    public static let supportedADCBits: ClosedRange<Int> = 3...16
    /// Smallest resolution the model reports, operand-equivalent bits: one bit below the 4-bit point the
    /// accuracy model's drop curve is calibrated at; less would extrapolate that curve too far.
    public static let minimumEffectiveBits = 3.0
    /// Clipping level of the ADC range above the partial-sum mean, in standard deviations.
    public static let clipSigmas = 3.0
    /// The calibration point: the Sinangil JSSC'21 silicon macro (64 rows, 4-bit ADC, 4-bit slices).
    public static let reference = ADCReadout(rows: 64, adcBits: 4, inputSliceBits: 4, weightSliceBits: 4)
    /// Operand-equivalent resolution of the calibration point, bits (its operands are 4-bit).
    public static let referenceEffectiveBits = 4.0

    /// ADC range over the partial-sum spread, g = R(N)/(√N·σ_p), and the range R(N) in products' LSBs.
    /// - Complexity: O(1).
    public static func rangeOverSpread(activeRows n: Int, inputSliceBits isb: Int,
                                       weightSliceBits wsb: Int) -> (ratio: Double, range: Double) {
        let lx = Double((1 << isb) - 1), lw = Double((1 << wsb) - 1)
        // Uniform on {0 … L}: mean L/2, mean square L(2L + 1)/6.
        let mean = lx / 2 * lw / 2
        let meanSquare = lx * (2 * lx + 1) / 6 * lw * (2 * lw + 1) / 6
        let sigma = (meanSquare - mean * mean).squareRoot()
        let rows = Double(n)
        let range = min(rows * lx * lw, rows * mean + clipSigmas * rows.squareRoot() * sigma)
        return (range / (rows.squareRoot() * sigma), range)
    }

    /// Operand-equivalent resolution the ADC leaves a layer whose conversions sum `activeRows` products
    /// (≤ `rows`; a layer with fewer weight rows than the array uses fewer), for its operand bits.
    /// +∞ when the ADC resolves the partial sum exactly.
    /// - Throws: `Error` when the ADC bits lie outside ``supportedADCBits``, rows or slices are < 1, or the
    ///   resolution falls below ``minimumEffectiveBits``.
    /// - Complexity: O(1).
    public func effectiveBits(activeRows: Int, inputBits: Int, weightBits: Int) throws(Error) -> Double {
        guard Self.supportedADCBits.contains(adcBits) else {
            throw Error("\(adcBits)-bit ADC is outside the ADC model's range \(Self.supportedADCBits.lowerBound)…\(Self.supportedADCBits.upperBound) bits")
        }
        guard rows >= 1, activeRows >= 1, inputSliceBits >= 1, weightSliceBits >= 1, inputBits >= 1, weightBits >= 1 else {
            throw Error("ADC model needs ≥ 1 row, slice bit and operand bit (rows \(rows), active \(activeRows), slices \(inputSliceBits)/\(weightSliceBits), operands \(inputBits)/\(weightBits))")
        }
        let n = min(activeRows, rows)
        let here = Self.rangeOverSpread(activeRows: n, inputSliceBits: min(inputSliceBits, inputBits),
                                        weightSliceBits: min(weightSliceBits, weightBits))
        if Double(1 << adcBits) >= here.range + 1 { return .infinity }
        let ref = Self.reference
        let refRatio = Self.rangeOverSpread(activeRows: ref.rows, inputSliceBits: ref.inputSliceBits,
                                            weightSliceBits: ref.weightSliceBits).ratio
        let bits = Self.referenceEffectiveBits + Double(adcBits - ref.adcBits) - log2(here.ratio / refRatio)
        guard bits >= Self.minimumEffectiveBits - 1e-12 else {
            throw Error(String(format: "%d-bit ADC over %d rows leaves %.2f operand-equivalent bits, below the model's %.0f-bit floor",
                               adcBits, n, bits, Self.minimumEffectiveBits))
        }
        return bits
    }

    /// Why the ADC model cannot answer.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
