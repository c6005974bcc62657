import Foundation

/// One named thing the benchmark times. Stages beyond parsing (model build,
/// layout, first frame, animation frame) are added by appending to
/// `Stage.all` in main.swift: each gets the scenario's files and the
/// previous stages' outputs through `Scenario`.
struct Stage {
    var name: String
    /// Runs the work once; returns bytes processed (for MB/s), or 0.
    var run: (Scenario) throws -> Int
}

/// Timing helpers: medians over runs, because the machine is shared and noisy.
enum Timing {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Median wall time of `runs` calls, plus the last call's result.
    static func measure(runs: Int, _ body: () throws -> Int) rethrows -> (median: Double, bytes: Int) {
        var times: [Double] = []
        var bytes = 0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let start = clock.now
            bytes = try body()
            times.append(seconds(clock.now - start))
        }
        return (median(times), bytes)
    }

    /// Process-wide peak resident memory so far, in MiB (`ru_maxrss` is KiB on Linux).
    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Median time of `awk '{print $7}' file > /dev/null`, the baseline the parser is held to.
    static func awk(_ path: String, runs: Int) throws -> Double {
        try measure(runs: runs) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["awk", "{print $7}", path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return 0
        }.median
    }
}
