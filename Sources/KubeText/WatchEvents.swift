import ClusterModel

/// `kubectl get … -w --output-watch-events` puts an EVENT column first:
/// ADDED and MODIFIED rows are read like any row (the later wins), a DELETED
/// row takes the object out, so a watched pod that is gone leaves the picture.
enum WatchEvents {
    static func isDeletion(_ line: [UInt8], _ cell: Range<Int>) -> Bool {
        line[cell].elementsEqual("DELETED".utf8)
    }

    /// Removes the record a DELETED row names; false when it was never read.
    static func remove(_ kind: TableKind, key: ObjectKey, from resources: inout Resources) -> Bool {
        switch kind {
        case .pod: resources.removePod(key)
        case .node: resources.removeNode(named: key.name)
        case .service: resources.removeService(key)
        case .endpoints: resources.removeEndpoints(.endpoints, key)
        case .endpointSlice: resources.removeEndpoints(.endpointSlice, key)
        case .ingress: resources.removeIngress(key)
        case .workload(let workloadKind): resources.removeWorkload(workloadKind, key)
        case .networkPolicy: resources.removeNetworkPolicy(key)
        case .namespace: resources.removeNamespace(named: key.name)
        case .gatewayClass: resources.removeGatewayClass(named: key.name)
        case .gateway: resources.removeGateway(key)
        case .route(let routeKind): resources.removeRoute(routeKind, key)
        case .referenceGrant: resources.removeReferenceGrant(key)
        case .unsupported: false
        }
    }
}
