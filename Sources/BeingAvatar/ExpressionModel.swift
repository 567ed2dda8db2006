import BeingFace
import BeingMath

/// One frame's expression: [K] whitened values, the mouth block first (see `ExpressionModel`).
public struct ExpressionCode: Sendable, Equatable {
    public var values: [Float]  // [K]

    public init(values: [Float]) { self.values = values }
}

/// The person's expression space, learnt from the tracked mesh residuals of the training frames.
///
/// A code e = [mouth (Km) | upper face (Ku) | eyes (4)]:
/// - the mouth block is PCA of the residual of the vertices below the nose tip (lips, jaw, cheeks),
/// - the upper block is PCA of the residual of the other vertices (brows, eyelids),
/// - the eye block is the iris model's eye openness, left and right, then the gaze (where the
///   iris sits between the eye corners, along and across, both eyes averaged): the 468-point mesh
///   has no iris, so without it the avatar could only draw the mean gaze (held-out frames of the
///   aoc fixture, tracked mouth: eye boxes' PSNR +0.24 and +0.31 dB with it).
/// Every value is whitened (zero mean and unit variance over the training frames), so the mesh
/// residual is meanResidual + Σ_k e_k·basis_k with basis_k the principal direction times its
/// standard deviation.
public struct ExpressionModel: Sendable, Equatable {
    public static let vertexCount = 468
    public var mouthComponents: Int
    public var upperComponents: Int
    public var meanResidual: [Float]  // [468, 3] metres, head frame
    public var basis: [Float]         // [Km + Ku, 468, 3] metres per unit code
    public var eyeMean: [Float]       // [4] openness left, right; gaze along, across
    public var eyeScale: [Float]      // [4]

    public static let eyeValues = 4
    public var dimension: Int { mouthComponents + upperComponents + Self.eyeValues }
    public var mouthRange: Range<Int> { 0..<mouthComponents }
    public var eyeRange: Range<Int> { (dimension - Self.eyeValues)..<dimension }

    public init(mouthComponents: Int, upperComponents: Int, meanResidual: [Float], basis: [Float], eyeMean: [Float], eyeScale: [Float]) {
        self.mouthComponents = mouthComponents; self.upperComponents = upperComponents
        self.meanResidual = meanResidual; self.basis = basis; self.eyeMean = eyeMean; self.eyeScale = eyeScale
    }

    /// Vertices of the mouth block: those below the nose tip on the canonical face (head y is up).
    public static func mouthVertices(canonical: [SIMD3<Double>]) -> [Bool] {
        let noseY = canonical[FaceLandmarks.noseTip].y
        return canonical.map { $0.y < noseY }
    }

    /// Fits the model on `frames` of `record` (the training split).
    ///
    /// The default 12 + 6 components (22 code values with the eyes) were chosen on held-out frames
    /// of the aoc fixture (default preset, tracked mouth, face-box PSNR): 16 + 8 gave 25.64 dB,
    /// 12 + 6 26.22, 10 + 4 26.15, 8 + 4 26.24, 8 + 2 26.15, 6 + 4 26.28. The minor components are
    /// mostly tracking jitter (half their frame-to-frame change is white), and per-Gaussian blend
    /// shapes learn to explain each training frame with it; fewer of them generalise better.
    /// Smoothing the codes over time instead (Gaussian, σ = 1 frame) did not help (25.57).
    public static func fit(_ record: TrackingRecord, frames: Range<Int>, mouthComponents: Int = 12, upperComponents: Int = 6) throws -> ExpressionModel {
        guard frames.count >= 4, record.residuals.count >= frames.upperBound else {
            throw AvatarError.dataset("the tracking record has \(record.residuals.count) frames of mesh residuals, need the training frames \(frames)")
        }
        let n = vertexCount
        var mean = [Double](repeating: 0, count: n * 3)
        for t in frames { for v in 0..<n { for a in 0..<3 { mean[v * 3 + a] += record.residuals[t][v][a] / Double(frames.count) } } }
        let mouth = mouthVertices(canonical: record.canonicalMesh)
        let mouthBasis = principalDirections(record, frames: frames, mean: mean, vertices: mouth, count: mouthComponents)
        let upperBasis = principalDirections(record, frames: frames, mean: mean, vertices: mouth.map { !$0 }, count: upperComponents)
        let eyes = frames.map { eyeSignals(record, frame: $0) }
        var eyeMean = [Float](), eyeScale = [Float]()
        for side in 0..<Self.eyeValues {
            let values = eyes.map { $0[side] }
            let m = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
            eyeMean.append(Float(m)); eyeScale.append(Float(max(sd, 1e-3)))
        }
        return ExpressionModel(mouthComponents: mouthComponents, upperComponents: upperComponents, meanResidual: mean.map { Float($0) },
                               basis: (mouthBasis + upperBasis).map { Float($0) }, eyeMean: eyeMean, eyeScale: eyeScale)
    }

    /// The top `count` principal directions of the centred residuals restricted to `vertices`, each
    /// scaled by its standard deviation, as [count, 468, 3] (zero outside `vertices`). Components
    /// beyond the data's rank come out as zero vectors.
    static func principalDirections(_ record: TrackingRecord, frames: Range<Int>, mean: [Double], vertices: [Bool], count: Int) -> [Double] {
        let n = vertexCount, t = frames.count
        let rows: [[Double]] = frames.map { f in  // [T][468·3], centred, masked
            var row = [Double](repeating: 0, count: n * 3)
            for v in 0..<n where vertices[v] { for a in 0..<3 { row[v * 3 + a] = record.residuals[f][v][a] - mean[v * 3 + a] } }
            return row
        }
        var gram = [Double](repeating: 0, count: t * t)  // [T, T] = X·Xᵀ / T
        for i in 0..<t {
            for j in i..<t {
                var s = 0.0
                for k in 0..<(n * 3) { s += rows[i][k] * rows[j][k] }
                gram[i * t + j] = s / Double(t); gram[j * t + i] = s / Double(t)
            }
        }
        let (values, vectors) = SymmetricEigen.decompose(gram, size: t)
        var basis = [Double](repeating: 0, count: count * n * 3)
        for k in 0..<min(count, t) where values[k] > 1e-14 {
            // v_k = Xᵀu_k / √(T·λ_k) is the unit principal direction; σ_k = √λ_k.
            let norm = 1 / (Double(t) * values[k]).squareRoot(), sigma = values[k].squareRoot()
            for i in 0..<t {
                let u = vectors[k * t + i] * norm * sigma
                for d in 0..<(n * 3) { basis[k * n * 3 + d] += u * rows[i][d] }
            }
        }
        return basis
    }

    /// The code of a tracked frame: its residual projected on the basis, its eye openness and gaze.
    public func code(_ record: TrackingRecord, frame t: Int) -> ExpressionCode {
        let n = Self.vertexCount, components = mouthComponents + upperComponents
        var values = [Float](repeating: 0, count: dimension)
        for k in 0..<components {
            var dot = 0.0, norm = 0.0
            for v in 0..<n {
                for a in 0..<3 {
                    let b = Double(basis[(k * n + v) * 3 + a])
                    dot += b * (record.residuals[t][v][a] - Double(meanResidual[v * 3 + a]))
                    norm += b * b
                }
            }
            values[k] = norm > 0 ? Float(dot / norm) : 0  // basis_k = σ·v_k, so e = (x·v)/σ = x·b / |b|²
        }
        let eyes = Self.eyeSignals(record, frame: t)
        for j in 0..<Self.eyeValues { values[components + j] = (Float(eyes[j]) - eyeMean[j]) / eyeScale[j] }
        return ExpressionCode(values: values)
    }

    /// The eye block before whitening: openness left, right, then gaze along and across, [4].
    static func eyeSignals(_ record: TrackingRecord, frame t: Int) -> [Double] {
        let signals = record.frames[t].expression, points = record.eyes[t]  // [2 × 76]: right eye, then left
        let gaze = (ExpressionSignals.gaze(points[0..<76]) + ExpressionSignals.gaze(points[76..<152])) / 2
        return [signals.eyeOpennessLeft, signals.eyeOpennessRight, gaze.x, gaze.y]
    }

    /// meanResidual + Σ_k e_k·basis_k: the mesh offset of a code, [468, 3].
    public func residual(_ code: ExpressionCode) -> [Float] {
        var out = meanResidual
        let n3 = Self.vertexCount * 3
        for k in 0..<(mouthComponents + upperComponents) where code.values[k] != 0 {
            let e = code.values[k]
            for d in 0..<n3 { out[d] += e * basis[k * n3 + d] }
        }
        return out
    }
}
