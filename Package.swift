// swift-tools-version: 6.2
import PackageDescription

/// One set of settings for every target: Swift 6 mode with the upcoming features that keep
/// module boundaries honest (see shared/STYLE.md, habit 1).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "assay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayCore", targets: ["AssayCore"]),
        .library(name: "AssayMath", targets: ["AssayMath"]),
        .library(name: "AssaySandbox", targets: ["AssaySandbox"]),
        .library(name: "AssayKernels", targets: ["AssayKernels"]),
        .library(name: "AssayTIR", targets: ["AssayTIR"]),
        .library(name: "AssayStore", targets: ["AssayStore"]),
        .library(name: "AssayReport", targets: ["AssayReport"]),
        .library(name: "AssayServer", targets: ["AssayServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Store and server (issue 7).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Layer 0: the shared verdict model, rewards, advantages and metrics. No I/O.
        .target(name: "AssayCore", swiftSettings: swiftSettings),
        // Layer 1: domains.
        .target(
            name: "AssayMath",
            dependencies: ["AssayCore", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssaySandbox",
            dependencies: [
                "AssayCore", "AssayMath",
                .product(name: "Subprocess", package: "swift-subprocess"),
                // FilePath, which Subprocess's API takes (Apple platforms use System instead).
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayKernels",
            dependencies: [
                "AssayCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                // FilePath, which Subprocess's API takes (Apple platforms use System instead).
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Layer 2: tool-integrated reasoning (an inference server + sandbox sessions + the
        // math grader). Its own target so that the sandbox stays free of HTTP dependencies.
        .target(
            name: "AssayTIR",
            dependencies: [
                "AssayCore", "AssayMath", "AssaySandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 2: the verdict store, the report, the reward service.
        .target(
            name: "AssayStore",
            dependencies: [
                "AssayCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayReport",
            dependencies: ["AssayCore", "AssayStore"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayServer",
            dependencies: [
                "AssayCore", "AssayStore", "AssayMath", "AssaySandbox", "AssayKernels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // bench/sandbox: sandbox latency and throughput against a bare `python3 -c` (run.sh).
        .executableTarget(
            name: "assay-bench-sandbox",
            dependencies: [
                "AssaySandbox",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ],
            path: "bench/sandbox/Sources",
            swiftSettings: swiftSettings
        ),
        // The thin CLI.
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayCore", "AssayMath", "AssaySandbox", "AssayKernels", "AssayTIR",
                "AssayStore", "AssayReport", "AssayServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayMathTests",
            dependencies: ["AssayMath", "AssayCore", .product(name: "BigInt", package: "BigInt")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssaySandboxTests",
            dependencies: ["AssaySandbox", "AssayCore", "AssayMath"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayTIRTests",
            dependencies: [
                "AssayTIR", "AssayCore", "AssayMath", "AssaySandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayStoreTests",
            dependencies: ["AssayStore", "AssayCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayReportTests",
            dependencies: ["AssayReport", "AssayStore", "AssayCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayServerTests",
            dependencies: [
                "AssayServer", "AssayStore", "AssayCore", "AssaySandbox", "AssayKernels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayKernelsTests",
            dependencies: ["AssayKernels", "AssayCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
