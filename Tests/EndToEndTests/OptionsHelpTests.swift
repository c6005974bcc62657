import Foundation
import Testing

/// One meaning per option across the commands (issue 12): `-n, --namespace` is kubectl's namespace wherever it
/// appears, and the display options read the same in every command's `--help`. The commands are read from
/// `kubehops --help`, so a new command is checked too.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct OptionsHelpTests {
    /// Commands without `-n`, and why: `parse` lists what the input holds as it reads it, `diff` compares whole
    /// dumps, `explain` names its objects in `--flow KIND:NAMESPACE/NAME`, `completion` reads no cluster.
    static let withoutNamespace: Set<String> = ["parse", "diff", "explain", "completion"]

    /// The subcommands `kubehops --help` lists.
    static func subcommands() throws -> [String] {
        let help = try PrintRun(["--help"]).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = help.firstIndex(where: { $0 == "SUBCOMMANDS:" }) else { return [] }
        return help[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
        }
    }

    /// Each option's entry in a command's `--help`, keyed by its first name (`-n`, `--color`), its lines joined
    /// with single spaces (the wrapping depends on the width).
    static func options(_ command: String) throws -> [String: String] {
        let run = try PrintRun([command, "--help"])
        var entries: [String: String] = [:]
        var current: String?
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ").joined(separator: " ")
            if line.hasPrefix("  -") {
                let name = String(words.prefix { $0 != "," && $0 != " " })
                entries[name] = words
                current = name
            } else if let name = current, line.hasPrefix("     ") {
                entries[name, default: ""] += " " + words
            } else {
                current = nil
            }
        }
        return entries
    }

    @Test func theCommandsAreFound() throws {
        let commands = try Self.subcommands()
        #expect(commands.contains("view") && commands.contains("policy") && commands.contains("completion"))
        #expect(commands.count >= 10, "\(commands)")
    }

    /// Every command that reads a cluster (but the three named above) takes `-n`/`-A` with the same words;
    /// the others have no `-n` at all, so it never means something else.
    @Test func namespaceMeansOneThingInEveryCommand() throws {
        let reference = try Self.options("view")
        let namespace = try #require(reference["-n"])
        #expect(namespace.hasPrefix("-n, --namespace <namespace> Only this namespace's pods and services"))
        for command in try Self.subcommands() {
            let options = try Self.options(command)
            if Self.withoutNamespace.contains(command) {
                #expect(options["-n"] == nil, "\(command): \(options["-n"] ?? "")")
            } else {
                #expect(options["-n"] == namespace, "\(command)")
                #expect(options["-A"] == reference["-A"], "\(command)")
            }
        }
    }

    /// `--color`, `--ascii`, `--compact`, `--filter` and `--hide-system` read the same wherever they appear.
    @Test func displayOptionsReadTheSameEverywhere() throws {
        var seen: [String: (command: String, entry: String)] = [:]
        for command in try Self.subcommands() {
            for (name, entry) in try Self.options(command)
            where ["--color", "--ascii", "--compact", "--filter", "--hide-system"].contains(name) {
                if let first = seen[name] {
                    #expect(entry == first.entry, "\(command) and \(first.command) differ on \(name)")
                } else {
                    seen[name] = (command, entry)
                }
            }
        }
        #expect(Set(seen.keys) == ["--color", "--ascii", "--compact", "--filter", "--hide-system"])
    }

    /// `export` took `--compact` alone before; now the picture's filters, `-n` among them, shape its SVG as
    /// they shape `print`'s picture, and the graph formats, which draw no picture, refuse them.
    @Test func exportTakesThePicturesNamespace() throws {
        let whole = try PrintRun(["export", "--format", "svg"], stdin: "")
        let one = try PrintRun(["export", "--format", "svg", "-n", "nginx-demo"], stdin: "")
        #expect(whole.status == 0 && one.status == 0, "\(one.stderr)")
        #expect(whole.stdout.contains("kube-dns"))
        #expect(!one.stdout.contains("kube-dns") && one.stdout.contains("nginx-nodeport"))
        let graph = try PrintRun(["export", "--format", "dot", "-n", "nginx-demo"], stdin: "")
        #expect(graph.status != 0 && graph.stderr.contains("dot graphs the whole cluster"), "\(graph.stderr)")
    }
}
