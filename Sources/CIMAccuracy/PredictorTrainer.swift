/// Trains a `PredictorMLP` with Adam on mean-squared error, mini-batches and early stopping.
///
/// Deterministic for a given seed: shuffling uses `SplitMix64`, and all arithmetic is sequential.
/// By default targets are standardised during training and the scale folded into the regressor after,
/// so raw scores with a tiny spread (APQ's 0.86–0.89) train as well as percentages.
public enum PredictorTrainer {
    /// Hyper-parameters.
    public struct Options: Sendable {
        public var epochs = 300
        public var batchSize = 64
        public var learningRate: Float = 1e-3
        /// L2 penalty added to the gradient of weights (not biases), Adam-style.
        public var weightDecay: Float = 0
        /// Stop after this many epochs without a validation improvement.
        public var patience = 30
        public var seed: UInt64 = 1
        /// Train a freshly initialised model against standardised targets `(y − mean)/std` and fold
        /// `mean`/`std` into the regressor afterwards (so raw scores with a tiny spread train like
        /// unit-variance ones). Turn off to fine-tune a model that already predicts in target units.
        public var standardizeTargets = true
        public init() {}
    }

    /// One epoch's numbers, for progress output.
    public struct EpochProgress: Sendable {
        public var epoch: Int
        /// Mean-squared error in target units.
        public var trainMSE: Double
        public var validationMSE: Double?
        public var samplesPerSecond: Double
    }

    /// What happened.
    public struct Report: Sendable {
        public var epochsRun: Int
        public var bestEpoch: Int
        public var bestValidationMSE: Double?
        public var finalTrainMSE: Double
    }

    /// Mean-squared error of `model` on a data set.
    public static func meanSquaredError(_ model: PredictorMLP, _ x: SparseFeatureBatch, _ y: [Double]) -> Double {
        let p = model.predict(x)
        var s = 0.0
        for k in 0..<y.count { let d = Double(p[k]) - y[k]; s += d * d }
        return y.isEmpty ? 0 : s / Double(y.count)
    }

    /// Trains `model` in place; keeps the parameters of the best validation epoch when `validation` is given.
    ///
    /// - Complexity: per epoch O(n · (nnz·H + L·H²)) for n samples, H hidden units, L hidden layers.
    public static func train(_ model: inout PredictorMLP, features x: SparseFeatureBatch, targets y: [Double],
                             validation: (features: SparseFeatureBatch, targets: [Double])? = nil,
                             options: Options = Options(), clock: () -> Double = { 0 },
                             progress: (EpochProgress) -> Void = { _ in }) -> Report {
        precondition(x.count == y.count && !y.isEmpty)
        let n = y.count
        var mean = y.reduce(0, +) / Double(n)
        var variance = 0.0
        for v in y { variance += (v - mean) * (v - mean) }
        var std = max((variance / Double(n)).squareRoot(), 1e-12)
        let l = model.layout
        if !options.standardizeTargets { mean = 0; std = 1 }
        let yStd = y.map { Float(($0 - mean) / std) }
        let valStd = validation.map { v in (v.features, v.targets.map { ($0 - mean) / std }) }

        var rng = SplitMix64(seed: options.seed)
        var order = Array(0..<n)
        var state = AdamState(count: model.parameters.count)
        var scratch = BackpropScratch(hidden: model.hidden, layers: model.hiddenLayers)
        var best = model.parameters
        var bestVal = Double.infinity, bestEpoch = 0, epochsRun = 0, lastTrain = 0.0
        let decayMask = weightMask(l, hiddenLayers: model.hiddenLayers)

        for epoch in 1...max(options.epochs, 1) {
            let t0 = clock()
            for k in stride(from: n - 1, to: 0, by: -1) { order.swapAt(k, rng.nextInt(below: k + 1)) }
            var sse = 0.0
            var start = 0
            while start < n {
                let end = min(start + options.batchSize, n)
                scratch.zeroGradients()
                for s in start..<end {
                    sse += backprop(model, x, sample: order[s], target: yStd[order[s]],
                                    scale: 2 / Float(end - start), scratch: &scratch)
                }
                state.step(&model.parameters, gradients: scratch.grad, lr: options.learningRate,
                           weightDecay: options.weightDecay, decayMask: decayMask)
                start = end
            }
            epochsRun = epoch
            lastTrain = sse / Double(n) * std * std
            var valMSE: Double?
            if let v = valStd {
                let m = meanSquaredError(model, v.0, v.1)
                valMSE = m * std * std
                if m < bestVal { bestVal = m; bestEpoch = epoch; best = model.parameters }
            }
            let dt = clock() - t0
            progress(EpochProgress(epoch: epoch, trainMSE: lastTrain, validationMSE: valMSE,
                                   samplesPerSecond: dt > 0 ? Double(n) / dt : 0))
            if valStd != nil, epoch - bestEpoch >= options.patience { break }
        }
        if valStd != nil { model.parameters = best } else { bestEpoch = epochsRun }
        for o in 0..<model.hidden { model.parameters[l.regressor + o] *= Float(std) }
        model.parameters[l.regressorBias] = model.parameters[l.regressorBias] * Float(std) + Float(mean)
        return Report(epochsRun: epochsRun, bestEpoch: bestEpoch,
                      bestValidationMSE: valStd == nil ? nil : bestVal * std * std, finalTrainMSE: lastTrain)
    }

    /// 1 for weights, 0 for biases.
    static func weightMask(_ l: PredictorMLP.Layout, hiddenLayers: Int) -> [Float] {
        var m = [Float](repeating: 1, count: l.count)
        let h = l.hidden
        for o in 0..<h { m[l.archBias + o] = 0; m[l.quantBias + o] = 0 }
        for k in 0..<hiddenLayers { for o in 0..<h { m[l.bias(k) + o] = 0 } }
        m[l.regressorBias] = 0
        return m
    }

    struct BackpropScratch {
        var grad: [Float]
        var z0: [Float]       // arch branch pre-activation
        var acts: [Float]     // flat [(layers+1)·h]: block 0 = first-layer output, block k+1 = after hidden layer k
        var g: [Float]
        var gPrev: [Float]

        init(hidden h: Int, layers: Int) {
            grad = [Float](repeating: 0, count: PredictorMLP.Layout(hidden: h, hiddenLayers: layers).count)
            z0 = [Float](repeating: 0, count: h)
            acts = [Float](repeating: 0, count: (layers + 1) * h)
            g = [Float](repeating: 0, count: h)
            gPrev = [Float](repeating: 0, count: h)
        }

        mutating func zeroGradients() {
            grad.withUnsafeMutableBufferPointer { p in for k in p.indices { p[k] = 0 } }
        }
    }

    /// Forward and backward pass for one sample; adds `scale · ∂(y − t)²/∂θ / 2·…` to `scratch.grad`
    /// (with `scale = 2/B` this is the gradient of the batch-mean squared error). Returns the squared error.
    static func backprop(_ model: PredictorMLP, _ x: SparseFeatureBatch, sample s: Int, target t: Float,
                         scale: Float, scratch sc: inout BackpropScratch) -> Double {
        let h = model.hidden, L = model.hiddenLayers, l = model.layout
        let lo = x.offsets[s], hi = x.offsets[s + 1]
        let p = model.parameters
        // Forward.
        for o in 0..<h { sc.z0[o] = p[l.archBias + o] }
        var qStart = hi
        for k in lo..<hi {
            let j = Int(x.indices[k])
            if j >= PredictorMLP.archInputs { qStart = k; break }
            let row = l.arch + j * h
            for o in 0..<h { sc.z0[o] += p[row + o] }
        }
        for o in 0..<h { sc.acts[o] = max(sc.z0[o], 0) + p[l.quantBias + o] }
        for k in qStart..<hi {
            let row = l.quant + (Int(x.indices[k]) - PredictorMLP.archInputs) * h
            for o in 0..<h { sc.acts[o] += p[row + o] }
        }
        sc.acts.withUnsafeMutableBufferPointer { a in
            p.withUnsafeBufferPointer { pp in
                for layer in 0..<L {
                    let w = l.weight(layer), b = l.bias(layer), src = layer * h, dst = src + h
                    for o in 0..<h { a[dst + o] = pp[b + o] }
                    for i in 0..<h where a[src + i] != 0 {
                        let xi = a[src + i], row = w + i * h
                        for o in 0..<h { a[dst + o] += xi * pp[row + o] }
                    }
                    for o in 0..<h { a[dst + o] = max(a[dst + o], 0) }
                }
            }
        }
        var y = p[l.regressorBias]
        for o in 0..<h { y += p[l.regressor + o] * sc.acts[L * h + o] }
        let err = y - t
        let dy = scale * err
        // Backward.
        sc.grad[l.regressorBias] += dy
        for o in 0..<h {
            sc.grad[l.regressor + o] += dy * sc.acts[L * h + o]
            sc.g[o] = dy * p[l.regressor + o]
        }
        for layer in stride(from: L - 1, through: 0, by: -1) {
            let w = l.weight(layer), b = l.bias(layer)
            // g holds ∂/∂(output of layer) = ∂/∂ acts[layer+1]; mask by ReLU.
            for o in 0..<h where sc.acts[(layer + 1) * h + o] <= 0 { sc.g[o] = 0 }
            sc.grad.withUnsafeMutableBufferPointer { gr in
                p.withUnsafeBufferPointer { pp in
                    sc.acts.withUnsafeBufferPointer { acts in
                        let src = UnsafeBufferPointer(rebasing: acts[(layer * h)..<((layer + 1) * h)])
                        sc.g.withUnsafeBufferPointer { g in
                            sc.gPrev.withUnsafeMutableBufferPointer { gp in
                                for o in 0..<h { gr[b + o] += g[o] }
                                for i in 0..<h {
                                    let xi = src[i], row = w + i * h
                                    var acc: Float = 0
                                    if xi != 0 {
                                        for o in 0..<h { gr[row + o] += xi * g[o] }
                                    }
                                    for o in 0..<h { acc += pp[row + o] * g[o] }
                                    gp[i] = acc
                                }
                            }
                        }
                    }
                }
            }
            swap(&sc.g, &sc.gPrev)
        }
        // First layer: h0 = ReLU(z0) + quant branch.
        for o in 0..<h { sc.grad[l.quantBias + o] += sc.g[o] }
        for k in qStart..<hi {
            let row = l.quant + (Int(x.indices[k]) - PredictorMLP.archInputs) * h
            for o in 0..<h { sc.grad[row + o] += sc.g[o] }
        }
        for o in 0..<h where sc.z0[o] <= 0 { sc.g[o] = 0 }
        for o in 0..<h { sc.grad[l.archBias + o] += sc.g[o] }
        for k in lo..<qStart {
            let row = l.arch + Int(x.indices[k]) * h
            for o in 0..<h { sc.grad[row + o] += sc.g[o] }
        }
        return Double(err * err)
    }

    /// Adam (Kingma & Ba) with bias correction.
    struct AdamState {
        var m: [Float]
        var v: [Float]
        var t = 0
        let beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8

        init(count: Int) {
            m = [Float](repeating: 0, count: count)
            v = [Float](repeating: 0, count: count)
        }

        mutating func step(_ params: inout [Float], gradients: [Float], lr: Float, weightDecay: Float, decayMask: [Float]) {
            t += 1
            let c1 = 1 - pow(beta1, Float(t)), c2 = 1 - pow(beta2, Float(t))
            let b1 = beta1, b2 = beta2, e = eps
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    params.withUnsafeMutableBufferPointer { p in
                        gradients.withUnsafeBufferPointer { g in
                            decayMask.withUnsafeBufferPointer { mask in
                                for k in 0..<p.count {
                                    let gk = g[k] + weightDecay * mask[k] * p[k]
                                    m[k] = b1 * m[k] + (1 - b1) * gk
                                    v[k] = b2 * v[k] + (1 - b2) * gk * gk
                                    p[k] -= lr * (m[k] / c1) / ((v[k] / c2).squareRoot() + e)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

@inline(__always) private func pow(_ x: Float, _ y: Float) -> Float {
    var r: Float = 1
    var k = Int(y)
    var b = x
    while k > 0 { if k & 1 == 1 { r *= b }; b *= b; k >>= 1 }
    return r
}
