import Foundation
import Testing

/// `kubehops explain --flow gateway…` as a user runs it: headers, method, JSON routing, bad arguments.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct GatewayExplainTests {
    static let sample = PrintRun.packageRoot.appendingPathComponent("samples/gateway-canary-header.txt").path

    static func routing(_ arguments: [String]) throws -> [String: Any] {
        let run = try PrintRun(["explain", "--format", "json"] + arguments + [sample])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return document?["routing"] as? [String: Any] ?? [:]
    }

    @Test func headerPicksTheCanaryRuleAndJSONSaysWhichRule() throws {
        let plain = try Self.routing(["--flow", "gateway:shop.example.com", "--path", "/cart"])
        #expect(plain["rule"] as? Int == 2)
        #expect((plain["backends"] as? [[String: Any]])?.map { $0["weight"] as? Int } == [90, 10])
        let canary = try Self.routing([
            "--flow", "gateway:shop.example.com", "--path", "/cart", "--header", "X-Canary: always", "--method", "get",
        ])
        #expect(canary["rule"] as? Int == 1)
        #expect((canary["request"] as? [String: Any])?["method"] as? String == "GET")
        let redirect = try Self.routing(["--flow", "gateway:shop.example.com", "--path", "/old-cart"])
        #expect(redirect["status"] as? Int == 301)
    }

    @Test func textNamesTheRulesThatWereNotChosen() throws {
        let run = try PrintRun(["explain", "--flow", "gateway:shop.example.com", "--path", "/cart", Self.sample])
        #expect(run.status == 0)
        #expect(run.stdout.contains("not chosen: HTTPRoute shop/cart rule 1 (canary-by-header)"))
        #expect(run.stdout.contains("header x-canary wanted"))
    }

    @Test func grpcSendsAnHTTP2PostWithTheGRPCContentType() throws {
        let run = try PrintRun([
            "explain", "--format", "json", "--flow", "gateway:shop.example.com", "--grpc", "shop.Cart/Get", Self.sample,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let request = (document?["routing"] as? [String: Any])?["request"] as? [String: Any]
        #expect(request?["method"] as? String == "POST")
        #expect(request?["path"] as? String == "/shop.Cart/Get")
        for bad in [["--grpc", "noslash"], ["--grpc", "a/b", "--method", "GET"], ["--grpc", "a/b", "--path", "/x"]] {
            let refused = try PrintRun(["explain", "--flow", "gateway"] + bad + [Self.sample])
            #expect(refused.status != 0 && (refused.stderr.contains("gRPC") || refused.stderr.contains("--grpc")))
        }
    }

    @Test func aHeaderWithoutAValueSeparatorIsRefused() throws {
        let run = try PrintRun(["explain", "--flow", "gateway", "--header", "novalue", Self.sample])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--header takes NAME=VALUE"))
    }
}

/// `explain --flow ingress --as-gateway` and `--gateway-yaml` as a user runs them.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct IngressAsGatewayTests {
    static let sample = PrintRun.packageRoot.appendingPathComponent("samples/ingress-and-gateway.txt").path

    @Test func sideBySideWithDifferences() throws {
        let run = try PrintRun(["explain", "--flow", "ingress", "--as-gateway", "--path", "/apix", Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Ingress shop/shop → Gateway API: Gateway shop/nginx (class nginx)"))
        #expect(run.stdout.contains("Ingress, hop by hop:") && run.stdout.contains("Gateway API, hop by hop:"))
        #expect(run.stdout.contains("plain string prefix"))
        #expect(run.stdout.contains("limit-rps has no Gateway API equivalent"))
    }

    @Test func yamlOnRequestAndJSON() throws {
        let yaml = try PrintRun(["explain", "--flow", "ingress", "--gateway-yaml", Self.sample])
        #expect(yaml.status == 0)
        #expect(yaml.stdout.contains("kind: HTTPRoute") && yaml.stdout.contains("certificateRefs:"))
        #expect(!yaml.stdout.contains("hop by hop"))
        let json = try PrintRun(["explain", "--flow", "ingress", "--as-gateway", "--format", "json", Self.sample])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["schema"] as? String == "kubehops.migration/v1")
        #expect((document?["gateway"] as? [String: Any])?["kind"] as? String == "gateway")
        #expect((document?["differences"] as? [String])?.isEmpty == false)
    }

    @Test func onlyForIngressFlows() throws {
        let run = try PrintRun(["explain", "--flow", "nodeport", "--as-gateway", Self.sample])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--as-gateway and --gateway-yaml convert an Ingress"))
    }
}
