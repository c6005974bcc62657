import ClusterModel
@testable import DiagramExport
import DiagramScene
import FlowEngine
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KubeText
import Testing

@Suite("Exports")
struct ExportTests {
    static let dump = """
    NAME           STATUS   ROLES    AGE   VERSION   INTERNAL-IP
    node-a         Ready    <none>   1d    v1.31.0   192.168.1.10
    node-b         Ready    <none>   1d    v1.31.0   192.168.1.11

    NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE
    shop        web-7d9f8b6c5d-abcde   1/1     Running   0          1d    10.244.1.5   node-a
    shop        web-7d9f8b6c5d-fghij   1/1     Running   0          1d    10.244.2.7   node-b

    NAMESPACE   NAME   TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE   SELECTOR
    shop        web    NodePort   10.96.12.34    <none>        80:30080/TCP   1d    app=web
    """

    static func cluster(_ text: String = dump) -> Cluster {
        let parsed = KubeText.parse(bytes: Array(text.utf8), source: "test")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func scene(_ cluster: Cluster) -> Scene {
        var options = SceneOptions()
        options.layout.width = 120
        return Scene(cluster: cluster, options: options)
    }

    @Test("SVG is well-formed XML holding every node, pod and its IP")
    func svgWellFormed() throws {
        let cluster = Self.cluster()
        let svg = SVGExport.document(scene: Self.scene(cluster), title: "t")
        let document = try XMLDocument(xmlString: svg)
        #expect(document.rootElement()?.name == "svg")
        for needle in ["node-a", "node-b", "10.244.1.5", "10.244.2.7", "data-pod=\"shop/web-7d9f8b6c5d-abcde\""] {
            #expect(svg.contains(needle), "missing \(needle)")
        }
        #expect(!svg.contains("http://") || svg.components(separatedBy: "http://").count == 2,
                "only the SVG namespace may be a URL: no external resources")
    }

    @Test("a flow animates one hop after another on one looping clock")
    func svgFlowAnimation() throws {
        let cluster = Self.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let svg = SVGExport.document(scene: Self.scene(cluster), flow: flow, title: flow.title)
        _ = try XMLDocument(xmlString: svg)
        #expect(svg.components(separatedBy: "class=\"caption\"").count - 1 == flow.hops.count)
        #expect(svg.contains("begin=\"0s;clock.end\""))
        let last = Double(flow.hops.count - 1) * SVGExport.secondsPerHop
        #expect(svg.contains("clock.begin+\(Int(last))s"))
        #expect(svg.contains("animateMotion"))
    }

    @Test("hostile names are escaped in every format")
    func hostileNames() throws {
        let hostile = Self.dump.replacingOccurrences(of: "web-7d9f8b6c5d-abcde", with: "a<b>&\"c")
        let cluster = Self.cluster(hostile)
        let svg = SVGExport.document(scene: Self.scene(cluster), title: "<x>")
        _ = try XMLDocument(xmlString: svg)
        let dot = DOTExport.graph(of: cluster)
        #expect(!dot.contains("a<b>&\"c\""))
        let mermaid = MermaidExport.flowchart(of: cluster)
        #expect(!mermaid.contains("<b>"))
    }

    @Test("Mermaid sequence has a participant per place and a message per hop")
    func mermaidSequence() throws {
        let cluster = Self.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let text = MermaidExport.sequence(of: flow)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "sequenceDiagram")
        let messages = lines.filter { $0.contains("->>") || $0.contains("-x") }
        #expect(messages.count == flow.hops.count)
        let places = Set(flow.hops.flatMap { [$0.from, $0.to] })
        #expect(lines.filter { $0.hasPrefix("    participant ") }.count == places.count)
    }

    @Test("DOT links a service to the pods backing it, distinct ids for distinct names")
    func dotGraph() {
        let text = DOTExport.graph(of: Self.cluster())
        #expect(text.hasPrefix("digraph kubehops {"))
        #expect(text.components(separatedBy: "svc_shop_2f_web -> pod_").count - 1 == 2)
    }

    @Test("HTML page embeds the SVG and one clickable step per hop")
    func htmlPage() throws {
        let cluster = Self.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let page = HTMLExport.page(scene: Self.scene(cluster), flow: flow, title: "t")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<?xml"))
        #expect(page.components(separatedBy: "<li class=\"step").count - 1 == flow.hops.count)
        #expect(!page.contains("src=\"http"))
    }

    @Test("Mermaid notes each rewrite with its actor, addresses and provenance, and the chains matched")
    func mermaidRewriteAndRuleNotes() throws {
        let flow = try FlowEngine(cluster: Self.cluster()).flow(.nodePort, target: "shop/web")
        let notes = MermaidExport.sequence(of: flow).split(separator: "\n").filter { $0.contains("Note over") }
        let dnatHop = try #require(flow.hops.first { hop in hop.rewrites.contains { $0.kind == .dnat } && !hop.rules.isEmpty })
        let dnat = try #require(dnatHop.rewrites.first { $0.kind == .dnat })
        let before = try #require(dnat.before)
        // The note names the kernel's rules, the destination before and after, and how it is known.
        #expect(notes.contains { note in
            note.contains("DNAT by \(dnat.actor.description)")
                && note.contains("dst \(before.destination) ⇒ \(dnat.after.destination)")
                && note.contains(MarkupText.mermaid(dnat.provenance.said))
        })
        // The chains whose rules matched on that hop, in the order met: the service's KUBE-SVC before its KUBE-SEP.
        let chainNote = try #require(notes.first { $0.contains("iptables nat: PREROUTING → KUBE-SERVICES") })
        let svc = try #require(chainNote.range(of: "KUBE-SVC-"))
        let sep = try #require(chainNote.range(of: "KUBE-SEP-"))
        #expect(svc.lowerBound < sep.lowerBound)
        #expect(!chainNote.contains("KUBE-MARK-DROP"))
    }

    @Test("HTML steps list the rewrites and fold the rules walked, as explain prints them")
    func htmlStepsCarryRewritesAndRules() throws {
        let cluster = Self.cluster()
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "shop/web")
        let page = HTMLExport.page(scene: Self.scene(cluster), flow: flow, title: "t")
        let walkedHops = flow.hops.filter { !$0.rules.isEmpty }.count
        #expect(walkedHops > 0)
        #expect(page.components(separatedBy: "<details class=\"rules\">").count - 1 == walkedHops)
        #expect(page.contains("KUBE-NODEPORTS -p tcp -m comment --comment &quot;shop/web&quot;"))
        #expect(page.contains("<li>MASQUERADE by "))
    }

    @Test("a title on a box border cuts the line under all its cells, spaces included")
    func borderTitlesCutTheLine() throws {
        let svg = SVGExport.document(scene: Self.scene(Self.cluster()), flow: nil, title: "t")
        let lines = svg.split(separator: "\n").map(String.init)
        let titles = lines.indices.filter { lines[$0].hasPrefix("<text") && lines[$0].contains("on-border") }
        #expect(titles.count >= 3)
        for index in titles {
            // The gap comes right before its title and spans its textLength (these titles fit their boxes).
            let gap = lines[index - 1]
            #expect(gap.contains("class=\"border-gap\""))
            let gapWidth = try #require(Self.attribute("width", in: gap))
            let textLength = try #require(Self.attribute("textLength", in: lines[index]))
            #expect(abs(gapWidth - textLength) < 0.01, "\(gap) / \(lines[index])")
        }
    }

    static func attribute(_ name: String, in element: String) -> Double? {
        guard let start = element.range(of: " \(name)=\"") else { return nil }
        return Double(element[start.upperBound...].prefix { $0 != "\"" })
    }
}
