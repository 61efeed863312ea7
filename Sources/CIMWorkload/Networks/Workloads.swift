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
        switch name {
        case "mobilenetv2":
            throw Error("network mobilenetv2 needs a subnet: give a design file or --cimnas-key")
        case "resnet50":
            layers = ResNet50.layers()
        default:
            let (text, file) = try tableText(name)
            do { layers = try WorkloadTable.parse(text, file: file) } catch { throw Error(error.description) }
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

    /// Layer tables read from files in this process (`register`), by their content-keyed names.
    private static let registry = Registry()

    final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var tables: [String: (text: String, file: String)] = [:]
        func get(_ name: String) -> (text: String, file: String)? { lock.lock(); defer { lock.unlock() }; return tables[name] }
        func set(_ name: String, _ value: (text: String, file: String)) { lock.lock(); tables[name] = value; lock.unlock() }
    }

    /// Whether `--network` names a workload CSV file (it ends in `.csv` or contains `/`) rather than a network.
    public static func isFile(_ reference: String) -> Bool {
        reference.lowercased().hasSuffix(".csv") || reference.contains("/")
    }

    /// Makes a workload CSV (`name,kind,G,…`, checked strictly) known as a fixed network named
    /// `STEM-SHA12`: the file's stem and the first 12 hex digits of its text's SHA-256. The name is in every
    /// network and design key, so an edited file is a new network and never reuses the old one's results.
    /// - Returns: the name, and the text's full SHA-256.
    @discardableResult
    public static func register(text: String, file: String) throws(Error) -> (name: String, sha256: String) {
        do { _ = try WorkloadTable.parse(text, file: file) } catch { throw Error(error.description) }
        let sha = SHA256.hex(text)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        let name = String(stem.prefix(40)) + "-" + sha.prefix(12)
        registry.set(name, (text, file))
        return (name, sha)
    }

    /// Reads and registers a workload CSV file (`register(text:file:)`).
    public static func register(file: String) throws(Error) -> (name: String, sha256: String, text: String) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Error("\(file): cannot read the file, expected a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let (name, sha) = try register(text: text, file: file)
        return (name, sha, text)
    }

    /// The CSV text of a named table: a registered file first, then `datasets/workloads/NAME.csv` on disk,
    /// then the embedded copy.
    static func tableText(_ name: String) throws(Error) -> (String, String) {
        if let registered = registry.get(name) { return registered }
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
