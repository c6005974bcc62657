import ArgumentParser
import ClusterModel
import FlowEngine
import Foundation
import KubeText

/// `kubehops explain --flow KIND[:TARGET] [FILE…]`: a flow as numbered text lines or JSON.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a request hop by hop: addresses, rewrites and the kube-proxy rules.",
        discussion: """
            KIND is one of \(FlowKind.allCases.map(\.rawValue).joined(separator: ", ")). TARGET names a service \
            (ns/name or name), an ingress (name or host), or for `pod` two pods A,B; without it the first fitting \
            object is used. With no FILE and no piped input, the built-in demo cluster is used.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "KIND[:TARGET], e.g. nodeport:nginx-demo/nginx-nodeport, pod:a,b")
    var flow: String

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .long, help: "Which request of a series (endpoint choices spread over requests).")
    var request: Int = 0

    @Option(name: .long, help: "Seed for the random endpoint choices.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "The node an outside request enters (NodePort, LoadBalancer, ingress).")
    var entryNode: String?

    @Option(name: .long, help: "Replay with externalTrafficPolicy Cluster or Local.")
    var trafficPolicy: String?

    @Option(name: .long, help: "Replay with sessionAffinity ClientIP or None.")
    var sessionAffinity: String?

    @Option(name: .long, help: "The calling pod (clusterip, externalname flows).")
    var from: String?

    @Option(name: .long, help: "The HTTP path, with a query if wanted (ingress and gateway flows).")
    var path: String?

    @Option(name: .long, help: "A request header NAME=VALUE for gateway flows (repeatable).")
    var header: [String] = []

    @Option(name: .long, help: "The HTTP method for gateway flows (default GET).")
    var method: String?

    @Option(
        name: .long,
        help: "Gateway flows: play a gRPC call SERVICE/METHOD (an HTTP/2 POST /SERVICE/METHOD, application/grpc).")
    var grpc: String?

    @Flag(name: .long, help: "Ingress flows: replay the request through the Ingress's Gateway API equivalent too.")
    var asGateway = false

    @Flag(name: .long, help: "Ingress flows: print the equivalent Gateway and HTTPRoutes as YAML.")
    var gatewayYaml = false

    @Option(name: .long, help: "The service port, by number or name, when it has several.")
    var port: String?

    @Option(name: .long, help: "Also play N requests and show how they spread over the pods.")
    var spread: Int?

    @Flag(name: .long, help: "One line per hop: places, addresses and rewrites (text format).")
    var brief = false

    @OptionGroup var colorOption: ColorOption
    var color: ColorChoice { colorOption.color }

    @Flag(name: .long, help: "Leave out the reply path.")
    var noReply = false

    @OptionGroup var proxyMode: ProxyModeOption

    @OptionGroup var nodeRules: NodeRulesOption

    @OptionGroup var input: InputFileArguments
    var files: [String] { input.all }

    func run() async throws {
        try InputFiles.requireReadable(files)
        let spec = try FlowSpec(flow)
        guard request >= 0 else {
            throw ValidationError("--request counts requests from 0, so it cannot be \(request).")
        }
        let options = try flowOptions()
        let input = try InputSource(files: files).loadForKubehops()
        let cluster = Cluster(resources: input.resources, diagnostics: input.diagnostics)
        if asGateway || gatewayYaml {
            try explainAsGateway(spec, cluster: cluster, options: options)
            return
        }
        var engine = FlowEngine(cluster: cluster, seed: seed)
        engine.nodeRules = try nodeRules.load()
        let result: Flow
        do {
            result = try engine.flow(spec.kind, target: spec.target, request: request, options: options)
        } catch {
            throw ExplainFailure(message: FlowText.clean(error.message))
        }
        try write(result, spread: try spreadOfRequests(spec, cluster: cluster, options: options))
    }

    /// The request the options describe, each option checked in the order the command always checked them.
    private func flowOptions() throws -> FlowOptions {
        var options = FlowOptions(
            entryNode: entryNode, sessionAffinity: sessionAffinity, clientPod: from, path: path, port: port,
            includeReply: !noReply, proxyMode: try proxyMode.mode)
        options.headers = try header.map(HeaderArgument.parse)
        options.method = method?.uppercased()
        if let grpc { try GRPCCallArgument.apply(grpc, path: path, to: &options) }
        if let trafficPolicy {
            guard
                let policy = TrafficPolicy(
                    rawValue: trafficPolicy.prefix(1).uppercased() + trafficPolicy.dropFirst().lowercased())
            else {
                throw ValidationError("--traffic-policy must be Cluster or Local, not \(trafficPolicy).")
            }
            options.externalTrafficPolicy = policy
        }
        if let sessionAffinity, !["ClientIP", "None"].contains(sessionAffinity) {
            throw ValidationError("--session-affinity must be ClientIP or None, not \(sessionAffinity).")
        }
        return options
    }

    /// `--as-gateway` / `--gateway-yaml`: the Ingress's request replayed through its Gateway API equivalent,
    /// and or the equivalent's YAML.
    private func explainAsGateway(_ spec: FlowSpec, cluster: Cluster, options: FlowOptions) throws {
        guard spec.kind == .ingress else {
            throw ValidationError(
                "--as-gateway and --gateway-yaml convert an Ingress: use them with --flow ingress.")
        }
        let replay: IngressReplay
        do {
            replay = try FlowEngine(cluster: cluster, seed: seed).replayAsGateway(
                target: spec.target, request: request, options: options)
        } catch {
            throw ExplainFailure(message: FlowText.clean(error.message))
        }
        if gatewayYaml {
            print(GatewayYAML.render(replay.migration), terminator: "")
            if !asGateway { return }
        }
        switch format {
        case .text: print(MigrationText.render(replay), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let document = MigrationDocument(
                ingress: FlowDocument(replay.ingressFlow), gateway: FlowDocument(replay.gatewayFlow),
                differences: replay.migration.differences, outcomeDifferences: replay.outcomeDifferences,
                yaml: GatewayYAML.render(replay.migration))
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        }
    }

    /// `--spread N`: where N requests of the flow land, or nil without the option.
    private func spreadOfRequests(_ spec: FlowSpec, cluster: Cluster, options: FlowOptions) throws -> LoadSpread? {
        guard let spread else { return nil }
        guard spread > 0 else { throw ValidationError("--spread needs a positive number of requests.") }
        do {
            return try FlowEngine(cluster: cluster, seed: seed).spread(
                spec.kind, target: spec.target, requests: spread, options: options)
        } catch {
            throw ExplainFailure(message: FlowText.clean(error.message))
        }
    }

    /// The flow (and its spread) as text, styled for the terminal, or as JSON.
    private func write(_ result: Flow, spread spreadResult: LoadSpread?) throws {
        switch format {
        case .text:
            let style = ExplainStyle(
                width: TerminalSize.ofStandardOutput()?.width,
                color: ColorDecision.useColor(
                    choice: color, environment: ProcessInfo.processInfo.environment,
                    stdoutIsTerminal: isatty(STDOUT_FILENO) == 1))
            print(style.apply(brief ? FlowBrief.render(result) : FlowText.render(result)), terminator: "")
            if let spreadResult { print("Spread: " + FlowText.clean(spreadResult.summary)) }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(FlowDocument(result, spread: spreadResult))
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// `explain --flow ingress… --as-gateway --format json`: both flows, the differences and the converted YAML.
struct MigrationDocument: Encodable {
    var schema = "kubehops.migration/v1"
    var ingress: FlowDocument
    var gateway: FlowDocument
    var differences: [String]
    var outcomeDifferences: [String]
    var yaml: String
}

/// `--header NAME=VALUE` (or `NAME: VALUE`, as curl writes it).
enum HeaderArgument {
    static func parse(_ text: String) throws -> HTTPHeaderField {
        let separator = text.firstIndex(where: { $0 == "=" || $0 == ":" })
        guard let separator, separator != text.startIndex else {
            throw ValidationError("--header takes NAME=VALUE (or 'NAME: VALUE'), not '\(text)'.")
        }
        let name = text[..<separator].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else {
            throw ValidationError("--header NAME must be one word, not '\(name)'.")
        }
        return HTTPHeaderField(name: name, value: value)
    }
}

/// `--grpc SERVICE/METHOD`: what a gRPC client sends, an HTTP/2 POST to `/SERVICE/METHOD` with
/// `content-type: application/grpc` (gRPC over HTTP/2), so that GRPCRoutes match it.
enum GRPCCallArgument {
    static func apply(_ text: String, path: String?, to options: inout FlowOptions) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("--grpc takes SERVICE/METHOD (e.g. com.example.User/GetUser), not '\(text)'.")
        }
        guard path == nil else { throw ValidationError("--grpc sets the path (/\(text)): leave out --path.") }
        if let method = options.method, method != "POST" {
            throw ValidationError("A gRPC call is always a POST, not \(method): leave out --method.")
        }
        options.path = "/" + text
        options.method = "POST"
        if !options.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            options.headers.append(HTTPHeaderField(name: "content-type", value: "application/grpc"))
        }
    }
}

/// `--format json --spread N`: the flow and the spread side by side.
///
/// A flow that cannot be built: printed as `Error: …` without the usage text, since the arguments were fine.
struct ExplainFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
