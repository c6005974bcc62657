import ArgumentParser

struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "view", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'view' is not built yet.")
    }
}
