import ArgumentParser

/// `kubehops tour [FILE…]`: the guided tour of Kubernetes networking on the
/// loaded cluster (the demo cluster when none), one step per key.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "A guided tour of Kubernetes networking on your cluster (or the demo one).",
        discussion: """
            Nine steps, from nodes and their IPs to the IP scheme, each pointing at the objects it talks about; \
            the flow steps play hop by hop. Space or → next, ← back, q leaves.
            """
    )

    @OptionGroup var options: ScreenOptions

    func run() throws {
        try ScreenSession(options: options, startsTour: true).run()
    }
}
