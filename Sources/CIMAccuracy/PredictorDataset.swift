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
    }

    /// Reads a CSV file.
    public static func read(csv url: URL, targetColumn: String = "apq_output") throws -> PredictorDataset {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw FormatError(description: "\(url.path): cannot read the file as UTF-8 text")
        }
        return try parse(csv: text, name: url.path, targetColumn: targetColumn)
    }

    /// Parses CSV text; `name` is used in messages.
    public static func parse(csv text: String, name: String, targetColumn: String = "apq_output") throws -> PredictorDataset {
        // `\r\n` is one Character in Swift, so split on any newline character.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw FormatError(description: "\(name):1:1: empty file, expected a header row")
        }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
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
        out.specs.reserveCapacity(lines.count)
        for (li, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let lineNo = li + 1
            guard fields.count == header.count else {
                throw FormatError(description: "\(name):\(lineNo):1: \(fields.count) fields, expected \(header.count) as in the header")
            }
            func int(_ col: Int) throws -> Int {
                let s = fields[col].trimmingCharacters(in: .whitespaces)
                guard let v = Int(s) ?? Double(s).flatMap({ $0 == $0.rounded() ? Int($0) : nil }) else {
                    throw FormatError(description: "\(name):\(lineNo):\(col + 1): '\(s)' in column '\(header[col])', expected an integer")
                }
                return v
            }
            let eight = [Int](repeating: 8, count: n)
            let bits = try bitCols.map { cols in try cols.map { try $0.map(int) } ?? eight }
            let spec = SubnetSpec(depths: try depthCols.map(int), kernels: try kernelCols.map(int),
                                  expandIndices: try expandCols.map(int), pwWeightBits: bits[0],
                                  pwActivationBits: bits[1], dwWeightBits: bits[2], dwActivationBits: bits[3])
            do { try APQEncoding.validate(spec) } catch {
                throw FormatError(description: "\(name):\(lineNo):1: \(error), expected a subnet of APQ's space")
            }
            let ts = fields[targetCol].trimmingCharacters(in: .whitespaces)
            guard let t = Double(ts), t.isFinite else {
                throw FormatError(description: "\(name):\(lineNo):\(targetCol + 1): '\(ts)' in column '\(targetColumn)', expected a number")
            }
            out.specs.append(spec)
            out.targets.append(t)
            out.lines.append(lineNo)
        }
        guard out.count > 0 else { throw FormatError(description: "\(name):2:1: no data rows, expected at least one") }
        return out
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
        var rng = SplitMix64(seed: seed)
        for k in stride(from: count - 1, to: 0, by: -1) { order.swapAt(k, rng.nextInt(below: k + 1)) }
        let held = Int((heldOutFraction * Double(count)).rounded())
        return (Array(order[held...]).sorted(), Array(order[..<held]).sorted())
    }
}
