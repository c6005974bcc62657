import ClusterModel
import Foundation
import TestSupport
import Testing
@testable import KubeText

/// The aligned-row fast path must give exactly the cells of the general
/// splitter whenever it takes a row, and give up otherwise.
@Suite("Aligned rows: the positional fast path")
struct AlignedRowTests {
    /// A line's content bounds as `LineParser` computes them (leading blanks,
    /// trailing blanks and CR left out).
    static func bounds(_ line: [UInt8]) -> (start: Int, end: Int) {
        var end = line.count
        while end > 0, [0x20, 0x09, 0x0D].contains(line[end - 1]) { end -= 1 }
        var start = 0
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        return (start, end)
    }

    static func layout(_ header: String) -> TableLayout? {
        let line = Array(header.utf8)
        let (start, end) = bounds(line)
        var chunks: [Chunk] = []
        RowSplitter.split(line, from: start, to: end, into: &chunks)
        return TableLayout.recognise(line: line, from: start, chunks: chunks)
    }

    /// Cells of the general path (split, then match to columns), or nil when
    /// it would not read the line as it is (sanitiser, tabs, no match).
    static func generalCells(_ line: [UInt8], _ layout: TableLayout) -> [Range<Int>]? {
        let (start, end) = bounds(line)
        guard start < end else { return nil }
        var chunks: [Chunk] = []
        let traits = RowSplitter.split(line, from: start, to: end, into: &chunks)
        guard traits.plain, !traits.hasTabs else { return nil }
        var cells: [Range<Int>] = []
        guard RowSplitter.align(line, from: start, chunks, to: layout.columns, cells: &cells) else { return nil }
        return cells
    }

    static func fastCells(_ line: [UInt8], _ layout: TableLayout) -> [Range<Int>]? {
        let (start, end) = bounds(line)
        guard start < end, let aligned = layout.aligned else { return nil }
        var cells: [Range<Int>] = []
        guard AlignedRow.slice(line, from: start, to: end, starts: aligned.starts, startBits: aligned.bits, into: &cells) else { return nil }
        return cells
    }

    static func texts(_ line: [UInt8], _ cells: [Range<Int>]?) -> [String]? {
        cells?.map { String(decoding: line[$0], as: UTF8.self) }
    }

    /// Parses with and without the fast path.
    static func bothWays(_ bytes: [UInt8]) -> (fast: ParseResult, general: ParseResult) {
        var fast = LineParser(source: "t")
        var general = LineParser(source: "t", alignedRows: false)
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            fast.consume(Array(line))
            general.consume(Array(line))
        }
        fast.finish()
        general.finish()
        return (fast.result, general.result)
    }

    static let podHeader = "NAMESPACE   NAME                          READY   STATUS             RESTARTS      AGE    IP            NODE       NOMINATED NODE   READINESS GATES"

    @Test("a row lined up with its header is sliced at the column starts, as the splitter would")
    func alignedRow() throws {
        let layout = try #require(Self.layout(Self.podHeader))
        let row = Array("default kube-proxy-5jw8c                    1/1     CrashLoopBackOff   2 (5m ago)    3d4h   10.244.1.5    worker-1   <none>           <none>".utf8)
        // Built by padding, like kubectl: every cell at its header's start.
        let cells = ["default", "kube-proxy-5jw8c", "1/1", "CrashLoopBackOff", "2 (5m ago)", "3d4h", "10.244.1.5", "worker-1", "<none>", "<none>"]
        let aligned = Array(Self.pad(cells, like: Self.podHeader).utf8)
        let fast = try #require(Self.fastCells(aligned, layout))
        #expect(Self.texts(aligned, fast) == cells)
        #expect(fast == Self.generalCells(aligned, layout))
        // A single space after the namespace: not lined up.
        #expect(Self.fastCells(row, layout) == nil)
    }

    @Test("rows that do not line up are left to the general path", arguments: [
        // RESTARTS wider than its column pushes every later cell right.
        "default     web-1                         1/1     Running            12 (3h38m ago)  3d4h   10.244.1.5    worker-1   <none>           <none>",
        // A missing cell (IP): the next cell sits at the wrong start.
        "default     web-1                         1/1     Running            0             3d4h   worker-1      <none>     <none>",
        // Two spaces inside a cell: the splitter sees two chunks there.
        "default     web-1                         1/1     Running  Now       0             3d4h   10.244.1.5    worker-1   <none>           <none>",
        // A tab as padding.
        "default\t    web-1                         1/1     Running            0             3d4h   10.244.1.5    worker-1   <none>           <none>",
        // Non-ASCII and control bytes are for the sanitiser first.
        "default     wéb-1                         1/1     Running            0             3d4h   10.244.1.5    worker-1   <none>           <none>",
        "default     web-1\u{1B}[2J                     1/1     Running            0             3d4h   10.244.1.5    worker-1   <none>           <none>",
        // Cut short, and one cell too many.
        "default     web-1                         1/1     Running            0             3d4h   10.244.1.5",
        "default     web-1                         1/1     Running            0             3d4h   10.244.1.5    worker-1   <none>           <none>   extra",
    ])
    func misalignedRows(_ text: String) throws {
        let layout = try #require(Self.layout(Self.podHeader))
        let line = Array(text.utf8)
        #expect(Self.fastCells(line, layout) == nil)
        // Parsed either way, the records and diagnostics are the same.
        let (fast, general) = Self.bothWays(Array((Self.podHeader + "\n" + text + "\n").utf8))
        #expect(fast == general)
    }

    @Test("fast and general paths agree on random tables (fixed seed)")
    func randomTables() throws {
        var random = SplitMix(seed: 7)
        var accepted = 0
        var declined = 0
        for _ in 0..<300 {
            let columns = random.int(1...12)
            let titles = (0..<columns).map { index in index == 0 ? "NAME" : ["STATUS", "AGE", "IP", "NODE", "READY", "X-\(index)"][random.int(0...5)] }
            let widths = (0..<columns).map { max(titles[$0].count, random.int(1...40)) }
            let header = Self.join(titles, widths: widths)
            guard let layout = Self.layout(header) else { continue }
            var lines = [header]
            for _ in 0..<20 {
                let cells = (0..<columns).map { Self.randomCell(&random, width: widths[$0]) }
                // Mostly padded like kubectl; sometimes not.
                var line = random.int(0...3) == 0 ? cells.joined(separator: String(repeating: " ", count: random.int(1...4))) : Self.join(cells, widths: widths)
                if random.int(0...9) == 0 { line += String(repeating: " ", count: random.int(1...3)) + "\r" }
                lines.append(line)
                let bytes = Array(line.utf8)
                if let fast = Self.fastCells(bytes, layout) {
                    accepted += 1
                    #expect(fast == Self.generalCells(bytes, layout), "\(header)\n\(line)")
                } else {
                    declined += 1
                }
            }
            let (fast, general) = Self.bothWays(Array(lines.joined(separator: "\n").utf8))
            #expect(fast == general)
        }
        // Both ways were really exercised.
        #expect(accepted > 500)
        #expect(declined > 500)
    }

    @Test("every sample and corpus file parses the same with and without the fast path")
    func realFiles() throws {
        var urls = try FileManager.default.contentsOfDirectory(at: TestFiles.samples, includingPropertiesForKeys: nil)
        urls += try FileManager.default.contentsOfDirectory(at: TestFiles.corpus, includingPropertiesForKeys: nil)
        var acceptedRows = 0
        for url in urls where url.pathExtension == "txt" {
            let bytes = try TestFiles.bytes(url)
            let (fast, general) = Self.bothWays(bytes)
            #expect(fast == general, "\(url.lastPathComponent)")
            var layout: TableLayout?
            for line in bytes.split(separator: 0x0A).map(Array.init) {
                if let header = Self.layout(String(decoding: line, as: UTF8.self)) { layout = header; continue }
                guard let layout, let cells = Self.fastCells(line, layout) else { continue }
                acceptedRows += 1
                #expect(cells == Self.generalCells(line, layout), "\(url.lastPathComponent): \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(acceptedRows > 20, "the fast path takes real kubectl rows")
    }

    @Test("rows across 64-byte blocks and past the length limit")
    func blockEdges() throws {
        for firstWidth in [1, 50, 58, 59, 60, 61, 62, 63, 64, 65, 120, 126, 127, 128, 129] {
            let header = Self.join(["NAME", "STATUS", "AGE"], widths: [max(4, firstWidth), 8, 3])
            let layout = try #require(Self.layout(header))
            let name = String(repeating: "a", count: firstWidth)
            let row = Array(Self.join([name, "Running", "3d"], widths: [max(4, firstWidth), 8, 3]).utf8)
            let fast = try #require(Self.fastCells(row, layout), "width \(firstWidth)")
            #expect(Self.texts(row, fast) == [name, "Running", "3d"])
            #expect(fast == Self.generalCells(row, layout))
        }
        let wide = String(repeating: "b", count: AlignedRow.maximumLength)
        let layout = try #require(Self.layout(Self.join(["NAME", "AGE"], widths: [wide.count, 3])))
        #expect(layout.aligned == nil || Self.fastCells(Array(Self.join([wide, "3d"], widths: [wide.count, 3]).utf8), layout) == nil)
    }

    // MARK: Helpers

    static func join(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            line += cell
            if index < cells.count - 1 { line += String(repeating: " ", count: max(widths[index] + 3 - cell.count, 3)) }
        }
        return line
    }

    /// Pads `cells` so that each starts where the header's title does.
    static func pad(_ cells: [String], like header: String) -> String {
        let bytes = Array(header.utf8)
        var starts: [Int] = [0]
        for index in 2..<bytes.count where bytes[index] != 0x20 && bytes[index - 1] == 0x20 && bytes[index - 2] == 0x20 { starts.append(index) }
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += String(repeating: " ", count: max(starts[index] - line.count, 2)) }
            line += cell
        }
        return line
    }

    /// Cell text with the shapes that matter: single and double spaces, tabs,
    /// non-ASCII, control bytes, empty cells, cells wider than the column.
    static func randomCell(_ random: inout SplitMix, width: Int) -> String {
        let pieces = ["a", "web-1", "10.0.0.1", "<none>", "2 (5m ago)", " ", "  ", "\t", "é", "\u{7F}", "x/y", "Running"]
        switch random.int(0...19) {
        case 0: return ""
        case 1: return String(repeating: "w", count: width + random.int(1...6))
        default:
            var text = ""
            for _ in 0..<random.int(1...3) { text += pieces[random.int(0...(random.int(0...3) == 0 ? pieces.count - 1 : 4))] }
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? "z" : String(text.prefix(width))
        }
    }
}
