import Foundation

/// SplitMix64: a tiny seeded generator so every fuzz run is reproducible from its seed.
struct FuzzRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// What a parser did with one input.
enum FuzzOutcome {
    case accepted
    /// Refused with this message (checked: non-empty, one line, names a location).
    case rejected(String)
    /// Accepted something it must not accept, or broke an invariant.
    case violation(String)
}

/// One parser under fuzz: a corpus of valid inputs, how to run it, and how a rejection names its place.
struct FuzzTarget {
    var name: String
    var corpus: [[UInt8]]
    /// Tokens worth splicing in (delimiters, hostile numbers, keywords of the format).
    var tokens: [String]
    /// True when a rejection message names a location (file:line:column, a flag, a field path …).
    var locates: (String) -> Bool
    var run: ([UInt8]) -> FuzzOutcome
}

/// Totals of one fuzz run.
struct FuzzReport: CustomStringConvertible {
    var target: String
    var inputs = 0
    var accepted = 0
    var rejected = 0
    var seconds = 0.0
    var slowest_s = 0.0
    /// The first few problems (crashes cannot be caught: they end the process).
    var failures: [String] = []

    var description: String {
        String(format: "fuzz %@: %d inputs (%d accepted, %d rejected) in %.2f s, slowest %.1f ms, %d failures",
               target, inputs, accepted, rejected, seconds, slowest_s * 1000, failures.count)
    }
}

/// An in-process mutation fuzzer: each input is either random bytes biased to the target's tokens or a
/// corpus entry with 1–6 stacked mutations (bit flips, byte/token insertion, deletion, duplication,
/// truncation, splicing with another corpus entry, hostile-number substitution).
enum Fuzzer {
    static let hostile = ["nan", "NaN", "-nan", "inf", "-inf", "+inf", "infinity", "1e308", "-1e308", "1e309", "1e-320",
                          "0", "-0", "-1", "0.0", "-0.5", "99999999999999999999", "9223372036854775808", "0x10", "1_0",
                          // Integer extremes: 2^31, 2^53, 2^63 − 1, −2^63, and squares that overflow Int when multiplied.
                          "2147483648", "9007199254740992", "9223372036854775807", "-9223372036854775808",
                          "3037000500", "100000", "999999999", "99999999999",
                          "", "\"", "\"\"", ",", ",,", "\r\n", "\r", "\n", "\u{FEFF}", "\0", "\t", " ", "é", "\u{202E}",
                          String(repeating: "9", count: 400), String(repeating: "a", count: 5000)]

    static func mutate(_ input: [UInt8], target: FuzzTarget, rng: inout FuzzRandom) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + rng.below(6)) {
            switch rng.below(10) {
            case 0 where !b.isEmpty: // flip a bit
                let i = rng.below(b.count)
                b[i] ^= UInt8(1 << rng.below(8))
            case 1: // insert a random byte
                b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(b.count + 1))
            case 2 where !b.isEmpty: // delete a range
                let i = rng.below(b.count), n = min(b.count - i, 1 + rng.below(16))
                b.removeSubrange(i..<(i + n))
            case 3 where !b.isEmpty: // duplicate a range
                let i = rng.below(b.count), n = min(b.count - i, 1 + rng.below(64))
                b.insert(contentsOf: b[i..<(i + n)], at: rng.below(b.count + 1))
            case 4: // truncate
                b = Array(b.prefix(rng.below(b.count + 1)))
            case 5, 6: // insert a token or a hostile value
                let t = rng.chance(0.5) || target.tokens.isEmpty ? rng.pick(hostile) : rng.pick(target.tokens)
                b.insert(contentsOf: Array(t.utf8), at: rng.below(b.count + 1))
            case 7: // replace a run of digits/letters with a hostile value
                if let (lo, hi) = wordRange(b, rng: &rng) {
                    b.replaceSubrange(lo..<hi, with: Array(rng.pick(hostile).utf8))
                }
            case 8 where !target.corpus.isEmpty: // splice with another corpus entry
                let other = rng.pick(target.corpus)
                let cut = rng.below(b.count + 1), from = rng.below(other.count + 1)
                b = Array(b[..<cut]) + Array(other[from...])
            default: // overwrite a byte with an interesting one
                if !b.isEmpty {
                    b[rng.below(b.count)] = rng.pick([0, 0x0A, 0x0D, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x3D, 0x5F, 0x7F, 0xC3, 0xFF])
                }
            }
        }
        return b
    }

    /// A random run of [A-Za-z0-9.+-] in `b`, if any.
    private static func wordRange(_ b: [UInt8], rng: inout FuzzRandom) -> (Int, Int)? {
        guard !b.isEmpty else { return nil }
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x2D || c == 0x2B
        }
        var i = rng.below(b.count)
        var tries = 0
        while !isWord(b[i]) { i = (i + 1) % b.count; tries += 1; if tries > b.count { return nil } }
        var lo = i, hi = i
        while lo > 0 && isWord(b[lo - 1]) { lo -= 1 }
        while hi < b.count && isWord(b[hi]) { hi += 1 }
        return (lo, hi)
    }

    /// Random bytes of random length, mostly tokens and printable text.
    static func fresh(target: FuzzTarget, rng: inout FuzzRandom) -> [UInt8] {
        var b: [UInt8] = []
        let parts = rng.below(24)
        for _ in 0..<parts {
            switch rng.below(4) {
            case 0: b += Array((target.tokens.isEmpty ? hostile : target.tokens)[rng.below(max(1, target.tokens.count))].utf8)
            case 1: b += Array(rng.pick(hostile).prefix(64).utf8)
            case 2: b.append(UInt8(32 + rng.below(95)))
            default: b.append(UInt8(truncatingIfNeeded: rng.next()))
            }
        }
        return b
    }

    /// Runs `iterations` inputs; a rejection must be one non-empty line naming a location, an input must
    /// finish within `slowLimit_s`, and accepted values must satisfy the target's invariants.
    static func run(_ target: FuzzTarget, iterations: Int, seed: UInt64, slowLimit_s: Double = 2) -> FuzzReport {
        var rng = FuzzRandom(seed: seed)
        var report = FuzzReport(target: target.name)
        let start = DispatchTime.now().uptimeNanoseconds
        let watchdog = Watchdog(target: target.name, limit_s: 10 * slowLimit_s)
        defer { watchdog.stop() }
        for i in 0..<iterations {
            let input: [UInt8]
            if i < target.corpus.count {
                input = target.corpus[i] // the corpus itself must parse
            } else if rng.chance(0.2) || target.corpus.isEmpty {
                input = fresh(target: target, rng: &rng)
            } else {
                input = mutate(rng.pick(target.corpus), target: target, rng: &rng)
            }
            let t0 = DispatchTime.now().uptimeNanoseconds
            watchdog.begin(input)
            let outcome = target.run(input)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            report.slowest_s = max(report.slowest_s, dt)
            report.inputs += 1
            func fail(_ why: String) {
                if report.failures.count < 5 {
                    let shown = String(decoding: input.prefix(200), as: UTF8.self).debugDescription
                    report.failures.append("\(target.name) input #\(i) \(shown): \(why)")
                }
            }
            if dt > slowLimit_s { fail(String(format: "took %.2f s (hang?)", dt)) }
            switch outcome {
            case .accepted:
                report.accepted += 1
            case .rejected(let message):
                report.rejected += 1
                if i < target.corpus.count { fail("corpus entry rejected: \(message)") }
                if message.isEmpty { fail("empty rejection message") }
                if message.contains("\n") || message.contains("\r") { fail("rejection message is not one line: \(message.debugDescription)") }
                if !target.locates(message) { fail("rejection names no location: \(message)") }
            case .violation(let why):
                fail(why)
            }
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return report
    }
}

/// Ends the process with the offending input when one input runs far too long: a hang would otherwise
/// stall the test run without saying which input caused it.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started: UInt64 = 0
    private var input: [UInt8] = []
    private var running = true

    init(target: String, limit_s: Double) {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                lock.lock()
                let alive = running, since = started, current = input
                lock.unlock()
                if !alive { return }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - since) / 1e9
                if since > 0 && elapsed > limit_s {
                    print("HANG fuzz \(target): no answer after \(elapsed) s for \(String(decoding: current.prefix(300), as: UTF8.self).debugDescription)")
                    exit(3)
                }
            }
        }
    }

    func begin(_ input: [UInt8]) {
        lock.lock()
        started = DispatchTime.now().uptimeNanoseconds
        self.input = input
        lock.unlock()
    }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }
}
