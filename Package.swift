// swift-tools-version:6.2
import PackageDescription

// Strict Swift 6 language mode everywhere; `any` spelled out for existentials.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "AQL", targets: ["AQL"]),
        .library(name: "LEEF", targets: ["LEEF"]),
        .library(name: "Syslog", targets: ["Syslog"]),
        .library(name: "QRadarClient", targets: ["QRadarClient"]),
        .library(name: "EmulatorEngine", targets: ["EmulatorEngine"]),
        .library(name: "QRadarEmulator", targets: ["QRadarEmulator"]),
        .library(name: "StorageCore", targets: ["StorageCore"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "StoragePostgres", targets: ["StoragePostgres"]),
        .library(name: "Governance", targets: ["Governance"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Analytics", targets: ["Analytics"]),
        .library(name: "Detectors", targets: ["Detectors"]),
        .library(name: "Sigma", targets: ["Sigma"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Ingestion", targets: ["Ingestion"]),
        .library(name: "Narrative", targets: ["Narrative"]),
        .library(name: "SidecarConfig", targets: ["SidecarConfig"]),
        .library(name: "WriteBack", targets: ["WriteBack"]),
        .library(name: "VigilMetrics", targets: ["VigilMetrics"]),
        .library(name: "SidecarAPI", targets: ["SidecarAPI"]),
        .library(name: "Correlation", targets: ["Correlation"]),
        .library(name: "Triage", targets: ["Triage"]),
        .library(name: "Sidecar", targets: ["Sidecar"]),
        .library(name: "VigilDemo", targets: ["VigilDemo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure modules: standard library and FoundationEssentials only.
        .target(name: "VigilCore", swiftSettings: swiftSettings),
        .target(name: "AQL", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        .target(name: "LEEF", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        .target(name: "Simulation", dependencies: ["VigilCore", "LEEF"], swiftSettings: swiftSettings),
        .target(name: "Analytics", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        .target(name: "Detectors", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        // Sigma rules (YAML via Yams) compiled and evaluated on the stream as low-severity risk observations.
        .target(name: "Sigma", dependencies: ["VigilCore", "Detectors", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .target(name: "Ingestion", dependencies: ["VigilCore", "AQL", "LEEF"], swiftSettings: swiftSettings),
        .target(name: "Evaluation", dependencies: ["VigilCore", "Simulation", "Analytics", "Detectors", "Correlation", "Governance", "Ingestion", "SidecarConfig", "Triage"], swiftSettings: swiftSettings),
        .target(name: "Narrative", dependencies: ["VigilCore", "Analytics", "Governance"], swiftSettings: swiftSettings),
        .target(
            name: "SidecarConfig",
            dependencies: ["VigilCore", "Governance", "Ingestion", "Correlation", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Campaigns: observations linked across entities and days, staged by ATT&CK tactic, scored by named contributions.
        .target(name: "Correlation", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        // The one decision path (classification, pseudonymisation, detection, narrative, rollout decision) as a pure
        // state machine; the sidecar, `vigil eval`, `vigil replay` and the benchmarks all drive it.
        .target(
            name: "Triage",
            dependencies: ["VigilCore", "Analytics", "Detectors", "Sigma", "Correlation", "Governance", "Narrative", "SidecarConfig"],
            swiftSettings: swiftSettings
        ),

        // Edges: I/O with QRadar, the network and disk.
        .target(
            name: "Syslog",
            dependencies: [
                "LEEF", "VigilCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QRadarClient",
            dependencies: [
                "VigilCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Governance",
            dependencies: ["VigilCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // What Vigil stores and the store protocols, without a database: the pipeline, write-back and the API
        // program against these; `Storage` (SQLite) and `StoragePostgres` implement them.
        .target(name: "StorageCore", dependencies: ["VigilCore", "Governance"], swiftSettings: swiftSettings),
        .target(
            name: "Storage",
            dependencies: [
                "VigilCore", "Governance", "StorageCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StoragePostgres",
            dependencies: [
                "VigilCore", "Governance", "Storage", "StorageCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EmulatorEngine",
            dependencies: [
                "VigilCore", "AQL", "LEEF", "Ingestion",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QRadarEmulator",
            dependencies: [
                "VigilCore", "EmulatorEngine", "AQL", "LEEF", "Syslog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WriteBack",
            dependencies: [
                "VigilCore", "Governance", "StorageCore", "QRadarClient", "Syslog", "LEEF",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The sidecar's Prometheus metrics: written by the pipeline and services, served by the API.
        .target(
            name: "VigilMetrics",
            dependencies: ["VigilCore", "Governance", .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SidecarAPI",
            dependencies: [
                "VigilCore", "Correlation", "Governance", "StorageCore", "VigilMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Sidecar",
            dependencies: [
                "VigilCore", "AQL", "LEEF", "Syslog", "QRadarClient", "Storage", "StoragePostgres", "Governance",
                "Ingestion", "Analytics", "Detectors", "Narrative", "SidecarConfig", "WriteBack", "SidecarAPI", "Triage", "Correlation", "VigilMetrics",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `vigil demo`'s assembly: the simulated enterprise on disk, its load into the emulator, the sidecar's
        // configuration and progress reports (the executable keeps argument parsing and printing).
        .target(
            name: "VigilDemo",
            dependencies: [
                "VigilCore", "Simulation", "EmulatorEngine", "QRadarEmulator", "Sidecar", "SidecarConfig", "Storage", "Governance",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilBenchmarks",
            dependencies: [
                "VigilCore", "AQL", "LEEF", "Syslog", "QRadarClient", "EmulatorEngine", "QRadarEmulator", "Simulation", "Analytics", "Detectors", "Evaluation",
                "Sidecar", "SidecarConfig", "Storage", "Governance", "WriteBack", "Triage", "Correlation", "Ingestion", "Sigma",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore", "AQL", "LEEF", "Syslog", "QRadarClient", "EmulatorEngine", "QRadarEmulator", "Storage", "StoragePostgres", "Governance", "Simulation", "Analytics", "Detectors", "Evaluation", "Ingestion", "VigilBenchmarks",
                "Narrative", "SidecarConfig", "WriteBack", "SidecarAPI", "Sidecar", "Triage", "VigilDemo", "Sigma",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AQLTests", dependencies: ["AQL"], resources: [.copy("Corpus")], swiftSettings: swiftSettings),
        .testTarget(name: "LEEFTests", dependencies: ["LEEF"], swiftSettings: swiftSettings),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DetectorsTests", dependencies: ["Detectors", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "SigmaTests", dependencies: ["Sigma", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "CorrelationTests", dependencies: ["Correlation", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IngestionTests", dependencies: ["Ingestion", "VigilCore", "AQL", "LEEF"], swiftSettings: swiftSettings),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Simulation", "Analytics", "Detectors", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TriageTests",
            dependencies: ["Triage", "Analytics", "Detectors", "Governance", "Narrative", "SidecarConfig", "Sigma", "VigilCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "VigilCore", "LEEF"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SyslogTests",
            dependencies: [
                "Syslog", "LEEF",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QRadarClientTests",
            dependencies: [
                "VigilCore", "QRadarClient", "QRadarEmulator", "EmulatorEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "NarrativeTests", dependencies: ["Narrative", "Analytics", "Governance", "VigilCore", "AQL"], swiftSettings: swiftSettings),
        .testTarget(name: "SidecarConfigTests", dependencies: ["SidecarConfig", "Governance", "Ingestion", "VigilCore", "Correlation"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WriteBackTests",
            dependencies: [
                "WriteBack", "QRadarClient", "QRadarEmulator", "EmulatorEngine", "Storage", "Governance", "Syslog", "LEEF", "VigilCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SidecarAPITests",
            dependencies: [
                "SidecarAPI", "Storage", "Governance", "VigilCore", "VigilMetrics", "Correlation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SidecarTests",
            dependencies: [
                "Sidecar", "SidecarConfig", "WriteBack", "SidecarAPI", "QRadarClient", "QRadarEmulator", "EmulatorEngine",
                "Storage", "StoragePostgres", "Governance", "Ingestion", "Simulation", "Syslog", "LEEF", "VigilCore", "Analytics", "Detectors", "Triage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "GovernanceTests", dependencies: ["Governance", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "StoragePostgres", "Governance", "VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "EmulatorEngineTests", dependencies: ["EmulatorEngine", "VigilCore", "AQL", "LEEF"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QRadarEmulatorTests",
            dependencies: [
                "QRadarEmulator", "EmulatorEngine", "VigilCore", "LEEF", "Syslog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
