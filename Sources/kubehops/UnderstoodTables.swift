import CellCanvas
import ClusterModel
import Foundation

/// `kubehops parse`'s human output: what was understood of each kind, in columns as `kubectl get` prints
/// them (upper-case headers, values padded, `<none>` for nothing), so a dump can be checked at a glance.
enum UnderstoodTables {
    /// One kind's table: its columns, each reading the cell of a record by position.
    ///
    /// No cell is kept: a row is made when it is written (and once before, to measure the columns), where keeping them
    /// stored a row of Strings per record, memory written once and read once.
    struct Table {
        var title: String
        var columns: [Column]
        var rowCount: Int
    }

    /// A column's header and how the record at a position fills its cell.
    ///
    /// By position, not by record: a record handed to a closure is copied (a pod's dozen references retained and
    /// released, once per column: a sixth of the whole command at 150,000 pods), a read through the array is not.
    struct Column {
        let header: String
        let cell: (Int) -> String
        init(_ header: String, _ cell: @escaping (Int) -> String) { (self.header, self.cell) = (header, cell) }
    }

    /// Collects the tables of the kinds that have records.
    struct Tables {
        private(set) var all: [Table] = []
        mutating func add(_ title: String, _ count: Int, _ columns: [Column]) {
            guard count > 0 else { return }
            all.append(Table(title: title, columns: columns, rowCount: count))
        }
    }

    static func tables(_ resources: Resources) -> [Table] {
        var tables = Tables()
        workloadTables(resources, into: &tables)
        gatewayTables(resources, into: &tables)
        policyTables(resources, into: &tables)
        return tables.all
    }

    private static let none = "<none>", hidden = "<not shown>"
    private static func ips(_ list: [IPAddress]) -> String {
        list.count == 1 ? list[0].text : list.isEmpty ? none : list.map(\.text).joined(separator: ",")
    }
    private static func namespace(_ key: ObjectKey) -> String { key.namespace ?? none }
    private static func joined(_ list: [String], empty: String = none) -> String {
        list.isEmpty ? empty : list.joined(separator: ",")
    }

    /// Nodes, pods, services, endpoints, ingresses and workloads.
    static func workloadTables(_ resources: Resources, into tables: inout Tables) {
        let nodes = resources.nodes, pods = resources.pods, services = resources.services
        tables.add("NODES", nodes.count, [
            Column("NAME") { nodes[$0].name }, Column("STATUS") { nodes[$0].status },
            Column("ROLES") { joined(nodes[$0].roles) }, Column("INTERNAL-IP") { ips(nodes[$0].internalIPs) },
            Column("POD-CIDRS") { joined(nodes[$0].podCIDRs) },
        ])
        tables.add("PODS", pods.count, [
            Column("NAMESPACE") { namespace(pods[$0].key) }, Column("NAME") { pods[$0].key.name },
            Column("STATUS") { pods[$0].status }, Column("IP") { ips(pods[$0].ips) },
            Column("NODE") { pods[$0].nodeName ?? none },
        ])
        tables.add("SERVICES", services.count, [
            Column("NAMESPACE") { namespace(services[$0].key) }, Column("NAME") { services[$0].key.name },
            Column("TYPE") { services[$0].type.description }, Column("CLUSTER-IP") { ips(services[$0].clusterIPs) },
            Column("PORT(S)") { joined(services[$0].ports.map(\.description)) },
        ])
        let endpoints = resources.endpoints, ingresses = resources.ingresses, workloads = resources.workloads
        tables.add("ENDPOINTS", endpoints.count, [
            Column("NAMESPACE") { namespace(endpoints[$0].key) }, Column("NAME") { endpoints[$0].key.name },
            Column("SERVICE") { endpoints[$0].serviceName },
            Column("ADDRESSES") {
                let count = endpoints[$0].addresses.count
                return count == 0 ? none : "\(count) address" + (count == 1 ? "" : "es")
            },
        ])
        tables.add("INGRESSES", ingresses.count, [
            Column("NAMESPACE") { namespace(ingresses[$0].key) }, Column("NAME") { ingresses[$0].key.name },
            Column("CLASS") { ingresses[$0].className ?? none },
            Column("HOSTS") { joined(ingresses[$0].hosts, empty: "*") },
            Column("ADDRESS") { joined(ingresses[$0].addresses) },
        ])
        tables.add("WORKLOADS", workloads.count, [
            Column("NAMESPACE") { namespace(workloads[$0].key) }, Column("NAME") { workloads[$0].key.name },
            Column("KIND") { "\(workloads[$0].kind)" },
        ])
    }

    /// Gateway API objects, with what a table cannot show said as `<not shown>`.
    static func gatewayTables(_ resources: Resources, into tables: inout Tables) {
        let classes = resources.gatewayClasses, gateways = resources.gateways
        let routes = resources.routes, grants = resources.referenceGrants
        tables.add("GATEWAYCLASSES", classes.count, [
            Column("NAME") { classes[$0].name }, Column("CONTROLLER") { classes[$0].controllerName ?? none },
            Column("ACCEPTED") { classes[$0].accepted ?? none },
        ])
        tables.add("GATEWAYS", gateways.count, [
            Column("NAMESPACE") { namespace(gateways[$0].key) }, Column("NAME") { gateways[$0].key.name },
            Column("CLASS") { gateways[$0].className ?? none }, Column("ADDRESS") { joined(gateways[$0].addresses) },
            Column("LISTENERS") {
                let gateway = gateways[$0]
                guard gateway.detailsKnown else { return hidden }
                return joined(gateway.listeners.map { "\($0.name) \($0.protocol)/\($0.port) \($0.hostname ?? "*")" })
            },
        ])
        tables.add("ROUTES", routes.count, [
            Column("NAMESPACE") { namespace(routes[$0].key) }, Column("NAME") { routes[$0].key.name },
            Column("KIND") { routes[$0].kind.rawValue },
            Column("HOSTNAMES") { joined(routes[$0].hostnames, empty: "*") },
            Column("PARENTS") { routes[$0].detailsKnown ? joined(routes[$0].parentRefs.map(\.name)) : hidden },
            Column("RULES") { routes[$0].detailsKnown ? String(routes[$0].rules.count) : hidden },
        ])
        tables.add("REFERENCEGRANTS", grants.count, [
            Column("NAMESPACE") { namespace(grants[$0].key) }, Column("NAME") { grants[$0].key.name },
            Column("FROM") {
                grants[$0].detailsKnown ? joined(grants[$0].from.map { "\($0.kind)/\($0.namespace)" }) : hidden
            },
            Column("TO") { row in
                guard grants[row].detailsKnown else { return hidden }
                return joined(grants[row].to.map { $0.kind + ($0.name.map { "/\($0)" } ?? "") })
            },
        ])
    }

    /// Network policies and the namespace labels their selectors read; rules a table did not show are
    /// `<not shown>` (`kubectl get netpol -A -o yaml` shows them).
    static func policyTables(_ resources: Resources, into tables: inout Tables) {
        func rules(_ ingress: Int, _ egress: Int) -> String { "\(ingress) ingress, \(egress) egress" }
        let policies = resources.networkPolicies, clusterPolicies = resources.clusterNetworkPolicies
        let namespaces = resources.namespaces
        tables.add("NETWORKPOLICIES", policies.count, [
            Column("NAMESPACE") { policies[$0].key.namespace ?? none }, Column("NAME") { policies[$0].name },
            Column("POD-SELECTOR") { policies[$0].podSelector.description },
            Column("POLICY-TYPES") { policies[$0].policyTypes.map(\.rawValue).joined(separator: ",") },
            Column("RULES") {
                policies[$0].rulesKnown ? rules(policies[$0].ingress.count, policies[$0].egress.count) : hidden
            },
        ])
        tables.add("CLUSTERNETWORKPOLICIES", clusterPolicies.count, [
            Column("NAME") { clusterPolicies[$0].name }, Column("TIER") { clusterPolicies[$0].tier.rawValue },
            Column("PRIORITY") { String(clusterPolicies[$0].priority) },
            Column("SUBJECT") { clusterPolicies[$0].subject.description },
            Column("RULES") { rules(clusterPolicies[$0].ingress.count, clusterPolicies[$0].egress.count) },
        ])
        tables.add("NAMESPACES", namespaces.count, [
            Column("NAME") { namespaces[$0].name }, Column("STATUS") { namespaces[$0].status ?? none },
            Column("LABELS") {
                guard let labels = namespaces[$0].labels else { return hidden }
                return joined(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            },
        ])
    }

    /// The tables, a blank line apart: each a title with its row count, then its columns padded to their
    /// widest cell, three spaces apart, as kubectl does.
    ///
    /// Written as bytes, row by row, straight into `output`: a 150,000-pod dump is as many rows (Foundation's
    /// `padding(toLength:)` took most of a second).
    static func write(_ tables: [Table], to output: inout OutputBytes) {
        for (number, table) in tables.enumerated() {
            if number > 0 { output.append("\n\n") }
            output.append("\(table.title) (\(table.rowCount))\n")
            write(table, to: &output)
        }
    }

    private static func write(_ table: Table, to output: inout OutputBytes) {
        let columns = table.columns
        let widths = columns.map { column in
            (0..<table.rowCount).reduce(width(column.header)) { widest, row in max(widest, width(column.cell(row))) }
        }
        let last = columns.count - 1
        func row(_ cell: (Column) -> String) {
            for column in 0...last {
                let text = cell(columns[column])
                output.append(text)
                if column < last { output.appendSpaces(widths[column] + 3 - width(text)) }
            }
        }
        row(\.header)
        for index in 0..<table.rowCount {
            output.append("\n")
            row { $0.cell(index) }
        }
    }

    /// Terminal columns of a cell: its byte count when ASCII (nearly always), else its display width.
    static func width(_ cell: String) -> Int {
        let ascii = cell.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0x80 } }
        return (ascii ?? cell.utf8.allSatisfy { $0 < 0x80 }) ? cell.utf8.count : DisplayWidth.of(cell)
    }
}
