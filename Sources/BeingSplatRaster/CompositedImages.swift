/// Per-pixel results of the forward compositing pass, and what its backward pass needs of it.
public struct CompositedImages: Sendable {
    public var color: [Float]               // [H, W, 3]
    public var alpha: [Float]               // [H, W]
    public var depth: [Float]               // [H, W]
    public var finalTransmittance: [Float]  // [H, W]
    /// How many entries of the pixel's tile list the backward pass must revisit: all of them,
    /// or, where the pixel stopped early, those before the one that stopped it (any after its
    /// last contributor are inactive there).
    public var contributorCount: [Int32]    // [H, W]
    /// Per list entry, the blocks where it had a lane in reach of a live pixel (0 for entries
    /// after the tile stopped): the backward pass visits only those, a subset of `RowSpans`'.
    public var activeBlocks: [UInt32]       // [I]

    @inlinable public init(color: [Float], alpha: [Float], depth: [Float], finalTransmittance: [Float],
                            contributorCount: [Int32], activeBlocks: [UInt32]) {
        self.color = color; self.alpha = alpha; self.depth = depth; self.finalTransmittance = finalTransmittance
        self.contributorCount = contributorCount; self.activeBlocks = activeBlocks
    }
}

