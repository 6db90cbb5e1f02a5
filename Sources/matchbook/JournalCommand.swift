import ArgumentParser
import Foundation
import MatchbookMemory
import MatchbookService

/// `matchbook journal inspect|replay DIR`: the service's journal, offline. Neither changes the journal.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Read a journal written by matchbook serve: what it holds, and the books it rebuilds.",
        subcommands: [JournalInspectCommand.self, JournalReplayCommand.self])
}

struct JournalInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Records, sequence range, segments, sessions and their sequence numbers, and any damage.",
        discussion: "Exits non-zero, naming the file and offset, when the journal is damaged beyond a torn last record.")

    @Argument(help: "The journal folder (the service's journalDirectory).")
    var directory: String

    func run() throws {
        do { print(try ServiceJournalTools.inspect(directory: directory), terminator: "") } catch {
            throw CommandFailure("\(error)")
        }
    }
}

struct JournalReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the books from a journal's commands without serving (same CSV as replay --book-out).")

    @Argument(help: "The journal folder.")
    var directory: String

    @Option(name: .long, help: "Write the books: symbol,side,price,shares,orders.")
    var bookOut: String

    @Option(name: .long, help: "Pages of the replay's arena: auto, require-huge, off.")
    var pages: PagePolicy = .auto

    func run() throws {
        let started = Date()
        do {
            let (csv, commands) = try ServiceJournalTools.replayBooks(
                directory: directory, pages: PageSourceOptions(policy: pages, lock: false))
            try csv.write(toFile: bookOut, atomically: true, encoding: .utf8)
            printError(String(format: "journal replay: %d commands in %.3f s → %@", commands,
                              Date().timeIntervalSince(started), bookOut))
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
