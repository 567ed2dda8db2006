import BeingAvatar

/// A whole expression code from its parts, the same for `being generate` and `being serve`: the
/// mouth block from speech (`MouthDriver`, `MouthStream`), and outside it the face with eyes open
/// plus a blink's closure times the avatar's blink direction (`AvatarReference`).
public struct ExpressionComposer: Sendable {
    public let dimension: Int
    public let mouthWidth: Int
    public let openUpper: [Float]   // [K − Km]
    public let blinkDelta: [Float]  // [K − Km]

    public init(avatar: Avatar, reference: AvatarReference) {
        dimension = avatar.expression.dimension
        mouthWidth = avatar.expression.mouthRange.upperBound
        openUpper = reference.openUpper
        blinkDelta = reference.blinkDelta
    }

    /// The code with `mouth` [Km] and eyes closed by `closure` (0 open, 1 shut).
    public func code(mouth: [Float], closure: Double) -> ExpressionCode {
        var values = mouth
        for k in 0..<(dimension - mouthWidth) {
            values.append(openUpper[k] + Float(closure) * blinkDelta[k])
        }
        return ExpressionCode(values: values)
    }
}
