/// Statistics of per-frame signal series (mouth aperture, eye openness).
public enum SeriesStatistics {
    /// Pearson's correlation; nil when either series is constant.
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        let n = min(a.count, b.count)
        guard n > 2 else { return nil }
        let ma = a.prefix(n).reduce(0, +) / Double(n), mb = b.prefix(n).reduce(0, +) / Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n {
            sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb)
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// The lag L in `range` that maximises the correlation of real[t] with rendered[t + L].
    ///
    /// Sign convention: a positive lag means the rendered video is late, its mouth moving L frames
    /// after the real one (as if the audio led the video by L / 25 s); negative means early.
    public static func bestLag(real: [Double], rendered: [Double], range: ClosedRange<Int> = -5...5) -> Int? {
        var best: (lag: Int, r: Double)?
        for lag in range {
            let pairs = real.indices.compactMap { t in rendered.indices.contains(t + lag) ? (real[t], rendered[t + lag]) : nil }
            guard let r = pearson(pairs.map(\.0), pairs.map(\.1)) else { continue }
            if best == nil || r > best!.r { best = (lag, r) }
        }
        return best?.lag
    }
}
