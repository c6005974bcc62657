import ClusterModel

/// Why a flow could not be built.
///
/// Each case carries what a message needs to say what exists instead, so callers can react to the case (the live view
/// greys a flow out, scripts test the kind) and people read `message`.
public enum FlowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing in the input fits the flow kind; `existing` lists what there is.
    case nothingFits(FlowKind, existing: String)
    /// No object of that name; `what` is `service`, `pod with an IP`, `node`, `ingress named or serving host`.
    case notFound(what: String, name: String, existing: String)
    /// Several objects answer to the name.
    case ambiguous(name: String, matches: [String])
    /// The named service is of a type the flow cannot play.
    case wrongType(service: ObjectKey, type: String, kind: FlowKind, fitting: String)
    /// The service has no port matching the one asked for.
    case noSuchPort(service: ObjectKey, wanted: String, ports: [String])
    /// The port followed has no nodePort.
    case noNodePort(service: ObjectKey, port: Int, ports: [String])
    case noPorts(service: ObjectKey)
    case noClusterIP(service: ObjectKey)
    /// A pod flow names two pods.
    case needsTwoPods(existing: String)
    /// A pod flow needs two pods with IPs and the input has fewer.
    case tooFewPods(existing: String)
    /// An in-cluster request needs a calling pod and the input has none.
    case noCallingPod
    /// No ingress in the input.
    case noIngress(existing: String)
    /// No Gateway in the input.
    case noGateway(existing: String)

    public var message: String {
        switch self {
        case .nothingFits(let kind, let existing):
            "no service fits \(kind.article) \(kind.rawValue) flow in this input. \(existing)"
        case .notFound(let what, let name, let existing): "no \(what) \(name). \(existing)"
        case .ambiguous(let name, let matches):
            "\(name) is ambiguous: \(matches.joined(separator: ", ")). Name it as namespace/name."
        case .wrongType(let service, let type, let kind, let fitting):
            "service \(service) is \(type), which does not fit \(kind.article) \(kind.rawValue) flow. \(fitting)"
        case .noSuchPort(let service, let wanted, let ports):
            "service \(service) has no port \(wanted); it has \(ports.joined(separator: ", "))."
        case .noNodePort(let service, let port, let ports):
            "service \(service) port \(port) has no nodePort. Ports: \(ports.joined(separator: ", "))."
        case .noPorts(let service): "service \(service) lists no ports, so there is nothing to connect to."
        case .noClusterIP(let service): "service \(service) has no ClusterIP in the input."
        case .needsTwoPods(let existing): "a pod flow names two pods: --flow pod:A,B. \(existing)"
        case .tooFewPods(let existing): "a pod flow needs two pods with IPs. \(existing)"
        case .noCallingPod:
            "a request from inside the cluster needs a pod with an IP to start from, and the input has none: add "
                + "`kubectl get pods -o wide`."
        case .noIngress(let existing): "no ingress in this input (add `kubectl get ingress -A -o yaml`). \(existing)"
        case .noGateway(let existing):
            "no Gateway in this input (add `kubectl get gateway,httproute,referencegrant -A -o yaml`). \(existing)"
        }
    }

    public var description: String { message }
}
