import ArgumentParser
import MatchbookMemory

extension PagePolicy: ExpressibleByArgument {}

/// Options every command that builds an arena shares.
struct ArenaOptions: ParsableArguments {
    @Option(name: .long, help: "Arena size in bytes (rounded up to 2 MiB).")
    var bytes: Int = 256 << 20

    @Option(name: .long, help: "Huge pages: auto (hugetlb, else THP, else 4 KiB), require-huge, or off.")
    var pages: PagePolicy = .auto

    @Option(name: .long, help: "Pin the engine thread to this CPU (default: the last CPU this process may use).")
    var cpu: Int?

    @Flag(name: .long, help: "Do not mlock the arena.")
    var noLock = false

    /// The CPU to pin to: the one asked for, else the last allowed one (often the quietest).
    var engineCPU: Int? { cpu ?? CPUAffinity.allowedCPUs().last }

    func configuration(scratchBytes: Int? = nil) -> ArenaConfiguration {
        ArenaConfiguration(
            totalBytes: bytes, scratchBytes: scratchBytes,
            pages: PageSourceOptions(policy: pages, lock: !noLock))
    }
}
