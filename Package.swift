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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Foundation only: no NIO, no Linux-only API, so it builds for Apple platforms too.
        .target(name: "CandorKit"),
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
                "CandorProbe",
                "CandorClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CandorKitTests", dependencies: ["CandorKit"]),
        .testTarget(name: "CandorCLITests", dependencies: ["candor", "CandorKit"]),
        .testTarget(name: "CandorClientTests", dependencies: ["CandorClient"], exclude: ["Fixtures"]),
        .testTarget(name: "CandorProbeTests", dependencies: ["CandorProbe", "CandorClient", "CandorKit"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
