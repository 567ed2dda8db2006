/// The box behind the lips where the mouth-interior Gaussians live, in the head frame (metres):
/// from the inner-lip contour of the neutral mesh, reaching down as far as the jaw drops.
/// Initialisation samples inside it and training keeps the mouth Gaussians' canonical means in it.
public struct MouthVolume: Sendable, Equatable {
    public var centre: SIMD3<Float>
    public var halfWidth: Float
    public var halfHeight: Float
    public var lower: SIMD3<Float>
    public var upper: SIMD3<Float>

    /// - Parameter innerLips: the inner-lip contour of the neutral mesh, head frame.
    public init(innerLips: [SIMD3<Float>]) {
        let centre = innerLips.reduce(SIMD3<Float>.zero, +) / Float(innerLips.count)
        self.centre = centre
        halfWidth = innerLips.map { abs($0.x - centre.x) }.max()! * 0.95
        halfHeight = halfWidth * 0.75
        let margin: Float = 0.003
        lower = SIMD3(centre.x - halfWidth - margin, centre.y - 1.4 * halfHeight - margin, centre.z - 0.016)
        upper = SIMD3(centre.x + halfWidth + margin, centre.y + 0.6 * halfHeight + margin, centre.z - 0.001)
    }

    /// A point of the ellipse behind the opening, for u, v in [−1, 1] (v = 1 at the top), `depth` in [0, 1].
    public func point(u: Float, v: Float, depth: Float) -> SIMD3<Float> {
        SIMD3(centre.x + u * halfWidth, centre.y - 0.4 * halfHeight + v * halfHeight, centre.z - 0.006 - 0.004 * depth)
    }

    /// `p` moved to the nearest point of the box.
    public func clamp(_ p: SIMD3<Float>) -> SIMD3<Float> {
        pointwiseMin(pointwiseMax(p, lower), upper)
    }
}
