// swift-tools-version:6.0
import PackageDescription

// Modules by concern; lower layers never import higher ones:
// CIMHardware (pure cost model) ← CIMFunctional (pure functional simulator and error model);
// CIMHardware ← CIMData (CSV, embedded datasets) ← CIMWorkload ← CIMAccuracy
// ← DesignDB (SQLite) ← CIMSearch ← cimnas. CIMReport stands alone. CIMONNX (ONNX → layer table, the
// only user of SwiftProtobuf) sits on CIMWorkload.
let package = Package(
    name: "CIMNAS",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cimnas", targets: ["cimnas"]),
        .library(name: "CIMHardware", targets: ["CIMHardware"]),
        .library(name: "DesignDB", targets: ["DesignDB"]),
        .library(name: "CIMSearch", targets: ["CIMSearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCSV", providers: [.apt(["libcsv-dev"])]),
        .target(name: "CIMHardware"),
        .target(name: "CIMFunctional", dependencies: ["CIMHardware"]),
        .target(name: "CIMData", dependencies: ["CCSV", "CIMHardware"]),
        .target(name: "CIMWorkload", dependencies: ["CIMHardware", "CIMData"]),
        .target(name: "CIMONNX", dependencies: [
            "CIMHardware", "CIMWorkload", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .target(name: "CIMAccuracy", dependencies: ["CIMWorkload", "CIMData"]),
        .target(name: "DesignDB", dependencies: ["CSQLite", "CIMData", "CIMHardware", "CIMWorkload"]),
        .target(name: "CIMSearch", dependencies: ["DesignDB", "CIMHardware", "CIMFunctional", "CIMWorkload", "CIMAccuracy"]),
        .target(name: "CIMReport"),
        .executableTarget(
            name: "cimnas",
            dependencies: [
                "CIMHardware", "CIMFunctional", "CIMData", "CIMWorkload", "CIMAccuracy", "DesignDB", "CIMSearch", "CIMReport", "CIMONNX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "CIMBench",
            dependencies: ["CIMHardware", "CIMFunctional", "CIMData", "CIMWorkload", "CIMAccuracy", "DesignDB", "CIMSearch", "CIMONNX"]
        ),
        .testTarget(name: "CIMHardwareTests", dependencies: ["CIMHardware", "CIMData"]),
        .testTarget(name: "CIMFunctionalTests", dependencies: ["CIMFunctional", "CIMHardware", "CIMData"]),
        .testTarget(name: "CIMDataTests", dependencies: ["CIMData"]),
        .testTarget(name: "CIMWorkloadTests", dependencies: ["CIMWorkload", "CIMHardware"]),
        .testTarget(name: "CIMONNXTests", dependencies: ["CIMONNX", "CIMWorkload", "CIMHardware"]),
        .testTarget(name: "CIMAccuracyTests", dependencies: ["CIMAccuracy", "CIMWorkload"]),
        .testTarget(name: "DesignDBTests", dependencies: ["DesignDB", "CSQLite"]),
        .testTarget(name: "CIMSearchTests", dependencies: ["CIMSearch", "DesignDB"]),
        .testTarget(name: "CIMReportTests", dependencies: ["CIMReport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["cimnas"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["cimnas", "CSQLite", "DesignDB", "CIMData", "CIMWorkload", "CIMAccuracy", "CIMHardware"]),
    ],
    swiftLanguageModes: [.v6]
)
