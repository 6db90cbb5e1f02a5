import ArgumentParser
import MatchbookMemory

extension PagePolicy: ExpressibleByArgument {}
extension ArenaBacking: ExpressibleByArgument {}

/// Options every command that starts an engine thread shares: where it runs and how its arena is mapped.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "Huge pages: auto (hugetlb, else THP, else 4 KiB), require-huge, or off.")
    var pages: PagePolicy = .auto

    @Option(name: .long, help: "Pin the engine thread to this CPU (default: the last CPU this process may use).")
    var cpu: Int?

    @Flag(name: .long, help: "Do not mlock the arena.")
    var noLock = false

    /// The CPU to pin to: the one asked for, else the last allowed one (often the quietest).
    var engineCPU: Int? { cpu ?? CPUAffinity.allowedCPUs().last }

    var pageOptions: PageSourceOptions { PageSourceOptions(policy: pages, lock: !noLock) }
}
