#if SPLAT_HASWELL
import _Builtin_intrinsics.intel
#endif

/// Eight pixels of a tile row, the unit of work of the compositing loops.
typealias Lanes = SIMD8<Float>
typealias LaneMask = SIMDMask<SIMD8<Int32>>

// Lane-wise helpers the compositing loops need as single instructions. Where the target is
// Haswell or later (`SPLAT_HASWELL`, set in Package.swift with the Haswell target: AVX2, FMA,
// BMI2) a few are Intel intrinsics, for which the portable spelling compiled to several
// instructions; elsewhere the portable spelling gives the same results.

/// a·b + c, fused where the target has FMA (`SPLAT_HASWELL`); without it the fused form would
/// be a library call per lane.
@inline(__always) func fma(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes {
    #if SPLAT_HASWELL
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
@inline(__always) func laneCount(_ m: LaneMask) -> Int { laneBits(m).nonzeroBitCount }

/// x where the mask is set and +0 elsewhere: one AND of the bits, where `replacing` is a blend.
@inline(__always) func zeroing(_ x: Lanes, outside m: LaneMask) -> Lanes {
    unsafeBitCast(unsafeBitCast(x, to: SIMD8<Int32>.self) & unsafeBitCast(m, to: SIMD8<Int32>.self), to: Lanes.self)
}

/// min(x, m) lane-wise, for x and m not NaN (`vminps`; the select stayed a compare and a blend).
@inline(__always) func minimum(_ x: Lanes, _ m: Lanes) -> Lanes {
    #if SPLAT_HASWELL
    return _mm256_min_ps(x, m)
    #else
    return m.replacing(with: x, where: x .< m)
    #endif
}

/// The mask as bits, lane j in bit j (`vmovmskps`).
@inline(__always) func laneBits(_ m: LaneMask) -> UInt32 {
    #if SPLAT_HASWELL
    return UInt32(truncatingIfNeeded: _mm256_movemask_ps(unsafeBitCast(m, to: Lanes.self)))
    #else
    let bits = unsafeBitCast(m, to: SIMD8<Int32>.self) & SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
    let h = bits.lowHalf &+ bits.highHalf, q = h.lowHalf &+ h.highHalf
    return UInt32(truncatingIfNeeded: q.x &+ q.y)
    #endif
}

/// The low eight bits of `bits` moved to the even bits 0, 2, …, 14 (`pdep`).
@inline(__always) func spreadToEvenBits(_ bits: UInt32) -> UInt32 {
    #if SPLAT_HASWELL
    return _pdep_u32(bits, 0x5555)
    #else
    var x = bits & 0xFF
    x = (x | (x &<< 4)) & 0x0F0F
    x = (x | (x &<< 2)) & 0x3333
    return (x | (x &<< 1)) & 0x5555
    #endif
}
