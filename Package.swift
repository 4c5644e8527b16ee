// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Candor",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "CandorKit", targets: ["CandorKit"]),
        .executable(name: "candor", targets: ["candor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // Foundation only: no NIO, no Linux-only API, so it builds for Apple platforms too.
        .target(name: "CandorKit"),
        // The SQLite findings store: GRDB stays out of CandorKit.
        .target(name: "CandorStore", dependencies: ["CandorKit", .product(name: "GRDB", package: "GRDB.swift")]),
        // candor.yml: rule selection, severities and proxy modes, shared by audit and proxy.
        .target(name: "CandorConfig", dependencies: ["CandorKit", .product(name: "Yams", package: "Yams")]),
        // The OpenAI-compatible guard: Hummingbird in front, async-http-client upstream.
        .target(
            name: "CandorProxy",
            dependencies: [
                "CandorKit",
                "CandorConfig",
                "CandorStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Load benchmark for the proxy (release build, not part of CI): Benchmarks/proxy-load.
        .executableTarget(
            name: "candor-proxy-load",
            dependencies: [
                "CandorProxy",
                "CandorConfig",
                "CandorStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/ProxyLoad"
        ),
        // Chat-completion clients for live models (OpenAI-compatible, Anthropic Messages) over NIO.
        .target(
            name: "CandorClient",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // Pressure campaigns: campaign files, conversation plans, stance extraction, metrics.
        .target(
            name: "CandorProbe",
            dependencies: ["CandorKit", "CandorClient", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "candor",
            dependencies: [
                "CandorKit",
                "CandorStore",
                "CandorConfig",
                "CandorProxy",
                "CandorProbe",
                "CandorClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures and snapshots are read from the source tree by path, not bundled.
        .testTarget(name: "CandorKitTests", dependencies: ["CandorKit"], exclude: ["Fixtures", "Report/Snapshots"]),
        .testTarget(name: "CandorCLITests", dependencies: ["candor", "CandorKit"], exclude: ["Fixtures"]),
        .testTarget(name: "CandorStoreTests", dependencies: ["CandorStore", "CandorKit"]),
        .testTarget(
            name: "CandorProxyTests",
            dependencies: [
                "CandorProxy",
                "CandorConfig",
                "CandorKit",
                "CandorStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "CandorClientTests", dependencies: ["CandorClient"], exclude: ["Fixtures"]),
        .testTarget(name: "CandorProbeTests", dependencies: ["CandorProbe", "CandorClient", "CandorKit"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
