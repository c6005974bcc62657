import ArgumentParser

/// The input files of every command that reads kubectl output: named as arguments, or with kubectl's
/// `-f/--filename` (repeatable), in that order; `-` is standard input.
struct InputFileArguments: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("filename")], help: "An input file, as kubectl's -f (repeatable).")
    var filenames: [String] = []

    @Argument(
        help: ArgumentHelp("kubectl output files (tables, JSON or YAML); - is standard input.", valueName: "file"))
    var positional: [String] = []

    /// Every named input: the -f ones first, then the arguments.
    var all: [String] { filenames + positional }
}
