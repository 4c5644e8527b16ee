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
    ],
    targets: [
        // Foundation only: no NIO, no Linux-only API, so it builds for Apple platforms too.
        .target(name: "CandorKit"),
        // The SQLite findings store: GRDB stays out of CandorKit.
        .target(name: "CandorStore", dependencies: ["CandorKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "candor",
            dependencies: [
                "CandorKit",
                "CandorStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures and snapshots are read from the source tree by path, not bundled.
        .testTarget(name: "CandorKitTests", dependencies: ["CandorKit"], exclude: ["Fixtures", "Report/Snapshots"]),
        .testTarget(name: "CandorCLITests", dependencies: ["candor", "CandorKit"], exclude: ["Fixtures"]),
        .testTarget(name: "CandorStoreTests", dependencies: ["CandorStore", "CandorKit"]),
    ],
    swiftLanguageModes: [.v6]
)
