@testable import BeingCLI
import BeingRuntime
import BeingSplatCPU
import BeingTesting
import Foundation
import Testing

@Suite struct DoctorTests {
    /// A BEING_HOME with every runtime file (small stand-ins) and a manifest that lists them.
    func makeHome() throws -> (TemporaryDirectory, BeingHome) {
        let directory = TemporaryDirectory()
        let home = BeingHome(url: directory.url)
        var files: [String: RuntimeManifest.File] = [:]
        var random = SeededRandom(seed: 3)
        for file in RuntimeFile.allCases {
            let bytes = Data((0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) })
            try AtomicFile.write(bytes, to: home.file(file.relativePath))
            files[file.relativePath] = .init(component: file.component, sha256: SHA256.hex(of: bytes), bytes: bytes.count)
        }
        let components = Dictionary(RuntimeFile.allCases.map { ($0.component, RuntimeManifest.Component(version: "1", source: "test")) }) { first, _ in first }
        let manifest = RuntimeManifest(components: components, files: files)
        try AtomicFile.write(try JSONEncoder().encode(manifest), to: home.manifestURL)
        return (directory, home)
    }

    @Test func filesMatchingTheManifestAreOk() throws {
        let (directory, home) = try makeHome()
        let report = DoctorChecks(home: home).run()
        for file in RuntimeFile.allCases {
            #expect(report.rows.first { $0.component == file.relativePath }?.status == .ok)
        }
        _ = directory
    }

    @Test func aDeletedModelIsMissingWithItsFix() throws {
        let (directory, home) = try makeHome()
        try FileManager.default.removeItem(at: home.file(RuntimeFile.faceMesh.relativePath))
        let report = DoctorChecks(home: home).run()
        let row = try #require(report.rows.first { $0.component == RuntimeFile.faceMesh.relativePath })
        #expect(row.status == .missing)
        #expect(row.fix.contains("make setup"))
        #expect(!report.ok)
        _ = directory
    }

    @Test func aDamagedFileFailsItsChecksum() throws {
        let (directory, home) = try makeHome()
        try Data("replaced".utf8).write(to: home.file(RuntimeFile.irisModel.relativePath))
        let row = try #require(DoctorChecks(home: home).run().rows.first { $0.component == RuntimeFile.irisModel.relativePath })
        #expect(row.status == .missing && row.detail.contains("checksum"))
        _ = directory
    }

    @Test func anEmptyHomeMissesTheManifestAndTheLibraries() {
        let directory = TemporaryDirectory()
        let report = DoctorChecks(home: BeingHome(url: directory.url)).run()
        #expect(!report.ok)
        #expect(report.rows.first { $0.component == "manifest" }?.status == .missing)
        #expect(report.rows.first { $0.component == "onnxruntime library" }?.status == .missing)
        #expect(report.rows.contains { $0.component == "nvrtc" && $0.status != .missing })
        // Always there: which compositing build the CPU backend runs on this machine.
        let splatting = report.rows.first { $0.component == "CPU splatting" }
        #expect(splatting?.status == .ok && splatting?.detail.contains(CompositingWidth.best.description) == true)
    }

    /// The real installation, after `make setup`: every required row ok, and removing one model
    /// (in a copy that links to the real files) makes `being doctor` exit non-zero naming it.
    @Test(.enabled(if: Fixtures.isCI || FileManager.default.fileExists(atPath: BeingHome.fromEnvironment().manifestURL.path),
                   "no BEING_HOME installation (make setup)"))
    func installedHomeIsCompleteAndDetectsARemovedModel() throws {
        let installed = BeingHome.fromEnvironment()
        let report = DoctorChecks(home: installed).run()
        #expect(report.ok, "\(report.formatted())")

        let copy = TemporaryDirectory()
        let manager = FileManager.default
        try manager.copyItem(at: installed.manifestURL, to: copy.url.appendingPathComponent("manifest.json"))
        for file in RuntimeFile.allCases where file != .faceDetector {
            let target = copy.url.appendingPathComponent(file.relativePath)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.createSymbolicLink(at: target, withDestinationURL: installed.file(file.relativePath))
        }
        let run = try BuiltProducts.runBeing(["doctor"], environment: ["BEING_HOME": copy.url.path])
        #expect(run.status != 0)
        let line = run.stdout.split(separator: "\n").first { $0.contains(RuntimeFile.faceDetector.relativePath) } ?? ""
        #expect(line.contains("missing"))
        #expect(run.stdout.contains("fix: run `make setup`"))
    }
}
