import ClusterModel

/// `kubectl get` rows of Gateway API objects → records.
///
/// The tables are the CRDs' printer columns (apis/v1 `+kubebuilder:printcolumn`): they show no listeners, rules or
/// grants, so the records say `detailsKnown == false`.
enum GatewayRows {
    static let classFields = FieldMask([.name, .controller, .accepted, .age])
    static let gatewayFields = FieldMask([.namespace, .name, .className, .address, .programmed, .age])
    static let routeFields = FieldMask([.namespace, .name, .hostnames, .age])

    /// NAME CONTROLLER ACCEPTED AGE [DESCRIPTION].
    static func gatewayClass(
        _ row: TableRow, name: String, problems: inout [String], origin: SourceLocation
    ) -> GatewayClass {
        var record = GatewayClass(name: name)
        record.controllerName = row.value(.controller)
        record.accepted = condition(row, .accepted, &problems)
        record.age = row.age(&problems)
        record.origin = origin
        return record
    }

    /// NAME CLASS ADDRESS PROGRAMMED AGE (`-A` adds NAMESPACE).
    static func gateway(_ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation) -> Gateway {
        var gateway = Gateway(key: key)
        gateway.className = row.value(.className)
        if let address = row.value(.address) { gateway.addresses = list(address) }
        gateway.programmed = condition(row, .programmed, &problems)
        gateway.age = row.age(&problems)
        gateway.extra = row.extras(consumed: gatewayFields)
        gateway.origin = origin
        return gateway
    }

    /// NAME HOSTNAMES AGE: the hostnames as kubectl prints a list column, `["a.example.com","b.example.com"]`.
    static func route(
        _ row: TableRow, kind: HTTPRoute.Kind, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) -> HTTPRoute {
        var route = HTTPRoute(kind: kind, key: key)
        if let hostnames = row.value(.hostnames) { route.hostnames = list(hostnames) }
        route.age = row.age(&problems)
        route.extra = row.extras(consumed: routeFields)
        route.origin = origin
        return route
    }

    /// NAME AGE, read only when the row's name says `referencegrant…/`.
    static func referenceGrant(
        _ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) -> ReferenceGrant {
        var grant = ReferenceGrant(key: key)
        grant.age = row.age(&problems)
        grant.origin = origin
        return grant
    }

    /// A condition's status column: `True`, `False` or `Unknown`.
    static func condition(_ row: TableRow, _ field: Field, _ problems: inout [String]) -> String? {
        guard let text = row.value(field) else { return nil }
        guard ["True", "False", "Unknown"].contains(text) else {
            problems.append("\(row.title(field)) '\(text)' is not True, False or Unknown")
            return nil
        }
        return text
    }

    /// `["a","b"]`, `[a b]` or `a,b` → the items.
    static func list(_ text: String) -> [String] {
        var inner = Substring(text)
        if inner.hasPrefix("["), inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
        return inner.split(whereSeparator: { $0 == "," || $0 == " " }).map { item in
            var item = item
            while item.first == "\"" { item = item.dropFirst() }
            while item.last == "\"" { item = item.dropLast() }
            return String(item)
        }.filter { !$0.isEmpty }
    }
}
