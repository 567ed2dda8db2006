import BeingSplatTraining

/// The photometric loss of one training view, by stage:
///
///     L = 0.8·L1(region) + 0.2·D-SSIM(region) + w·L1(extra)
///
/// - face: region = face without the mouth interior (the face Gaussians must not learn to paint
///   teeth), extra = lips, w = 1;
/// - mouth: region = the whole face, extra = the mouth interior, w = 2;
/// - joint: region = the whole face, extra = lips and mouth interior, w = 1.
enum TrainingLoss {
    static let ssimWeight: Float = 0.2

    static func evaluate(_ rendered: [Float], _ frame: TrainingFrames.Frame, stage: TrainingStage.Kind,
                         width: Int, height: Int) -> (loss: LossValue, psnr: Double) {
        let region: [Bool], extra: [Bool], weight: Float
        switch stage {
        case .face:
            region = zip(frame.face, frame.interior).map { $0 && !$1 }; extra = frame.lips; weight = 1
        case .mouth:
            region = frame.face; extra = frame.interior; weight = 2
        case .joint:
            region = frame.face; extra = zip(frame.lips, frame.interior).map { $0 || $1 }; weight = 1
        }
        let l1 = ImageLoss.l1(rendered, frame.image, mask: region)
        let dssim = ImageLoss.dssim(rendered, frame.image, width: width, height: height, mask: region)
        var loss = LossValue.weighted(l1, 1 - ssimWeight, dssim, ssimWeight)
        loss = LossValue.weighted(loss, 1, ImageLoss.l1(rendered, frame.image, mask: extra), weight)
        return (loss, ImageLoss.psnr(rendered, frame.image, mask: frame.face))
    }
}
