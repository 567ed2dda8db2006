import BeingFace

/// The mouth-landmark distance (LMD) of talking-head papers: the 20 mouth points of the common
/// 68-point scheme (12 outer, 8 inner), taken here from the 468-point mesh; each set is centred
/// before comparing, so head motion does not count, only mouth shape.
public enum LipLandmarks {
    /// Mesh indices nearest the 68-point scheme's outer lip (48–59) and inner lip (60–67).
    public static let outer = [61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91]
    public static let inner = [78, 81, 13, 311, 308, 402, 14, 178]

    /// Mean distance in pixels between corresponding points, each of the two sets centred on its
    /// own mean in each image.
    public static func distance(_ a: [SIMD3<Double>], _ b: [SIMD3<Double>]) -> Double {
        var total = 0.0
        for set in [outer, inner] {
            total += centredDistance(set.map { flat(a[$0]) }, set.map { flat(b[$0]) }) * Double(set.count)
        }
        return total / Double(outer.count + inner.count)
    }

    /// Mean distance over all mesh points, centred.
    public static func meshDistance(_ a: [SIMD3<Double>], _ b: [SIMD3<Double>]) -> Double {
        centredDistance(a.map(flat), b.map(flat))
    }

    static func flat(_ p: SIMD3<Double>) -> SIMD2<Double> { SIMD2(p.x, p.y) }

    static func centredDistance(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Double {
        let ca = a.reduce(.zero, +) / Double(a.count), cb = b.reduce(.zero, +) / Double(b.count)
        return zip(a, b).reduce(0.0) { sum, pair in
            let d = (pair.0 - ca) - (pair.1 - cb)
            return sum + (d * d).sum().squareRoot()
        } / Double(a.count)
    }
}
