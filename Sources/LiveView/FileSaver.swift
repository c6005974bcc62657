import AppCore
import Foundation

/// Does `Effect.save`: a new file in the working directory, never over an existing one.
enum FileSaver {
    static func write(_ request: SaveRequest, directory: String = FileManager.default.currentDirectoryPath) -> Msg {
        let bytes = Array(request.contents.utf8)
        let base = (request.fileName as NSString).deletingPathExtension
        let suffix = (request.fileName as NSString).pathExtension
        for attempt in 1...100 {
            let name = attempt == 1 ? request.fileName : "\(base)-\(attempt)" + (suffix.isEmpty ? "" : ".\(suffix)")
            let path = directory + "/" + name
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor < 0, errno == EEXIST { continue }
            guard descriptor >= 0 else { return .saveFailed("\(path): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return .saveFailed("\(path): \(String(cString: strerror(errno)))") }
                written += count
            }
            // In the working directory, as the user would type it.
            return .saved(path: directory == FileManager.default.currentDirectoryPath ? "./" + name : path)
        }
        return .saveFailed("too many files named \(base)-N in \(directory)")
    }
}
