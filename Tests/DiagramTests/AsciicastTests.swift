import CellCanvas
import ClusterModel
import DiagramScene
import FlowEngine
import Foundation
import Testing

@Suite struct AsciicastTests {
    func recording() throws -> (text: String, flow: Flow, scene: Scene) {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort)
        let scene = Scene(cluster: cluster)
        return (FlowRecording(framesPerSecond: 8).cast(of: flow, scene: scene, size: Size(width: 100, height: 36)), flow, scene)
    }

    @Test func headerThenOrderedOutputEvents() throws {
        let (text, flow, _) = try recording()
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 100)
        #expect(header["height"] as? Int == 36)
        #expect(header["title"] as? String == flow.title)
        var last = -1.0
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3)
            let time = try #require(event.first as? Double)
            #expect(time >= last)
            last = time
            #expect(event.item(1) as? String == "o")
            #expect(event.item(2) is String)
        }
        // One frame per visible change at least per hop, and the last one held.
        #expect(lines.count - 1 > flow.hops.count)
        #expect(last >= FlowTiming().totalDuration(of: flow))
    }

    @Test func replayedRecordingEndsOnTheLastFrame() throws {
        let (text, flow, scene) = try recording()
        var screen = Buffer(width: 100, height: 36)
        var cursor = Point.zero
        for line in text.split(separator: "\n").dropFirst() {
            guard let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], let data = event.item(2) as? String else { continue }
            Replay.feed(data, into: &screen, cursor: &cursor)
        }
        let lastHop = flow.hops.count - 1
        let final = FlowFrame(flow: flow, position: FlowPosition(hopIndex: lastHop, progress: 1, isFinished: true))
        #expect(screen.lines().suffix(6) == scene.render(viewport: .zero, flowFrame: final, size: Size(width: 100, height: 36)).lines().suffix(6))
        #expect(screen.lines().joined().contains("hop \(flow.hops.count)/\(flow.hops.count)"))
    }

    @Test func jsonEscapesControlCharacters() {
        let line = Asciicast.outputEvent(time: 1.25, data: "\u{1B}[0m\"q\"\\\n")
        #expect(line == #"[1.250, "o", "\u001b[0m\"q\"\\\n"]"#)
    }
}

enum Replay {
    /// Cursor moves and text only (SGR and clears are enough for our frames).
    static func feed(_ text: String, into buffer: inout Buffer, cursor: inout Point) {
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            guard character == "\u{1B}" else {
                cursor.x += buffer.put(character, x: cursor.x, y: cursor.y, style: .plain)
                continue
            }
            guard characters.popFirst() == "[" else { continue }
            var parameters = ""
            while let next = characters.popFirst() {
                if next.isLetter {
                    let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
                    if next == "H" {
                        cursor = Point(x: max(0, (numbers.item(1) ?? 1) - 1), y: max(0, (numbers.first ?? 1) - 1))
                    } else if next == "J" {
                        buffer = Buffer(width: buffer.width, height: buffer.height)
                    }
                    break
                }
                parameters.append(next)
            }
        }
    }
}

extension Array {
    func item(_ index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
