import ClusterModel

/// Table rows → `Workload` records (deployments, replica sets, daemon sets,
/// stateful sets, jobs, cron jobs).
///
/// The columns differ per kind and per kubectl version; every count column is read when present.
enum WorkloadRows {
    static let fields = FieldMask([
        .namespace, .name, .ready, .desired, .current, .upToDate, .available, .containers, .images, .selector, .labels,
        .age,
    ])

    static func workload(
        _ row: TableRow, kind: WorkloadKind, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> Workload {
        var workload = Workload(kind: kind, key: key)
        // READY is `1/1` for deployments and stateful sets, a bare count for replica and daemon sets.
        let desired = row.range(.desired).flatMap { CellValues.integer(row.line, $0) }
        workload.ready = try row.required(.ready, "1/1 or 1") { line, range in
            CellValues.ready(line, range)
                ?? CellValues.integer(line, range).map { ReadyCount(ready: $0, total: desired ?? $0) }
        }
        if kind == .job, let completions = row.range(.completions) {
            workload.ready = CellValues.ready(row.line, completions)
        }
        workload.desired = try row.required(.desired, "a number", CellValues.integer)
        workload.current = try row.required(.current, "a number", CellValues.integer)
        workload.upToDate = try row.required(.upToDate, "a number", CellValues.integer)
        workload.available = try row.required(.available, "a number", CellValues.integer)
        if let containers = row.value(.containers) {
            workload.containers = CellValues.commaList(containers).map(String.init)
        }
        if let images = row.value(.images) { workload.images = CellValues.commaList(images).map(String.init) }
        if let range = row.range(.selector) {
            if CellValues.isPlaceholder(row.line, range) {
                workload.selector = [:]
            } else {
                workload.selector = CellBytes.selector(row.line, range)
                if workload.selector == nil {
                    problems.append(
                        "SELECTOR '\(CellValues.text(row.line, range))' is not a list of key=value; kept as text")
                }
            }
        }
        workload.labels = NodePodRows.labels(row, &problems)
        workload.age = row.age(&problems)
        workload.extra = row.extras(consumed: fields)
        if workload.selector == nil, let range = row.range(.selector), !CellValues.isPlaceholder(row.line, range) {
            workload.extra["SELECTOR"] = CellValues.text(row.line, range)
        }
        workload.origin = origin
        return workload
    }
}
