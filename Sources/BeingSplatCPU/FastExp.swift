/// Eight pixels of a tile row, the unit of work of the compositing loops.
typealias Lanes = SIMD8<Float>
typealias LaneMask = SIMDMask<SIMD8<Int32>>

/// 2ˣ lane-wise for x in [−40, 0]; below, it returns 2⁻⁴⁰ ≈ 10⁻¹².
///
/// Cephes' `exp2f`: x = n + f with n the nearest integer and |f| ≤ ½, a degree-6 minimax
/// polynomial 2ᶠ ≈ 1 + f·P(f), and 2ⁿ written straight into the exponent bits. n is rounded by
/// adding and subtracting 1.5·2²³, which needs no SSE4.1 `roundps`. Relative error ≤ 2·10⁻⁷ (tested
/// against `Foundation.exp2`). The clamp matters: masked-off lanes far outside a splat reach here
/// too, and true values there are denormal, which costs ~100 cycles per operation on x86 (it made
/// compositing four times slower); no lane that is used has x < −log₂(255/0.99·…) ≈ −8 when α < 1/255
/// is skipped, and where it is not the difference is below 10⁻¹².
@inline(__always) func fastExp2(_ x: Lanes) -> Lanes {
    let x = x.replacing(with: -40, where: x .< -40)
    let magic: Float = 12_582_912  // 1.5·2²³: adding it rounds to an integer in the low mantissa bits
    let shifted = x + magic
    let f = x - (shifted - magic)
    var p = Lanes(repeating: 1.535_336_188_319_500e-4)
    p = fma(p, f, 1.339_887_440_266_574e-3)
    p = fma(p, f, 9.618_437_357_674_640e-3)
    p = fma(p, f, 5.550_332_471_162_809e-2)
    p = fma(p, f, 2.402_264_791_363_012e-1)
    p = fma(p, f, 6.931_472_028_550_421e-1)
    let e = fma(p, f, 1)
    // n sits in the low bits of `shifted`: its bit pattern minus magic's is n as an integer.
    let n = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    return e * unsafeBitCast((n &+ 127) &<< 23, to: Lanes.self)
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
