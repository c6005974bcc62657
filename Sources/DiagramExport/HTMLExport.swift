import DiagramScene
import FlowEngine

/// `kubehops export --format html`: one self-contained page (no network, no
/// files beside it) with the SVG diagram and, for a flow, its explanation as
/// a list of steps (each with its rewrites, who made them and from what kubehops knows, and
/// the rules walked, folded); clicking a step moves the animation to that hop.
public enum HTMLExport {
    public static func page(scene: Scene, flow: Flow?, title: String) -> String {
        let svg = SVGExport.document(scene: scene, flow: flow, title: title)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst()  // the XML declaration is not allowed inside HTML
            .joined(separator: "\n")
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"generator\" content=\"kubehops\">",
            "<title>\(MarkupText.xml(title))</title>",
            "<style>\(style)</style>",
            "</head>",
            "<body>",
            "<h1>\(MarkupText.xml(title))</h1>",
            "<div class=\"diagram\">", svg, "</div>",
        ]
        if let flow { lines += steps(of: flow) }
        lines += ["</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func steps(of flow: Flow) -> [String] {
        var lines = [
            "<section class=\"flow\">",
            "<h2>\(MarkupText.xml(flow.title))</h2>",
            "<p><button type=\"button\" id=\"play\">pause</button> Click a step to show it in the picture.</p>",
            "<ol class=\"steps\">",
        ]
        for (index, hop) in flow.hops.enumerated() { lines += step(hop, index: index) }
        lines.append("</ol>")
        if !flow.assumptions.isEmpty {
            lines.append("<h3>Assumed, because the input did not say</h3><ul>")
            for assumption in flow.assumptions { lines.append("<li>\(MarkupText.xml(assumption))</li>") }
            lines.append("</ul>")
        }
        lines += ["</section>", "<script>\(script)</script>"]
        return lines
    }

    /// One hop as a list item: where, the packet, the sentence, details, rewrites, rules, failure.
    private static func step(_ hop: Hop, index: Int) -> [String] {
        var lines: [String] = []
        let reply = hop.isReply ? " reply" : ""
        lines.append("<li class=\"step\(reply)\" data-start=\"\(Double(index) * SVGExport.secondsPerHop)\">")
        lines.append("<div class=\"where\">\(MarkupText.xml("\(hop.from) → \(hop.to)"))</div>")
        lines.append("<div class=\"packet\"><code>\(MarkupText.xml(hop.packet.description))</code></div>")
        lines.append("<p>\(MarkupText.xml(hop.sentence))</p>")
        if !hop.details.isEmpty {
            lines.append("<pre>\(MarkupText.xml(hop.details.joined(separator: "\n")))</pre>")
        }
        let rewrites = HopAnnotations.rewrites(hop)
        if !rewrites.isEmpty {
            lines.append("<ul class=\"rewrites\">")
            lines += rewrites.map { "<li>\(MarkupText.xml($0))</li>" }
            lines.append("</ul>")
        }
        let rules = HopAnnotations.ruleLines(hop)
        if !rules.isEmpty {
            lines.append("<details class=\"rules\"><summary>\(MarkupText.xml(rules[0]))</summary>")
            lines.append("<pre>\(MarkupText.xml(rules.dropFirst().joined(separator: "\n")))</pre></details>")
        }
        if let failure = hop.failure {
            lines.append("<p class=\"failure\">✗ \(MarkupText.xml(failure.reason))</p>")
        }
        lines.append("</li>")
        return lines
    }

    private static let style = """
        body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
        .diagram { overflow: auto; border: 1px solid #ddd; }
        .steps { padding-left: 1.5rem; }
        .step { cursor: pointer; padding: .4rem .6rem; margin: .2rem 0; border-left: 4px solid transparent; }
        .step.current { border-left-color: #E69F00; background: #FFF8EC; }
        .step.reply .where::after { content: " (reply)"; color: #777; }
        .where { font-weight: bold; }
        .failure { color: #D55E00; font-weight: bold; }
        .rewrites { margin: .2rem 0; color: #333; }
        .rules summary { cursor: pointer; color: #0072B2; }
        pre { background: #f6f6f6; padding: .4rem; overflow: auto; }
        """

    /// Steps follow the SVG's clock; a click pauses the animation at the middle of that hop.
    private static let script = """
        (function () {
          var svg = document.querySelector('.diagram svg');
          var steps = Array.prototype.slice.call(document.querySelectorAll('.step'));
          var button = document.getElementById('play');
          var perHop = \(SVGExport.secondsPerHop);
          function mark() {
            if (!svg || !svg.getCurrentTime) { return; }
            var total = perHop * steps.length;
            var current = Math.floor((svg.getCurrentTime() % total) / perHop);
            steps.forEach(function (step, index) { step.classList.toggle('current', index === current); });
          }
          steps.forEach(function (step) {
            step.addEventListener('click', function () {
              if (!svg || !svg.setCurrentTime) { return; }
              svg.pauseAnimations();
              svg.setCurrentTime(parseFloat(step.getAttribute('data-start')) + perHop / 2);
              button.textContent = 'play';
              mark();
            });
          });
          button.addEventListener('click', function () {
            if (svg.animationsPaused()) { svg.unpauseAnimations(); button.textContent = 'pause'; }
            else { svg.pauseAnimations(); button.textContent = 'play'; }
          });
          setInterval(mark, 200);
        })();
        """
}
