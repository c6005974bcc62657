import ClusterModel

/// Why a line under a header is not a row of that table, in words for the user.
struct RowRejection: Error {
    var message: String
}

/// A row matched to its header: cell text by field, without searching.
struct TableRow {
    let line: [UInt8]
    let cells: [Range<Int>]
    let layout: TableLayout

    /// The cell's bytes, or nil when the column is absent or the cell is empty.
    @inline(__always)
    func range(_ field: Field) -> Range<Int>? {
        guard let column = layout.column(of: field), column < cells.count else { return nil }
        let range = cells[column]
        return range.isEmpty ? nil : range
    }

    /// The cell's text, or nil when absent or empty.
    func string(_ field: Field) -> String? {
        range(field).map { CellValues.text(line, $0) }
    }

    /// The cell's text, or nil when absent, empty or a `<none>`-style placeholder.
    func value(_ field: Field) -> String? {
        guard let range = range(field), !CellValues.isPlaceholder(line, range) else { return nil }
        return CellValues.text(line, range)
    }

    func isPlaceholder(_ field: Field) -> Bool {
        range(field).map { CellValues.isPlaceholder(line, $0) } ?? false
    }

    func age(_ problems: inout [String]) -> Age? {
        guard let range = range(.age) else { return nil }
        if let age = CellValues.age(line, range) { return age }
        reportAge(range, &problems)
        return nil
    }

    /// `age(_:)` with the text shared through `strings` (a dump's rows mostly
    /// repeat a few ages).
    func age(_ problems: inout [String], strings: inout StringInterner) -> Age? {
        guard let range = range(.age) else { return nil }
        if let seconds = CellValues.seconds(line, range) {
            return Age(text: strings.string(line, range, field: .age), seconds: seconds)
        }
        reportAge(range, &problems)
        return nil
    }

    private func reportAge(_ range: Range<Int>, _ problems: inout [String]) {
        if !CellValues.isPlaceholder(line, range) {
            problems.append("AGE '\(CellValues.text(line, range))' is not a duration like 3d4h")
        }
    }

    /// Cells of columns the decoder did not read (unknown titles such as `-L`
    /// label columns, or fields another kind uses), kept by header title.
    func extras(consumed: FieldMask) -> [String: String] {
        if let known = layout.knownFields, known.bits & ~consumed.bits == 0 { return [:] }
        var extra: [String: String] = [:]
        for (index, column) in layout.columns.enumerated() {
            if let field = column.field, consumed.contains(field) { continue }
            guard index < cells.count, !cells[index].isEmpty else { continue }
            extra[column.title] = CellValues.text(line, cells[index])
        }
        return extra
    }

    /// Reads a required cell, or explains what was expected.
    func required<T>(_ field: Field, _ expected: String, _ read: ([UInt8], Range<Int>) -> T?) throws(RowRejection) -> T?
    {
        guard layout.column(of: field) != nil else { return nil }
        guard let range = range(field) else {
            throw RowRejection(message: "missing \(title(field)) (expected \(expected))")
        }
        guard let value = read(line, range) else {
            throw RowRejection(
                message: "expected \(title(field)) like \(expected), found '\(CellValues.text(line, range))'")
        }
        return value
    }

    func title(_ field: Field) -> String {
        layout.column(of: field).map { layout.columns[$0].title } ?? "\(field)"
    }
}

/// A set of fields as bits: which columns a decoder reads.
struct FieldMask: Sendable {
    var bits: UInt64
    init(_ fields: [Field]) { bits = fields.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } }
    @inline(__always)
    func contains(_ field: Field) -> Bool { bits & (1 << UInt64(field.rawValue)) != 0 }
}
