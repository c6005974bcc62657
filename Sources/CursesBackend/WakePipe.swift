#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A self-pipe: background readers and signal handlers write a byte to wake
/// the event loop, which sleeps in `poll` on the terminal and this pipe.
///
/// This is how the idle screen uses no CPU yet reacts at once to new input.
public final class WakePipe: Sendable {
    public let readDescriptor: Int32
    public let writeDescriptor: Int32

    public init() throws(TerminalError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw .system("cannot create the wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        guard let read = fds.first, let write = fds.last, fds.count == 2 else {
            throw .system("pipe() gave no descriptors")
        }
        readDescriptor = read
        writeDescriptor = write
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Safe from any thread; a full pipe already means "wake up", so errors are ignored.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    public func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &scratch, scratch.count) > 0 {}
    }
}
