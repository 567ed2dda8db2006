import BeingSplatCompositing
import BeingSplatCompositingAVX512
import BeingSplatRaster
import Foundation
#if canImport(Darwin)
import Darwin
#endif

/// Which build of the compositing kernels the CPU backend runs (`SplatCompositor`): blocks of
/// eight pixels (AVX2, and every other CPU), or of sixteen with AVX-512. Images are bitwise the
/// same either way; the sixteen-lane build visits about a quarter fewer blocks per splat-tile
/// pair at 30K Gaussians and is the faster where the CPU has AVX-512.
public enum CompositingWidth: Int, Sendable, CaseIterable, CustomStringConvertible {
    case eightLanes = 8
    case sixteenLanes = 16

    /// The widest this CPU runs.
    public static let best: CompositingWidth = CPUFeatures.hasAVX512 ? .sixteenLanes : .eightLanes

    /// Whether this CPU can run it.
    public var isSupported: Bool { self == .eightLanes || CPUFeatures.hasAVX512 }

    public var description: String { self == .eightLanes ? "8 lanes" : "16 lanes (AVX-512)" }

    var compositor: any SplatCompositor.Type {
        switch self {
        case .eightLanes: BeingSplatCompositing.TileRasterizer.self
        case .sixteenLanes: BeingSplatCompositingAVX512.TileRasterizer.self
        }
    }
}

/// What the CPU offers the kernels, read once.
enum CPUFeatures {
    /// AVX-512 F, CD, BW, DQ and VL, the set the sixteen-lane build is compiled for
    /// (`-target-cpu skylake-avx512`), enabled by the operating system.
    static let hasAVX512: Bool = {
        #if arch(x86_64) && os(Linux)
        // The kernel lists a flag only where it also saves the registers on a context switch.
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(separator: " ").map(String.init))
        return ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        #elseif arch(x86_64) && canImport(Darwin)
        return ["hw.optional.avx512f", "hw.optional.avx512cd", "hw.optional.avx512bw", "hw.optional.avx512dq",
                "hw.optional.avx512vl"].allSatisfy { name in
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            return sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0
        }
        #else
        return false
        #endif
    }()
}
