import Foundation
import Testing

/// The command line's own conventions: --version, shell completion, the root help's default use.
@Suite(
    .enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct CommandLineTests {
    @Test func versionPrintsOneVersionLineAndExitsZero() throws {
        let run = try PrintRun(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let line = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.split(separator: ".").count == 3, "\(run.stdout)")
        #expect(line.allSatisfy { $0.isNumber || $0 == "." })
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesTheSubcommands(shell: String) throws {
        let run = try PrintRun(["completion", shell])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("kubehops"))
        for subcommand in ["explain", "print", "parse", "completion"] {
            #expect(run.stdout.contains(subcommand), "\(shell) script lacks \(subcommand)")
        }
    }

    @Test func completionForAnUnknownShellSaysWhichExist() throws {
        let run = try PrintRun(["completion", "tcsh"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("use bash, zsh or fish"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func rootHelpShowsTheDefaultUse() throws {
        let run = try PrintRun(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: kubehops [FILE…]"), "\(run.stdout)")
        #expect(run.stdout.contains("completion"))
    }

    @Test func mistypedSubcommandGetsDidYouMeanAndThatCommandsUsage() throws {
        let run = try PrintRun(["expain", "--flow", "nodeport"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Unknown command 'expain'. Did you mean 'explain'?"), "\(run.stderr)")
        #expect(run.stderr.contains("Usage: kubehops explain"))
        #expect(!run.stderr.contains("Cannot read"))
    }

    @Test func aMissingFileThatIsNoCommandNameIsStillAMissingFile() throws {
        let run = try PrintRun(["/nonexistent/pods.txt"])
        #expect(run.status == 1)
        #expect(run.stderr == "kubehops: cannot read '/nonexistent/pods.txt': no such file\n", "\(run.stderr)")
    }

    /// An unknown option is named as such with "did you mean", not its value taken for a missing file.
    @Test func unknownOptionGetsDidYouMeanNotCannotReadItsValue() throws {
        let print = try PrintRun(["print", "--widht", "80"])
        #expect(print.status == 64)
        #expect(print.stderr.contains("Unknown option '--widht'. Did you mean '--width'?"), "\(print.stderr)")
        #expect(print.stderr.contains("Usage: kubehops print"))
        #expect(!print.stderr.contains("80"), "\(print.stderr)")
        let view = try PrintRun(["--folow", "pods.txt"])
        #expect(view.status == 64)
        #expect(view.stderr.contains("Unknown option '--folow'. Did you mean '--follow'?"), "\(view.stderr)")
    }

    /// `-w`/`--watch` re-reads files; on standard input it says why it cannot instead of waiting.
    @Test func watchWithoutFilesSaysWhatItNeeds() throws {
        for flag in ["-w", "--watch", "--follow"] {
            let run = try PrintRun(["view", flag])
            #expect(run.status == 64, "\(flag)")
            #expect(run.stderr.contains("--watch/--follow needs FILEs"), "\(flag): \(run.stderr)")
        }
    }

    /// A missing file, a directory: the same line and exit 1 from every command.
    @Test func missingFileOrDirectorySaysTheSameInEveryCommand() throws {
        for command in [[], ["view"], ["tour"], ["print"], ["explain", "--flow", "nodeport"], ["parse"]] {
            let missing = try PrintRun(command + ["/nonexistent/dump.txt"])
            #expect(missing.status == 1, "\(command)")
            #expect(missing.stderr.contains("cannot read '/nonexistent/dump.txt': no such file"), "\(command): \(missing.stderr)")
            #expect(!missing.stderr.contains("Usage:"), "\(command)")
            let directory = try PrintRun(command + ["/tmp"])
            #expect(directory.status == 1, "\(command)")
            #expect(directory.stderr.contains("cannot read '/tmp': it is a directory"), "\(command): \(directory.stderr)")
        }
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An ELF-like start: NUL bytes among text, as any executable or archive has.
    static let binary: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0] + Array("NAME pods".utf8) + [0, 0xFF]

    @Test(arguments: [["parse"], ["print"], ["explain", "--flow", "nodeport"]])
    func binaryInputIsRefusedInOneLine(command: [String]) throws {
        let path = try Self.file(Self.binary)
        let run = try PrintRun(command + [path])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("cannot read '\(path)': it is a binary file, not kubectl output"))
        #expect(run.stdout.isEmpty)
    }

    /// Text that is not Kubernetes: the same line and exit 1 from parse, print and explain.
    @Test(arguments: [["parse"], ["print"], ["explain", "--flow", "nodeport"]])
    func nothingUnderstoodFailsTheSameInEveryCommand(command: [String]) throws {
        let path = try Self.file(Array("hello world\nthis is not a table\n".utf8))
        let run = try PrintRun(command + [path])
        #expect(run.status == 1, "\(command): \(run.stderr)")
        #expect(run.stdout.isEmpty || command == ["parse"], "\(command): \(run.stdout)")
        #expect(
            run.stderr.contains("nothing understood in '\(path)': expected output of 'kubectl get' "
                + "(tables with a NAME header, or -o json / -o yaml)."), "\(command): \(run.stderr)")
    }

    @Test func utf16TextIsNamedWithTheFix() throws {
        let path = try Self.file([0xFF, 0xFE] + Array("NAME".utf8).flatMap { [$0, 0] })
        let run = try PrintRun(["parse", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("it is UTF-16 text; convert it first (iconv -f UTF-16 -t UTF-8)"), "\(run.stderr)")
    }
}

/// `parse --format json` is plain JSON a script can walk: no Swift enum encodings.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct ParseJSONTests {
    @Test func enumsAreWrittenAsValuesNotSwiftCaseObjects() throws {
        let path = PrintRun.packageRoot.appendingPathComponent("samples/notes-six-pods-ingress.yaml").path
        let table = PrintRun.packageRoot.appendingPathComponent("samples/notes-six-pods-nodeport.txt").path
        let run = try PrintRun(["parse", "--format", "json", table, path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\"_0\""), "\(run.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let services = try #require(report["services"] as? [[String: Any]])
        #expect(!services.isEmpty && services.allSatisfy { $0["type"] is String }, "\(services)")
        let ingresses = try #require(report["ingresses"] as? [[String: Any]])
        let rules = try #require(ingresses.first?["rules"] as? [[String: Any]])
        #expect((rules.first?["servicePort"] as? [String: Int]) == ["number": 80], "\(rules)")
    }
}

/// A human `parse` lists what was understood, kubectl-style, not only counts.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct ParseHumanTests {
    @Test func listsEachKindAsAKubectlTable() throws {
        let path = PrintRun.packageRoot.appendingPathComponent("samples/notes-six-pods-nodeport.txt").path
        let run = try PrintRun(["parse", path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("PODS (7)"), "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("NAMESPACE ") && $0.contains("   NAME ") && $0.hasSuffix("NODE") })
        let web = try #require(lines.first { $0.hasPrefix("demo ") && $0.contains(" web-1 ") && $0.contains("10.244.0.1 ") })
        #expect(web.hasSuffix("node-1"))
        #expect(lines.contains { $0.contains("ingress-nginx-controller") && $0.contains("80:30080/TCP,443:30443/TCP") })
    }
}

/// A dump of policies alone is understood: parse lists them (rules a table cannot show said so) and
/// the JSON writes them in the API's words.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct ParsePoliciesTests {
    static let policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
            ports: [{port: 80}]
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: sensitive}
        spec:
          priority: 10
          subject: {namespaces: {matchLabels: {team: a}}}
          ingress:
          - {action: Deny, from: [{namespaces: {}}], ports: [{namedPort: http}]}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: a}}

        """

    static func file() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-policies-\(UUID()).yaml")
        try policies.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func listsPoliciesAndNamespaces() throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try PrintRun(["parse", path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("NETWORKPOLICIES (1)") && lines.contains("CLUSTERNETWORKPOLICIES (1)"), "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("shop ") && $0.contains(" allow-web ") && $0.hasSuffix("1 ingress, 0 egress") })
        #expect(lines.contains { $0.hasPrefix("sensitive ") && $0.contains(" Admin ") && $0.contains(" 10 ") })
        #expect(lines.contains { $0.hasPrefix("shop ") && $0.hasSuffix("team=a") })
    }

    @Test func jsonWritesThemInTheAPIsWords() throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try PrintRun(["parse", "--format", "json", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\"_0\""), "\(run.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let policy = try #require((report["networkPolicies"] as? [[String: Any]])?.first)
        let rule = try #require((policy["ingress"] as? [[String: Any]])?.first)
        let block = try #require(((rule["peers"] as? [[String: Any]])?.first)?["ipBlock"] as? [String: Any])
        #expect(block["cidr"] as? String == "10.0.0.0/8")
        #expect(block["except"] as? [String] == ["10.1.0.0/16"])
        let cluster = try #require((report["clusterNetworkPolicies"] as? [[String: Any]])?.first)
        let port = try #require(((cluster["ingress"] as? [[String: Any]])?.first?["ports"] as? [[String: Any]])?.first)
        #expect(port["name"] as? String == "http")
        #expect((report["namespaces"] as? [[String: Any]])?.first?["name"] as? String == "shop")
    }
}

/// `-f/--filename` names input files in every command, as kubectl's does.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct FilenameOptionTests {
    @Test(arguments: [["print", "--width", "100"], ["parse"], ["explain", "--flow", "nodeport"]])
    func dashFIsTheSameAsNamingTheFile(command: [String]) throws {
        let path = PrintRun.packageRoot.appendingPathComponent("samples/notes-nginx-nodeport.txt").path
        let named = try PrintRun(command + [path])
        let short = try PrintRun(command + ["-f", path])
        let long = try PrintRun(command + ["--filename", path])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(short.status == 0 && long.status == 0, "\(short.stderr) \(long.stderr)")
        #expect(short.stdout == named.stdout && long.stdout == named.stdout)
        #expect(named.stdout.contains("worker-node1"))
    }
}
