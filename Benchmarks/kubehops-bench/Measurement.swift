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

    /// A measurement: median wall-clock time and median CPU time (user +
    /// system). On a shared machine wall time includes waiting for a core;
    /// CPU time does not, so both are reported.
    struct Result {
        var wall: Double
        var cpu: Double
        var bytes: Int
    }

    static func cpuSeconds(_ who: Int32) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
    static let childrenUsage = __rusage_who_t(RUSAGE_CHILDREN.rawValue)

    /// Runs `body` `runs` times; `who` says whose CPU time counts (this process, or waited-for children).
    /// `release` runs after each timed call, untimed: results are freed there, as
    /// a real run keeps what it parsed rather than freeing it at once.
    static func measure(runs: Int, cpuOf who: Int32 = selfUsage, release: () -> Void = {}, _ body: () throws -> Int) rethrows -> Result {
        var walls: [Double] = []
        var cpus: [Double] = []
        var bytes = 0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let cpuStart = cpuSeconds(who)
            let start = clock.now
            bytes = try body()
            walls.append(seconds(clock.now - start))
            cpus.append(cpuSeconds(who) - cpuStart)
            release()
        }
        return Result(wall: median(walls), cpu: median(cpus), bytes: bytes)
    }

    /// Process-wide peak resident memory so far, in MiB (`ru_maxrss` is KiB on Linux).
    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(selfUsage, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// `awk '{print $7}' file > /dev/null`, the baseline the parser is held to.
    static func awk(_ path: String, runs: Int) throws -> Result {
        try measure(runs: runs, cpuOf: childrenUsage) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["awk", "{print $7}", path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return 0
        }
    }
}
