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

    @Test func aHeaderWithoutAValueSeparatorIsRefused() throws {
        let run = try PrintRun(["explain", "--flow", "gateway", "--header", "novalue", Self.sample])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--header takes NAME=VALUE"))
    }
}
