import ClusterModel

/// Rows pasted without their header line (`kubectl get pods --no-headers`, a table cut above its first row):
/// when the cells' values say which `get` table they come from, the columns are inferred, and the parser says
/// so once.
///
/// Recognised: pods (`1/1`, a capitalised STATUS, a restart count, an age), services (a service TYPE, a cluster IP or
/// `None`, ports like `80/TCP`, an age) and nodes (`Ready`/`NotReady`, an age, a `v1.x` version), each with or without
/// a leading namespace and in their `-o wide` forms.
enum HeaderlessRows {
    static func layout(_ line: [UInt8], chunks: [Chunk]) -> TableLayout? {
        guard (5...11).contains(chunks.count) else { return nil }
        let cells = chunks.map { String(decoding: line[$0.start..<$0.end], as: UTF8.self) }
        guard let titles = pod(cells) ?? service(cells) ?? node(cells) else { return nil }
        var located = chunks
        RowSplitter.locate(line, from: chunks[0].start, chunks: &located)
        let columns = zip(titles, located).map { title, chunk in
            HeaderColumn(title: title, field: Field.byTitle[title], position: chunk.position - located[0].position)
        }
        return TableLayout(columns: columns)
    }

    private static func isAge(_ text: String) -> Bool { CellValues.age(text) != nil }

    static func pod(_ cells: [String]) -> [String]? {
        for offset in [0, 1] where cells.count >= offset + 5 {
            let ready = cells[offset + 1].split(separator: "/")
            guard ready.count == 2, ready.allSatisfy({ $0.allSatisfy(\.isNumber) && !$0.isEmpty }),
                cells[offset + 2].first?.isUppercase == true, cells[offset + 3].first?.isNumber == true,
                isAge(cells[offset + 4])
            else { continue }
            let base = (offset == 1 ? ["NAMESPACE"] : []) + ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            switch cells.count - base.count {
            case 0: return base
            case 2: return base + ["IP", "NODE"]
            case 4: return base + ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]
            default: return nil
            }
        }
        return nil
    }

    static let serviceTypes: Set<String> = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]

    static func service(_ cells: [String]) -> [String]? {
        for offset in [0, 1] where cells.count >= offset + 6 {
            guard serviceTypes.contains(cells[offset + 1]),
                cells[offset + 2] == "None" || IPAddress(cells[offset + 2]) != nil
                    || cells[offset + 2].contains(","),
                cells[offset + 4].contains("/") || cells[offset + 4] == "<none>", isAge(cells[offset + 5])
            else { continue }
            let base =
                (offset == 1 ? ["NAMESPACE"] : []) + ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
            switch cells.count - base.count {
            case 0: return base
            case 1: return base + ["SELECTOR"]
            default: return nil
            }
        }
        return nil
    }

    static func node(_ cells: [String]) -> [String]? {
        let status = cells[1].split(separator: ",").first.map(String.init) ?? ""
        guard ["Ready", "NotReady", "Unknown"].contains(status), isAge(cells[3]), cells[4].hasPrefix("v") else {
            return nil
        }
        let base = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
        switch cells.count - base.count {
        case 0: return base
        case 5: return base + ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]
        default: return nil
        }
    }
}
