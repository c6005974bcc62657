import ModelBuilders
import Testing
import ClusterModel
@testable import FlowEngine

@Suite struct KubeProxyChainTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesStandardVectors(input: String, hex: String) {
        let digest = SHA256.digest(Array(input.utf8)).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        #expect(digest == hex)
    }

    @Test func sha256OfAMillionAs() {
        let digest = SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(digest.prefix(4) == [0xcd, 0xc7, 0x6e, 0x5c])
    }

    @Test func base32MatchesRFC4648() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI======")
        #expect(Base32.encode(Array("f".utf8)) == "MY======")
    }

    @Test func chainNamesMatchTheTeachingFactsExamples() {
        let service = ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")
        #expect(KubeProxyChains.serviceChain(service, portName: nil, protocol: "TCP") == "KUBE-SVC-7EKCV6CHM5FQ364Q")
        #expect(KubeProxyChains.endpointChain(service, portName: nil, protocol: "TCP", endpoint: "172.16.180.193:80") == "KUBE-SEP-J27MLTSUV4RDPHXJ")
        #expect(KubeProxyChains.servicePortName(service, portName: "http") == "nginx-demo/nginx-nodeport:http")
        #expect(KubeProxyChains.serviceChain(service, portName: "http", protocol: "TCP") != "KUBE-SVC-7EKCV6CHM5FQ364Q")
    }

    @Test func statisticProbabilitiesAreOneOverNDescending() {
        let printed = (0..<4).map { KubeProxyChains.probability(rule: $0, of: 4).map(KubeProxyChains.formatProbability) }
        #expect(printed == ["0.2500000000", "0.3333333333", "0.5000000000", nil])
        #expect(KubeProxyChains.probability(rule: 0, of: 1) == nil)
    }
}
