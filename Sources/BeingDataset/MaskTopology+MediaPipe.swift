import BeingFace

extension MaskTopology {
    /// The contours of MediaPipe's 468-point face mesh, as `being prepare` draws the masks and the
    /// avatar draws its paste-back region.
    public static let mediaPipe = MaskTopology(
        faceOval: FaceLandmarks.faceOval, foreheadTop: FaceLandmarks.foreheadTop, chin: FaceLandmarks.chin,
        outerLips: FaceLandmarks.lipsOuterUpper + FaceLandmarks.lipsOuterLower.reversed().dropFirst().dropLast(),
        innerLips: FaceLandmarks.lipsInnerUpper + FaceLandmarks.lipsInnerLower.reversed().dropFirst().dropLast(),
        eyes: [FaceLandmarks.rightEye, FaceLandmarks.leftEye].map { Array($0[0...8]) + $0[9...].reversed() })
}
