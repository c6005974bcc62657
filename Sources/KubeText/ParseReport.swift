import ClusterModel
import Foundation

/// What `kubehops parse --format json` prints: one object, an array per kind and the diagnostics.
///
/// This type is the JSON contract scripts rely on; `write(to:)` streams exactly what `JSONEncoder`
/// (pretty-printed, sorted keys, slashes unescaped) makes of it, which `ParseReportTests` checks.
public struct ParseReport: Encodable, Sendable {
    public var nodes: [Node]
    public var pods: [Pod]
    public var services: [Service]
    public var endpoints: [EndpointSet]
    public var ingresses: [Ingress]
    public var workloads: [Workload]
    public var gatewayClasses: [GatewayClass]
    public var gateways: [Gateway]
    /// HTTPRoutes and GRPCRoutes (`kind` says which).
    public var routes: [HTTPRoute]
    public var referenceGrants: [ReferenceGrant]
    public var networkPolicies: [NetworkPolicy]
    public var namespaces: [NamespaceRecord]
    public var clusterNetworkPolicies: [ClusterNetworkPolicy]
    public var diagnostics: [Diagnostic]

    public init(_ resources: Resources, diagnostics: [Diagnostic]) {
        nodes = resources.nodes
        pods = resources.pods
        services = resources.services
        endpoints = resources.endpoints
        ingresses = resources.ingresses
        workloads = resources.workloads
        gatewayClasses = resources.gatewayClasses
        gateways = resources.gateways
        routes = resources.routes
        referenceGrants = resources.referenceGrants
        networkPolicies = resources.networkPolicies
        namespaces = resources.namespaces
        clusterNetworkPolicies = resources.clusterNetworkPolicies
        self.diagnostics = diagnostics
    }

    /// The encoder whose output the report is: one configuration for the stream and its check.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Writes the report's JSON (no final newline) through `sink`, a few hundred records at a time.
    ///
    /// Encoded whole, a 150,000-pod report held the encoder's tree of every value and 106 MB of output at
    /// once (835 MiB peak, 4.6 s); encoded a slice of records at a time, each slice's text re-indented to
    /// its place in the object, memory stays at the records plus one slice.
    public func write(to sink: ([UInt8]) -> Void) throws {
        let encoder = Self.encoder()
        sink(Array("{\n".utf8))
        for (number, section) in sections().enumerated() {
            sink(Array(((number == 0 ? "" : ",\n") + "  \"\(section.key)\" : [").utf8))
            try section.write(encoder, sink)
            sink(Array("\n  ]".utf8))
        }
        sink(Array("\n}".utf8))
    }

    /// One key of the object and how its array's elements are written.
    private struct Section {
        let key: String
        let write: (JSONEncoder, ([UInt8]) -> Void) throws -> Void
        init<Element: Encodable>(_ key: String, _ elements: [Element]) {
            self.key = key
            write = { encoder, sink in try ParseReport.writeElements(elements, encoder, sink) }
        }
    }

    /// The sections in the order `.sortedKeys` gives them.
    private func sections() -> [Section] {
        let all = [
            Section("nodes", nodes), Section("pods", pods), Section("services", services),
            Section("endpoints", endpoints), Section("ingresses", ingresses), Section("workloads", workloads),
            Section("gatewayClasses", gatewayClasses), Section("gateways", gateways), Section("routes", routes),
            Section("referenceGrants", referenceGrants), Section("networkPolicies", networkPolicies),
            Section("namespaces", namespaces), Section("clusterNetworkPolicies", clusterNetworkPolicies),
            Section("diagnostics", diagnostics),
        ]
        return all.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    private static let sliceSize = 256

    /// An array's elements, each on its own lines at the object's second level, or one blank line when
    /// there are none (as the encoder prints an empty array).
    private static func writeElements<Element: Encodable>(
        _ elements: [Element], _ encoder: JSONEncoder, _ sink: ([UInt8]) -> Void
    ) throws {
        guard !elements.isEmpty else { return sink(Array("\n".utf8)) }
        for start in stride(from: 0, to: elements.count, by: sliceSize) {
            let slice = elements[start..<min(start + sliceSize, elements.count)]
            let encoded = try encoder.encode(Array(slice))
            sink(indented(encoded, separated: start > 0))
        }
    }

    /// An encoded slice `[\n  e1,\n  e2\n]` as the object's lines `\n    e1,\n    e2`: brackets dropped,
    /// two more spaces before every non-empty line (the encoder leaves empty containers' blank lines bare).
    static func indented(_ encoded: Data, separated: Bool) -> [UInt8] {
        var lines: [UInt8] = []
        lines.reserveCapacity(encoded.count + encoded.count / 8)
        if separated { lines.append(UInt8(ascii: ",")) }
        encoded.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            // Between "[" and "\n]": every line of the slice starts after a newline.
            let body = bytes[1..<(bytes.count - 2)]
            var index = body.startIndex
            while index < body.endIndex {
                lines.append(UInt8(ascii: "\n"))
                index = body.index(after: index)
                let end = body[index...].firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
                if end > index { lines.append(contentsOf: [0x20, 0x20]) }
                lines.append(contentsOf: body[index..<end])
                index = end
            }
        }
        return lines
    }
}
