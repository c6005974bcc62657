import Synchronization

/// Values a command leaves to the end of the process instead of freeing them.
///
/// A one-shot command exits right after its output, and the operating system takes a dump's memory back at once, where
/// releasing 150,000 records, their strings and their index one by one is work that nobody waits for. Held by a global,
/// which is never torn down: the memory stays reachable, not leaked.
enum KeptUntilExit {
    private static let values = Mutex<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        values.withLock { $0.append(value) }
    }
}
