import ArgumentParser
import CIMData
import CIMHardware
import CIMONNX
import CIMWorkload
import Foundation

extension WorkloadCommand {
    /// `cimnas workload import`: an ONNX model's layer table as a workload CSV.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an ONNX model as a workload CSV (layer table).",
            discussion: """
            Conv (grouped, depthwise, strided, padded, dilated) becomes conv, pointwise or depthwise rows; Gemm and \
            MatMul by a weight become linear rows. Shapes are inferred from the input shape and the weights' dims \
            (weight values are never read), through Relu, Clip, BatchNormalization, Add, Concat, pools, Flatten, \
            Reshape and other shape-preserving ops. Compute the cost model cannot run (attention's activation × \
            activation MatMul, ConvTranspose, recurrent cells) is listed as a warning on stderr. Every layer gets \
            8-bit inputs and weights (edit the CSV or search the bits). A dilated conv is written with a `dilation` \
            column, which `workload show` prints and the cost model refuses. See docs/onnx-and-multi-network.md.
            """)

        @Argument(help: "The ONNX model file (MODEL.onnx).")
        var model: String
        @Option(help: "Write the CSV here (atomically) instead of stdout.")
        var out: String?
        @Option(name: .customLong("input-shape"), help: "Shape of the data input, N,C,H,W (default: the file's, batch 1 if symbolic).")
        var inputShape: String?

        func parsedInputShape() throws -> [Int]? {
            guard let inputShape else { return nil }
            let parts = inputShape.split(separator: ",", omittingEmptySubsequences: false)
            let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, values.count == 4, values.allSatisfy({ (1...ONNXImporter.maxDimension).contains($0) }) else {
                throw ValidationError("--input-shape: '\(inputShape)', expected four positive sizes N,C,H,W (e.g. 1,3,224,224)")
            }
            return values
        }

        func validate() throws { _ = try parsedInputShape() }

        func run() throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: model)) } catch {
                throw CLIError("\(model): cannot read the file, expected an ONNX model")
            }
            let shape = try parsedInputShape()
            let result: ONNXImporter.Result
            do { result = try ONNXImporter.importModel(data, file: model, inputShape: shape) } catch {
                throw CLIError(error.description)
            }
            let text = WorkloadTable.write(result.rows)
            for w in result.warnings {
                FileHandle.standardError.write(Data(("cimnas: warning: " + w.escapingControlCharacters + "\n").utf8))
            }
            let macs = result.rows.reduce(0) { $0 + $1.layer.shape.macs }
            let summary = "cimnas: imported \(result.rows.count) layers, \(macs) MACs, input '\(result.inputName)' "
                + result.inputShape.map(String.init).joined(separator: "×")
            if let out {
                do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                    throw CLIError("\(out): cannot write the CSV (\(error.localizedDescription)), expected a writable path")
                }
                FileHandle.standardError.write(Data((summary + " → \(out)\n").utf8))
            } else {
                print(text, terminator: "")
                FileHandle.standardError.write(Data((summary + "\n").utf8))
            }
        }
    }
}
