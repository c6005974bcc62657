import ClusterModel
@testable import DiagramExport
import FlowEngine
import Foundation
import Testing

/// The exports opened by a real browser engine (headless Chromium), not only parsed: the SVG
/// paints a picture, and in the HTML page the steps follow the SVG's animation clock, which only
/// works when the browser took the drawing as SVG with SMIL and ran the page's script.
///
/// `.ci/run` installs Chromium; on a machine without it these tests are skipped, except in CI,
/// where a missing browser fails them instead of passing silently.
@Suite("Exports in a browser", .enabled(if: HeadlessChromium.path != nil || HeadlessChromium.required))
struct BrowserRenderTests {
    @Test("the SVG renders to a picture of the requested size that is not blank")
    func svgPaints() throws {
        let browser = try HeadlessChromium.require()
        let cluster = ExportTests.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let diagram = SVGExport.document(scene: ExportTests.scene(cluster), flow: flow, title: "t")
        let blank = #"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"></svg>"#
        let drawn = try browser.screenshot(svg: diagram, width: 900, height: 500)
        let empty = try browser.screenshot(svg: blank, width: 900, height: 500)
        #expect(PNGHeader(drawn)?.width == 900)
        #expect(PNGHeader(drawn)?.height == 500)
        // A blank page compresses to almost nothing; boxes, lines and text do not.
        #expect(drawn.count > empty.count * 10, "drawn \(drawn.count) bytes, blank \(empty.count)")
    }

    @Test("the HTML page's steps follow the SVG's clock: after 2.5 hops the third step is current")
    func htmlStepsFollowTheAnimation() throws {
        let browser = try HeadlessChromium.require()
        let cluster = ExportTests.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let page = HTMLExport.page(scene: ExportTests.scene(cluster), flow: flow, title: "t")
        let dom = try browser.dom(html: page, afterMilliseconds: Int(SVGExport.secondsPerHop * 2.5 * 1000))
        let steps = dom.components(separatedBy: "<li class=\"step").dropFirst()
        #expect(steps.count == flow.hops.count)
        // Each piece starts with the rest of the class attribute: ` current"`, ` reply current"` or `"`.
        let current = steps.indices.filter { steps[$0].prefix { $0 != ">" }.contains("current") }
        #expect(current.map { $0 - steps.startIndex } == [2])
    }
}

/// Width and height from a PNG's IHDR chunk (the first chunk, right after the signature).
struct PNGHeader {
    var width: Int
    var height: Int

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            bytes[12..<16] == [0x49, 0x48, 0x44, 0x52]
        else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = int(16)
        height = int(20)
    }
}

/// Chromium run headless on files in a temporary directory.
struct HeadlessChromium {
    static let path: String? = {
        let candidates = ["chromium", "chromium-browser", "google-chrome"]
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in candidates {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    struct Missing: Error, CustomStringConvertible {
        var description: String { "chromium is not installed (.ci/run installs it: apt-get install chromium)" }
    }

    let executable: String

    static func require() throws -> HeadlessChromium {
        guard let path else { throw Missing() }
        return HeadlessChromium(executable: path)
    }

    func screenshot(svg: String, width: Int, height: Int) throws -> Data {
        try withFile(named: "picture.svg", content: svg) { directory, file in
            let png = directory.appendingPathComponent("shot.png")
            _ = try run(["--hide-scrollbars", "--screenshot=\(png.path)", "--window-size=\(width),\(height)", file])
            return try Data(contentsOf: png)
        }
    }

    func dom(html: String, afterMilliseconds budget: Int) throws -> String {
        try withFile(named: "page.html", content: html) { _, file in
            try run(["--virtual-time-budget=\(budget)", "--dump-dom", file])
        }
    }

    private func withFile<T>(named name: String, content: String, _ body: (URL, String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubehops-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try content.write(to: file, atomically: true, encoding: .utf8)
        return try body(directory, file.absoluteString)
    }

    /// Runs the browser with its own profile directory; returns standard output.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-chromium-\(UUID())")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
        ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A browser that hangs must fail the test, not the whole run.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
