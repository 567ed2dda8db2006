import BeingAvatar
import BeingSplat
import Foundation
import Testing

struct TrainingPresetTests {
    /// A preset goes through JSON unchanged, and one written before colours had an encoding (as in
    /// older checkpoints) reads back as RGB with positional blend shapes only, so `--resume` can tell it from today's default.
    @Test func presetsRoundTripAndOlderOnesReadAsRGB() throws {
        for preset in [TrainingPreset.fast, .standard, .best] {
            let decoded = try JSONDecoder().decode(TrainingPreset.self, from: try JSONEncoder().encode(preset))
            #expect(decoded == preset)
        }
        let older = Data(#"{"name":"default","faceIterations":2400,"mouthIterations":600,"jointIterations":600,"faceGaussians":10000,"mouthGaussians":1500}"#.utf8)
        let decoded = try JSONDecoder().decode(TrainingPreset.self, from: older)
        #expect(decoded.colorEncoding == .rgb && decoded.expression == .motion && decoded != .standard)
        var older2 = TrainingPreset.standard
        older2.colorEncoding = .rgb
        older2.expression = .motion
        #expect(decoded == older2)
    }

    /// Scaling a preset to another length keeps its sizes and colour encoding, and its stages add up.
    @Test func scaledPresetKeepsEverythingButTheLength() {
        let scaled = TrainingPreset.standard.scaled(to: 900)
        #expect(scaled.totalIterations == 900 && scaled.stages.last!.range.upperBound == 900)
        #expect(scaled.faceGaussians == TrainingPreset.standard.faceGaussians && scaled.colorEncoding == .sphericalHarmonics1
                && scaled.expression == .motionAndLook)
    }
}
