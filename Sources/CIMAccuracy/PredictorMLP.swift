import CIMWorkload

/// APQ's accuracy-predictor MLP with configurable width, run on sparse one-hot features.
///
/// `h = ReLU(A0·x_arch + a0) + (Q·x_quant + q)`, then `hiddenLayers` × `h = ReLU(W·h + b)`, then
/// `y = R·h + r` (docs/accuracy.md, "Network"). APQ's own model is `hidden` 400, `hiddenLayers` 2.
///
/// All parameters live in one contiguous `[Float]` (`parameters`), every matrix stored **transposed**
/// (`[in][out]`, row-major) so that a sparse input row or a nonzero activation adds one contiguous row.
/// PyTorch's `[out, in]` tensors are converted on load and save (`tensors()` / `init(tensors:)`).
public struct PredictorMLP: Sendable, Equatable {
    /// Width of every hidden layer.
    public let hidden: Int
    /// Number of `hidden → hidden` ReLU layers after the first (APQ: 2).
    public let hiddenLayers: Int
    /// All weights and biases, laid out as described by `Layout`.
    public var parameters: [Float]

    /// Architecture inputs (kernel + expand one-hots).
    public static let archInputs = APQEncoding.archDimension
    /// Quantization inputs (bit one-hots).
    public static let quantInputs = APQEncoding.quantDimension

    /// Offsets of each tensor in `parameters`.
    public struct Layout: Sendable, Equatable {
        public let hidden: Int
        public let hiddenLayers: Int
        /// `A0ᵀ` [520][hidden].
        public var arch: Int { 0 }
        /// `a0` [hidden].
        public var archBias: Int { PredictorMLP.archInputs * hidden }
        /// `Qᵀ` [252][hidden].
        public var quant: Int { archBias + hidden }
        /// `q` [hidden].
        public var quantBias: Int { quant + PredictorMLP.quantInputs * hidden }
        /// `W_lᵀ` [hidden][hidden] of hidden layer `l`.
        public func weight(_ l: Int) -> Int { quantBias + hidden + l * (hidden * hidden + hidden) }
        /// `b_l` [hidden] of hidden layer `l`.
        public func bias(_ l: Int) -> Int { weight(l) + hidden * hidden }
        /// `R` [hidden].
        public var regressor: Int { weight(hiddenLayers) }
        /// `r` (one float).
        public var regressorBias: Int { regressor + hidden }
        /// Total parameter count.
        public var count: Int { regressorBias + 1 }
    }

    /// The parameter layout of this model.
    public var layout: Layout { Layout(hidden: hidden, hiddenLayers: hiddenLayers) }

    /// A model with all parameters zero.
    public init(hidden: Int, hiddenLayers: Int) {
        precondition(hidden > 0 && hiddenLayers >= 0)
        self.hidden = hidden
        self.hiddenLayers = hiddenLayers
        self.parameters = [Float](repeating: 0, count: Layout(hidden: hidden, hiddenLayers: hiddenLayers).count)
    }

    /// A model initialised like PyTorch's default `nn.Linear`: weights and biases `U(−1/√fan_in, 1/√fan_in)`.
    public init(hidden: Int, hiddenLayers: Int, seed: UInt64) {
        self.init(hidden: hidden, hiddenLayers: hiddenLayers)
        var rng = PredictorRNG(seed: seed)
        let l = layout
        func fill(_ start: Int, _ count: Int, fanIn: Int) {
            let bound = 1 / Float(fanIn).squareRoot()
            for k in start..<(start + count) { parameters[k] = rng.nextFloat(in: -bound...bound) }
        }
        fill(l.arch, Self.archInputs * hidden + hidden, fanIn: Self.archInputs)
        fill(l.quant, Self.quantInputs * hidden + hidden, fanIn: Self.quantInputs)
        for k in 0..<hiddenLayers { fill(l.weight(k), hidden * hidden + hidden, fanIn: hidden) }
        fill(l.regressor, hidden + 1, fanIn: hidden)
    }

    /// Scratch buffers for one forward pass; reuse across calls to avoid allocation.
    public struct Workspace: Sendable {
        @usableFromInline var a: [Float]
        @usableFromInline var b: [Float]
        public init(hidden: Int) {
            a = [Float](repeating: 0, count: hidden)
            b = [Float](repeating: 0, count: hidden)
        }
    }

    /// The output for one sample given its sorted nonzero feature indices (each < 772).
    ///
    /// - Complexity: O(nnz·hidden + hiddenLayers·nnz(h)·hidden); no allocation.
    @inlinable
    public func predict(indices: UnsafeBufferPointer<Int32>, workspace ws: inout Workspace) -> Float {
        let h = hidden
        let l = layout
        return parameters.withUnsafeBufferPointer { pb in
            ws.a.withUnsafeMutableBufferPointer { ab in
                ws.b.withUnsafeMutableBufferPointer { bb in
                    let p = pb.baseAddress!
                    var cur = ab.baseAddress!, nxt = bb.baseAddress!
                    // First layer: arch branch (ReLU) + quant branch (linear).
                    cur.update(from: p + l.archBias, count: h)
                    for j in indices where Int(j) < Self.archInputs {
                        Self.add(p + (l.arch &+ Int(j) &* h), into: cur, count: h)
                    }
                    let qb = p + l.quantBias
                    for o in 0..<h { cur[o] = max(cur[o], 0) + qb[o] }
                    for j in indices where Int(j) >= Self.archInputs {
                        Self.add(p + (l.quant &+ (Int(j) &- Self.archInputs) &* h), into: cur, count: h)
                    }
                    for k in 0..<hiddenLayers {
                        let w = p + l.weight(k)
                        nxt.update(from: p + l.bias(k), count: h)
                        for i in 0..<h {
                            let x = cur[i]
                            if x == 0 { continue }
                            Self.axpy(x, w + (i &* h), into: nxt, count: h)
                        }
                        for o in 0..<h { nxt[o] = max(nxt[o], 0) }
                        swap(&cur, &nxt)
                    }
                    let r = p + l.regressor
                    var y = p[l.regressorBias]
                    for o in 0..<h { y += r[o] * cur[o] }
                    return y
                }
            }
        }
    }

    /// `y[0..<n] += x[0..<n]` (vectorised by the compiler).
    @inlinable @inline(__always)
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count n: Int) {
        var o = 0
        while o < n { y[o] += x[o]; o &+= 1 }
    }

    /// `y[0..<n] += a·x[0..<n]`.
    @inlinable @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count n: Int) {
        var o = 0
        while o < n { y[o] += a * x[o]; o &+= 1 }
    }

    /// Outputs for a batch of samples.
    public func predict(_ batch: SparseFeatureBatch) -> [Float] {
        var ws = Workspace(hidden: hidden)
        var out = [Float](repeating: 0, count: batch.count)
        batch.indices.withUnsafeBufferPointer { all in
            for s in 0..<batch.count {
                let lo = batch.offsets[s], hi = batch.offsets[s + 1]
                out[s] = predict(indices: UnsafeBufferPointer(rebasing: all[lo..<hi]), workspace: &ws)
            }
        }
        return out
    }

    /// The output for one sample.
    public func predict(indices: [Int32]) -> Float {
        var ws = Workspace(hidden: hidden)
        return indices.withUnsafeBufferPointer { predict(indices: $0, workspace: &ws) }
    }
}

/// Many samples' sparse features in compressed-row form: sample `s` owns `indices[offsets[s]..<offsets[s+1]]`.
public struct SparseFeatureBatch: Sendable, Equatable {
    /// Concatenated sorted nonzero indices.
    public var indices: [Int32] = []
    /// Row starts; `offsets.count == count + 1`.
    public var offsets: [Int] = [0]

    public init() {}

    /// A batch of the given index lists.
    public init(_ rows: [[Int32]]) {
        for r in rows { append(r) }
    }

    /// Number of samples.
    public var count: Int { offsets.count - 1 }

    /// Appends one sample.
    public mutating func append(_ row: [Int32]) {
        indices.append(contentsOf: row)
        offsets.append(indices.count)
    }

    /// Appends an already validated spec without intermediate arrays.
    public mutating func append(_ spec: SubnetSpec, bits: APQEncoding.BitMode) {
        APQEncoding.appendActiveIndices(spec, bits: bits, into: &indices)
        offsets.append(indices.count)
    }

    /// The indices of sample `s`.
    public func row(_ s: Int) -> ArraySlice<Int32> { indices[offsets[s]..<offsets[s + 1]] }

    /// The samples at `rows`, in that order.
    public func subset(_ rows: [Int]) -> SparseFeatureBatch {
        var b = SparseFeatureBatch()
        for r in rows {
            b.indices.append(contentsOf: row(r))
            b.offsets.append(b.indices.count)
        }
        return b
    }
}

/// Small, fast, seedable generator (SplitMix64) for reproducible initialisation and shuffling.
public struct PredictorRNG: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `range` from the top 24 bits (exactly representable floats).
    public mutating func nextFloat(in range: ClosedRange<Float>) -> Float {
        let u = Float(next() >> 40) / Float(1 << 24)
        return range.lowerBound + (range.upperBound - range.lowerBound) * u
    }
    /// Uniform integer in `0..<n` (Lemire-free modulo; n is small here).
    public mutating func nextInt(below n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// The same generator under its algorithm's name (CIMBench uses it).
public typealias SplitMix64 = PredictorRNG
