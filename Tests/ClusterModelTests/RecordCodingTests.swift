import ClusterModel
import Foundation
import Testing

/// Records encode as scripts read them (`parse --format json`), without Swift's enum shapes, and decode back.
@Suite struct RecordCodingTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func serviceTypesAreStrings() throws {
        #expect(try Self.json([ServiceType.nodePort, .clusterIP]) == #"["nodePort","clusterIP"]"#)
        #expect(try Self.json(ServiceType.other("Weird")) == #"{"other":"Weird"}"#)
        for type in [ServiceType.clusterIP, .nodePort, .loadBalancer, .externalName, .other("Weird")] {
            let back = try JSONDecoder().decode(ServiceType.self, from: Data(try Self.json(type).utf8))
            #expect(back == type)
        }
    }

    @Test func targetPortsHaveKubernetesShape() throws {
        #expect(try Self.json(TargetPort.number(8080)) == #"{"number":8080}"#)
        #expect(try Self.json(TargetPort.name("http")) == #"{"name":"http"}"#)
        for port in [TargetPort.number(8080), .name("http")] {
            #expect(try JSONDecoder().decode(TargetPort.self, from: Data(try Self.json(port).utf8)) == port)
        }
    }

    @Test func addressRangesAreTheirCIDRText() throws {
        let ranges = try ["10.0.0.0/8", "fd00::/8", "192.168.1.7"].map { try #require(IPRange($0)) }
        #expect(try Self.json(ranges) == #"["10.0.0.0\/8","fd00::\/8","192.168.1.7"]"#)
        #expect(try JSONDecoder().decode([IPRange].self, from: Data(try Self.json(ranges).utf8)) == ranges)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IPRange.self, from: Data(#""10.0.0.0/40""#.utf8)) }
    }

    @Test func clusterPolicyPeersAndPortsHaveOneKeyPerKind() throws {
        let shop = LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "shop"])
        let peers: [ClusterPolicyPeer] = [
            .pods(ClusterPodSelection(namespaces: shop)), .nodes(shop),
            .networks([try #require(IPRange("10.0.0.0/8"))]), .domainNames(["*.example.com"]), .unreadable,
        ]
        let text = try Self.json(peers)
        #expect(!text.contains("_0"))
        #expect(text.contains(#"{"networks":["10.0.0.0\/8"]}"#))
        #expect(text.contains(#"{"unreadable":true}"#))
        #expect(try JSONDecoder().decode([ClusterPolicyPeer].self, from: Data(text.utf8)) == peers)
        let ports: [ClusterPolicyPort] = [
            .named("http"), .range(protocol: "TCP", start: 80, end: 80), .range(protocol: "UDP", start: nil, end: nil),
            .range(protocol: "TCP", start: 8000, end: 9000),
        ]
        let portText = try Self.json(ports)
        #expect(portText.hasPrefix(#"[{"name":"http"},{"endPort":80,"port":80,"protocol":"TCP"},{"protocol":"UDP"}"#))
        #expect(try JSONDecoder().decode([ClusterPolicyPort].self, from: Data(portText.utf8)) == ports)
    }
}
