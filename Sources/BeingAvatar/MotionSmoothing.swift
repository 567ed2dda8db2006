import BeingDataset

/// A smoothness prior on the motion that training learns. The blend shapes start from the tracked
/// mesh's (`AvatarInitializer`); after every step, each Gaussian's learnt change Dᵢ = Bᵢ − Bᵢ⁰ is
/// pulled a fraction `strength` towards the mean change of its `k` nearest neighbours:
///
///     Bᵢ ← Bᵢ − strength · (Dᵢ − mean over j ∈ N(i) of Dⱼ)
///
/// Neighbours then move alike, so a Gaussian cannot learn a motion of its own that explains one
/// training frame's tracking noise. Two parts are left free: the eye columns (they start at zero
/// and the lids must learn opposite motions a few millimetres apart) and the Gaussians near the
/// lips (their edges move unlike their neighbours'). Neighbours are found once, in the starting
/// positions, within each group (face, mouth interior).
struct MotionSmoothing: Sendable {
    static let neighbourCount = 8
    let strength: Float
    let width: Int              // 3·K values per Gaussian
    let initial: [Float]        // [n, 3, K] blend shapes at the start
    let neighbours: [Int32]     // [n, k]
    let smoothedColumns: [Bool] // [3·K]: false for the eye block
    let smoothedRows: [Bool]    // [n]: false near the lips

    /// - Parameters:
    ///   - start: the avatar before its first step (`AvatarTrainer.initialAvatar`).
    ///   - lipRadius: Gaussians whose start is closer than this to the inner lips' centre stay free (metres).
    init(start: Avatar, strength: Float, lipRadius: Float) {
        let k = start.expression.dimension, eyes = start.expression.eyeRange
        let means = start.gaussians.means, centre = Self.innerLipsCentre(start)
        self.init(strength: strength, initial: start.blendShapes,
                  neighbours: Self.nearest(means, groups: [0..<start.faceCount, start.mouthRows], k: Self.neighbourCount),
                  smoothedColumns: (0..<(3 * k)).map { !eyes.contains($0 % k) },
                  smoothedRows: (0..<start.count).map { i in
                      let d = SIMD3(means[i * 3], means[i * 3 + 1], means[i * 3 + 2]) - centre
                      return (d * d).sum() >= lipRadius * lipRadius
                  })
    }

    init(strength: Float, initial: [Float], neighbours: [Int32], smoothedColumns: [Bool], smoothedRows: [Bool]) {
        precondition(initial.count == smoothedRows.count * smoothedColumns.count && neighbours.count == smoothedRows.count * Self.neighbourCount)
        self.strength = strength; self.initial = initial; self.neighbours = neighbours
        self.smoothedColumns = smoothedColumns; self.smoothedRows = smoothedRows
        width = smoothedColumns.count
    }

    /// One pull on `rows` of `shapes` [n, 3, K] (the rows the stage trains).
    func apply(_ shapes: inout [Float], rows: Range<Int>) {
        let k = Self.neighbourCount, w = width
        let before = shapes
        var mean = [Float](repeating: 0, count: w)
        for i in rows where smoothedRows[i] {
            for c in 0..<w { mean[c] = 0 }
            for m in 0..<k {
                let j = Int(neighbours[i * k + m]) * w
                for c in 0..<w { mean[c] += before[j + c] - initial[j + c] }
            }
            let own = i * w
            for c in 0..<w where smoothedColumns[c] {
                shapes[own + c] -= strength * ((before[own + c] - initial[own + c]) - mean[c] / Float(k))
            }
        }
    }

    static func innerLipsCentre(_ avatar: Avatar) -> SIMD3<Float> {
        let lips = MaskTopology.mediaPipe.innerLips, mesh = avatar.canonicalMesh
        return lips.reduce(SIMD3<Float>.zero) { $0 + SIMD3(mesh[$1 * 3], mesh[$1 * 3 + 1], mesh[$1 * 3 + 2]) } / Float(lips.count)
    }

    /// The `k` nearest other points of each point's group, nearest first: [n, k] (a point with
    /// fewer than k others lists itself in the empty places). Brute force, O(n²) once per run.
    static func nearest(_ points: [Float], groups: [Range<Int>], k: Int) -> [Int32] {
        var out = [Int32](repeating: 0, count: points.count / 3 * k)
        var best = [(distance: Float, index: Int32)]()
        for group in groups {
            for i in group {
                best.removeAll(keepingCapacity: true)
                let p = SIMD3(points[i * 3], points[i * 3 + 1], points[i * 3 + 2])
                for j in group where j != i {
                    let d = SIMD3(points[j * 3], points[j * 3 + 1], points[j * 3 + 2]) - p
                    let distance = (d * d).sum()
                    if best.count == k && distance >= best[k - 1].distance { continue }
                    var slot = best.count < k ? best.count : k - 1
                    if best.count < k { best.append((distance, Int32(j))) }
                    while slot > 0 && best[slot - 1].distance > distance { best[slot] = best[slot - 1]; slot -= 1 }
                    best[slot] = (distance, Int32(j))
                }
                for m in 0..<k { out[i * k + m] = m < best.count ? best[m].index : Int32(i) }
            }
        }
        return out
    }
}
