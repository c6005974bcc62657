import Foundation

/// Writes synthetic `kubectl get … -A -o wide` dumps of a given size, laid
/// out exactly as kubectl's tabwriter would (columns padded to the widest
/// cell plus three spaces), streamed to disk so generating does not inflate
/// the peak memory the benchmark reports.
struct DumpGenerator {
    var nodes: Int
    var podsPerNode: Int
    var services: Int
    /// Deployments the pods belong to (`app-N-deployment-…`), each backing the services named `app-N-svc-…`:
    /// with 1,000 of them every service has nodes × podsPerNode / 1,000 endpoints.
    var apps = 1_000

    var podCount: Int { nodes * podsPerNode }

    /// Deterministic pseudo-random numbers (xorshift), so every run parses the same bytes.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        mutating func suffix(_ length: Int) -> String {
            let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
            return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
    }

    func nodeName(_ index: Int) -> String { "ip-10-0-\(index / 250)-\(index % 250 + 1).ec2.internal" }
    func nodeIP(_ index: Int) -> String { "10.0.\(index / 250).\(index % 250 + 1)" }
    func namespace(_ index: Int) -> String { "team-\(index % 200)" }

    /// Writes rows through a buffered file, padding each cell to its column width.
    final class TableWriter {
        let handle: FileHandle
        let widths: [Int]
        var buffer: [UInt8] = []

        init(path: String, widths: [Int]) throws {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            self.handle = handle
            self.widths = widths
            buffer.reserveCapacity(1 << 20)
        }

        func row(_ cells: [String]) {
            for (index, cell) in cells.enumerated() {
                buffer.append(contentsOf: cell.utf8)
                if index < cells.count - 1 {
                    let pad = max(3, widths[index] + 3 - cell.utf8.count)
                    buffer.append(contentsOf: repeatElement(0x20, count: pad))
                }
            }
            buffer.append(0x0A)
            if buffer.count > (1 << 20) - 4096 { flush() }
        }

        func flush() {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }

        func close() throws {
            flush()
            try handle.close()
        }
    }

    func writeNodes(to path: String) throws {
        let writer = try TableWriter(path: path, widths: [30, 6, 13, 3, 8, 13, 13, 18, 28, 19])
        writer.row(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"])
        for index in 0..<nodes {
            writer.row([nodeName(index), index % 97 == 5 ? "NotReady" : "Ready", index < 3 ? "control-plane" : "<none>", "41d", "v1.31.4",
                        nodeIP(index), "<none>", "Ubuntu 22.04.4 LTS", "5.15.0-112-generic", "containerd://1.7.24"])
        }
        try writer.close()
    }

    func writePods(to path: String) throws {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15)
        let writer = try TableWriter(path: path, widths: [9, 52, 5, 16, 19, 5, 14, 30, 14, 15])
        writer.row(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        for index in 0..<podCount {
            let node = index / podsPerNode
            let app = "app-\(index % apps)-deployment"
            let name = "\(app)-\(random.suffix(10))-\(random.suffix(5))"
            let restarts = index % 11 == 0 ? "\(index % 7 + 1) (\(index % 50 + 1)m ago)" : "0"
            let ip = "10.\(64 + node / 256).\(node % 256).\(index % podsPerNode + 2)"
            writer.row([namespace(index), name, "1/1", index % 53 == 0 ? "CrashLoopBackOff" : "Running", restarts, "3d4h", ip,
                        nodeName(node), "<none>", "<none>"])
        }
        try writer.close()
    }

    func writeServices(to path: String) throws {
        let writer = try TableWriter(path: path, widths: [9, 34, 9, 14, 11, 26, 5, 40])
        writer.row(["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"])
        for index in 0..<services {
            let nodePort = index % 10 == 0
            let ports = nodePort ? "80:\(30000 + index % 2767)/TCP,443:\(30000 + (index + 1) % 2767)/TCP" : "80/TCP"
            writer.row([namespace(index), "app-\(index % apps)-svc-\(index / apps)", nodePort ? "NodePort" : "ClusterIP",
                        "10.96.\(index / 250).\(index % 250 + 1)", "<none>", ports, "41d", "app=app-\(index % apps),tier=web"])
        }
        try writer.close()
    }
}
