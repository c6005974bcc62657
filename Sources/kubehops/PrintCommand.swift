import ArgumentParser

struct PrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'print' is not built yet.")
    }
}
