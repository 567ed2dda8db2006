/// A pinhole camera's intrinsics in pixels (OpenCV axes: x right, y down, z forward; pixel
/// centres at +0.5, so pixel (i, j) samples the image plane at (i + 0.5, j + 0.5)).
public struct Pinhole: Sendable, Equatable {
    public var fx: Float
    public var fy: Float
    public var cx: Float
    public var cy: Float
    public var width: Int
    public var height: Int

    @inlinable @inline(__always) public init(fx: Float, fy: Float, cx: Float, cy: Float, width: Int, height: Int) {
        self.fx = fx; self.fy = fy; self.cx = cx; self.cy = cy; self.width = width; self.height = height
    }

    /// π(t) = (fx·x/z + cx, fy·y/z + cy) for a camera-space point t = (x, y, z).
    @inlinable @inline(__always) public func project(_ t: SIMD3<Float>) -> SIMD2<Float> {
        SIMD2(fx * t.x / t.z + cx, fy * t.y / t.z + cy)
    }

    /// dL/dt = (gu·fx/z, gv·fy/z, −(gu·fx·x + gv·fy·y)/z²).
    @inlinable @inline(__always) public func projectVJP(_ t: SIMD3<Float>, _ g: SIMD2<Float>) -> SIMD3<Float> {
        let iz = 1 / t.z
        return SIMD3(g.x * fx * iz, g.y * fy * iz, -(g.x * fx * t.x + g.y * fy * t.y) * iz * iz)
    }

    /// x/z and y/z are clamped to 1.3× the field of view before the Jacobian is taken, as in
    /// Kerbl et al.'s code and gsplat, so splats far off-screen do not get huge footprints.
    @inlinable @inline(__always) func clampedRatios(_ t: SIMD3<Float>) -> (x: Float, y: Float, clampedX: Bool, clampedY: Bool) {
        let limXPos = (Float(width) - cx) / fx + 0.3 * Float(width) / (2 * fx)
        let limXNeg = cx / fx + 0.3 * Float(width) / (2 * fx)
        let limYPos = (Float(height) - cy) / fy + 0.3 * Float(height) / (2 * fy)
        let limYNeg = cy / fy + 0.3 * Float(height) / (2 * fy)
        let rx = t.x / t.z, ry = t.y / t.z
        let x = min(limXPos, max(-limXNeg, rx)), y = min(limYPos, max(-limYNeg, ry))
        return (x, y, x != rx, y != ry)
    }

    /// J = ∂π/∂t = [[fx/z, 0, −fx·x/z²], [0, fy/z, −fy·y/z²]] (the local affine approximation of EWA),
    /// with x/z, y/z clamped as above.
    @inlinable @inline(__always) public func jacobian(_ t: SIMD3<Float>) -> Matrix2x3 {
        let r = clampedRatios(t)
        let iz = 1 / t.z
        return Matrix2x3(rows: SIMD3(fx * iz, 0, -fx * r.x * iz), SIMD3(0, fy * iz, -fy * r.y * iz))
    }

    /// dL/dt from G = dL/dJ; a clamped ratio passes no gradient to its x or y, only to z through 1/z.
    @inlinable @inline(__always) public func jacobianVJP(_ t: SIMD3<Float>, _ g: Matrix2x3) -> SIMD3<Float> {
        let r = clampedRatios(t)
        let iz = 1 / t.z, iz2 = iz * iz
        // J13 = −fx·tx/z² when unclamped (−fx·rx/z otherwise), J23 likewise.
        var gx: Float = 0, gy: Float = 0
        var gz = -fx * iz2 * g.r0.x - fy * iz2 * g.r1.y
        if r.clampedX { gz += fx * r.x * iz2 * g.r0.z } else { gx = -fx * iz2 * g.r0.z; gz += 2 * fx * t.x * iz2 * iz * g.r0.z }
        if r.clampedY { gz += fy * r.y * iz2 * g.r1.z } else { gy = -fy * iz2 * g.r1.z; gz += 2 * fy * t.y * iz2 * iz * g.r1.z }
        return SIMD3(gx, gy, gz)
    }
}
