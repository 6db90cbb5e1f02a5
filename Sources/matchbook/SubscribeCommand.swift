import ArgumentParser
import Foundation
import MatchbookPublisher

/// `matchbook subscribe --file FILE`: the reference subscriber over a `replay --snapshots-out` file. Rebuilds the
/// books from snapshots and level updates, reports gaps, and writes the books it rebuilt.
struct SubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Rebuild books from a market-data file (replay --snapshots-out); report gaps and recoveries.")

    @Option(name: .long, help: "Market-data file written by replay --snapshots-out.")
    var file: String

    @Option(name: .long, help: "Write the rebuilt books: symbol,side,price,shares,orders (as replay --book-out).")
    var bookOut: String?

    @Flag(name: .long, help: "Print the subscriber's counters as JSON.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read '\(file)': no such file or no permission")
        }
        var subscriber = BookSubscriber()
        var failure: WireError?
        do {
            try subscriber.consume([UInt8](data))
        } catch {
            failure = error
        }
        if let bookOut {
            do {
                try subscriber.levelsCSV().write(toFile: bookOut, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot write '\(bookOut)': \(error.localizedDescription)")
            }
        }
        let stats = subscriber.stats
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
        } else {
            print("""
                read       \(file): \(stats.messages) messages (\(stats.levelUpdates) level updates, \
                \(stats.symbolDefinitions) symbol definitions, \(stats.snapshots) snapshots), last sequence \
                \(subscriber.lastSequence)
                gaps       \(stats.channelGaps) on the channel (\(stats.lostMessages) messages lost), \
                \(stats.bookGaps) books discarded, \(stats.recoveries) recovered by a snapshot, \
                \(subscriber.gappedBooks.count) still waiting
                """)
        }
        if let failure { throw CommandFailure("\(file): \(failure)") }
    }
}
