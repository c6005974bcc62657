import ArgumentParser

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

    func run() throws {
        try ScreenSession(options: options, startsTour: false).run()
    }
}
