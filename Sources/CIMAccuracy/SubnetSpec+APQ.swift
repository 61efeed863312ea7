import CIMWorkload

extension SubnetSpec {
    /// A subnet with one kernel, expand-grid index and bit width in every block.
    public static func uniform(kernel: Int, expandIndex: Int, bits: Int, depths: [Int]) -> SubnetSpec {
        let n = SubnetSpec.blockCount
        let b = [Int](repeating: bits, count: n)
        return SubnetSpec(depths: depths, kernels: [Int](repeating: kernel, count: n),
                          expandIndices: [Int](repeating: expandIndex, count: n),
                          pwWeightBits: b, pwActivationBits: b, dwWeightBits: b, dwActivationBits: b)
    }

    /// The same subnet with every bit width set to `bits`.
    public func withUniformBits(_ bits: Int) -> SubnetSpec {
        var s = self
        let b = [Int](repeating: bits, count: SubnetSpec.blockCount)
        s.pwWeightBits = b; s.pwActivationBits = b; s.dwWeightBits = b; s.dwActivationBits = b
        return s
    }


    /// A stable key for the quantization policy: the four bit groups of the active blocks, in block order,
    /// as `pwW-pwA-dwW-dwA` strings of digits (inactive blocks as `x`), e.g. `"886x…/…/…/…"`.
    ///
    /// Two specs with the same architecture share a key iff they quantize every active layer alike.
    public var quantPolicyKey: String {
        let groups = [pwWeightBits, pwActivationBits, dwWeightBits, dwActivationBits]
        return groups.map { group in
            String((0..<SubnetSpec.blockCount).map { i -> Character in
                guard isActive(block: i), i < group.count else { return "x" }
                return Character(String(group[i] % 10))
            })
        }.joined(separator: "/")
    }
}
