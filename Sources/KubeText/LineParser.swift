import ClusterModel
import TerminalText

/// The parser's state machine: one line at a time, it finds headers, reads
/// rows under the current header, collects JSON/YAML documents and notes every
/// line it does not use.
///
/// Kept separate from `KubeTextStream` (which only cuts bytes into lines) so that each can be tested alone.
struct LineParser: Sendable {
    let source: String
    var result = ParseResult()
    /// Increases whenever `result` changes.
    var changes = 0
    private(set) var lineNumber = 0

    var layout: TableLayout? {
        // The note belongs to the table it was made for: a new header, a document or a prompt drops it.
        didSet { if layout !== oldValue { unusedTableNote = nil } }
    }
    /// The namespace the last pasted kubectl command asked for (`-n shop`),
    /// used for tables printed without a NAMESPACE column.
    var commandNamespace: String?
    var document: DocumentCollector?
    var describe: DescribeCollector?
    /// A describe block was read: table rows for the same objects then join its records instead of replacing them.
    var sawDescribe = false
    /// The current layout was inferred from a headerless row's values (see `HeaderlessRows`).
    var inferredLayout = false
    /// Set after a describe block of a kind kubehops cannot read, until the next recognised line: the block's
    /// unindented body (`Data`, `====`) is skipped with one note.
    ///
    /// Empty once that note was made.
    var unreadDescribeTail: String?
    var suppressedDiagnostics = 0
    /// The note on a header of a table kubehops does not use, kept until a row under it is skipped (its line
    /// number is the header's): rows named with a kind it reads make no such note true.
    var unusedTableNote: Diagnostic?
    /// A header, a document or kubectl's "No resources found" was seen: the
    /// input was kubectl output even if it listed nothing.
    var recognisedOutput = false
    /// The line being read came behind a `# ` prefix: prose there is a comment, not a broken row.
    private(set) var lineIsComment = false
    // Scratch buffers reused for every line, so that a row allocates nothing of its own.
    private var chunks: [Chunk] = []
    private var cells: [Range<Int>] = []
    private var cleaned: [UInt8] = []
    private var problems: [String] = []
    private var strings = StringInterner()
    /// The whole input's size when known (a file, a buffer), and how much of
    /// it came so far: a table's header then tells how many rows are likely
    /// to follow, and their records get room up front.
    var expectedSize: Int?
    private var bytesSeen = 0

    /// More diagnostics than this are counted, not kept: an endless stream of
    /// garbage must not grow memory without bound.
    static let diagnosticLimit = 10_000

    /// Whether rows lined up with their header take `AlignedRow`'s fast path;
    /// off only in tests, which compare both ways.
    let alignedRows: Bool

    init(source: String, alignedRows: Bool = true) {
        self.source = source
        self.alignedRows = alignedRows
    }

    // MARK: Lines

    /// Parses one line (without its newline).
    ///
    /// `cutAt` is set when the line was longer than the stream's cap and only its start arrived.
    mutating func consume(_ line: [UInt8], cutAt: Int? = nil) {
        lineNumber += 1
        bytesSeen &+= line.count &+ 1
        if let cutAt {
            report(.warning, line: line, "line is longer than \(cutAt) bytes; only its first \(cutAt) bytes were read")
        }
        if !consumeLine(line, cleaned: false) {
            var clean: [UInt8] = []
            swap(&clean, &cleaned)
            clean.removeAll(keepingCapacity: true)
            let changed = InputCleaner.clean(line, from: 0, to: line.count, keepTabs: true, into: &clean)
            reportCleaning(changed, line: clean)
            _ = consumeLine(clean, cleaned: true)
            swap(&clean, &cleaned)
        }
    }

    private mutating func reportCleaning(_ changed: InputCleaner.Changes, line: [UInt8]) {
        if changed.contains(.invalidUTF8) {
            report(.warning, line: line, "bytes that are not UTF-8 text were replaced by U+FFFD")
        }
        if changed.contains(.escapeSequences) || changed.contains(.controlCharacters) {
            report(.note, line: line, "terminal control characters or escape sequences were removed")
        }
    }

    /// Parses a line; returns false, having done nothing, when the line is not
    /// yet `cleaned` and holds bytes the sanitiser must see first.
    mutating func consumeLine(_ line: [UInt8], cleaned: Bool) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 || line[end - 1] == 0x0D { end -= 1 }

        if document != nil {
            if !cleaned && InputCleaner.needsCleaning(line, from: 0, to: end) { return false }
            if continueDocument(line, end: end) { return true }
        }
        let (start, contentStart) = skipPrefixes(line, end: end)
        if describe != nil {
            if !cleaned && InputCleaner.needsCleaning(line, from: 0, to: end) { return false }
            if continueDescribe(line, margin: contentStart, start: start, end: end) { return true }
        }
        guard start < end else { return true }
        let lead = line[start]
        if lead == UInt8(ascii: "N"), end - start > 5, line[start + 4] == UInt8(ascii: ":") {
            if !cleaned && InputCleaner.needsCleaning(line, from: 0, to: end) { return false }
            if beginDescribe(line, margin: contentStart, start: start, end: end) { return true }
        }

        let opensJSON =
            lead == UInt8(ascii: "{")
            || (lead == UInt8(ascii: "[") && DocumentCollector.opensJSONArray(line, at: start, end: end))
        // In the body of an unread describe block (a ConfigMap's data) only `apiVersion:` starts a document.
        let inUnreadBlock = unreadDescribeTail != nil && !line[start..<end].starts(with: "apiVersion:".utf8)
        if !inUnreadBlock, opensJSON || (start == 0 && DocumentCollector.startsYAML(line, end: end)) {
            if !cleaned && InputCleaner.needsCleaning(line, from: 0, to: end) { return false }
            beginDocument(opensJSON ? .json : .yaml, line: line, end: end)
            return true
        }

        // Rows lined up with their header (nearly all of a big dump) skip the
        // general splitter; a header candidate (N…, E…) never takes this way.
        if alignedRows, let layout, lead != UInt8(ascii: "N"), lead != UInt8(ascii: "E"), let aligned = layout.aligned,
            AlignedRow.slice(line, from: start, to: end, starts: aligned.starts, startBits: aligned.bits, into: &cells)
        {
            if let rejection = decodeCells(line, layout: layout) {
                reportUnusedLine(line, start: start, end: end, layout: layout, rejection: rejection)
            }
            return true
        }
        let traits = RowSplitter.split(line, from: start, to: end, into: &chunks)
        if !traits.plain && !cleaned { return false }
        if traits.hasTabs {
            // Tabs only separate cells; as spaces (same offsets) a joined cell
            // cannot carry one into a record or a message.
            return consumeLine(line.map { $0 == 0x09 ? 0x20 : $0 }, start: start, end: end, chunks: chunks)
        }
        return consumeLine(line, start: start, end: end, chunks: chunks)
    }

    /// Where a line's text starts, after its blanks and any `# ` comment prefixes and `> ` Markdown quotes.
    ///
    /// The prefixes come from tables pasted into shell scripts or notes, nested or not; `margin` is where the text
    /// after the last prefix and its one space begins (its indentation still counts for describe blocks). Sets
    /// `lineIsComment`.
    @inline(__always)
    private mutating func skipPrefixes(_ line: [UInt8], end: Int) -> (start: Int, margin: Int) {
        var start = 0
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        var contentStart = 0
        lineIsComment = start < end && line[start] == UInt8(ascii: "#")
        while start < end, line[start] == UInt8(ascii: "#") || line[start] == UInt8(ascii: ">"),
            start + 1 == end || line[start + 1] == 0x20
        {
            start += 1
            if start < end { start += 1 }
            contentStart = start
            while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        }
        return (start, contentStart)
    }

    /// The rest of `consumeLine`, once the line is split and clean.
    private mutating func consumeLine(_ line: [UInt8], start: Int, end: Int, chunks: [Chunk]) -> Bool {
        let lead = line[start]
        if lead == UInt8(ascii: "N") || lead == UInt8(ascii: "E"),
            let header = TableLayout.recognise(line: line, from: start, chunks: chunks)
        {
            beginTable(header, line: line)
            return true
        }
        if layout == nil || inferredLayout, let inferred = HeaderlessRows.layout(line, chunks: chunks) {
            if layout == nil || layout?.summary != inferred.summary {
                report(
                    .note, line: line,
                    "rows without a header line: columns inferred from the values as " +
                        inferred.columns.map(\.title).joined(separator: " "))
            }
            layout = inferred
            inferredLayout = true
            recognisedOutput = true
        }
        if let layout {
            if let rejection = decodeRow(line, from: start, layout: layout) {
                reportUnusedLine(line, start: start, end: end, layout: layout, rejection: rejection)
            }
            return true
        }
        reportOutsideTable(line, start: start, end: end)
        return true
    }

    /// A header line: its table is the one rows are read under from now on.
    private mutating func beginTable(_ header: TableLayout, line: [UInt8]) {
        layout = header
        recognisedOutput = true
        reserveRoom(for: header.kind, lineLength: line.count + 1)
        // A NAME AGE table may still hold rows kubehops reads (`referencegrant.gateway.networking.k8s.io/x`):
        // the note waits for the first row that is really skipped (see `unusedTableNote`).
        if header.kind == .unsupported {
            unusedTableNote = Diagnostic(
                severity: .note, source: source, line: lineNumber, excerpt: Self.excerpt(line),
                message: "header of a table kubehops does not use (\(header.summary)); its rows are skipped")
        } else if header.kind == .service, header.column(of: .type) == nil {
            report(
                .note, line: line,
                "services table without TYPE (kubectl before 1.9): each type is inferred from PORT(S) and " +
                    "EXTERNAL-IP (a node port: NodePort, or LoadBalancer with an external address); " +
                    "kubectl get svc -o wide shows it")
        }
        inferredLayout = false
        unreadDescribeTail = nil
    }

    /// kubectl pads every row to its header's width, so the bytes left over
    /// the header's length is about the number of rows to come; a half more,
    /// since rows end shorter than their header when its last title is wider
    /// than their last cells (`READINESS GATES` over `<none>`), and an array
    /// reserved too small is copied whole when it grows near the end, where
    /// room never filled is only address space.
    ///
    /// Capped: an estimate past Kubernetes' limits (a watch stream, a file of repeats) would only reserve address space
    /// for nothing.
    private mutating func reserveRoom(for kind: TableKind, lineLength: Int) {
        guard let expectedSize, expectedSize > bytesSeen else { return }
        let rows = min((expectedSize - bytesSeen) / max(lineLength, 32) * 3 / 2, Self.reservationLimit)
        guard rows >= Self.reservationThreshold else { return }
        switch kind {
        case .pod: result.resources.reserveCapacity(pods: rows)
        case .node: result.resources.reserveCapacity(nodes: min(rows, Self.nodeLimit))
        case .service: result.resources.reserveCapacity(services: rows)
        default: break
        }
    }

    /// Small tables grow as they go.
    static let reservationThreshold = 1_024
    /// Kubernetes' published limits: 150,000 pods, 5,000 nodes.
    static let reservationLimit = 200_000
    static let nodeLimit = 5_000

    // MARK: Rows

    /// Decodes a row and stores its record; returns why it is not a row otherwise.
    private mutating func decodeRow(_ line: [UInt8], from start: Int, layout: TableLayout) -> String? {
        guard RowSplitter.align(line, from: start, chunks, to: layout.columns, cells: &cells) else {
            return "\(chunks.count) cells do not fit its \(layout.columns.count) columns"
        }
        return decodeCells(line, layout: layout)
    }

    /// Decodes the row whose cells are in `cells`, as `decodeRow` does.
    private mutating func decodeCells(_ line: [UInt8], layout: TableLayout) -> String? {
        let row = TableRow(line: line, cells: cells, layout: layout)
        guard let nameRange = row.range(.name) else { return "missing NAME" }
        guard let (prefixKind, nameStart) = ObjectNameCell.parts(line, nameRange) else {
            return "NAME '\(CellValues.text(line, nameRange))' is not a Kubernetes object name"
        }
        let kind = prefixKind ?? layout.kind
        let name = CellValues.text(line, nameStart..<nameRange.upperBound)
        var namespace = commandNamespace
        if let range = row.range(.namespace) {
            guard ObjectNameCell.parts(line, range)?.0 == nil else {
                return "NAMESPACE '\(CellValues.text(line, range))' is not a namespace"
            }
            namespace = strings.string(line, range, field: .namespace)
        }
        let key = ObjectKey(namespace: namespace, name: name)
        if let event = row.range(.event), WatchEvents.isDeletion(line, event), kind != .unsupported {
            if WatchEvents.remove(kind, key: key, from: &result.resources) { changes += 1 }
            return nil
        }
        let origin = SourceLocation(source: source, line: lineNumber)
        // Emptying an empty array would allocate a new one each row.
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
        if kind == .unsupported {
            if let note = unusedTableNote {
                append(note)
                unusedTableNote = nil
            }
            report(.note, line: line, "row of a kind kubehops does not use (\(layout.summary)); skipped")
            return nil
        }
        do throws(RowRejection) {
            try decodeRecord(kind, row: row, key: key, name: name, origin: origin)
        } catch {
            return error.message
        }
        changes += 1
        if !problems.isEmpty {
            report(.warning, line: line, "\(kind.label) '\(key)' read, but " + problems.joined(separator: "; "))
        }
        return nil
    }

    /// One row's record, decoded by its kind's decoder and merged into the result (`join` after a
    /// describe block, which knows more than a row).
    ///
    /// Inlined: it is the per-row step of a 150,000-row table.
    @inline(__always)
    private mutating func decodeRecord(
        _ kind: TableKind, row: TableRow, key: ObjectKey, name: String, origin: SourceLocation
    ) throws(RowRejection) {
        // Each decoder returns its record and it goes straight into
        // `upsert`: a record held in a variable here would be copied.
        switch kind {
        case .pod where sawDescribe:
            result.resources.join(
                try NodePodRows.pod(row, key: key, problems: &problems, strings: &strings, origin: origin))
        case .pod:
            result.resources.upsert(
                try NodePodRows.pod(row, key: key, problems: &problems, strings: &strings, origin: origin))
        case .node where sawDescribe:
            result.resources.join(try NodePodRows.node(row, name: name, problems: &problems, origin: origin))
        case .node:
            result.resources.upsert(try NodePodRows.node(row, name: name, problems: &problems, origin: origin))
        case .service where sawDescribe:
            result.resources.join(try ServiceRows.service(row, key: key, problems: &problems, origin: origin))
        case .service:
            result.resources.upsert(try ServiceRows.service(row, key: key, problems: &problems, origin: origin))
        case .endpoints:
            result.resources.upsert(try ServiceRows.endpoints(row, key: key, problems: &problems, origin: origin))
        case .endpointSlice:
            result.resources.upsert(
                try ServiceRows.endpointSlice(row, key: key, problems: &problems, origin: origin))
        case .ingress:
            result.resources.upsert(try ServiceRows.ingress(row, key: key, problems: &problems, origin: origin))
        case .workload(let workloadKind):
            result.resources.upsert(
                try WorkloadRows.workload(row, kind: workloadKind, key: key, problems: &problems, origin: origin))
        case .networkPolicy where result.resources.networkPolicy(key)?.rulesKnown == true:
            // YAML or describe already gave this policy's rules; the table row would only forget them.
            break
        case .networkPolicy:
            result.resources.upsert(
                try PolicyRows.networkPolicy(row, key: key, problems: &problems, origin: origin))
        case .namespace:
            result.resources.upsert(PolicyRows.namespace(row, name: name, problems: &problems, origin: origin))
        case .gatewayClass:
            result.resources.upsert(GatewayRows.gatewayClass(row, name: name, problems: &problems, origin: origin))
        case .gateway:
            result.resources.upsert(GatewayRows.gateway(row, key: key, problems: &problems, origin: origin))
        case .route(let routeKind):
            result.resources.upsert(
                GatewayRows.route(row, kind: routeKind, key: key, problems: &problems, origin: origin))
        case .referenceGrant:
            result.resources.upsert(GatewayRows.referenceGrant(row, key: key, problems: &problems, origin: origin))
        case .unsupported:
            break  // noted by decodeCells, which never calls this for it
        }
    }
}
