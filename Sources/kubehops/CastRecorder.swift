import CellCanvas
import DiagramScene
import Foundation

/// `--record FILE.cast`: every frame the screen shows, as asciicast v2 output
/// events (only the cells that changed), timed from the start.
final class CastRecorder {
    private let handle: FileHandle
    private let color: Bool
    private let start = Date()
    private var previous: Buffer?
    private var wroteHeader = false

    init(path: String, color: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.color = color
    }

    func record(_ buffer: Buffer) {
        if !wroteHeader {
            write(Asciicast.header(width: buffer.width, height: buffer.height, title: "kubehops"))
            wroteHeader = true
        }
        guard buffer != previous else { return }
        write(
            Asciicast.outputEvent(
                time: Date().timeIntervalSince(start), data: buffer.ansiUpdate(from: previous, color: color)))
        previous = buffer
    }

    func finish() {
        try? handle.close()
    }

    private func write(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }
}
