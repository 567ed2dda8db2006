/// 2⁻ᵖ lane-wise for p in [0, 40]; above, it returns 2⁻⁴⁰ ≈ 10⁻¹².
///
/// −p = n + f with n the nearest integer and |f| ≤ ½, 2ᶠ ≈ 1 + f·P(f) with P of degree 4 (a
/// least-squares fit on [−½, ½] reweighted towards equal relative error), and 2ⁿ written straight
/// into the exponent bits. Relative error ≤ 5·10⁻⁷ (tested against `Foundation.exp2`); Cephes'
/// degree-5 P reaches 2·10⁻⁷ for one more multiply-add per lane, which compositing feels.
/// The clamp matters: masked-off lanes far outside a splat reach here too, and true values there
/// are denormal, which costs ~100 cycles per operation on x86 (it made compositing four times
/// slower); no lane that is used has p > log₂(255/0.99·…) ≈ 8 when α < 1/255 is skipped, and where
/// it is not the difference is below 10⁻¹².
@inline(__always) func fastExp2(negating p: Lanes) -> Lanes {
    let (fraction, scale) = exp2Parts(negating: p)
    return fraction * scale
}

/// o·2⁻ᵖ, bit for bit `o * fastExp2(negating: p)` (scaling by 2ⁿ is exact), with o·2ⁿ formed
/// beside the polynomial instead of one more multiplication after it.
@inline(__always) func fastExp2(negating p: Lanes, times o: Float) -> Lanes {
    let (fraction, scale) = exp2Parts(negating: p)
    return fraction * (o * scale)
}

/// 2ᶠ and 2ⁿ with −min(p, 40) = n + f.
@inline(__always) private func exp2Parts(negating p: Lanes) -> (Lanes, Lanes) {
    let q = Lanes(repeating: 40).replacing(with: p, where: p .< 40)  // `vminps`
    // Adding 1.5·2²³ + 127 rounds to an integer in the low mantissa bits: 0x40_0000 + n + 127,
    // whose shift by 23 leaves (n + 127) << 23, the float 2ⁿ (the rest shifts out).
    let magic: Float = 12_583_039
    let shifted = magic - q
    let f = (magic - shifted) - q  // −q − n, exactly
    var poly = Lanes(repeating: 1.302_130_3e-3)
    poly = fma(poly, f, 9.661_020_2e-3)
    poly = fma(poly, f, 5.551_334_1e-2)
    poly = fma(poly, f, 2.402_241_3e-1)
    poly = fma(poly, f, 6.931_466_9e-1)
    let fraction = fma(poly, f, 1)
    return (fraction, unsafeBitCast(unsafeBitCast(shifted, to: LaneInts.self) &<< 23, to: Lanes.self))
}
