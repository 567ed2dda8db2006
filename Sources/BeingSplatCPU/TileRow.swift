/// One row of a 16×16 tile as a 16-lane vector: the rasteriser's unit of work. Lanes are pixels,
/// which are independent within one splat, so the compositing recurrence vectorises across them.
typealias Row = SIMD16<Float>
typealias RowMask = SIMDMask<SIMD16<Int32>>
typealias RowIndex = SIMD16<Int32>

enum TileRow {
    static let lanes = Row(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    static let laneIndices = RowIndex(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    /// e^x for x ≤ 0, lane-wise: x·log₂e = n + f with n an integer and |f| ≤ ½, 2^f by its Taylor
    /// series to degree 6 (relative error below 2·10⁻⁷ on |f| ≤ ½), 2ⁿ by building the float's
    /// exponent bits. The forward and backward passes both use it, so they agree exactly.
    @inline(__always) static func exp(_ x: Row) -> Row {
        let t = x.replacing(with: -87, where: x .< -87) * 1.442_695_04
        // Adding 1.5·2²³ rounds t to the nearest integer n and leaves n in the low mantissa bits;
        // this avoids the generic (slow) float-to-int SIMD conversion.
        let shifted = t + 12_582_912
        let n = shifted - 12_582_912
        let f = (t - n) * 0.693_147_18  // 2^(t−n) = e^((t−n)·ln 2)
        var p = Row(repeating: 1.0 / 720)
        p = p * f + 1.0 / 120
        p = p * f + 1.0 / 24
        p = p * f + 1.0 / 6
        p = p * f + 0.5
        p = p * f + 1
        p = p * f + 1
        let bits = (unsafeBitCast(shifted, to: RowIndex.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: Row.self)
    }

    /// σ = ½a·dx² + b·dx·dy + ½c·dy² for a row, with `halfADx2` = ½a·dx² precomputed per splat.
    /// Written once so the forward and backward passes round identically.
    @inline(__always) static func power(halfADx2: Row, dx: Row, b: Float, c: Float, dy: Float) -> Row {
        halfADx2 + (b * dy) * dx + 0.5 * c * dy * dy
    }

    /// The lanes whose pixel column lies in [xa, xb] (tile-local columns).
    @inline(__always) static func columns(_ xa: Int, _ xb: Int) -> RowMask {
        (laneIndices .>= Int32(xa)) .& (laneIndices .<= Int32(xb))
    }

    /// Number of true lanes.
    @inline(__always) static func count(_ m: RowMask) -> Int {
        Int(RowIndex(repeating: 0).replacing(with: 1, where: m).wrappedSum())
    }
}
