import ArgumentParser
import ClusterModel
import Foundation
import KubeText
import PolicyVerdicts

/// `kubehops policy FILES…`: what NetworkPolicy and ClusterNetworkPolicy
/// allow, as a reachability matrix or, with --from/--to, one connection
/// explained tier by tier.
///
/// Exit 0 when a verdict was computed (allowed or not).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show what network policies allow: a reachability matrix, or one connection explained.",
        discussion: """
            FILES are kubectl output (tables, JSON or YAML; - for standard input) holding pods with labels \
            (kubectl get pods -A -o yaml, or --show-labels), NetworkPolicies (kubectl get netpol -A -o yaml), \
            namespaces with labels (kubectl get ns --show-labels) and ClusterNetworkPolicies. \
            Without --from/--to: a matrix between groups of pods no policy can tell apart (egress, ingress, combined). \
            With --from and --to: the verdict on that connection, each direction walked through the Admin, \
            NetworkPolicy and Baseline tiers. Exit status: 0 a verdict was computed, 2 unreadable input or unknown pod.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "kubectl output files (- for standard input).")
    var files: [String] = []

    @Option(name: .long, help: "Source: NAMESPACE/POD, POD, or an IP address.")
    var from: String?

    @Option(name: .long, help: "Destination (the pod after DNAT): NAMESPACE/POD, POD, or an IP address.")
    var to: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Destination port: N, N/PROTO (TCP, UDP, SCTP) or a container port name. Default: the destination's first "
                + "container port, else 80/TCP.")
    )
    var port: String?

    @OptionGroup var namespaces: NamespaceOptions
    var namespace: String? { namespaces.namespace }

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if (from == nil) != (to == nil) {
            throw ValidationError("--from and --to go together (one connection), or neither (the matrix).")
        }
        if files.isEmpty { throw ValidationError("name at least one input file (- for standard input).") }
    }

    func run() throws {
        do {
            let resources = try Self.load(files)
            let engine = PolicyEngine(resources: resources)
            if let from, let to {
                try pair(engine, from: from, to: to)
            } else {
                try matrix(engine)
            }
        } catch let failure as PolicyFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func pair(_ engine: PolicyEngine, from: String, to: String) throws {
        let source = try PolicyEndpoints.resolve(from, in: engine.resources)
        let destination = try PolicyEndpoints.resolve(to, in: engine.resources)
        let query = try PolicyEndpoints.port(port, destination: destination)
        let verdict = engine.verdict(from: source, to: destination, port: query)
        switch format {
        case .text: print(PolicyText.walkthrough(verdict), terminator: "")
        case .json: print(try Self.json(PairReport(verdict)))
        }
    }

    private func matrix(_ engine: PolicyEngine) throws {
        var pods = engine.resources.pods
        if let namespace { pods = pods.filter { $0.key.effectiveNamespace == namespace } }
        if pods.isEmpty {
            throw PolicyFailure(
                namespace.map { "no pods in namespace \($0) in the input." }
                    ?? "the input holds no pods: the matrix is between pods (kubectl get pods -A -o yaml).")
        }
        let query = try PolicyEndpoints.port(port ?? "80/TCP", destination: nil)
        let matrix = engine.matrix(port: query, pods: pods)
        switch format {
        case .text:
            print(PolicyText.matrix(matrix), terminator: "")
            if port == nil { print("\n(port 80/TCP assumed: --port N[/PROTO] asks about another)") }
        case .json: print(try Self.json(MatrixReport(matrix)))
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// All inputs merged; warnings on stderr, named by file and line.
    static func load(_ paths: [String]) throws(PolicyFailure) -> Resources {
        let parsed: ParseResult
        do { parsed = try InputSource(files: paths).load() } catch { throw PolicyFailure("\(error.message).") }
        StandardError.warn(about: parsed.diagnostics)
        let resources = parsed.resources
        if resources.isEmpty { throw PolicyFailure("the input holds nothing kubehops can read.") }
        return resources
    }
}

/// An input or argument that stops the command: `Error: …`, exit status 2.
struct PolicyFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// `--from` / `--to` / `--port` arguments → endpoints and a port.
enum PolicyEndpoints {
    static func resolve(_ text: String, in resources: Resources) throws(PolicyFailure) -> PolicyEndpoint {
        if let ip = IPAddress(text) {
            if let pod = resources.pods.first(where: { $0.ips.contains(ip) && $0.hostNetwork != true }) {
                return .pod(pod)
            }
            if let node = resources.nodes.first(where: { $0.internalIPs.contains(ip) || $0.externalIPs.contains(ip) }) {
                return .node(node, ip: ip)
            }
            if let service = resources.services.first(where: { $0.clusterIPs.contains(ip) }) {
                throw PolicyFailure(
                    "\(ip) is the ClusterIP of service \(service.key): policies judge the pod chosen after DNAT, "
                        + "so name that pod (--to NAMESPACE/POD).")
            }
            return .external(ip)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw PolicyFailure("'\(text)' is neither NAMESPACE/POD, POD nor an IP address.")
        }
        let name = String(parts[parts.count - 1])
        let namespace = parts.count == 2 ? String(parts[0]) : nil
        let matches = resources.pods.filter {
            $0.name == name && (namespace == nil || $0.key.effectiveNamespace == namespace)
        }
        if matches.count == 1 { return .pod(matches[0]) }
        if matches.count > 1 {
            throw PolicyFailure(
                "pod '\(name)' is in several namespaces " +
                "(\(matches.map(\.key.effectiveNamespace).joined(separator: ", "))): "
                    + "say which, as NAMESPACE/\(name).")
        }
        let similar = resources.pods.filter { $0.name.hasPrefix(name.prefix(3)) || name.hasPrefix($0.name.prefix(3)) }
            .prefix(5)
        var message = "no pod '\(text)' in the input (\(resources.pods.count) pods read)."
        if !similar.isEmpty {
            message +=
                " Similar: " + similar.map { "\($0.key.effectiveNamespace)/\($0.name)" }.joined(separator: ", ") + "."
        }
        throw PolicyFailure(message)
    }

    /// `80`, `53/UDP`, or a container port name of the destination pod.
    static func port(_ text: String?, destination: PolicyEndpoint?) throws(PolicyFailure) -> PortQuery {
        guard let text else {
            if let first = destination?.containerPorts.first {
                return PortQuery(port: first.port, protocol: first.protocol)
            }
            return PortQuery(port: 80)
        }
        let parts = text.split(separator: "/")
        guard (1...2).contains(parts.count) else {
            throw PolicyFailure("--port '\(text)' is not like 80, 53/UDP or a port name.")
        }
        let proto = parts.count == 2 ? parts[1].uppercased() : "TCP"
        guard ["TCP", "UDP", "SCTP"].contains(proto) else {
            throw PolicyFailure("--port protocol '\(parts[1])' is not TCP, UDP or SCTP.")
        }
        if let number = Int(parts[0]), (1...65535).contains(number) { return PortQuery(port: number, protocol: proto) }
        if Int(parts[0]) != nil { throw PolicyFailure("--port \(parts[0]) is outside 1–65535.") }
        let name = String(parts[0])
        guard let destination, destination.kind == .pod else {
            throw PolicyFailure("--port \(name) is a port name: it needs a destination pod to resolve on.")
        }
        guard
            let found = destination.containerPorts.first(where: {
                $0.name == name && (parts.count == 1 || $0.protocol.uppercased() == proto)
            })
        else {
            let known = destination.containerPorts.compactMap(\.name)
            let listed =
                known.isEmpty
                ? " (the input shows none: kubectl get pod -o yaml lists them)."
                : "; it has \(known.joined(separator: ", "))."
            throw PolicyFailure("\(destination.name) declares no container port named \(name)" + listed)
        }
        return PortQuery(port: found.port, protocol: found.protocol)
    }
}
