import BeingMedia
import BeingRuntime
import BeingSplatCPU
import Foundation

/// The checks behind `being doctor`, one row each.
public struct DoctorChecks: Sendable {
    public var home: BeingHome
    /// Minimum free space in BEING_HOME for datasets and avatars.
    public var requiredFreeBytes: Int64 = 1 << 30

    static let setupFix = "run `make setup` in the Being source folder"

    public init(home: BeingHome) {
        self.home = home
    }

    public func run() -> DoctorReport {
        var rows = [ffmpegRow("ffmpeg"), ffmpegRow("ffprobe"), turboJPEGRow()]
        let manifest = Result { try RuntimeManifest.load(from: home) }
        rows.append(manifestRow(manifest))
        let installed = (try? manifest.get()) ?? nil
        rows += RuntimeFile.allCases.map { fileRow($0, manifest: installed) }
        rows.append(NativeProbes.onnxRuntimeRow(home: home))
        rows.append(NativeProbes.hamaRow(home: home))
        rows += NativeProbes.cudaRows()
        rows.append(splattingRow())
        rows.append(diskRow())
        return DoctorReport(home: home.url.path, rows: rows)
    }

    /// Which build of the CPU compositing kernels runs here (`CompositingWidth.best`).
    func splattingRow() -> DoctorRow {
        let best = CompositingWidth.best
        let detail = best == .sixteenLanes ? "compositing on \(best)" : "compositing on \(best): this CPU has no AVX-512"
        return DoctorRow(component: "CPU splatting", status: .ok, detail: detail)
    }

    func ffmpegRow(_ tool: String) -> DoctorRow {
        guard let path = ProgramLocator.find(tool) else {
            return DoctorRow(component: tool, status: .missing, detail: "not on PATH",
                             fix: "\(Self.setupFix), or `sudo apt-get install ffmpeg`")
        }
        let version = FFmpegTools.version(of: path) ?? "unknown version"
        return DoctorRow(component: tool, status: .ok, detail: "\(version) at \(path)")
    }

    func turboJPEGRow() -> DoctorRow {
        do {
            return DoctorRow(component: "libturbojpeg", status: .ok, detail: try JPEG.libraryLocation())
        } catch {
            return DoctorRow(component: "libturbojpeg", status: .missing, detail: "cannot be loaded",
                             fix: "\(Self.setupFix), or `sudo apt-get install libturbojpeg0`")
        }
    }

    func manifestRow(_ manifest: Result<RuntimeManifest?, Error>) -> DoctorRow {
        switch manifest {
        case .success(let value?):
            let versions = value.components.keys.sorted().map { "\($0) \(value.components[$0]!.version)" }
            return DoctorRow(component: "manifest", status: .ok, detail: versions.joined(separator: ", "))
        case .success(nil):
            return DoctorRow(component: "manifest", status: .missing, detail: "no \(home.manifestURL.path)", fix: Self.setupFix)
        case .failure(let error):
            return DoctorRow(component: "manifest", status: .missing, detail: "\(error)", fix: Self.setupFix)
        }
    }

    /// A file is ok when it exists and its sha256 matches the manifest.
    func fileRow(_ file: RuntimeFile, manifest: RuntimeManifest?) -> DoctorRow {
        let name = file.relativePath
        let url = home.file(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return DoctorRow(component: name, status: .missing, detail: "not found at \(url.path)", fix: Self.setupFix)
        }
        guard let expected = manifest?.files[name] else {
            return DoctorRow(component: name, status: .missing, detail: "present but not listed in the manifest", fix: Self.setupFix)
        }
        guard let actual = try? SHA256.hex(ofFile: url), actual == expected.sha256 else {
            return DoctorRow(component: name, status: .missing, detail: "checksum does not match the manifest (damaged or replaced)",
                             fix: Self.setupFix)
        }
        let version = manifest?.components[expected.component]?.version ?? "?"
        return DoctorRow(component: name, status: .ok, detail: "\(expected.component) \(version), sha256 \(actual.prefix(12))… verified")
    }

    func diskRow() -> DoctorRow {
        var probe = home.url
        while !FileManager.default.fileExists(atPath: probe.path), probe.pathComponents.count > 1 {
            probe.deleteLastPathComponent()
        }
        let free = (try? FileManager.default.attributesOfFileSystem(forPath: probe.path)[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
        let gib = String(format: "%.1f GiB free", Double(free) / Double(1 << 30))
        if free >= requiredFreeBytes {
            return DoctorRow(component: "disk", status: .ok, detail: "\(gib) at \(probe.path)")
        }
        return DoctorRow(component: "disk", status: .missing, detail: "\(gib) at \(probe.path); at least 1 GiB is needed",
                         fix: "free space there, or point BEING_HOME at a larger disk")
    }
}
