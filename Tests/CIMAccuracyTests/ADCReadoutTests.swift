import CIMAccuracy
import CIMHardware
import CIMWorkload
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ADC term of the ResNet50 accuracy model (`ADCReadout`, `ResNet50QuantizationAccuracy.top1(_:readout:)`).
@Suite struct ADCReadoutTests {
    let model = ResNet50QuantizationAccuracy()

    func uniform(_ bits: Int) -> [LayerWorkload] {
        ResNet50.layers(bits: LayerBits(inputBits: bits, weightBits: bits))
    }

    func sinangil(rows: Int, adcBits: Int) -> ADCReadout { ADCReadout(rows: rows, adcBits: adcBits) }

    /// The Sinangil silicon point (64 rows, 4-bit ADC, 4-bit operands) costs nothing beyond 4-bit
    /// quantization; 8-bit layers on it are held to 4-bit activations: 76.13 − (0.1 + 1.6)/2 = 75.28.
    @Test func calibrationPoint() throws {
        #expect(try ADCReadout.reference.effectiveBits(activeRows: 64, inputBits: 4, weightBits: 4) == 4)
        #expect(ADCReadout(macro: .sinangil) == ADCReadout.reference)
        #expect(abs(try model.top1(uniform(4), readout: .reference) - 74.53) < 1e-9)
        #expect(abs(try model.top1(uniform(4), readout: .reference) - (try model.top1(uniform(4)))) < 1e-12)
        #expect(abs(try model.top1(uniform(8), readout: .reference) - 75.28) < 1e-9)
        // Without a readout the model is the operand-only one.
        #expect(abs(try model.top1(uniform(8), readout: nil) - 76.03) < 1e-9)
    }

    /// Hand-computed slope: 4-bit slices uniform on 0…15 give μ_p = 56.25, E[p²] = 77.5², σ_p = 53.3122;
    /// g(N) = √N·μ_p/σ_p + 3, b_eff = 4 − log2(g(N)/g(64)): 32 rows 4.3512, 256 rows 3.2028.
    @Test func effectiveBitsFollowTheSQNRLaw() throws {
        let r = sinangil(rows: 1024, adcBits: 4)
        #expect(abs(try r.effectiveBits(activeRows: 32, inputBits: 8, weightBits: 8) - 4.3512) < 1e-3)
        #expect(abs(try r.effectiveBits(activeRows: 256, inputBits: 8, weightBits: 8) - 3.2028) < 1e-3)
        // One more ADC bit buys exactly one bit.
        let six = sinangil(rows: 256, adcBits: 6)
        #expect(abs(try six.effectiveBits(activeRows: 256, inputBits: 8, weightBits: 8) - 5.2028) < 1e-3)
        // Lossless: one row of 4-bit slices spans 0…216.19 (mean + 3σ), an 8-bit ADC resolves every value.
        let one = sinangil(rows: 1, adcBits: 8)
        #expect(try one.effectiveBits(activeRows: 1, inputBits: 4, weightBits: 4) == .infinity)
        #expect(try sinangil(rows: 1, adcBits: 7).effectiveBits(activeRows: 1, inputBits: 4, weightBits: 4).isFinite)
    }

    @Test func moreADCBitsNeverLowerAccuracy() throws {
        var mixed = uniform(8)
        for i in mixed.indices where i % 3 == 0 { mixed[i].inputBits = 4 }
        for i in mixed.indices where i % 5 == 0 { mixed[i].weightBits = 6 }
        for layers in [uniform(4), uniform(8), uniform(16), mixed] {
            for rows in [16, 32, 64, 128, 256] {
                // A refused point (below the model's floor) counts as the worst; once accepted, more bits stay accepted.
                var last: Double?
                for bits in ADCReadout.supportedADCBits {
                    guard let t = try? model.top1(layers, readout: sinangil(rows: rows, adcBits: bits)) else {
                        #expect(last == nil, "rows \(rows): \(bits)-bit ADC refused after a smaller one was accepted")
                        continue
                    }
                    #expect(t >= (last ?? -.infinity) - 1e-12, "rows \(rows), ADC \(bits) b")
                    #expect(t <= (try model.top1(layers)) + 1e-12)
                    last = t
                }
                #expect(last != nil)
            }
        }
    }

    @Test func tallerArraysNeverRaiseAccuracy() throws {
        for layers in [uniform(4), uniform(8)] {
            for bits in [4, 5, 6, 8, 12] {
                var last: Double? = .infinity
                for rows in [8, 16, 32, 64, 128, 256, 512, 1024] {
                    let t = try? model.top1(layers, readout: sinangil(rows: rows, adcBits: bits))
                    if let t {
                        #expect(last != nil, "\(rows) rows accepted after a shorter array was refused")
                        #expect(t <= (last ?? .infinity) + 1e-12, "rows \(rows), ADC \(bits) b")
                    }
                    last = t
                }
            }
        }
        // Strictly: 8-bit ResNet50 with a 4-bit ADC over 256 rows loses to 64 rows.
        #expect(try model.top1(uniform(8), readout: sinangil(rows: 256, adcBits: 4))
                < (try model.top1(uniform(8), readout: .reference)) - 0.1)
    }

    /// A layer with fewer weight rows than the array (C·R·S = 64) sums only those rows per conversion.
    @Test func activeRowsAreCappedByTheLayer() throws {
        let layer = [uniform(8)[1]]  // layer1.0.conv1: 64×1×1
        #expect(layer[0].shape.C * layer[0].shape.R * layer[0].shape.S == 64)
        let tall = try model.top1(layer, readout: sinangil(rows: 256, adcBits: 4))
        #expect(abs(tall - (try model.top1(layer, readout: .reference))) < 1e-12)
    }

    @Test func outOfRangeIsRefusedWithOneLine() throws {
        for bits in [2, 17] {
            #expect(throws: ADCReadout.Error.self) {
                try sinangil(rows: 64, adcBits: bits).effectiveBits(activeRows: 64, inputBits: 8, weightBits: 8)
            }
            do {
                _ = try model.top1(uniform(8), readout: sinangil(rows: 64, adcBits: bits))
                Issue.record("\(bits)-bit ADC accepted")
            } catch {
                #expect(error.message == "layer conv1: \(bits)-bit ADC is outside the ADC model's range 3…16 bits")
            }
        }
        // 512 rows on a 4-bit ADC leave 2.77 bits, below the 3-bit floor of the drop curve.
        do {
            _ = try model.top1(uniform(8), readout: sinangil(rows: 512, adcBits: 4))
            Issue.record("512 rows on a 4-bit ADC accepted")
        } catch {
            #expect(error.message.contains("leaves 2.77 operand-equivalent bits, below the model's 3-bit floor"))
            #expect(!error.message.contains("\n"))
        }
        #expect(throws: ADCReadout.Error.self) {
            try ADCReadout(rows: 0, adcBits: 4).effectiveBits(activeRows: 1, inputBits: 8, weightBits: 8)
        }
    }

    /// Slices come from the macro: Jia reads one-bit slices, Colonnade has no ADC.
    @Test func readoutFollowsTheMacro() {
        #expect(ADCReadout(macro: .jia)?.inputSliceBits == 1 && ADCReadout(macro: .jia)?.weightSliceBits == 1)
        #expect(ADCReadout(macro: .wang)?.inputSliceBits == 8)
        #expect(ADCReadout(macro: .colonnade) == nil)
    }
}
