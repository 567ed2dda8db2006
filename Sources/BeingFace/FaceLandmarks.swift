/// Index tables into MediaPipe's 468-point canonical face mesh.
///
/// Source: the MediaPipe face mesh topology (`canonical_face_model.obj`, the connection lists of
/// `face_landmarks_to_render_data_calculator.cc`, and `iris_landmark_landmarks_to_roi`), as repeated in
/// the `face-detection-tflite` package. "Right"/"left" are the subject's: the subject's right eye
/// (33…133) appears on the image's left in a frontal shot.
public enum FaceLandmarks {
    public static let rightEyeOuter = 33
    public static let rightEyeInner = 133
    public static let leftEyeInner = 362
    public static let leftEyeOuter = 263
    /// Top of the forehead and bottom of the chin on the midline.
    public static let foreheadTop = 10
    public static let chin = 152
    public static let noseTip = 1

    /// Inner lip contour, corner 78 to corner 308.
    public static let lipsInnerUpper = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
    public static let lipsInnerLower = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]
    /// Outer lip contour, corner 61 to corner 291.
    public static let lipsOuterUpper = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
    public static let lipsOuterLower = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291]
    /// Inner-lip pairs facing each other across the mouth opening (upper, lower), centre and either side.
    public static let mouthOpeningPairs = [(82, 87), (13, 14), (312, 317)]
    /// Inner mouth corners.
    public static let mouthCorners = (78, 308)

    /// Eyelid contours: lower lid corner to corner, then the upper lid without corners.
    public static let rightEye = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173]
    public static let leftEye = [263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398]

    /// The face outline, clockwise from the top of the forehead.
    public static let faceOval = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
                                  377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]

    /// Points that move with the skull, not with expressions: forehead, nose bridge and tip, eye corners,
    /// cheekbones. Lips, jaw, brows and eyelids are left out, and so is the outline (it slides
    /// over the surface as the head turns).
    public static let rigid = [
        10, 151, 9, 108, 337, 109, 338, 67, 297, 69, 299,  // forehead
        168, 6, 197, 195, 5, 4,  // nose bridge and tip
        33, 133, 362, 263,  // eye corners
        116, 345, 123, 352, 117, 346, 118, 347, 100, 329,  // cheekbones, under the eyes
    ]

    /// Iris-model contour index pairs (upper lid, lower lid) facing each other; contour points 0 and 8 are the corners.
    public static let irisLidPairs = [(9, 1), (10, 2), (11, 3), (12, 4), (13, 5), (14, 6), (15, 7)]

    /// Mesh edges drawn in previews: lips, eyes and the face outline.
    public static let previewEdges: [(Int, Int)] = {
        func chain(_ points: [Int], closed: Bool = false) -> [(Int, Int)] {
            var edges = zip(points, points.dropFirst()).map { ($0, $1) }
            if closed, let first = points.first, let last = points.last { edges.append((last, first)) }
            return edges
        }
        return chain(lipsInnerUpper) + chain(lipsInnerLower) + chain(lipsOuterUpper) + chain(lipsOuterLower)
            + chain(Array(rightEye[0...8])) + chain([33] + rightEye[9...] + [133])
            + chain(Array(leftEye[0...8])) + chain([263] + leftEye[9...] + [362]) + chain(faceOval, closed: true)
    }()
}
