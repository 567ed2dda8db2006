// swift-tools-version: 6.0
// Being: a video of a person talking in, a personal 3D talking head out.
// Targets are split by responsibility; dependencies point down (CLI -> domain -> media/runtime).
import PackageDescription

let package = Package(
    name: "Being",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "being", targets: ["being"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // System zlib, for PNG writing.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // BEING_HOME, native-library loading, subprocesses, atomic files, checksums, progress events.
        .target(name: "BeingRuntime", dependencies: [.product(name: "Logging", package: "swift-log")]),

        // ffmpeg/ffprobe subprocesses, frames and audio as streams, WAV, JPEG, PNG.
        .target(name: "BeingMedia", dependencies: ["BeingRuntime", "CZlib"]),

        // Speech features: hama phoneme log-probabilities (libhama via dlopen), log-mel fallback, streaming.
        .target(name: "BeingAudio", dependencies: ["BeingRuntime", "BeingMedia"]),

        // The dataset folder: layout, manifest, validation, resumable stages, split, masks.
        .target(name: "BeingDataset", dependencies: ["BeingRuntime", "BeingMedia"]),

        // Face perception over ONNX Runtime (loaded at run time): detector, mesh, iris, camera and head pose,
        // expression signals, tracking records and previews.
        .target(name: "BeingFace", dependencies: ["BeingRuntime", "BeingMedia"]),

        // `being prepare`: a video in, a validated dataset out (locate, frames, track, masks, features, manifest).
        .target(name: "BeingPrepare", dependencies: ["BeingRuntime", "BeingMedia", "BeingFace", "BeingAudio", "BeingDataset"]),

        // The subcommands, one file each; `being` is only its entry point.
        .target(
            name: "BeingCLI",
            dependencies: [
                "BeingRuntime", "BeingMedia", "BeingAudio", "BeingFace", "BeingDataset", "BeingPrepare",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "being", dependencies: ["BeingCLI"]),

        // Shared test helpers: fixture lookup, tolerances.
        .target(name: "BeingTesting", dependencies: ["BeingRuntime"], path: "Tests/BeingTesting"),

        .testTarget(name: "BeingRuntimeTests", dependencies: ["BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingMediaTests", dependencies: ["BeingMedia", "BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingAudioTests", dependencies: ["BeingAudio", "BeingMedia", "BeingTesting"]),
        .testTarget(name: "BeingDatasetTests", dependencies: ["BeingDataset", "BeingMedia", "BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingFaceTests", dependencies: ["BeingFace", "BeingMedia", "BeingTesting"]),
        .testTarget(name: "BeingCLITests", dependencies: ["BeingCLI", "BeingMedia", "BeingTesting"]),
    ]
)
