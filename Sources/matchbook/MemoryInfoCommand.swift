import ArgumentParser
import Foundation
import MatchbookMemory

/// `matchbook memory-info`: builds an arena exactly as an engine thread would (pinned thread, NUMA binding,
/// huge pages, pre-fault, mlock) and prints what it got.
struct MemoryInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory-info",
        abstract: "Build an engine thread's arena and report what the kernel gave (page kind, NUMA node, bytes).")

    @Option(name: .long, help: "Arena size in bytes (rounded up to 2 MiB).")
    var bytes: Int = 256 << 20

    @OptionGroup var engine: EngineOptions

    @Flag(name: .long, help: "Print JSON (keys: pageKind, numaNode, arenaBytes, hugePageBytes, locked, …).")
    var json = false

    struct Output: Codable {
        var pageKind: String
        var numaNode: Int
        var numaAvailable: Bool
        var arenaBytes: Int
        var hugePageBytes: Int
        var hugePageFraction: Double
        var locked: Bool
        var prefaulted: Bool
        var setupMillis: Double
        var cpu: Int
        var pinningError: String?
        var notes: [String]
    }

    func run() throws {
        let configuration = ArenaConfiguration(totalBytes: bytes, pages: engine.pageOptions)
        let thread = try EngineThread<Output>(name: "memory-info", cpu: engine.engineCPU, arena: configuration) {
            arena, start in
            let report = arena.memoryReport
            return Output(
                pageKind: report.pageKind.rawValue, numaNode: report.numaNode, numaAvailable: report.numaAvailable,
                arenaBytes: report.arenaBytes, hugePageBytes: report.hugePageBytes,
                hugePageFraction: report.hugePageFraction, locked: report.locked, prefaulted: report.prefaulted,
                setupMillis: Double(report.setupNanos) / 1e6, cpu: start.cpu, pinningError: start.pinningError,
                notes: report.notes)
        }
        let output: Output
        do {
            output = try thread.join()
        } catch let error as ArenaError {
            throw CommandFailure(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        print("""
            page kind        \(output.pageKind)
            NUMA node        \(output.numaNode)\(output.numaAvailable ? "" : " (libnuma: NUMA not available)")
            arena bytes      \(output.arenaBytes)
            huge-page bytes  \(output.hugePageBytes) (\(String(format: "%.1f", output.hugePageFraction * 100))%)
            locked           \(output.locked ? "yes" : "no")
            pre-faulted      \(output.prefaulted ? "yes" : "no") in \(String(format: "%.1f", output.setupMillis)) ms
            engine CPU       \(output.cpu)\(output.pinningError.map { " (\($0))" } ?? "")
            """)
        for note in output.notes { print("note: \(note)") }
    }
}

/// An error whose message is printed as is, with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
