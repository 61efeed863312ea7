import CIMData
import CIMHardware
import Foundation

/// Turns designs and network names into layer lists: the MobileNetV2 supernet, the built-in ResNet50
/// and layer tables from `datasets/workloads/NAME.csv`.
public enum Workloads {
    /// An unknown network, a bad layer table or a bit override that names no layer.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Networks known by name: mobilenetv2 (needs a subnet), resnet50 and every embedded or on-disk table.
    public static var networkNames: [String] {
        var names: Set<String> = ["mobilenetv2", "resnet50"]
        for path in EmbeddedFiles.files.keys where path.hasPrefix("datasets/workloads/") && path.hasSuffix(".csv") {
            names.insert(String(path.dropFirst("datasets/workloads/".count).dropLast(4)))
        }
        if let dir = DatasetLocator.datasetsDirectory()?.appendingPathComponent("workloads"),
           let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
            for f in files where f.hasSuffix(".csv") { names.insert(String(f.dropLast(4))) }
        }
        return names.sorted()
    }

    /// The layers a design evaluates, with its real bits (use `CompatMode.hardwareView` for the cost model).
    public static func layers(for design: Design, mode: CompatMode = .default) throws(Error) -> [LayerWorkload] {
        switch design.network {
        case .mobileNetV2(let spec):
            if let problem = MobileNetV2Supernet.validate(spec).first { throw Error("invalid subnet: \(problem)") }
            return MobileNetV2Supernet.layers(for: spec, mode: mode)
        case .fixed(let name, let overrides):
            return try layers(network: name, overrides: overrides)
        }
    }

    /// The layers of a fixed network by name, with per-layer bit overrides (every key must name a layer).
    public static func layers(network name: String, overrides: [String: LayerBits] = [:]) throws(Error) -> [LayerWorkload] {
        var layers: [LayerWorkload]
        if let registered = registry.layers(name) {
            layers = registered
        } else {
            switch name {
            case "mobilenetv2":
                throw Error("network mobilenetv2 needs a subnet: give a design file or --cimnas-key")
            case "resnet50":
                layers = ResNet50.layers()
            default:
                let (text, file) = try tableText(name)
                do { layers = try WorkloadTable.parse(text, file: file) } catch { throw Error(error.description) }
            }
        }
        let names = Set(layers.map(\.name))
        if let bad = overrides.keys.sorted().first(where: { !names.contains($0) }) {
            throw Error("bit override for '\(bad)', which is not a layer of \(name)")
        }
        for i in layers.indices {
            if let b = overrides[layers[i].name] {
                layers[i].inputBits = b.inputBits
                layers[i].weightBits = b.weightBits
            }
        }
        return layers
    }

    /// Makes a workload CSV file known by a name that holds its content digest, `STEM@SHA256[0..<16]` (e.g.
    /// `resnet50-imported@3f2a…`), so designs, caches and stored rows of the file are keyed by what it says, not
    /// by its path. The name resolves in `layers(network:)` for the rest of the process.
    public static func registerFile(_ path: String) throws(Error) -> String {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Error("\(path): cannot read the file, expected a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let layers: [LayerWorkload]
        do { layers = try WorkloadTable.parse(text, file: path) } catch { throw Error(error.description) }
        var stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        stem = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        let name = "\(stem)@\(SHA256.hex(Array(data)).prefix(16))"
        registry.add(name, layers)
        return name
    }

    /// Whether `name` reads as a workload CSV path rather than a network name.
    public static func isFile(_ name: String) -> Bool { name.hasSuffix(".csv") || name.contains("/") }

    /// Layer tables registered from files in this process.
    private static let registry = Registry()

    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var tables: [String: [LayerWorkload]] = [:]
        func add(_ name: String, _ layers: [LayerWorkload]) { lock.withLock { tables[name] = layers } }
        func layers(_ name: String) -> [LayerWorkload]? { lock.withLock { tables[name] } }
    }

    /// The CSV text of a named table: `datasets/workloads/NAME.csv` on disk first, then the embedded copy.
    static func tableText(_ name: String) throws(Error) -> (String, String) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw Error("network name '\(name)' may hold only letters, digits, '-', '_' and '.'")
        }
        let relative = "datasets/workloads/\(name).csv"
        if let dir = DatasetLocator.datasetsDirectory() {
            let url = dir.appendingPathComponent("workloads/\(name).csv")
            if let text = try? String(contentsOf: url, encoding: .utf8) { return (text, url.path) }
        }
        if let text = EmbeddedFiles.text(relative) { return (text, relative) }
        throw Error("unknown network '\(name)', expected one of \(networkNames.joined(separator: ", "))")
    }
}
