import ArgumentParser
import Foundation

/// The named input files checked before anything is read, with one wording and one exit code for every
/// command (as `parse` says it): `kubehops: cannot read 'x': no such file`, exit 1.
///
/// Checked in `run()`, not `validate()`, so that an unknown option (`--widht 80`) is reported as such first, with "did
/// you mean", instead of its value being taken for a missing file.
enum InputFiles {
    /// Ends the command on the first named file that cannot be read.
    ///
    /// A first FILE that does not exist but is a near-miss of a subcommand (`kubehops expain`) is said to be that
    /// instead.
    static func requireReadable(_ files: [String]) throws {
        for file in files where file != "-" {
            guard let problem = problem(file) else { continue }
            if file == files.first, !FileManager.default.fileExists(atPath: file) {
                try MistypedCommand.check(firstFile: file)
            }
            FileHandle.standardError.write(Data("kubehops: \(problem)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Why `path` cannot be read, in `parse`'s words, or nil when it can.
    static func problem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "cannot read '\(path)': no such file"
        }
        if isDirectory.boolValue { return "cannot read '\(path)': it is a directory" }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return "cannot read '\(path)': permission denied"
        }
        return nil
    }
}
