/// The (component, action kind) pairs the hardware models count, in storage order (component order, then
/// action-kind order): what `layer_eval` keeps per row so that every stored energy can be rebuilt.
public enum StoredAction: Int, CaseIterable, Sendable {
    case cimUnitRead, cimUnitCompute, rowDriversRead, columnDriversRead, adcConvert
    case inputBufferRead, inputBufferWrite, inputBufferLeakCycle
    case outputBufferRead, outputBufferWrite, outputBufferUpdate, outputBufferLeakCycle
    case routerRead, glbRead, glbWrite, glbLeakCycle

    public var component: CostComponent {
        switch self {
        case .cimUnitRead, .cimUnitCompute: .cimUnit
        case .rowDriversRead: .rowDrivers
        case .columnDriversRead: .columnDrivers
        case .adcConvert: .adc
        case .inputBufferRead, .inputBufferWrite, .inputBufferLeakCycle: .inputBuffer
        case .outputBufferRead, .outputBufferWrite, .outputBufferUpdate, .outputBufferLeakCycle: .outputBuffer
        case .routerRead: .router
        case .glbRead, .glbWrite, .glbLeakCycle: .glb
        }
    }

    public var kind: ActionKind {
        switch self {
        case .cimUnitRead, .rowDriversRead, .columnDriversRead, .inputBufferRead, .outputBufferRead, .routerRead,
             .glbRead: .read
        case .inputBufferWrite, .outputBufferWrite, .glbWrite: .write
        case .outputBufferUpdate: .update
        case .adcConvert: .convert
        case .cimUnitCompute: .compute
        case .inputBufferLeakCycle, .outputBufferLeakCycle, .glbLeakCycle: .leakCycle
        }
    }

    /// Column stem in `layer_eval`: `<component>_<action>`, then `_count` and `_pj`.
    public var column: String { "\(component.rawValue)_\(kind.rawValue)" }
}

/// A ledger's counts and energies per action as stored (fixed storage, `StoredAction` order): enough to
/// rebuild every component energy, bit for bit, with the ledger's own sum.
public struct StoredActions: Hashable, Sendable, Codable {
    public var counts = SIMD16<Double>()
    /// Energy per action, pJ.
    public var energies_pJ = SIMD16<Double>()

    @inlinable public init() {}

    /// The stored part of `ledger`; `StoredAction` lists every pair a hardware model counts, so nothing is lost.
    /// Straight-line in `StoredAction` order (it runs for every evaluated layer); StoredEnergyAuditTests
    /// checks it against the pairs' `component` and `kind`.
    @inlinable public init(_ ledger: CostLedger) {
        counts = Self.ordered(ledger.parts.map { $0.counts })
        energies_pJ = Self.ordered(ledger.parts.map { $0.energies_pJ })
    }

    @inlinable static func ordered(_ v: PerComponent<ActionValues>) -> SIMD16<Double> {
        SIMD16(v.cimUnit.read, v.cimUnit.compute, v.rowDrivers.read, v.columnDrivers.read, v.adc.convert,
               v.inputBuffer.read, v.inputBuffer.write, v.inputBuffer.leakCycle,
               v.outputBuffer.read, v.outputBuffer.write, v.outputBuffer.update, v.outputBuffer.leakCycle,
               v.router.read, v.glb.read, v.glb.write, v.glb.leakCycle)
    }

    /// Energy by component, J, rebuilt from the stored counts and energies per action by `CostLedger`.
    @inlinable public var components_j: ComponentValues {
        var l = CostLedger()
        for a in StoredAction.allCases {
            l[a.component].counts[a.kind] = counts[a.rawValue]
            l[a.component].energies_pJ[a.kind] = energies_pJ[a.rawValue]
        }
        return l.components_j
    }
}
