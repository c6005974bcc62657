import Testing

@testable import ProxyRules

/// Addresses as kube-proxy's rules print them and as the walks compare them.
@Suite struct IPPrefixTests {
    @Test func loopbackIsTheRangeTheRulesName() {
        #expect(IPPrefix.loopback(.ipv4) == IPPrefix("127.0.0.0/8"))
        #expect(IPPrefix.loopback(.ipv6) == IPPrefix("::1/128"))
        #expect(IPPrefix.loopback(.ipv4).description == "127.0.0.0/8")
        #expect(IPPrefix.loopback(.ipv6).description == "::1/128")
    }

    @Test func loopbackHoldsTheNodesOwnAddressesOnly() throws {
        #expect(IPPrefix.loopback(.ipv4).contains(try #require(IPPrefix("127.0.0.53"))))
        #expect(!IPPrefix.loopback(.ipv4).contains(try #require(IPPrefix("10.0.0.1"))))
        #expect(!IPPrefix.loopback(.ipv6).contains(try #require(IPPrefix("::2"))))
        #expect(!IPPrefix.loopback(.ipv4).contains(try #require(IPPrefix("::1"))))
    }

    @Test func textThatIsNoPrefixIsRefused() {
        #expect(IPPrefix("127.0.0.0/33") == nil)
        #expect(IPPrefix("[::1]") == nil)
        #expect(IPPrefix("") == nil)
    }
}
