import ClusterModel

/// The JSON and YAML documents found among table lines: collected line by line,
/// then decoded as one value tree when they end.
extension LineParser {
    // MARK: JSON and YAML documents

    mutating func beginDocument(_ format: DocumentCollector.Format, line: [UInt8], end: Int) {
        layout = nil
        unreadDescribeTail = nil
        document = DocumentCollector(format: format, startLine: lineNumber, excerpt: Self.excerpt(line))
        _ = continueDocument(line, end: end)
    }

    /// Feeds a line to the open document; returns false when the line is not
    /// part of it (the document was closed first and the line is parsed anew).
    mutating func continueDocument(_ line: [UInt8], end: Int) -> Bool {
        guard var collector = document else { return false }
        document = nil
        switch collector.append(line, end: end) {
        case .needMore:
            document = collector
            return true
        case .complete(let rest):
            decode(collector)
            if let rest, rest < end {
                let remainder = Array(line[rest..<end])
                if remainder.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    _ = consumeLine(remainder, cleaned: true)
                }
            }
            return true
        case .ended:
            decode(collector)
            return false
        }
    }

    private mutating func decode(_ collector: DocumentCollector) {
        let outcome = collector.decode(source: source)
        for record in outcome.records {
            switch record {
            case .node(let node): result.resources.upsert(node)
            case .pod(let pod): result.resources.upsert(pod)
            case .service(let service): result.resources.upsert(service)
            case .endpoints(let set): result.resources.upsert(set)
            case .ingress(let ingress): result.resources.upsert(ingress)
            case .workload(let workload): result.resources.upsert(workload)
            case .networkPolicy(let policy): result.resources.upsert(policy)
            case .namespace(let namespace): result.resources.upsert(namespace)
            case .clusterNetworkPolicy(let policy): result.resources.upsert(policy)
            case .gatewayClass(let record): result.resources.upsert(record)
            case .gateway(let record): result.resources.upsert(record)
            case .route(let record): result.resources.upsert(record)
            case .referenceGrant(let record): result.resources.upsert(record)
            }
        }
        for diagnostic in outcome.diagnostics { append(diagnostic) }
        if !outcome.records.isEmpty { recognisedOutput = true }
        changes += 1
    }

    /// End of input: closes a pending document and says so when nothing at all was understood.
    mutating func finish() {
        if let collector = document {
            document = nil
            decode(collector)
        }
        if let collector = describe {
            describe = nil
            decodeDescribe(collector)
        }
        if result.resources.isEmpty && !recognisedOutput {
            append(
                Diagnostic(
                    severity: .error, source: source, line: 0,
                    message:
                        "no Kubernetes objects found: expected output of kubectl get (a table with a NAME header, or " +
                        "-o json / -o yaml)"
                ))
        }
        if suppressedDiagnostics > 0 {
            result.diagnostics.append(
                Diagnostic(
                    severity: .note, source: source, line: 0,
                    message: "\(suppressedDiagnostics) more diagnostics were not kept"))
            suppressedDiagnostics = 0
        }
        changes += 1
    }
}
