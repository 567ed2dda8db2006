import BeingMath

/// Gaussian noise on the mouth block of each training view's code where the person speaks, so
/// that the avatar is trained for the codes it will be driven with.
///
/// `being generate` and `being serve` take the mouth block from speech (`SpeechMotionModel`),
/// which a few seconds of video teach only roughly: its codes are off the tracked ones by about
/// one whitened unit per component, and in combinations no training frame had. Blend shapes fitted
/// to exact tracked codes answer such codes with lips no training frame showed. Training each view
/// with its mouth code perturbed, e ← e + σ·n with n ~ N(0, I), makes the image depend smoothly on
/// the code (the loss now also pays for how far the picture moves when the code is off), at the
/// price of smaller lip motion for an exact code, which `Avatar.mouthCodeGain` (`gain`) gives back.
///
/// In pauses the driver eases to the rest mouth (`MouthDriver`), a code it knows exactly, so the
/// noise is scaled by the frame's speech weight (`SpeechActivity`): paused frames keep their
/// tracked code and the rest mouth is drawn as the person held it.
///
/// The noise of iteration s comes from that iteration's own generator, so a resumed run draws the
/// same noise as an uninterrupted one.
struct MouthCodeNoise: Sendable {
    /// σ, in whitened code units.
    let deviation: Float

    /// 1 + σ²·mean(w²) over the views' speech weights `speaking`: for whitened codes (unit
    /// variance) the best a renderer can do with c + n is to draw E[c | c + n] = (c + n) / (1 + σ²w²),
    /// so drawing a code times this gain restores the motion's amplitude on average. Held-out
    /// frames of the aoc fixture (σ 0.7, face PSNR / lip distance / rendered aperture's standard
    /// deviation): driven by speech, gain 1 25.28 dB / 2.75 px / 2.04 mm, 1.25 25.28 / 2.81 / 2.22,
    /// 1.5 25.26 / 2.90 / 2.39 (no noise: 24.66 / 3.18 / 2.30); tracked mouth, gain 1 26.50 / 0.91 /
    /// 2.96, 1.25 26.63 / 0.80 / 3.29, 1.5 26.60 / 0.85 / 3.51 (real 3.25 mm).
    func gain(speaking: [Float]) -> Float {
        guard !speaking.isEmpty else { return 1 }
        let meanSquare = speaking.reduce(0) { $0 + $1 * $1 } / Float(speaking.count)
        return 1 + deviation * deviation * meanSquare
    }

    /// `code` with N(0, (σ·speaking)²) added to each value in `mouth`; the other values are left
    /// as they are. `speaking` is the frame's speech weight in [0, 1].
    func perturbed(_ code: ExpressionCode, mouth: Range<Int>, speaking: Float, random: inout SplitMix) -> ExpressionCode {
        let scale = deviation * speaking
        guard scale > 0 else { return code }
        var out = code
        for k in mouth { out.values[k] += scale * random.normalFloat() }
        return out
    }
}
