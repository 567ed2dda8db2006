/// How the stored scale values become scales in world units.
public enum ScaleActivation: String, Sendable, Codable {
    /// s = e^v (Kerbl et al. 2023).
    case exponential
    /// s = log(1 + e^v), which grows linearly and so is gentler on large splats.
    case softplus
}

/// How colour is stored per Gaussian.
public enum ColorEncoding: String, Sendable, Codable {
    /// Plain RGB, 3 values, used as the colour directly.
    case rgb
    /// Spherical harmonics of degree 1: [4, 3] coefficients, colour = max(0, SH(d) + 0.5).
    case sphericalHarmonics1

    /// Values per Gaussian: 3 or 12.
    public var width: Int { self == .rgb ? 3 : 12 }
}

/// One group of per-Gaussian values, the unit of learning rates and of gradient checks.
public enum ParameterGroup: String, CaseIterable, Sendable, Codable {
    case means, scales, rotations, opacities, colors
}

/// The parameters of N Gaussians as structure-of-arrays of Float32, in the units of
/// `docs/conventions.md`. Values are pre-activation: log- or softplus-scales, unnormalised
/// quaternions, opacity logits.
public struct SplatParameters: Sendable, Equatable {
    public var means: [Float]      // [N, 3] world units
    public var scales: [Float]     // [N, 3] pre-activation
    public var rotations: [Float]  // [N, 4] (w, x, y, z), normalised on use
    public var opacities: [Float]  // [N] logits
    public var colors: [Float]     // [N, 3] RGB or [N, 4, 3] SH degree 1
    public var scaleActivation: ScaleActivation
    public var colorEncoding: ColorEncoding

    public init(means: [Float], scales: [Float], rotations: [Float], opacities: [Float], colors: [Float],
                scaleActivation: ScaleActivation = .exponential, colorEncoding: ColorEncoding = .rgb) {
        self.means = means; self.scales = scales; self.rotations = rotations
        self.opacities = opacities; self.colors = colors
        self.scaleActivation = scaleActivation; self.colorEncoding = colorEncoding
    }

    /// N Gaussians, all values zero (rotations the identity): a shape to fill in.
    public init(count: Int, scaleActivation: ScaleActivation = .exponential, colorEncoding: ColorEncoding = .rgb) {
        var rotations = [Float](repeating: 0, count: count * 4)
        for i in 0..<count { rotations[i * 4] = 1 }
        self.init(means: .init(repeating: 0, count: count * 3), scales: .init(repeating: 0, count: count * 3),
                  rotations: rotations, opacities: .init(repeating: 0, count: count),
                  colors: .init(repeating: 0, count: count * colorEncoding.width),
                  scaleActivation: scaleActivation, colorEncoding: colorEncoding)
    }

    /// The number of Gaussians.
    public var count: Int { opacities.count }

    /// Values per Gaussian in a group.
    public func width(of group: ParameterGroup) -> Int {
        switch group {
        case .means, .scales: return 3
        case .rotations: return 4
        case .opacities: return 1
        case .colors: return colorEncoding.width
        }
    }

    /// One group's buffer, [N, width].
    public subscript(group: ParameterGroup) -> [Float] {
        get {
            switch group {
            case .means: return means
            case .scales: return scales
            case .rotations: return rotations
            case .opacities: return opacities
            case .colors: return colors
            }
        }
        set {
            switch group {
            case .means: means = newValue
            case .scales: scales = newValue
            case .rotations: rotations = newValue
            case .opacities: opacities = newValue
            case .colors: colors = newValue
            }
        }
    }

    /// Throws unless every buffer has N rows of its width and all values are finite.
    public func validate() throws {
        let n = count
        for group in ParameterGroup.allCases {
            let buffer = self[group]
            guard buffer.count == n * width(of: group) else {
                throw SplatError.shapeMismatch("\(group.rawValue)", expected: n * width(of: group), got: buffer.count)
            }
            if !Self.allFinite(buffer), let bad = buffer.firstIndex(where: { !$0.isFinite }) {
                throw SplatError.nonFinite("\(group.rawValue)", index: bad)
            }
        }
    }

    /// Whether no value is NaN or infinite (all exponent bits set), eight at a time without
    /// branches; every forward pass asks it of every parameter.
    static func allFinite(_ buffer: [Float]) -> Bool {
        buffer.withUnsafeBufferPointer { p in
            let exponent = SIMD8<UInt32>(repeating: 0x7F80_0000)
            var special = SIMD8<UInt32>.zero
            let whole = p.count / 8 * 8
            let raw = UnsafeRawPointer(p.baseAddress)
            for i in stride(from: 0, to: whole, by: 8) {
                let bits = raw!.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self) & exponent
                special |= SIMD8(repeating: 1) & unsafeBitCast(bits .== exponent, to: SIMD8<UInt32>.self)
            }
            for i in whole..<p.count where !p[i].isFinite { return false }
            return special == .zero
        }
    }

    /// The Gaussians at `rows`, in that order (for pruning, and for optimiser state alike).
    public func gathering(_ rows: [Int]) -> SplatParameters {
        var out = self
        for group in ParameterGroup.allCases {
            let w = width(of: group), src = self[group]
            var dst = [Float](); dst.reserveCapacity(rows.count * w)
            for r in rows { dst.append(contentsOf: src[(r * w)..<(r * w + w)]) }
            out[group] = dst
        }
        return out
    }

    /// Appends another set's Gaussians after these (for densification).
    public mutating func append(_ other: SplatParameters) {
        precondition(other.colorEncoding == colorEncoding, "append: colour encodings differ")
        for group in ParameterGroup.allCases { self[group] += other[group] }
    }
}
