import CIMHardware
import Foundation

/// One golden CiMLoop run (Tests/Fixtures/cimloop_golden_runs.json) as the mapping tests need it.
struct GoldenMappingRun: Sendable {
    let id: String
    let hardware: HardwareConfig
    let layer: LayerWorkload
    let energies: ActionEnergies
    let areas: InstanceAreas
    let energy_j: Double
    let area_mm2: Double
    let cycles: Int
    let macs: Double
    let utilization_percent: Double
    let tops_per_w: Double
    let tops_per_mm2: Double
    /// CiMLoop's per-component energy, J, by CiMLoop component name.
    let componentEnergy_j: [String: Double]
    /// Timeloop's loop nest as printed.
    let mappingText: String

    /// The ten runs, keyed by id (A_r18_02 …).
    static let all: [String: GoldenMappingRun] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cimloop_golden_runs.json")
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
        var runs: [String: GoldenMappingRun] = [:]
        for (id, r) in root { runs[id] = GoldenMappingRun(id: id, r) }
        return runs
    }()

    static let ids = all.keys.sorted()

    init(id: String, _ r: [String: Any]) {
        self.id = id
        let p = (r["params"] as! [NSNumber]).map(\.doubleValue)
        hardware = HardwareConfig(voltage_v: p[0], bitsPerCell: Int(p[1]), baseLatency_s: p[2], rows: Int(p[3]),
                                  cols: Int(p[4]), routerGroup: Int(p[5]), tilesPerChip: Int(p[6]),
                                  macrosPerTile: Int(p[7]), glbDepth: Int(p[8]))
        let pr = r["problem"] as! [String: Any]
        func dim(_ k: String) -> Int { (pr[k] as! NSNumber).intValue }
        let shape = LayerShape(G: dim("G"), C: dim("C"), M: dim("M"), R: dim("R"), S: dim("S"), P: dim("P"),
                               Q: dim("Q"), N: dim("N"), stride: dim("Hstride"))
        layer = LayerWorkload(name: id, shape: shape, inputBits: (r["input_bits"] as! NSNumber).intValue,
                              weightBits: (r["weight_bits"] as! NSNumber).intValue)
        let ert = r["ERT"] as! [String: [String: NSNumber]]
        func e(_ c: String, _ a: String) -> Double { ert[c]![a]!.doubleValue }
        var en = ActionEnergies()
        en.cellRead_pJ = e("cim_unit", "read")
        en.rowDriverRead_pJ = e("row_drivers", "read")
        en.columnDriverRead_pJ = e("column_drivers", "read")
        en.adcConvert_pJ = e("adc", "read")
        en.inputBufferRead_pJ = e("input_buffer", "read")
        en.inputBufferWrite_pJ = e("input_buffer", "write")
        en.inputBufferLeakPerCycle_pJ = e("input_buffer", "leak")
        en.outputBufferRead_pJ = e("output_buffer", "read")
        en.outputBufferWrite_pJ = e("output_buffer", "write")
        en.outputBufferLeakPerCycle_pJ = e("output_buffer", "leak")
        en.routerRead_pJ = e("router", "read")
        en.glbRead_pJ = e("glb", "read")
        en.glbWrite_pJ = e("glb", "write")
        en.glbLeakPerCycle_pJ = e("glb", "leak")
        energies = en
        let art = r["ART"] as! [String: NSNumber]
        var ar = InstanceAreas()
        ar.adc_um2 = art["adc"]!.doubleValue
        ar.columnDrivers_um2 = art["column_drivers"]!.doubleValue
        ar.rowDrivers_um2 = art["row_drivers"]!.doubleValue
        ar.cell_um2 = art["cim_unit"]!.doubleValue
        ar.inputBuffer_um2 = art["input_buffer"]!.doubleValue
        ar.outputBuffer_um2 = art["output_buffer"]!.doubleValue
        ar.router_um2 = art["router"]!.doubleValue
        ar.glb_um2 = art["glb"]!.doubleValue
        areas = ar
        energy_j = (r["energy_J"] as! NSNumber).doubleValue
        area_mm2 = (r["area_m2"] as! NSNumber).doubleValue * 1e6
        cycles = (r["cycles"] as! NSNumber).intValue
        macs = (r["macs"] as! NSNumber).doubleValue
        utilization_percent = (r["percent_utilization"] as! NSNumber).doubleValue
        tops_per_w = (r["tops_per_w"] as! NSNumber).doubleValue
        tops_per_mm2 = (r["tops_per_mm2"] as! NSNumber).doubleValue
        componentEnergy_j = (r["per_component_energy_J"] as! [String: NSNumber]).mapValues(\.doubleValue)
        mappingText = r["mapping"] as! String
    }

    /// Spatial and temporal factors parsed from Timeloop's printed loop nest: level → dim → loop bound.
    /// Levels: "row", "column", "macro_in_tile", "tile_in_chip", "shared_router_group", "temporal".
    var timeloopFactors: [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        var level = "temporal"
        let names = ["inter_row_spatial": "row", "inter_column_spatial": "column",
                     "inter_macro_in_tile_spatial": "macro_in_tile", "inter_tile_in_chip_spatial": "tile_in_chip",
                     "inter_shared_router_group_spatial": "shared_router_group"]
        for raw in mappingText.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let first = line.split(separator: " ").first, !line.hasPrefix("|"), !line.hasPrefix("-") {
                let name = String(first)
                if let mapped = names[name] { level = mapped } else if name.hasPrefix("inter_") || name == "here_to_fix_a_bug" {
                    level = "ignore"
                } else if level != "temporal" && name != "dummy_top" && name != "glb" { level = "ignore-storage" }
                continue
            }
            guard line.hasPrefix("|"), let forRange = line.range(of: "for ") else { continue }
            let rest = line[forRange.upperBound...]
            let dim = String(rest.prefix { $0 != " " })
            guard let open = rest.range(of: "[0:"), let close = rest.range(of: ")") else { continue }
            let bounds = rest[open.upperBound..<close.lowerBound].split(separator: ",")
            let bound = Int(bounds[0])!
            let isSpatial = line.contains("Spatial")
            let target = isSpatial ? level : "temporal"
            if target.hasPrefix("ignore") || (target == "temporal" && isSpatial) { continue }
            out[target, default: [:]][dim] = bound
        }
        return out
    }
}

/// |model − golden| / |golden|.
func mappingRelErr(_ model: Double, _ golden: Double) -> Double {
    golden == 0 ? abs(model) : abs(model - golden) / abs(golden)
}
