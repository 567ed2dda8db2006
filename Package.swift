// swift-tools-version: 6.0
// Being: a video of a person talking in, a personal 3D talking head out.
// Targets are split by responsibility; dependencies point down (CLI -> domain -> media/runtime).
import PackageDescription

// The numeric targets are optimised even in debug builds: unoptimised Swift is 10-50x slower in
// the splatting loops, and the fit tests must run under `swift test` in CI.
let numericSettings: [SwiftSetting] = [.unsafeFlags(["-O"])]

// The CPU splatting backend runs on SIMD vectors; on x86-64 it is built for Haswell (2013: AVX2,
// FMA, one 8-lane register per vector and hardware rounding) instead of the SSE2 baseline, about
// twice as fast. Every x86-64 server CPU of the last decade has these; set BEING_PORTABLE=1 to
// build for the baseline instead. Its compositing kernels are one source built twice: blocks of
// eight pixels for Haswell, and (BeingSplatCompositingAVX512, whose files are links to
// BeingSplatCompositing's) of sixteen for CPUs with AVX-512, chosen at run time.
#if arch(x86_64)
let portable = Context.environment["BEING_PORTABLE"] != nil
let splatCPUSettings: [SwiftSetting] = portable ? numericSettings
    : [.unsafeFlags(["-O", "-target-cpu", "haswell"]), .define("SPLAT_HASWELL")]
let splatWideSettings: [SwiftSetting] = portable ? numericSettings + [.define("SPLAT_WIDE")]
    : [.unsafeFlags(["-O", "-target-cpu", "skylake-avx512"]), .define("SPLAT_HASWELL"), .define("SPLAT_WIDE"), .define("SPLAT_AVX512")]
#else
let splatCPUSettings = numericSettings
let splatWideSettings = numericSettings + [.define("SPLAT_WIDE")]
#endif

let package = Package(
    name: "Being",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "being", targets: ["being"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.0.0"),
        // Already built for Hummingbird (same ranges it asks for); declared so that the server tests can
        // name NIO's HTTP/1 and WebSocket modules and shut a live server down gracefully. HummingbirdTesting and HummingbirdWSClient are not
        // used: they bring swift-nio-ssl (BoringSSL) and async-http-client, which double a clean build.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
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
        .target(name: "BeingDataset", dependencies: ["BeingRuntime", "BeingMedia", "BeingFace"]),

        // Face perception over ONNX Runtime (loaded at run time): detector, mesh, iris, camera and head pose,
        // expression signals, tracking records and previews.
        .target(name: "BeingFace", dependencies: ["BeingRuntime", "BeingMedia"]),

        // `being prepare`: a video in, a validated dataset out (locate, frames, track, masks, features, manifest).
        .target(name: "BeingPrepare", dependencies: ["BeingRuntime", "BeingMedia", "BeingFace", "BeingAudio", "BeingDataset"]),

        // What drives an avatar over time: speech input (files, espeak-ng), blinks, reference playback.
        .target(name: "BeingDriving", dependencies: ["BeingRuntime", "BeingMedia", "BeingMath"]),

        // Speech features to mouth expression codes: articulatory features of phonemes, pooled windows, ridge regression.
        .target(name: "BeingSpeechMotion", dependencies: ["BeingAudio"], swiftSettings: numericSettings),

        // The talking head: expression space, canonical Gaussians with blend shapes, training stages, checkpoints,
        // rendering with paste-back, and the avatar folder format.
        .target(
            name: "BeingAvatar",
            dependencies: ["BeingRuntime", "BeingMedia", "BeingMath", "BeingFace", "BeingAudio", "BeingDataset", "BeingSpeechMotion",
                           "BeingSplat", "BeingSplatCPU", "BeingSplatTraining"],
            swiftSettings: numericSettings
        ),

        // `being generate` and self-driven rendering: speech in, frames of the avatar out.
        .target(name: "BeingGenerate", dependencies: ["BeingRuntime", "BeingMedia", "BeingAudio", "BeingDataset", "BeingFace", "BeingDriving", "BeingAvatar"]),

        // Quality measurement: image, landmark and sync metrics of rendered against real frames.
        .target(name: "BeingEval", dependencies: ["BeingRuntime", "BeingMedia", "BeingFace", "BeingDataset", "BeingSplatTraining"]),

        // `being serve`: HTTP API, WebSocket streaming sessions, jobs, metrics and the browser page; no model code.
        .target(
            name: "BeingServer",
            dependencies: [
                "BeingRuntime", "BeingMedia", "BeingAudio", "BeingDriving", "BeingAvatar", "BeingGenerate",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The subcommands, one file each; `being` is only its entry point.
        .target(
            name: "BeingCLI",
            dependencies: [
                "BeingRuntime", "BeingMedia", "BeingAudio", "BeingFace", "BeingDataset", "BeingPrepare", "BeingSplat", "BeingSplatCPU", "BeingEval",
                "BeingAvatar", "BeingGenerate", "BeingDriving", "BeingServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "being", dependencies: ["BeingCLI", "BeingRuntime"]),

        // Small vectors and matrices, quaternions, activations, SH, pinhole projection; each with its VJP.
        .target(name: "BeingMath", swiftSettings: numericSettings),
        // The splatting contract: parameters, gradients, camera, render output, backend protocol, tiling.
        .target(name: "BeingSplat", dependencies: ["BeingMath"], swiftSettings: numericSettings),
        // The CPU reference backend: deterministic, multithreaded over tiles. Raster: the records its passes share;
        // Compositing: the blending loops and their adjoint, built for 8 lanes and, from the same files, for 16.
        .target(name: "BeingSplatRaster", dependencies: ["BeingSplat"], swiftSettings: splatCPUSettings),
        .target(name: "BeingSplatCompositing", dependencies: ["BeingSplat", "BeingSplatRaster"], swiftSettings: splatCPUSettings),
        .target(name: "BeingSplatCompositingAVX512", dependencies: ["BeingSplat", "BeingSplatRaster"], swiftSettings: splatWideSettings),
        .target(name: "BeingSplatCPU", dependencies: ["BeingMath", "BeingSplat", "BeingSplatRaster", "BeingSplatCompositing",
                                                      "BeingSplatCompositingAVX512"], swiftSettings: splatCPUSettings),
        // Losses (L1, D-SSIM, masked), Adam with schedules, densification; sees only `SplatBackend`.
        .target(name: "BeingSplatTraining", dependencies: ["BeingMath", "BeingSplat"], swiftSettings: numericSettings),

        // Shared test helpers: fixture lookup, tolerances.
        .target(name: "BeingTesting", dependencies: ["BeingRuntime", "BeingMath"], path: "Tests/BeingTesting"),

        .testTarget(name: "BeingRuntimeTests", dependencies: ["BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingMediaTests", dependencies: ["BeingMedia", "BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingAudioTests", dependencies: ["BeingAudio", "BeingMedia", "BeingTesting"]),
        .testTarget(name: "BeingDatasetTests", dependencies: ["BeingDataset", "BeingMedia", "BeingRuntime", "BeingTesting"]),
        .testTarget(name: "BeingFaceTests", dependencies: ["BeingFace", "BeingMedia", "BeingTesting"]),
        .testTarget(
            name: "BeingPrepareTests",
            dependencies: ["BeingPrepare", "BeingDataset", "BeingMedia", "BeingRuntime", "BeingTesting"]
        ),
        .testTarget(name: "BeingEvalTests", dependencies: ["BeingEval", "BeingDataset", "BeingMedia", "BeingTesting"]),
        .testTarget(
            name: "BeingAvatarTests",
            dependencies: ["BeingAvatar", "BeingPrepare", "BeingDataset", "BeingMath", "BeingMedia", "BeingRuntime", "BeingSplat", "BeingTesting"]
        ),
        .testTarget(
            name: "BeingGenerateTests",
            dependencies: ["BeingGenerate", "BeingAvatar", "BeingAudio", "BeingEval", "BeingPrepare", "BeingDataset", "BeingMedia", "BeingRuntime", "BeingTesting"]
        ),
        .testTarget(name: "BeingSpeechMotionTests", dependencies: ["BeingSpeechMotion", "BeingAudio", "BeingTesting"]),
        .testTarget(name: "BeingDrivingTests", dependencies: ["BeingDriving", "BeingMedia", "BeingTesting"]),
        .testTarget(name: "BeingCLITests", dependencies: ["BeingCLI", "BeingMedia", "BeingSplatCPU", "BeingTesting"]),
        .testTarget(
            name: "BeingServerTests",
            dependencies: [
                "BeingServer", "BeingAvatar", "BeingEval", "BeingMedia", "BeingTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "BeingMathTests", dependencies: ["BeingMath", "BeingTesting"]),
        .testTarget(
            name: "BeingSplatTests",
            dependencies: ["BeingMath", "BeingSplat", "BeingSplatRaster", "BeingSplatCompositing", "BeingSplatCompositingAVX512",
                           "BeingSplatCPU", "BeingSplatTraining", "BeingMedia", "BeingTesting"]
        ),
    ]
)
