import ClusterModel
import TerminalText

/// One function per kind; each reads what kubectl's table would show and
/// what only the object has.
enum ObjectRecords {
    static func owners(_ metadata: KubeValue) -> [OwnerReference] {
        metadata["ownerReferences"].list.compactMap { reference in
            guard let kind = reference["kind"].string, let name = reference["name"].string else { return nil }
            return OwnerReference(kind: kind, name: name, inferred: false)
        }
    }

    static func addresses(_ values: [KubeValue]) -> [IPAddress] {
        values.compactMap { $0.string.flatMap { IPAddress($0) } }
    }

    static func node(_ object: KubeValue, name: String, origin: SourceLocation) -> Node {
        let status = object["status"]
        let ready = status["conditions"].list.first { $0["type"].string == "Ready" }
        var text =
            ready.map {
                $0["status"].string == "True" ? "Ready" : $0["status"].string == "False" ? "NotReady" : "Unknown"
            } ?? "Unknown"
        if object["spec"]["unschedulable"].bool == true { text += ",SchedulingDisabled" }
        var node = Node(name: name, status: text)
        let labels = object["metadata"]["labels"].stringMap
        node.labels = labels ?? [:]
        node.roles = (labels ?? [:]).keys.compactMap { key in
            key.hasPrefix("node-role.kubernetes.io/") ? String(key.dropFirst("node-role.kubernetes.io/".count)) : nil
        }.sorted()
        for address in status["addresses"].list {
            guard let ip = address["address"].string.flatMap({ IPAddress($0) }) else { continue }
            switch address["type"].string {
            case "InternalIP": node.internalIPs.append(ip)
            case "ExternalIP": node.externalIPs.append(ip)
            default: break
            }
        }
        let info = status["nodeInfo"]
        node.version = info["kubeletVersion"].string
        node.osImage = info["osImage"].string
        node.kernelVersion = info["kernelVersion"].string
        node.containerRuntime = info["containerRuntimeVersion"].string
        let cidrs = object["spec"]["podCIDRs"].list.compactMap(\.string)
        node.podCIDRs = cidrs.isEmpty ? (object["spec"]["podCIDR"].string.map { [$0] } ?? []) : cidrs
        node.origin = origin
        return node
    }

    static func pod(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> Pod {
        let spec = object["spec"], status = object["status"], metadata = object["metadata"]
        let containerStatuses = status["containerStatuses"].list
        var pod = Pod(key: key, status: podStatus(object))
        let total = max(spec["containers"].list.count, containerStatuses.count)
        // Without containerStatuses (a trimmed manifest), the pod's Ready condition says it for all containers.
        let readyCondition = status["conditions"].list.first { $0["type"].string == "Ready" }?["status"].string
        let readyContainers =
            containerStatuses.isEmpty && readyCondition == "True"
            ? total : containerStatuses.filter { $0["ready"].bool == true }.count
        pod.ready = ReadyCount(ready: readyContainers, total: total)
        pod.restarts = RestartCount(count: containerStatuses.reduce(0) { $0 + ($1["restartCount"].int ?? 0) })
        let podIPs = addresses(status["podIPs"].list.map { $0["ip"] })
        pod.ips = podIPs.isEmpty ? addresses([status["podIP"]]) : podIPs
        pod.nodeName = spec["nodeName"].string
        pod.nominatedNode = status["nominatedNodeName"].string
        pod.hostNetwork = spec["hostNetwork"].bool ?? false
        pod.labels = metadata["labels"].stringMap ?? [:]
        pod.owners = owners(metadata)
        pod.containerPorts = spec["containers"].list.flatMap { container in
            container["ports"].list.compactMap { port -> ContainerPort? in
                guard let number = port["containerPort"].int else { return nil }
                return ContainerPort(
                    name: port["name"].string, port: number, protocol: port["protocol"].string ?? "TCP")
            }
        }
        pod.origin = origin
        return pod
    }

    /// What kubectl's STATUS column shows: Terminating, a waiting or terminated
    /// reason (CrashLoopBackOff, Completed), else the phase.
    static func podStatus(_ object: KubeValue) -> String {
        if !object["metadata"]["deletionTimestamp"].isNull { return "Terminating" }
        let status = object["status"]
        for container in status["containerStatuses"].list {
            if let reason = container["state"]["waiting"]["reason"].string { return reason }
            if let reason = container["state"]["terminated"]["reason"].string { return reason }
        }
        return status["reason"].string ?? status["phase"].string ?? "Unknown"
    }

    static func service(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> Service {
        let spec = object["spec"]
        var service = Service(key: key, type: ServiceType(spec["type"].string ?? "ClusterIP"))
        let clusterIPs = spec["clusterIPs"].list.compactMap(\.string)
        let first = spec["clusterIP"].string
        service.isHeadless = first == "None"
        service.clusterIPs = addresses(
            (clusterIPs.isEmpty ? [first].compactMap { $0 } : clusterIPs).map { .string($0) })
        service.externalIPs = addresses(spec["externalIPs"].list)
        for ingress in object["status"]["loadBalancer"]["ingress"].list {
            if let ip = ingress["ip"].string.flatMap({ IPAddress($0) }) { service.externalIPs.append(ip) }
            if let host = ingress["hostname"].string { service.externalHostnames.append(host) }
            if let mode = ingress["ipMode"].string { service.loadBalancerIPMode = mode }
        }
        service.externalPending =
            service.type == .loadBalancer && service.externalIPs.isEmpty && service.externalHostnames.isEmpty
        service.externalName = spec["externalName"].string
        service.ports = spec["ports"].list.compactMap { port in
            guard let number = port["port"].int else { return nil }
            var target: TargetPort?
            if let value = port["targetPort"].int {
                target = .number(value)
            } else if let name = port["targetPort"].string {
                target = .name(name)
            }
            return ServicePort(
                name: port["name"].string, port: number, targetPort: target, nodePort: port["nodePort"].int,
                protocol: port["protocol"].string ?? "TCP")
        }
        service.selector = spec["selector"].stringMap ?? [:]
        service.externalTrafficPolicy = spec["externalTrafficPolicy"].string.flatMap { TrafficPolicy(rawValue: $0) }
        service.internalTrafficPolicy = spec["internalTrafficPolicy"].string.flatMap { TrafficPolicy(rawValue: $0) }
        service.sessionAffinity = spec["sessionAffinity"].string
        readSpecDetails(spec, into: &service)
        service.origin = origin
        return service
    }

    /// The spec fields that decide a packet's path but no table shows.
    static func readSpecDetails(_ spec: KubeValue, into service: inout Service) {
        service.portNamesKnown = true
        service.sessionAffinityTimeoutSeconds = spec["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"].int
        service.trafficDistribution = spec["trafficDistribution"].string
        service.healthCheckNodePort = spec["healthCheckNodePort"].int
        service.ipFamilies = spec["ipFamilies"].list.compactMap(\.string)
        service.loadBalancerSourceRanges = spec["loadBalancerSourceRanges"].list.compactMap(\.string)
    }

    static func targetPod(_ reference: KubeValue, namespace: String?) -> ObjectKey? {
        guard reference["kind"].string == "Pod", let name = reference["name"].string else { return nil }
        return ObjectKey(namespace: reference["namespace"].string ?? namespace, name: name)
    }

    static func endpoints(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> EndpointSet {
        var set = EndpointSet(key: key, kind: .endpoints, serviceName: key.name)
        for subset in object["subsets"].list {
            set.namedPorts.append(contentsOf: endpointPorts(subset["ports"]))
            let ports = subset["ports"].list.compactMap { $0["port"].int }
            let portList: [Int?] = ports.isEmpty ? [nil] : ports
            for (list, ready) in [(subset["addresses"].list, true), (subset["notReadyAddresses"].list, false)] {
                for address in list {
                    guard let ip = address["ip"].string.flatMap({ IPAddress($0) }) else { continue }
                    for port in portList {
                        set.addresses.append(
                            EndpointAddress(
                                ip: ip, port: port, ready: ready, nodeName: address["nodeName"].string,
                                targetPod: targetPod(address["targetRef"], namespace: key.namespace)))
                    }
                }
            }
        }
        set.origin = origin
        return set
    }

    static func endpointSlice(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> EndpointSet {
        let service =
            object["metadata"]["labels"]["kubernetes.io/service-name"].string
            ?? ServiceRows.serviceName(ofSlice: key.name)
        var set = EndpointSet(key: key, kind: .endpointSlice, serviceName: service)
        set.addressType = object["addressType"].string
        set.ports = object["ports"].list.compactMap { $0["port"].int }
        set.namedPorts = endpointPorts(object["ports"])
        let port = set.ports.count == 1 ? set.ports.first : nil
        for endpoint in object["endpoints"].list {
            let conditions = endpoint["conditions"]
            let hints = endpoint["hints"]
            let forZones = hints["forZones"].isNull ? nil : hints["forZones"].list.compactMap { $0["name"].string }
            let forNodes = hints["forNodes"].isNull ? nil : hints["forNodes"].list.compactMap { $0["name"].string }
            for ip in addresses(endpoint["addresses"].list) {
                var address = EndpointAddress(
                    ip: ip, port: port, ready: conditions["ready"].bool, nodeName: endpoint["nodeName"].string,
                    targetPod: targetPod(endpoint["targetRef"], namespace: key.namespace))
                address.serving = conditions["serving"].bool
                address.terminating = conditions["terminating"].bool
                address.zone = endpoint["zone"].string
                address.hintsForZones = forZones
                address.hintsForNodes = forNodes
                set.addresses.append(address)
            }
        }
        set.origin = origin
        return set
    }

    /// `ports` of an EndpointSlice or an Endpoints subset, with names and protocols.
    static func endpointPorts(_ ports: KubeValue) -> [EndpointPort] {
        ports.list.compactMap { port in
            port["port"].int.map {
                EndpointPort(name: port["name"].string, port: $0, protocol: port["protocol"].string ?? "TCP")
            }
        }
    }

    static func backend(_ backend: KubeValue, host: String?, path: String, pathType: String?) -> IngressRule? {
        // networking.k8s.io/v1 (`service.name`, `service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`).
        let service = backend["service"]
        guard let name = service["name"].string ?? backend["serviceName"].string else { return nil }
        var port: TargetPort?
        if let number = service["port"]["number"].int ?? backend["servicePort"].int {
            port = .number(number)
        } else if let portName = service["port"]["name"].string ?? backend["servicePort"].string {
            port = .name(portName)
        }
        return IngressRule(host: host, path: path, pathType: pathType, serviceName: name, servicePort: port)
    }

    static func ingress(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> Ingress {
        let spec = object["spec"]
        var ingress = Ingress(key: key)
        ingress.className =
            spec["ingressClassName"].string ?? object["metadata"]["annotations"]["kubernetes.io/ingress.class"].string
        for rule in spec["rules"].list {
            let host = rule["host"].string
            ingress.hosts.append(host ?? "*")
            for path in rule["http"]["paths"].list {
                if let parsed = backend(
                    path["backend"], host: host, path: path["path"].string ?? "/", pathType: path["pathType"].string)
                {
                    ingress.rules.append(parsed)
                }
            }
        }
        let defaultBackend = spec["defaultBackend"].isNull ? spec["backend"] : spec["defaultBackend"]
        ingress.defaultBackend = backend(defaultBackend, host: nil, path: "/", pathType: nil)
        if ingress.hosts.isEmpty { ingress.hosts = ["*"] }
        ingress.tlsHosts = spec["tls"].list.flatMap { $0["hosts"].list.compactMap(\.string) }
        for tls in spec["tls"].list {
            guard let secret = tls["secretName"].string else { continue }
            for host in tls["hosts"].list.compactMap(\.string) { ingress.tlsSecrets[host] = secret }
        }
        ingress.annotations = object["metadata"]["annotations"].stringMap ?? [:]
        ingress.ports = spec["tls"].list.isEmpty ? [80] : [80, 443]
        for address in object["status"]["loadBalancer"]["ingress"].list {
            if let value = address["ip"].string ?? address["hostname"].string { ingress.addresses.append(value) }
        }
        ingress.origin = origin
        return ingress
    }

    static func workload(_ object: KubeValue, kind: WorkloadKind, key: ObjectKey, origin: SourceLocation) -> Workload {
        let spec = object["spec"], status = object["status"], metadata = object["metadata"]
        var workload = Workload(kind: kind, key: key)
        let podSpec = kind == .cronJob ? spec["jobTemplate"]["spec"]["template"]["spec"] : spec["template"]["spec"]
        workload.containers = podSpec["containers"].list.compactMap { $0["name"].string }
        workload.images = podSpec["containers"].list.compactMap { $0["image"].string }
        workload.selector =
            spec["selector"]["matchLabels"].stringMap ?? (kind == .cronJob ? nil : spec["selector"].stringMap)
        workload.labels = metadata["labels"].stringMap ?? [:]
        workload.owners = owners(metadata)
        switch kind {
        case .daemonSet:
            workload.desired = status["desiredNumberScheduled"].int
            workload.current = status["currentNumberScheduled"].int
            workload.upToDate = status["updatedNumberScheduled"].int
            workload.available = status["numberAvailable"].int
            workload.ready = ReadyCount(ready: status["numberReady"].int ?? 0, total: workload.desired ?? 0)
        case .job:
            workload.ready = ReadyCount(ready: status["succeeded"].int ?? 0, total: spec["completions"].int ?? 1)
        case .cronJob:
            break
        default:
            let replicas = spec["replicas"].int ?? 1
            workload.desired = replicas
            workload.current = status["replicas"].int
            workload.upToDate = status["updatedReplicas"].int
            workload.available = status["availableReplicas"].int
            workload.ready = ReadyCount(ready: status["readyReplicas"].int ?? 0, total: replicas)
        }
        workload.origin = origin
        return workload
    }
}
