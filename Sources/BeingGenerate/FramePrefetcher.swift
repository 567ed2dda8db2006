import BeingAvatar
import BeingMedia
import Foundation

/// Prepares frame t + 1 (its code, reference picture, posed Gaussians and paste-back weights) on a
/// serial background queue while frame t splats, one frame ahead.
final class FramePrefetcher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "being.generate.prefetch")
    private let renderer: AvatarRenderer
    private let codes: (Int) throws -> ExpressionCode
    private let count: Int
    private var player: ReferencePlayer  // touched only on `queue`
    private var pending: (frame: Int, done: DispatchSemaphore, result: Result<AvatarRenderer.PreparedFrame, Error>?)?

    /// Frames 0 ..< `count`.
    init(renderer: AvatarRenderer, player: ReferencePlayer, count: Int, codes: @escaping (Int) throws -> ExpressionCode) {
        self.renderer = renderer; self.player = player; self.count = count; self.codes = codes
    }

    /// Frame t, prepared; starts preparing t + 1 (if there is one) before returning.
    func frame(_ t: Int) throws -> AvatarRenderer.PreparedFrame {
        precondition(t < count, "FramePrefetcher: frame \(t) of \(count)")
        if pending?.frame != t { start(t) }
        pending!.done.wait()
        let result = pending!.result!
        if t + 1 < count { start(t + 1) }
        return try result.get()
    }

    private func start(_ t: Int) {
        let done = DispatchSemaphore(value: 0)
        pending = (t, done, nil)
        queue.async { [self] in
            let result = Result { () throws -> AvatarRenderer.PreparedFrame in
                let (pose, background) = try player.frame(t)
                return renderer.prepare(frame: pose, code: try codes(t), background: background)
            }
            pending!.result = result  // read only after `done` is signalled
            done.signal()
        }
    }
}
