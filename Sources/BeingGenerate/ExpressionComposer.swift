import BeingAvatar

/// A whole expression code from its parts, the same for `being generate` and `being serve`: the
/// mouth block from speech (`MouthDriver`, `MouthStream`), and outside it the upper face (brows,
/// lids, gaze) of the reference frame being played, so the person blinks and moves their brows
/// as they did in that frame.
///
/// Avatars trained without `CodeBlocks` store no upper face per frame (`AvatarReference.upperCodes`):
/// their upper block moves the lips too, so theirs is the face with eyes open plus a scheduled
/// blink's closure times the avatar's blink direction.
public struct ExpressionComposer: Sendable {
    public let dimension: Int
    public let mouthWidth: Int
    public let openUpper: [Float]   // [K − Km]
    public let blinkDelta: [Float]  // [K − Km]
    /// By dataset frame index, [K − Km] each; nil: open eyes and scheduled blinks.
    public let referenceUpper: [Int: [Float]]?

    public init(avatar: Avatar, reference: AvatarReference) {
        self.init(dimension: avatar.expression.dimension, mouthWidth: avatar.expression.mouthRange.upperBound,
                  openUpper: reference.openUpper, blinkDelta: reference.blinkDelta, referenceUpper: reference.upperCodes)
    }

    init(dimension: Int, mouthWidth: Int, openUpper: [Float], blinkDelta: [Float], referenceUpper: [Int: [Float]]?) {
        self.dimension = dimension; self.mouthWidth = mouthWidth
        self.openUpper = openUpper; self.blinkDelta = blinkDelta; self.referenceUpper = referenceUpper
    }

    /// Whether the upper face follows the reference frames (else open eyes and scheduled blinks).
    public var followsReference: Bool { referenceUpper != nil }

    /// The code with `mouth` [Km] and the upper face of reference frame `frame`, or, for avatars
    /// without one per frame, the eyes closed by `closure` (0 open, 1 shut).
    public func code(mouth: [Float], frame: Int, closure: Double) -> ExpressionCode {
        guard let upper = referenceUpper?[frame] else { return code(mouth: mouth, closure: closure) }
        return ExpressionCode(values: mouth + upper)
    }

    /// The code with `mouth` [Km] and the rest face's eyes closed by `closure` (0 open, 1 shut).
    public func code(mouth: [Float], closure: Double) -> ExpressionCode {
        var values = mouth
        for k in 0..<(dimension - mouthWidth) {
            values.append(openUpper[k] + Float(closure) * blinkDelta[k])
        }
        return ExpressionCode(values: values)
    }
}
