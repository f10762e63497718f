// swift-tools-version: 6.1
import PackageDescription

/// Upcoming-feature flags shared by every target (STYLE.md "Swift specifics").
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "santunan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "santunan", targets: ["santunan"]),
        .executable(name: "santunan-bench", targets: ["santunan-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The HTTP service (`santunan serve`, issue 21, docs/decisions/0016-http-service.md). The OpenAPI server code
        // is generated once and committed (Sources/SantunanServer/Generated), so the generator is no dependency.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libpq through pkg-config; imported by `Postgres` alone.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", "SantunanValues", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // initdb / pg_ctl process management: the embedded cluster and the tests' throwaway clusters.
        .target(
            name: "EmbeddedPostgres",
            dependencies: ["Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // OpenSSL's libcrypto through pkg-config (Debian libssl-dev, a dependency of libpq-dev); imported by
        // `Checksum` alone. Chosen over swift-crypto for its build time (docs/decisions/parts/0013-ledger-integrity.md).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libxml2 through pkg-config (Debian libxml2-dev); imported by `Payouts` alone: the pain.002 reader and the
        // in-process XSD validation of pain.001 and pain.002 (docs/decisions/0019-libxml2.md).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SHA-256 (file fingerprints of imports, the ledger's hash chain) and Ed25519 (ledger checkpoints).
        .target(name: "Checksum", dependencies: ["CLibCrypto"], swiftSettings: strictSettings),
        // Shared values and their texts (issues 17 and 20): the message catalogs, the language, numbers, rupiah and
        // dates as people read them, JSON and CSV text. No dependency: every module may use it.
        .target(name: "SantunanValues", swiftSettings: strictSettings),
        // The pure rules core: no PostgreSQL, no terminal, no clock.
        .target(
            name: "BenefitRules",
            dependencies: ["SantunanValues", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ClaimStore",
            dependencies: ["SantunanValues", "Postgres", "Checksum", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HeirQueue",
            dependencies: ["SantunanValues", "Postgres", "ClaimStore", "BenefitRules", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Payouts",
            dependencies: ["SantunanValues", "Postgres", "ClaimStore", "BenefitRules", "CLibXML2"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Ledger",
            dependencies: ["SantunanValues", "Postgres", "Checksum", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The application layer the CLI, the benchmarks and the tests share: paths, config files, database opening.
        .target(
            name: "SantunanApp",
            dependencies: [
                "SantunanValues", "Postgres", "EmbeddedPostgres", "BenefitRules", "ClaimStore", "HeirQueue", "Payouts",
                "Ledger", "Checksum", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP service: Hummingbird routes over the same SantunanApp use cases the CLI calls.
        .target(
            name: "SantunanServer",
            dependencies: [
                "SantunanApp", "SantunanValues", "Postgres", "BenefitRules", "ClaimStore", "HeirQueue", "Payouts", "Checksum",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Generated/README.md"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "santunan",
            dependencies: [
                "SantunanApp", "SantunanServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "santunan-bench",
            dependencies: [
                "SantunanApp", "SantunanValues", "Postgres", "EmbeddedPostgres", "BenefitRules", "ClaimStore", "HeirQueue",
                "Payouts",
                "Ledger", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/santunan-bench",
            swiftSettings: strictSettings
        ),
        // Fixtures, a fixed clock and a throwaway PostgreSQL for the tests.
        .target(
            name: "SantunanTestSupport",
            dependencies: [
                "SantunanValues", "Postgres", "EmbeddedPostgres", "ClaimStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SantunanValuesTests",
            dependencies: ["SantunanValues"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "SantunanTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BenefitRulesTests",
            dependencies: [
                "BenefitRules", "SantunanValues",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EmbeddedPostgresTests",
            dependencies: [
                "EmbeddedPostgres", "Postgres", "SantunanTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ClaimStoreTests",
            dependencies: [
                "ClaimStore", "Postgres", "SantunanTestSupport", "SantunanValues", .product(name: "Logging", package: "swift-log"),
            ],
            // The checked-in pg_dump of the migrated schema, read by SchemaSnapshotTests.
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "Ledger", "Postgres", "ClaimStore", "BenefitRules", "SantunanApp", "SantunanTestSupport",
                "Checksum", "SantunanValues",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ClaimStoreImportTests",
            dependencies: [
                "ClaimStore", "SantunanApp", "BenefitRules", "Postgres", "SantunanTestSupport", "SantunanValues",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChecksumTests",
            dependencies: ["Checksum", "Postgres", "SantunanTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RepositoryTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HeirQueueTests",
            dependencies: [
                "HeirQueue", "ClaimStore", "BenefitRules", "Postgres", "EmbeddedPostgres", "SantunanApp",
                "SantunanTestSupport", "SantunanValues", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PayoutsTests",
            dependencies: [
                "Payouts", "SantunanValues", "SantunanApp", "Postgres", "SantunanTestSupport", "ClaimStore", "HeirQueue",
                "BenefitRules",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SantunanServerTests",
            dependencies: [
                "SantunanServer", "SantunanValues", "SantunanTestSupport", "SantunanApp", "Postgres", "Checksum", "Payouts",
                "BenefitRules", "ClaimStore", "HeirQueue", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SantunanCLITests",
            dependencies: [
                "SantunanTestSupport", "SantunanApp", "BenefitRules", "Postgres", "SantunanValues", "Payouts",
            ],
            swiftSettings: strictSettings
        ),
    ]
)
