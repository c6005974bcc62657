import ArgumentParser
import ClusterModel

/// `kubehops [view] [FILE…]`: the live full-screen diagram.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show the cluster live, full screen (the default command).",
        discussion: """
            Reads FILEs, or standard input when no FILE is given and stdin is not a terminal (or FILE is -). \
            With no input at all it shows the built-in demo cluster. Press ? inside for the keys, t for the guided tour.
            """
    )

    @OptionGroup var options: ScreenOptions

    @Option(
        name: .customLong("diff"),
        help: ArgumentHelp(
            "An earlier dump: the view shows FILE (the later one) with what changed outlined (green added, "
                + "yellow changed, red removed); D lists the changes, b flips between the two pictures, "
                + "a plays the change from one to the other.",
            valueName: "BEFORE"))
    var diffBefore: String?

    func run() throws {
        var session = ScreenSession(options: options, startsTour: false)
        if let diffBefore {
            guard !options.files.isEmpty else {
                throw ValidationError("--diff BEFORE compares with the later dump: kubehops view --diff BEFORE AFTER.")
            }
            do { session.diffBefore = try DiffCommand.load(diffBefore) } catch {
                throw ValidationError(error.message)
            }
        }
        try session.run()
    }
}
