import CIMHardware
import Testing

/// `SRAMChip.capacity`: weights counted in Sinangil macros (16 four-cell units per 64-column row).
@Suite struct SRAMCapacityTests {
    /// 3×3 convolution, 64 → 128 channels: C·R·S = 576 rows.
    func conv(_ name: String, weightBits: Int) -> LayerWorkload {
        LayerWorkload(name: name, shape: LayerShape(kind: .conv, C: 64, M: 128, R: 3, S: 3, P: 8, Q: 8),
                      inputBits: 8, weightBits: weightBits)
    }

    func chip(macrosPerTile: Int, tiles: Int, cols: Int = 64) -> SRAMChip {
        var m = SRAMMacro.sinangil
        m.cols = cols
        return SRAMChip(macro: m, macrosPerTile: macrosPerTile, tiles: tiles, glbDepth: 2048, voltage_v: 0.8, technology_nm: 7)
    }

    /// 8-bit weights take 2 units: 8 per row → ⌈576/64⌉ · ⌈128/8⌉ = 9 · 16 = 144 macros; 6-bit weights
    /// also take 2 units (144); 4-bit weights one unit: 9 · 8 = 72.
    @Test func macrosPerCopyByHand() {
        let c = chip(macrosPerTile: 64, tiles: 2)
        #expect(c.macrosPerCopy(conv("a", weightBits: 8)) == 144)
        #expect(c.macrosPerCopy(conv("a", weightBits: 6)) == 144)
        #expect(c.macrosPerCopy(conv("a", weightBits: 4)) == 72)
    }

    /// 128 macros hold neither an 8- nor a 6-bit copy (144): short by 16 macros = 16 · 4096 cells. The RRAM
    /// count (one cell per weight bit) would pass the 6-bit layer: 73 728 · 6 = 442 368 ≤ 524 288 cells.
    @Test func shortfallNamesTheLayer() {
        let c = chip(macrosPerTile: 64, tiles: 2)
        for bits in [8, 6] {
            let r = c.capacity([conv("big", weightBits: bits)])
            #expect(!r.fits)
            #expect(r.requiredMacros == 144 && r.availableMacros == 128)
            #expect(r.shortfallMacros == 16 && r.shortfallCells == 65_536)
            #expect(r.firstFailingLayer?.name == "big" && r.firstFailingLayer?.missingMacros == 16)
            #expect(r.summary == "does not fit: 144 of 128 SRAM macros (112.5 %), short by 16 macros (65536 cells); layer big is the first that does not fit (16 of its 144 macros have no place)")
        }
        #expect(73_728 * 6 <= c.macroCount * 64 * 64)
    }

    /// Layers add up: 72 + 72 = 144 macros fit exactly on 144; a third layer is the first that fails.
    @Test func layersAddUpAndExactFitIsAccepted() {
        let c = chip(macrosPerTile: 72, tiles: 2)
        let two = c.capacity([conv("a", weightBits: 4), conv("b", weightBits: 4)])
        #expect(two.fits && two.shortfallMacros == 0)
        #expect(two.summary == "fits: 144 of 144 SRAM macros (100.0 %)")
        let three = c.capacity([conv("a", weightBits: 4), conv("b", weightBits: 4), conv("c", weightBits: 8)])
        #expect(three.requiredMacros == 288 && three.firstFailingLayer?.name == "c")
        #expect(three.firstFailingLayer?.missingMacros == 144)
    }

    /// A 4-column macro has one unit per row: an 8-bit weight (two units) fits no row.
    @Test func weightsWiderThanARowAreUnmappable() {
        let r = chip(macrosPerTile: 64, tiles: 2, cols: 4).capacity([conv("w", weightBits: 8)])
        #expect(!r.fits)
        #expect(r.unmappableLayers.map(\.name) == ["w"])
        #expect(r.summary.hasSuffix("1 layer(s) cannot be mapped, first w: 8-bit weights do not fit a 4-column sinangil_jssc_2021 row"))
    }

    /// The count agrees with the chip model's mapping of the same layer.
    @Test func agreesWithTheChipModel() throws {
        let c = chip(macrosPerTile: 64, tiles: 4)
        let model = SRAMChipModel(chip: c, technology: TestTechnology.parameters)
        for bits in [4, 6, 8] {
            let layer = conv("x", weightBits: bits)
            #expect(try model.evaluate(layer).macrosPerCopy == c.macrosPerCopy(layer))
        }
    }
}
