import ArgumentParser
import BeingSplat
import BeingSplatCPU
import Foundation

/// Forward and forward+backward time of the CPU splatting backend on a synthetic head.
struct BenchSplat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "splat",
        abstract: "Time the Gaussian-splatting forward and backward passes.",
        discussion: """
        Renders a synthetic head of face-sized splats (see SyntheticHead) at WIDTH x WIDTH for each \
        count, checks that the render is finite and covers the head and that the gradients are finite, \
        then reports the median and the fastest of --runs timed runs and where the time goes. CPU ms \
        (all threads) are reported beside wall ms: on a machine shared with other work they stay \
        close to the work done while wall time stretches, and the fastest run is the one least \
        slowed by that work.
        """
    )

    @Option(name: .long, help: "Comma-separated splat counts.")
    var counts = "10000,30000,100000"

    @Option(name: .long, help: "Image width and height in pixels.")
    var width = 512

    @Option(name: .long, help: "Timed runs per measurement (the median is reported).")
    var runs = 7

    @Option(name: .long, help: "Compositing kernels: 8 (AVX2) or 16 (AVX-512) lanes; the widest this CPU runs by default.")
    var lanes: Int?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Row: Codable {
        var gaussians: Int
        var width: Int
        var forwardMilliseconds: Double
        var forwardBackwardMilliseconds: Double
        var forwardCPUMilliseconds: Double
        var forwardBackwardCPUMilliseconds: Double
        /// The fastest run of each: on a machine whose speed swings with other load, the closest
        /// to the engine's own speed (compare builds by interleaving runs of both).
        var forwardMinimumMilliseconds: Double
        var forwardBackwardMinimumMilliseconds: Double
        var meanRadiusPixels: Double
        var visible: Int
        var tileIntersections: Int
        var coverage: Double
        /// Median milliseconds per phase over the forward+backward runs.
        var phases: [String: Double]
        /// Median CPU milliseconds (all threads) per phase over the forward+backward runs.
        var phasesCPU: [String: Double]
        /// FNV-1a of the bits of the validation run's colour, alpha and depth images, and of its
        /// gradients: equal checksums across builds mean bitwise-equal results.
        var renderChecksum: String
        var gradientChecksum: String
    }

    struct Result: Codable {
        var backend: String
        var threads: Int
        /// Pixels per block of the compositing kernels that ran.
        var lanes: Int
        var rows: [Row]
    }

    func run() throws {
        let parsed = counts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 > 0 }), width > 0, runs > 0 else {
            throw ValidationError("--counts needs positive integers, --width and --runs positive values")
        }
        let compositing = try compositingWidth()
        var rows: [Row] = []
        for count in parsed { rows.append(try measure(count: count, compositing: compositing)) }
        let result = Result(backend: "cpu", threads: ProcessInfo.processInfo.activeProcessorCount, lanes: compositing.rawValue,
                            rows: rows)
        if json {
            print(try jsonString(result))
        } else {
            print("CPU splatting, \(width)x\(width), \(result.threads) threads, compositing on \(compositing), median of \(runs) runs")
            print("gaussians  forward ms  fwd+bwd ms  fwd min ms  f+b min ms  fwd CPU ms  f+b CPU ms  mean radius px  tile pairs  coverage")
            for r in rows {
                print(String(format: "%9d  %10.2f  %10.2f  %10.2f  %10.2f  %10.2f  %10.2f  %14.1f  %10d  %7.0f%%", r.gaussians,
                             r.forwardMilliseconds, r.forwardBackwardMilliseconds, r.forwardMinimumMilliseconds,
                             r.forwardBackwardMinimumMilliseconds, r.forwardCPUMilliseconds, r.forwardBackwardCPUMilliseconds,
                             r.meanRadiusPixels, r.tileIntersections, r.coverage * 100))
            }
            print("phases, wall ms / CPU ms:")
            for r in rows {
                let parts = r.phases.sorted { $0.key < $1.key }.map {
                    String(format: "%@ %.2f/%.2f", $0.key, $0.value, r.phasesCPU[$0.key] ?? 0)
                }
                print("\(r.gaussians): " + parts.joined(separator: ", "))
            }
        }
    }

    /// `--lanes` checked against what this CPU runs.
    func compositingWidth() throws -> CompositingWidth {
        guard let lanes else { return .best }
        guard let width = CompositingWidth(rawValue: lanes) else {
            throw ValidationError("--lanes must be 8 or 16, not \(lanes)")
        }
        guard width.isSupported else { throw ValidationError("--lanes 16 needs a CPU with AVX-512; this one has none") }
        return width
    }

    func measure(count: Int, compositing: CompositingWidth) throws -> Row {
        let params = SyntheticHead.parameters(count: count, seed: 42)
        let camera = SyntheticHead.camera(width: width)
        let options = RenderOptions(background: .color(SIMD3(0.5, 0.5, 0.5)))
        let plain = CPUSplatBackend(compositing: compositing)
        // A seeded dL/dC, so the gradient checksum is comparable between builds.
        // `pixels` is read once: an @Option getter per element showed in profiles of the bench.
        var state: UInt64 = 7
        let pixels = width * width
        let dColor = (0..<(pixels * 3)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) / Float(pixels)
        }

        // Validate before timing: finite, the head covers a good part of the frame, gradients finite.
        let check = try plain.forward(params, camera: camera, options: options)
        let out = check.output
        let coverage = Double(out.alpha.reduce(0, +)) / Double(out.alpha.count)
        guard out.color.allSatisfy({ $0.isFinite }), coverage > 0.2 else {
            throw ValidationError("render check failed: coverage \(coverage), or non-finite colour")
        }
        let grads = try plain.backward(check, colorGradient: dColor, alphaGradient: nil)
        guard grads.means.allSatisfy({ $0.isFinite }), grads.means.contains(where: { $0 != 0 }) else {
            throw ValidationError("gradient check failed: non-finite or all-zero mean gradients")
        }
        let visibleRadii = zip(out.radii, out.visible).filter { $0.1 }.map { Double($0.0) }

        var forward: [Double] = [], both: [Double] = [], forwardCPU: [Double] = [], bothCPU: [Double] = []
        var phaseRuns: [[String: Double]] = [], phaseCPURuns: [[String: Double]] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = CPUProfiler.processCPUMilliseconds()
            _ = try plain.forward(params, camera: camera, options: options)
            forward.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            forwardCPU.append(CPUProfiler.processCPUMilliseconds() - c0)
        }
        for _ in 0..<runs {
            let profiler = CPUProfiler()
            let backend = CPUSplatBackend(profiler: profiler, compositing: compositing)
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = CPUProfiler.processCPUMilliseconds()
            let context = try backend.forward(params, camera: camera, options: options)
            _ = try backend.backward(context, colorGradient: dColor, alphaGradient: nil)
            both.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            bothCPU.append(CPUProfiler.processCPUMilliseconds() - c0)
            phaseRuns.append(Dictionary(uniqueKeysWithValues: profiler.phases.map { ($0.name, $0.milliseconds) }))
            phaseCPURuns.append(Dictionary(uniqueKeysWithValues: profiler.phases.map { ($0.name, $0.cpuMilliseconds) }))
        }
        var phases: [String: Double] = [:], phasesCPU: [String: Double] = [:]
        for key in phaseRuns[0].keys {
            phases[key] = median(phaseRuns.map { $0[key] ?? 0 })
            phasesCPU[key] = median(phaseCPURuns.map { $0[key] ?? 0 })
        }
        return Row(gaussians: count, width: width, forwardMilliseconds: median(forward), forwardBackwardMilliseconds: median(both),
                   forwardCPUMilliseconds: median(forwardCPU), forwardBackwardCPUMilliseconds: median(bothCPU),
                   forwardMinimumMilliseconds: forward.min() ?? 0, forwardBackwardMinimumMilliseconds: both.min() ?? 0,
                   meanRadiusPixels: visibleRadii.reduce(0, +) / Double(max(1, visibleRadii.count)),
                   visible: visibleRadii.count, tileIntersections: check.intersectionCount, coverage: coverage, phases: phases,
                   phasesCPU: phasesCPU, renderChecksum: checksum([out.color, out.alpha, out.depth]),
                   gradientChecksum: checksum([grads.means, grads.scales, grads.rotations, grads.opacities, grads.colors]))
    }

    func checksum(_ buffers: [[Float]]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for buffer in buffers { for v in buffer { h = (h ^ UInt64(v.bitPattern)) &* 0x100_0000_01B3 } }
        return String(h, radix: 16)
    }

    func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
