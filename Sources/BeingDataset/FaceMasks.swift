import BeingMedia

/// Which mesh points outline each region: index lists into the 468-point face mesh.
public struct MaskTopology: Sendable {
    /// The face outline, in order around the face.
    public var faceOval: [Int]
    /// Top of the forehead and bottom of the chin, for the face's up-down axis.
    public var foreheadTop: Int
    public var chin: Int
    /// Outer and inner lip contours as closed loops.
    public var outerLips: [Int]
    public var innerLips: [Int]
    /// Each eye's lid contour as a closed loop.
    public var eyes: [[Int]]

    public init(faceOval: [Int], foreheadTop: Int, chin: Int, outerLips: [Int], innerLips: [Int], eyes: [[Int]]) {
        self.faceOval = faceOval
        self.foreheadTop = foreheadTop
        self.chin = chin
        self.outerLips = outerLips
        self.innerLips = innerLips
        self.eyes = eyes
    }
}

/// Builds a frame's region mask (`MaskBits`) from its tracked mesh.
public struct FaceMasks: Sendable {
    public var topology: MaskTopology
    /// Points below the mouth move further down by this share of their distance below it, so the
    /// chin moves by this share of the mouth-to-chin distance and a jaw that opens wider than it ever did in the video still lands inside.
    public var jawExtension = 0.9
    /// Teeth: at least this bright relative to the face's mean brightness, and at most this saturated.
    public var teethRelativeBrightness = 0.8
    public var teethMaxSaturation = 0.3

    public init(topology: MaskTopology) {
        self.topology = topology
    }

    /// - Parameters:
    ///   - points: the mesh in pixel coordinates of `frame`, [468] (x, y).
    ///   - frame: the picture, for the teeth's colour test.
    public func mask(points: [SIMD2<Double>], frame: RGBImage) -> GrayImage {
        let width = frame.width, height = frame.height
        var pixels = [UInt8](repeating: 0, count: width * height)
        PolygonRasterizer.fill(extendedOval(points), bits: MaskBits.face.rawValue, into: &pixels, width: width, height: height)
        PolygonRasterizer.fill(topology.outerLips.map { points[$0] }, bits: MaskBits.lips.rawValue, into: &pixels, width: width, height: height)
        PolygonRasterizer.fill(topology.innerLips.map { points[$0] }, bits: MaskBits.mouthInterior.rawValue, into: &pixels, width: width, height: height)
        for eye in topology.eyes {
            PolygonRasterizer.fill(eye.map { points[$0] }, bits: MaskBits.eyes.rawValue, into: &pixels, width: width, height: height)
        }
        let lips = MaskBits.lips.rawValue, interior = MaskBits.mouthInterior.rawValue
        var brightnessSum = 0.0, faceCount = 0
        for i in pixels.indices {
            // Lips are the ring between the contours: the interior is not lips.
            if pixels[i] & interior != 0 { pixels[i] &= ~lips }
            if pixels[i] & MaskBits.face.rawValue != 0 {
                brightnessSum += Double(max(frame.pixels[3 * i], frame.pixels[3 * i + 1], frame.pixels[3 * i + 2]))
                faceCount += 1
            }
        }
        let threshold = faceCount > 0 ? teethRelativeBrightness * brightnessSum / Double(faceCount) : 255
        for i in pixels.indices where pixels[i] & interior != 0 {
            let r = Double(frame.pixels[3 * i]), g = Double(frame.pixels[3 * i + 1]), b = Double(frame.pixels[3 * i + 2])
            let value = max(r, g, b), saturation = value > 0 ? (value - min(r, g, b)) / value : 1
            if value >= threshold && saturation <= teethMaxSaturation { pixels[i] |= MaskBits.teeth.rawValue }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Only the face region (the extended oval) as a 0/1 mask [H, W]: what the avatar pastes back.
    public func faceRegion(points: [SIMD2<Double>], width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height)
        PolygonRasterizer.fill(extendedOval(points), bits: 1, into: &pixels, width: width, height: height)
        return pixels
    }

    /// The face oval with its lower half pushed further down the face's own axis (forehead → chin),
    /// in proportion to how far below the mouth each point lies.
    func extendedOval(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
        let top = points[topology.foreheadTop], chin = points[topology.chin]
        let axisLength = ((chin - top) * (chin - top)).sum().squareRoot()
        guard axisLength > 1e-9 else { return topology.faceOval.map { points[$0] } }
        let axis = (chin - top) / axisLength
        let mouth = topology.innerLips.reduce(SIMD2<Double>.zero) { $0 + points[$1] } / Double(topology.innerLips.count)
        let mouthDepth = ((mouth - top) * axis).sum()
        return topology.faceOval.map { index in
            let p = points[index]
            let depth = ((p - top) * axis).sum()
            guard depth > mouthDepth else { return p }
            return p + axis * (jawExtension * (depth - mouthDepth))
        }
    }
}
