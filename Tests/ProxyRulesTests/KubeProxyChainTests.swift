import ClusterModel
import Testing

@testable import ProxyRules

@Suite struct KubeProxyChainTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
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
        #expect(
            KubeProxyChains.endpointChain(service, portName: nil, protocol: "TCP", endpoint: "172.16.180.193:80")
                == "KUBE-SEP-J27MLTSUV4RDPHXJ")
        #expect(KubeProxyChains.servicePortName(service, portName: "http") == "nginx-demo/nginx-nodeport:http")
        #expect(KubeProxyChains.serviceChain(service, portName: "http", protocol: "TCP") != "KUBE-SVC-7EKCV6CHM5FQ364Q")
    }

    @Test func kubeDNSChainNamesMatchARealNode() {
        let dns = ObjectKey(namespace: "kube-system", name: "kube-dns")
        #expect(KubeProxyChains.serviceChain(dns, portName: "dns", protocol: "UDP") == "KUBE-SVC-TCOU7JCQXEZGVUNU")
        #expect(KubeProxyChains.serviceChain(dns, portName: "dns-tcp", protocol: "TCP") == "KUBE-SVC-ERIFXISQEP7F7OF4")
    }

    @Test func statisticProbabilitiesAreOneOverNDescending() {
        let ladder = (0..<4).map { KubeProxyChains.probability(rule: $0, of: 4) }
        #expect(ladder == [0.25, 1.0 / 3, 0.5, nil])
        #expect(KubeProxyChains.probability(rule: 0, of: 1) == nil)
    }

    /// kube-proxy writes %0.10f; iptables stores lround(p * 2^31) and iptables-save prints %.11f of it.
    @Test(arguments: [
        (1.0 / 3, "0.3333333333", "0.33333333349"),
        (0.5, "0.5000000000", "0.50000000000"),
        (0.2, "0.2000000000", "0.20000000019"),
        (0.25, "0.2500000000", "0.25000000000"),
        (0.1, "0.1000000000", "0.10000000009"),
    ])
    func probabilityIsPrintedAsIptablesSaveDoes(p: Double, written: String, saved: String) {
        let probability = StatisticProbability(p)
        #expect(probability.written == written)
        #expect(probability.saved == saved)
        #expect(KubeProxyChains.formatProbability(p) == saved)
    }

    @Test func before117KubeProxyWroteFiveDecimals() {
        let old = StatisticProbability(1.0 / 3, kubeVersion: KubeVersion("v1.16.15"))
        #expect(old.written == "0.33333")
        #expect(old.saved == "0.33332999982")
        #expect(StatisticProbability(1.0 / 3, kubeVersion: KubeVersion("v1.17.0")).written == "0.3333333333")
    }

    @Test func storedValueIsTheKernelsU32() {
        #expect(StatisticProbability(written: "0.5000000000").stored == 1 << 30)
        #expect(StatisticProbability(written: "1").saved == "1.00000000000")
        #expect(StatisticProbability(written: "garbage").stored == 0)
    }

    @Test func versionsReadFromNodeColumns() {
        #expect(KubeVersion("v1.30.2+k3s1") == KubeVersion(major: 1, minor: 30))
        #expect(KubeVersion("v1.28.5-eks-5e0fdde") == KubeVersion(major: 1, minor: 28))
        #expect(KubeVersion("1.9") == KubeVersion(major: 1, minor: 9))
        #expect(KubeVersion("<none>") == nil)
        #expect(KubeVersion("v1") == nil)
        #expect(KubeVersion("v1.23.9")! < .externalChains)
    }
}
