import CIMAccuracy
import CIMHardware
import CIMWorkload
import DesignDB

/// The cost and accuracy models of a space, chosen once for `cimnas search` and `cimnas precompute`.
extension PrecomputeModels {
    /// SRAM macro chips get the SRAM cost model of `macro` and the ResNet50 quantization accuracy of chips built
    /// from it; RRAM chips get CiMLoop (under `mode`) and the APQ predictor.
    public static func forSpace(sram: Bool, technology: ComposedTechnology, mode: CompatMode,
                                macro: SRAMMacroDesign = .sinangil) throws(ModelLoadError) -> PrecomputeModels {
        if sram {
            return .sram(SRAMCostModel(technology: technology, design: macro), accuracy: ResNet50AccuracyModel(macro: macro))
        }
        do { return .cimloop(CIMLoopCostModel(technology: technology, mode: mode), accuracy: try APQAccuracyModel.loadDefault()) } catch {
            throw ModelLoadError(message: "accuracy predictor: \(error)")
        }
    }
}

/// A model that could not be loaded (the shipped predictor weights), with the reason.
public struct ModelLoadError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
