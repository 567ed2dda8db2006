import BeingFace

/// Which block of the expression code may move which Gaussian: the mouth block moves the lower face
/// (below the nose tip on the neutral face, as the mouth block's PCA is taken over, see
/// `ExpressionModel`) and the mouth interior; the upper-face and eye blocks move the rest.
///
/// Without it, training let any code value move any Gaussian, and the lips learnt to follow the
/// eyes wherever the training frames happened to pair a blink with a mouth shape: a blink moved
/// the inner lips by about 1 mm (up to 4 mm for single Gaussians) and changed their colour, so a
/// resting mouth twitched at every blink. It also let the lips read the mouth off the upper-face
/// codes: `being eval` gives each test frame its own tracked upper face, so the lips scored better
/// there than `being generate` and `being serve` can draw them (those hold the upper face at rest
/// and add blinks). Held-out frames of the aoc fixture, default preset with appearance shapes,
/// seed 1 (face PSNR / lip distance): driven by speech 26.33 dB / 2.75 px without the blocks,
/// 25.66 / 3.07 with them; the same with the upper face held at rest 23.03 / 3.17 → 23.49 / 3.01;
/// tracked mouth 26.93 / 0.90 → 27.04 / 1.19. Seed 2: 26.22 / 2.58 → 25.53 / 3.21; at rest
/// 23.48 / 3.14 with the blocks; tracked mouth 27.03 → 27.07.
///
/// Blocks are decided once, on the Gaussians' starting positions (`AvatarTrainer.initialAvatar`),
/// so a resumed run restricts the same values.
struct CodeBlocks: Sendable {
    let lowerFace: [Bool]       // [N]: the mouth block's Gaussians
    let mouthColumns: Range<Int>
    let dimension: Int

    init(start: Avatar) {
        let noseY = start.canonicalMesh[FaceLandmarks.noseTip * 3 + 1], means = start.gaussians.means
        lowerFace = (0..<start.count).map { i in i >= start.faceCount || means[i * 3 + 1] < noseY }
        mouthColumns = start.expression.mouthRange
        dimension = start.expression.dimension
    }

    init(lowerFace: [Bool], mouthColumns: Range<Int>, dimension: Int) {
        self.lowerFace = lowerFace; self.mouthColumns = mouthColumns; self.dimension = dimension
    }

    /// Zeroes the values of `shapes` ([N, rows, K]: blend or appearance shapes, or their
    /// gradients) in the columns outside each Gaussian's block.
    func restrict(_ shapes: inout [Float]) {
        let n = lowerFace.count, k = dimension
        precondition(n > 0 && shapes.count % (n * k) == 0, "CodeBlocks: \(shapes.count) values for \(n) Gaussians x \(k) codes")
        let rows = shapes.count / (n * k)
        shapes.withUnsafeMutableBufferPointer { s in
            for i in 0..<n {
                let lower = lowerFace[i]
                for row in 0..<rows {
                    let base = (i * rows + row) * k
                    for j in 0..<k where mouthColumns.contains(j) != lower { s[base + j] = 0 }
                }
            }
        }
    }
}
