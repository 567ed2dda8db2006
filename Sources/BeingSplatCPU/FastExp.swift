/// Eight pixels of a tile row, the unit of work of the compositing loops.
typealias Lanes = SIMD8<Float>
typealias LaneMask = SIMDMask<SIMD8<Int32>>

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
    return (fraction, unsafeBitCast(unsafeBitCast(shifted, to: SIMD8<Int32>.self) &<< 23, to: Lanes.self))
}

/// a·b + c, fused where the target has FMA (the `SPLAT_FMA` condition, set with the Haswell
/// target in Package.swift); without it the fused form would be a library call per lane.
@inline(__always) func fma(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes {
    #if SPLAT_FMA
    return c.addingProduct(a, b)
    #else
    return a * b + c
    #endif
}

@inline(__always) func fma(_ a: Lanes, _ b: Lanes, _ c: Float) -> Lanes { fma(a, b, Lanes(repeating: c)) }
@inline(__always) func fma(_ a: Float, _ b: Lanes, _ c: Lanes) -> Lanes { fma(Lanes(repeating: a), b, c) }
@inline(__always) func fma(_ a: Lanes, _ b: Float, _ c: Lanes) -> Lanes { fma(a, Lanes(repeating: b), c) }
@inline(__always) func fma(_ a: Float, _ b: Lanes, _ c: Float) -> Lanes { fma(Lanes(repeating: a), b, Lanes(repeating: c)) }

/// Whether any lane is set (`vptest`), without the standard library's per-lane loop.
@inline(__always) func anyLane(_ m: LaneMask) -> Bool {
    let v = unsafeBitCast(m, to: SIMD8<Int32>.self)
    let h = v.lowHalf | v.highHalf
    let q = h.lowHalf | h.highHalf
    return (q.x | q.y) != 0
}

/// How many lanes are set.
@inline(__always) func laneCount(_ m: LaneMask) -> Int {
    let v = unsafeBitCast(m, to: SIMD8<Int32>.self)  // −1 per set lane
    let h = v.lowHalf &+ v.highHalf
    let q = h.lowHalf &+ h.highHalf
    return -Int(q.x &+ q.y)
}

/// x where the mask is set and +0 elsewhere: one AND of the bits, where `replacing` is a blend.
@inline(__always) func zeroing(_ x: Lanes, outside m: LaneMask) -> Lanes {
    unsafeBitCast(unsafeBitCast(x, to: SIMD8<Int32>.self) & unsafeBitCast(m, to: SIMD8<Int32>.self), to: Lanes.self)
}
