import BeingSplat

/// The compositing kernels of the CPU backend: front-to-back blending of binned splats over 16×16
/// tiles, its adjoint, and the exact splat-tile test the binning keeps tiles by.
///
/// One source, built twice (see Package.swift): `BeingSplatCompositing` works on blocks of eight
/// pixels for any x86-64 with AVX2 (and any other CPU), `BeingSplatCompositingAVX512` on whole
/// 16-pixel tile rows for CPUs with AVX-512. Both composite every pixel in the same order with
/// the same arithmetic, so their images are bitwise the same; gradients differ only in the order
/// of the lanes' final sums.
public protocol SplatCompositor {
    /// - Parameters:
    ///   - tileSplats: the splats of every tile list in list order.  // [I]
    ///   - background: [H, W, 3], or [3] for one colour everywhere.
    static func forward(_ tileSplats: [RasterSplat], _ bins: TileBinning, width: Int, height: Int,
                        options: RenderOptions, background: [Float]) -> CompositedImages

    /// dL/d(screen-space parameters) of every list entry, [I], for dL/dC `colorGradient` [H, W, 3]
    /// and dL/dA `alphaGradient` [H, W].
    static func backward(_ tileSplats: [RasterSplat], _ bins: TileBinning, _ images: CompositedImages, width: Int,
                         height: Int, options: RenderOptions, background: [Float], colorGradient: [Float],
                         alphaGradient: [Float]?) -> [ScreenGradient]

    /// Bit j set iff `splat.touches` keeps the j-th tile of `tiles` (tile coordinates, inclusive
    /// bounds, at most 64 tiles) in row-major order.
    static func keptTiles(_ splat: RasterSplat, _ tiles: PixelBox, width: Int, height: Int) -> UInt64
}
