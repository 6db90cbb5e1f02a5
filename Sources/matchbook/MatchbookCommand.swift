import ArgumentParser

/// The `matchbook` command line: a thin layer of argument parsing and wiring over the library modules.
@main
struct MatchbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matchbook",
        abstract: "A low-latency limit-order book and matching engine whose memory lives in a NUMA-local huge-page arena.",
        subcommands: [
            ReplayCommand.self, SubscribeCommand.self, GenerateCommand.self, BenchMatchingCommand.self,
            MemoryInfoCommand.self, ServeCommand.self, LoadgenCommand.self, JournalCommand.self,
        ],
        defaultSubcommand: nil
    )
}
