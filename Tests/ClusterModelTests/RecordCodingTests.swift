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
}
