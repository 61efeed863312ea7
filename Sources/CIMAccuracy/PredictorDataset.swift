import CIMData
import CIMWorkload
import Foundation

/// Subnets with a target value, read from CSV, for training and evaluating predictors.
///
/// CSV format (header row, comma-separated, no quoting needed; column order is free, unknown columns are
/// ignored — so `cimnas_arch_accuracy_train.csv` is accepted as is):
/// - `depth1`…`depth6`, `kernel1`…`kernel21`, `expand_index1`…`expand_index21` (grid indices) — required;
/// - `pw_w_bits1…21`, `pw_a_bits1…21`, `dw_w_bits1…21`, `dw_a_bits1…21` — optional, 8 when absent;
/// - the target column, `apq_output` by default (a raw APQ score), any numeric column by name.
public struct PredictorDataset: Sendable {
    public var specs: [SubnetSpec]
    public var targets: [Double]
    /// 1-based CSV line of each row, for messages.
    public var lines: [Int]

    public init(specs: [SubnetSpec], targets: [Double], lines: [Int]? = nil) {
        self.specs = specs
        self.targets = targets
        self.lines = lines ?? specs.indices.map { $0 + 2 }
    }

    public var count: Int { specs.count }

    /// A malformed CSV file: `FILE:LINE:COLUMN: what, expected …`.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description.escapingControlCharacters }
    }

    /// Reads a CSV file (strict RFC 4180 via `CSVReader`).
    public static func read(csv url: URL, targetColumn: String = "apq_output") throws -> PredictorDataset {
        let table: CSVTable
        do { table = try CSVReader.read(path: url.path) } catch let e as CSVError {
            throw FormatError(description: e.description)
        }
        return try parse(table, targetColumn: targetColumn)
    }

    /// Parses CSV text; `name` is used in messages.
    public static func parse(csv text: String, name: String, targetColumn: String = "apq_output") throws -> PredictorDataset {
        let table: CSVTable
        do { table = try CSVReader.parse(text: text, file: name) } catch let e as CSVError {
            throw FormatError(description: e.description)
        }
        return try parse(table, targetColumn: targetColumn)
    }

    /// Parses CSV bytes (not necessarily UTF-8: the reader reports where they are not).
    public static func parse(csvBytes bytes: [UInt8], name: String, targetColumn: String = "apq_output") throws -> PredictorDataset {
        let table: CSVTable
        do { table = try CSVReader.parse(bytes, file: name) } catch let e as CSVError {
            throw FormatError(description: e.description)
        }
        return try parse(table, targetColumn: targetColumn)
    }

    /// Builds a data set from a parsed CSV table.
    public static func parse(_ table: CSVTable, targetColumn: String = "apq_output") throws -> PredictorDataset {
        let name = table.file
        let header = table.header.fields.map(\.text)
        var column: [String: Int] = [:]
        for (k, h) in header.enumerated() where column[h] == nil { column[h] = k }
        func need(_ c: String) throws -> Int {
            guard let k = column[c] else {
                throw FormatError(description: "\(name):1:1: missing column '\(c)', expected depth1…6, kernel1…21, expand_index1…21 and '\(targetColumn)'")
            }
            return k
        }
        let n = SubnetSpec.blockCount
        let depthCols = try (1...6).map { try need("depth\($0)") }
        let kernelCols = try (1...n).map { try need("kernel\($0)") }
        let expandCols = try (1...n).map { try need("expand_index\($0)") }
        let targetCol = try need(targetColumn)
        let bitCols: [[Int]?] = ["pw_w_bits", "pw_a_bits", "dw_w_bits", "dw_a_bits"].map { prefix in
            let cols = (1...n).compactMap { column["\(prefix)\($0)"] }
            return cols.count == n ? cols : nil
        }
        var out = PredictorDataset(specs: [], targets: [], lines: [])
        out.specs.reserveCapacity(table.rows.count)
        let eight = [Int](repeating: 8, count: n)
        for row in table.rows {
            func int(_ col: Int) throws -> Int {
                let f = row[col]
                guard let v = Int(f.text) ?? Double(f.text).flatMap({ $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }) else {
                    throw FormatError(description: "\(name):\(f.line):\(f.column): '\(f.text)' in column '\(header[col])', expected an integer")
                }
                return v
            }
            let bits = try bitCols.map { cols in try cols.map { try $0.map(int) } ?? eight }
            let spec = SubnetSpec(depths: try depthCols.map(int), kernels: try kernelCols.map(int),
                                  expandIndices: try expandCols.map(int), pwWeightBits: bits[0],
                                  pwActivationBits: bits[1], dwWeightBits: bits[2], dwActivationBits: bits[3])
            do { try APQEncoding.validate(spec) } catch {
                // Point at the cell that holds the rejected value (the checks run in APQEncoding.validate's order).
                let col = offendingColumn(spec, depthCols: depthCols, kernelCols: kernelCols, expandCols: expandCols,
                                          bitCols: bitCols)
                let column = col.map { row[$0].column } ?? 1
                throw FormatError(description: "\(name):\(row.line):\(column): \(error)")
            }
            let tf = row[targetCol]
            // The CSV number rules: finite decimal, |x| ≤ 1e300 (no NaN, inf, hex or 1e308).
            guard case .success(let t) = CSVReader.finiteDouble(tf.text) else {
                throw FormatError(description: "\(name):\(tf.line):\(tf.column): '\(tf.text)' in column '\(targetColumn)', expected a number")
            }
            out.specs.append(spec)
            out.targets.append(t)
            out.lines.append(row.line)
        }
        guard out.count > 0 else { throw FormatError(description: "\(name):2:1: no data rows, expected at least one") }
        return out
    }

    /// The column of the first value `APQEncoding.validate` rejects in `spec`, or nil.
    static func offendingColumn(_ spec: SubnetSpec, depthCols: [Int], kernelCols: [Int], expandCols: [Int],
                                bitCols: [[Int]?]) -> Int? {
        if let s = spec.depths.indices.first(where: { !(2...4).contains(spec.depths[$0]) }) { return depthCols[s] }
        let bitLists = [spec.pwWeightBits, spec.pwActivationBits, spec.dwWeightBits, spec.dwActivationBits]
        for i in 0..<SubnetSpec.blockCount where spec.isActive(block: i) {
            if ![3, 5, 7].contains(spec.kernels[i]) { return kernelCols[i] }
            if !(0..<APQEncoding.expandChoices[i]).contains(spec.expandIndices[i]) { return expandCols[i] }
            for (k, list) in bitLists.enumerated() where ![4, 6, 8].contains(list[i]) { return bitCols[k]?[i] }
        }
        return nil
    }

    /// Sparse features of every row.
    public func features(bits: APQEncoding.BitMode) -> SparseFeatureBatch {
        var b = SparseFeatureBatch()
        b.indices.reserveCapacity(count * 6 * SubnetSpec.blockCount)
        for s in specs { b.append(s, bits: bits) }
        return b
    }

    /// The rows at `rows`, in that order.
    public func subset(_ rows: [Int]) -> PredictorDataset {
        PredictorDataset(specs: rows.map { specs[$0] }, targets: rows.map { targets[$0] }, lines: rows.map { lines[$0] })
    }

    /// A seeded shuffle split: `(train, heldOut)` with `round(heldOutFraction·n)` held-out rows.
    public func split(heldOutFraction: Double, seed: UInt64) -> (train: [Int], heldOut: [Int]) {
        var order = Array(0..<count)
        var rng = PredictorRNG(seed: seed)
        for k in stride(from: count - 1, to: 0, by: -1) { order.swapAt(k, rng.nextInt(below: k + 1)) }
        let held = Int((heldOutFraction * Double(count)).rounded())
        return (Array(order[held...]).sorted(), Array(order[..<held]).sorted())
    }
}
