import ArgumentParser
import Foundation
import MatchbookBook
import MatchbookLatency
import MatchbookMemory

/// `matchbook bench-matching`: open-loop load on the matching engine, latency from intended send times.
struct BenchMatchingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-matching",
        abstract: "Offer a realistic order mix at a constant rate; report latency from each intended send time.")

    @Option(name: .long, help: "Operations per second offered.")
    var rate: Int = 1_000_000

    @Option(name: .long, help: "Seconds to offer them.")
    var seconds: Double = 5

    @Option(name: .long, help: "Symbols the flow is spread over.")
    var symbols: Int = 8

    @Option(name: .long, help: "Seed of the order flow.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Seconds of bare spinning first, to measure the platform's own stalls (0: skip).")
    var hiccupSeconds: Double = 1

    @Flag(name: .long, help: "Print JSON (latency keys as in replay --json).")
    var json = false

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
        guard (1...1_000).contains(symbols) else { throw ValidationError("--symbols must be 1...1000") }
    }

    static func rate(_ value: Double) -> String { String(format: "%.0f", value) }

    func run() throws {
        var options = MatchingLoadOptions(rate: rate, seconds: seconds)
        options.symbols = symbols
        options.seed = seed
        options.pages = engine.pageOptions
        options.cpu = engine.engineCPU
        options.hiccupSeconds = hiccupSeconds
        let (result, latency) = try OpenLoopMatchingLoad.run(options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("""
            offered    \(result.targetRate) ops/s for \(String(format: "%.2f", seconds)) s: \(result.operations) operations \
            (\(result.adds) adds, \(result.cancels) cancels, \(result.replaces) replaces, \(result.crossing) crossing IOCs, \
            \(result.fills) fills)
            achieved   \(String(format: "%.0f", result.achievedRate)) ops/s — \(result.sustained ? "sustained" : "NOT sustained") \
            (last operation \(result.finalLagNanos) ns behind its intended time)
            arena      \(result.memory.pageKind.rawValue), node \(result.memory.numaNode), \(result.memory.arenaBytes >> 20) MiB
            platform   a bare spin loop on the same CPU stalled \(Self.rate(result.hiccups.gapsOver5MicrosecondsPerSecond)) \
            times a second over 5 µs, \(Self.rate(result.hiccups.gapsOver20MicrosecondsPerSecond)) over 20 µs, \
            longest \(result.hiccups.maxGapNanos / 1_000) µs; so an engine that took no time at all would show \
            p99 \(result.hiccups.floorP99Nanos) ns and p99.9 \(result.hiccups.floorP999Nanos) ns here (the floor under \
            the total row below)

            """)
        print(LatencyReport(latency, title: "latency (total: from intended send time; book: service time)")
            .renderTable())
    }
}
