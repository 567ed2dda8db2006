import BeingMath

/// A pinhole camera: intrinsics, a world-to-camera transform and clip planes (see
/// `docs/conventions.md`: OpenCV axes, x right, y down, z forward).
public struct Camera: Sendable, Equatable {
    public var intrinsics: Pinhole
    /// Camera-from-world, row-major: p_cam = R·p_world + t.
    public var worldToCamera: [Float]  // [4, 4]
    /// Gaussians whose camera-space depth is outside (near, far) are culled.
    public var near: Float
    public var far: Float

    public init(intrinsics: Pinhole, worldToCamera: [Float], near: Float = 0.01, far: Float = 1000) {
        self.intrinsics = intrinsics; self.worldToCamera = worldToCamera; self.near = near; self.far = far
    }

    public var width: Int { intrinsics.width }
    public var height: Int { intrinsics.height }

    /// R, the upper-left 3×3 of the world-to-camera matrix.
    public var rotation: Matrix3 {
        let m = worldToCamera
        return Matrix3(rows: SIMD3(m[0], m[1], m[2]), SIMD3(m[4], m[5], m[6]), SIMD3(m[8], m[9], m[10]))
    }

    /// t, the translation column of the world-to-camera matrix.
    public var translation: SIMD3<Float> { SIMD3(worldToCamera[3], worldToCamera[7], worldToCamera[11]) }

    /// The camera centre in world coordinates, −Rᵀ·t.
    public var position: SIMD3<Float> { -(rotation.transposed * translation) }

    /// Throws unless the matrix is 4×4 with a last row (0, 0, 0, 1), focal lengths are positive
    /// and 0 < near < far.
    public func validate() throws {
        guard worldToCamera.count == 16 else { throw SplatError.invalidCamera("worldToCamera needs 16 values, got \(worldToCamera.count)") }
        guard worldToCamera[12] == 0, worldToCamera[13] == 0, worldToCamera[14] == 0, worldToCamera[15] == 1 else {
            throw SplatError.invalidCamera("worldToCamera's last row must be (0, 0, 0, 1)")
        }
        guard intrinsics.fx > 0, intrinsics.fy > 0 else { throw SplatError.invalidCamera("focal lengths must be positive") }
        guard intrinsics.width > 0, intrinsics.height > 0 else { throw SplatError.invalidCamera("image size must be positive") }
        guard near > 0, far > near else { throw SplatError.invalidCamera("need 0 < near < far, got \(near), \(far)") }
    }

    /// A camera at `eye` looking at `target`, with image-up roughly `up` (so camera y, which points
    /// down the image, is −up). Principal point at the image centre.
    public static func lookAt(eye: SIMD3<Float>, target: SIMD3<Float>, up: SIMD3<Float> = SIMD3(0, 1, 0),
                              focal: Float, width: Int, height: Int, near: Float = 0.01, far: Float = 100) -> Camera {
        func normalize(_ v: SIMD3<Float>) -> SIMD3<Float> { v / (v * v).sum().squareRoot() }
        func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
            SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        }
        let z = normalize(target - eye)
        let x = normalize(cross(z, up))  // so that y = z × x points along −up (image down)
        let y = cross(z, x)
        let r = Matrix3(rows: x, y, z)
        let t = -(r * eye)
        let m: [Float] = [x.x, x.y, x.z, t.x, y.x, y.y, y.z, t.y, z.x, z.y, z.z, t.z, 0, 0, 0, 1]
        let pinhole = Pinhole(fx: focal, fy: focal, cx: Float(width) / 2, cy: Float(height) / 2, width: width, height: height)
        return Camera(intrinsics: pinhole, worldToCamera: m, near: near, far: far)
    }
}
