import ArgumentParser
import Foundation
import MatchbookITCH

/// `matchbook generate`: writes a realistic, deterministic ITCH 5.0 day.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic ITCH 5.0 day (deterministic per seed), plain or gzip.")

    @Option(name: .long, help: "Output file (NASDAQ framing: 2-byte length, then the message).")
    var out: String

    @Option(name: .long, help: "Messages in the day.")
    var messages: Int = DefaultDay.messages

    @Option(name: .long, help: "Symbols (a few carry most of the activity).")
    var symbols: Int = DefaultDay.symbols

    @Option(name: .long, help: "Seed: the same seed gives the same bytes.")
    var seed: UInt64 = DefaultDay.seed

    @Flag(name: .long, help: "Gzip the output.")
    var gzip = false

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        guard (1...65_535).contains(symbols) else { throw ValidationError("--symbols must be 1...65535") }
    }

    func run() throws {
        let started = Date()
        try ITCHDayGenerator(seed: seed, messages: messages, symbols: symbols).write(toPath: out, gzip: gzip)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        print("wrote \(out): \(messages) messages, \(symbols) symbols, seed \(seed), \(size) bytes "
            + String(format: "in %.2f s", Date().timeIntervalSince(started)))
    }
}

/// The embedded default day that `matchbook replay` with no file generates and replays.
enum DefaultDay {
    static let messages = 1_000_000
    static let symbols = 100
    static let seed: UInt64 = 1
}
