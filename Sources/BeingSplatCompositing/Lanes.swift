#if SPLAT_HASWELL
import _Builtin_intrinsics.intel
#endif

/// The pixels of a block, the unit of work of the compositing loops: eight pixels of a tile row
/// (half a row), or with `SPLAT_WIDE` sixteen (a whole row, one AVX-512 register).
#if SPLAT_WIDE
typealias Lanes = SIMD16<Float>
typealias LaneInts = SIMD16<Int32>
#else
typealias Lanes = SIMD8<Float>
typealias LaneInts = SIMD8<Int32>
#endif
typealias LaneMask = SIMDMask<LaneInts>

/// How a 16×16 tile splits into blocks of `Lanes`: `perRow` blocks per row, block b covering
/// row b / perRow from pixel `width`·(b mod perRow). Bit b of a block set is block b, so the set
/// bits run in row-major order.
enum Block {
    @inline(__always) static var width: Int { Lanes.scalarCount }
    @inline(__always) static var perRow: Int { 16 / width }
    /// log₂ `width`.
    @inline(__always) static var widthShift: Int { width.trailingZeroBitCount }
    /// Blocks per tile.
    @inline(__always) static var count: Int { 16 * perRow }
    @inline(__always) static func row(_ b: Int) -> Int { b / perRow }
    /// The block's first pixel in its row.
    @inline(__always) static func x(_ b: Int) -> Int { width * (b % perRow) }
    /// Which block of its row it is.
    @inline(__always) static func part(_ b: Int) -> Int { b % perRow }
}

/// Lane j holds j (a literal, so it folds into a constant instead of a lazily initialised global).
#if SPLAT_WIDE
@inline(__always) var laneIndex: LaneInts { LaneInts(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) }
@inline(__always) var laneOffset: Lanes { Lanes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) }
#else
@inline(__always) var laneIndex: LaneInts { LaneInts(0, 1, 2, 3, 4, 5, 6, 7) }
@inline(__always) var laneOffset: Lanes { Lanes(0, 1, 2, 3, 4, 5, 6, 7) }
#endif

// Lane-wise helpers the compositing loops need as single instructions. Where the target is
// Haswell or later (`SPLAT_HASWELL`, set in Package.swift with the Haswell target: AVX2, FMA,
// BMI2) a few are Intel intrinsics, for which the portable spelling compiled to several
// instructions; the sixteen-lane build (`SPLAT_AVX512`, also `SPLAT_HASWELL`) uses their
// AVX-512 forms; elsewhere the portable spelling gives the same results.

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

/// Whether any lane is set (`vptest`; `kortest` in the sixteen-lane build), without the standard
/// library's per-lane loop.
@inline(__always) func anyLane(_ m: LaneMask) -> Bool {
    #if SPLAT_WIDE
    return laneBits(m) != 0
    #else
    let v = unsafeBitCast(m, to: LaneInts.self)
    let h = v.lowHalf | v.highHalf
    let q = h.lowHalf | h.highHalf
    return (q.x | q.y) != 0
    #endif
}

/// How many lanes are set.
@inline(__always) func laneCount(_ m: LaneMask) -> Int { laneBits(m).nonzeroBitCount }

/// x where the mask is set and +0 elsewhere: one AND of the bits, where `replacing` is a blend.
@inline(__always) func zeroing(_ x: Lanes, outside m: LaneMask) -> Lanes {
    unsafeBitCast(unsafeBitCast(x, to: LaneInts.self) & unsafeBitCast(m, to: LaneInts.self), to: Lanes.self)
}

/// min(x, m) lane-wise, for x and m not NaN (`vminps`; the select stayed a compare and a blend).
@inline(__always) func minimum(_ x: Lanes, _ m: Lanes) -> Lanes {
    #if SPLAT_WIDE && SPLAT_AVX512
    return _mm512_min_ps(x, m)
    #elseif SPLAT_HASWELL && !SPLAT_WIDE
    return _mm256_min_ps(x, m)
    #else
    return m.replacing(with: x, where: x .< m)
    #endif
}

/// The mask as bits, lane j in bit j (`vmovmskps`; `vpmovd2m` in the sixteen-lane build).
@inline(__always) func laneBits(_ m: LaneMask) -> UInt32 {
    #if SPLAT_WIDE && SPLAT_AVX512
    return UInt32(truncatingIfNeeded: _mm512_movepi32_mask(unsafeBitCast(m, to: SIMD8<Int64>.self)))
    #elseif SPLAT_HASWELL && !SPLAT_WIDE
    return UInt32(truncatingIfNeeded: _mm256_movemask_ps(unsafeBitCast(m, to: Lanes.self)))
    #else
    let bits = unsafeBitCast(m, to: LaneInts.self) & (LaneInts(repeating: 1) &<< laneIndex)
    return UInt32(truncatingIfNeeded: bits.wrappedSum())
    #endif
}

/// One bit per row of a group of `Block.width` rows (bit j: row j) moved to that row's first
/// block, bit j·`Block.perRow`: for half-row blocks the even bits 0, 2, …, 14 (`pdep`).
@inline(__always) func spreadToRows(_ bits: UInt32) -> UInt32 {
    #if SPLAT_WIDE
    return bits
    #elseif SPLAT_HASWELL
    return _pdep_u32(bits, 0x5555)
    #else
    var x = bits & 0xFF
    x = (x | (x &<< 4)) & 0x0F0F
    x = (x | (x &<< 2)) & 0x3333
    return (x | (x &<< 1)) & 0x5555
    #endif
}
