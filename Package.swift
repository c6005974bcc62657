// swift-tools-version: 6.1
// The folders tell the architecture: text → records (KubeText) → cluster model
// (ClusterModel) → flows (FlowEngine) and layout (DiagramLayout) → cells
// (DiagramScene, CellCanvas) → terminal (CursesBackend, the only curses user).
import PackageDescription

let package = Package(
    name: "kubehops",
    // Built and tested on Linux (Glibc; SwiftPM needs no platform entry for it). On macOS the
    // Synchronization module's Mutex (FlowEngine, DiagramLayout, LiveView, CursesBackend) needs 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kubehops", targets: ["kubehops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: Pure stages (no terminal, no I/O beyond what is passed in)
        // Text safe for a terminal: the one table of forbidden scalars, input cleaning, the last guard.
        .target(name: "TerminalText"),
        .target(name: "ClusterModel"),
        .target(name: "KubeText", dependencies: ["ClusterModel", "TerminalText", "Yams"]),
        .target(name: "ProxyRules", dependencies: ["ClusterModel", "TerminalText"]),
        .target(name: "PolicyVerdicts", dependencies: ["ClusterModel"]),
        .target(name: "FlowEngine", dependencies: ["ClusterModel", "ProxyRules", "PolicyVerdicts", "TerminalText"]),
        .target(name: "CellCanvas", dependencies: ["TerminalText"]),
        .target(name: "DiagramLayout", dependencies: ["ClusterModel", "CellCanvas", "TerminalText"]),
        .target(
            name: "DiagramScene",
            dependencies: ["ClusterModel", "DiagramLayout", "FlowEngine", "CellCanvas", "TerminalText"]),
        .target(name: "ClusterDiff", dependencies: ["ClusterModel", "CellCanvas", "TerminalText"]),
        .target(
            name: "DiagramExport",
            dependencies: [
                "ClusterModel", "DiagramLayout", "DiagramScene", "FlowEngine", "ProxyRules", "CellCanvas", "TerminalText",
            ]),
        .target(
            name: "AppCore",
            dependencies: [
                "ClusterModel", "FlowEngine", "ProxyRules", "DiagramLayout", "DiagramScene", "CellCanvas", "TerminalText",
                "PolicyVerdicts",
                "ClusterDiff",
            ]),

        // MARK: Terminal (the only targets that touch curses)
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "CursesBackend", dependencies: ["CNcursesw", "CellCanvas", "TerminalText"]),
        // The loop between AppCore and a terminal (curses, or scripted in tests).
        .target(name: "LiveView", dependencies: ["AppCore", "CellCanvas", "CursesBackend"]),

        // MARK: Executables
        .executableTarget(
            name: "kubehops",
            dependencies: [
                "ClusterModel", "KubeText", "FlowEngine", "DiagramLayout", "DiagramScene",
                "CellCanvas", "AppCore", "CursesBackend", "LiveView", "ClusterDiff", "PolicyVerdicts", "DiagramExport",
                "ProxyRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "kubehops-bench",
            dependencies: [
                "ClusterModel", "KubeText", "FlowEngine", "DiagramLayout", "DiagramScene", "CellCanvas", "AppCore",
                "DiagramExport", "ProxyRules",
            ],
            path: "Benchmarks/kubehops-bench"
        ),

        // MARK: Tests
        .target(name: "ModelBuilders", dependencies: ["ClusterModel"], path: "Tests/ModelBuilders"),
        // Helpers every test target may share: a seeded generator, the golden-file rule and its line diff.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ClusterModelTests", dependencies: ["ClusterModel", "KubeText", "ModelBuilders"]),
        .testTarget(name: "KubeTextTests", dependencies: ["KubeText", "ClusterModel", "TestSupport"]),
        .testTarget(
            name: "ProxyRulesTests",
            dependencies: ["ProxyRules", "ClusterModel", "FlowEngine", "KubeText", "ModelBuilders", "TestSupport"]),
        .testTarget(
            name: "FlowEngineTests",
            dependencies: ["FlowEngine", "ClusterModel", "KubeText", "ModelBuilders", "PolicyVerdicts", "TestSupport"]),
        .testTarget(name: "TerminalTextTests", dependencies: ["TerminalText", "TestSupport"]),
        .testTarget(name: "CellCanvasTests", dependencies: ["CellCanvas", "TerminalText"]),
        .testTarget(
            name: "DiagramTests",
            dependencies: [
                "DiagramLayout", "DiagramScene", "CellCanvas", "ClusterModel", "KubeText", "FlowEngine", "TestSupport",
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "AppCoreTests",
            dependencies: ["AppCore", "CellCanvas", "ClusterModel", "DiagramLayout", "FlowEngine", "KubeText", "ProxyRules"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
        .testTarget(name: "ClusterDiffTests", dependencies: ["ClusterDiff", "ClusterModel", "KubeText", "ModelBuilders"]),
        .testTarget(
            name: "DiagramExportTests",
            dependencies: ["DiagramExport", "DiagramScene", "FlowEngine", "ClusterModel", "KubeText", "TestSupport"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "CellCanvas"]),
        .testTarget(
            name: "LiveViewTests",
            dependencies: ["LiveView", "AppCore", "CellCanvas", "ClusterModel", "KubeText", "DiagramScene", "TestSupport"],
            exclude: ["Screens"]
        ),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "PolicyVerdictsTests", dependencies: ["PolicyVerdicts", "ClusterModel", "KubeText"]),
    ],
    swiftLanguageModes: [.v6]
)
