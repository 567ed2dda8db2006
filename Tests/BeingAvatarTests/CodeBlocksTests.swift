@testable import BeingAvatar
import BeingTesting
import Testing

struct CodeBlocksTests {
    /// Each Gaussian keeps only its own block's columns (mouth block below the nose, the rest
    /// above), in every row of [N, rows, K] shapes; the other values are untouched.
    @Test(arguments: [3, 4])
    func restrictKeepsEachGaussiansOwnBlock(rows: Int) {
        var rng = SeededRandom(seed: 11)
        let n = 9, k = 7, mouth = 0..<4
        let lower = (0..<n).map { $0 % 3 != 0 }
        let blocks = CodeBlocks(lowerFace: lower, mouthColumns: mouth, dimension: k)
        let shapes = rng.uniforms(n * rows * k, 0.1, 1)
        var restricted = shapes
        blocks.restrict(&restricted)
        for i in 0..<n {
            for row in 0..<rows {
                for j in 0..<k {
                    let index = (i * rows + row) * k + j
                    let kept = lower[i] ? j < 4 : j >= 4
                    #expect(restricted[index] == (kept ? shapes[index] : 0), "Gaussian \(i) row \(row) column \(j)")
                }
            }
        }
    }
}
