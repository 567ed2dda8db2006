import BeingMath

/// Gaussian noise on the mouth block of each training view's code, so that the avatar is trained
/// for the codes it will be driven with.
///
/// `being generate` and `being serve` take the mouth block from speech (`SpeechMotionModel`),
/// which a few seconds of video teach only roughly: its codes are off the tracked ones by about
/// one whitened unit per component, and in combinations no training frame had. Blend shapes fitted
/// to exact tracked codes answer such codes with lips no training frame showed. Training each view
/// with its mouth code perturbed, e ← e + σ·n with n ~ N(0, I), makes the image depend smoothly on
/// the code (the loss now also pays for how far the picture moves when the code is off), at the
/// price of somewhat smaller lip motion for an exact code.
///
/// The noise of iteration s comes from that iteration's own generator, so a resumed run draws the
/// same noise as an uninterrupted one.
struct MouthCodeNoise: Sendable {
    /// σ, in whitened code units.
    let deviation: Float

    /// `code` with N(0, σ²) added to each value in `mouth`; the other values are left as they are.
    func perturbed(_ code: ExpressionCode, mouth: Range<Int>, random: inout SplitMix) -> ExpressionCode {
        guard deviation > 0 else { return code }
        var out = code
        for k in mouth { out.values[k] += deviation * random.normalFloat() }
        return out
    }
}
