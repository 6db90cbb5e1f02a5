import Foundation
import Testing

@testable import MatchbookJournal

@Suite("Journal reader: segments, rolling, reopening, empty journals, summaries")
struct JournalReaderTests {
    @Test("rolling: small segments give several files; the scan crosses them; a reopened writer numbers on")
    func rollingAndReopening() throws {
        try withTemporaryDirectory { directory in
            var written = try writeJournal(directory, count: 200, maximumSize: 300, segmentBytes: 4096)
            let (records, recovery) = try scanAll(directory)
            expectRecords(records, equal: written)
            #expect(recovery.segments.count >= 5)
            #expect(recovery.cut == nil)
            var expectedFirst: UInt64 = 1
            for (index, segment) in recovery.segments.enumerated() {
                #expect(segment.path == directory + "/" + JournalFormat.segmentFileName(firstSequence: expectedFirst))
                #expect(segment.firstSequence == expectedFirst && segment.recordCount > 0)
                #expect(segment.bytes == (try fileSize(segment.path)) && segment.bytes <= 4096)
                #expect(records.filter { $0.segmentIndex == index }.allSatisfy { $0.path == segment.path })
                expectedFirst = segment.lastSequence + 1
            }
            #expect(records.map(\.segmentIndex) == records.map(\.segmentIndex).sorted())

            // Reopen after the scan: appends continue in the last segment, then roll on.
            let lastBefore = try #require(recovery.segments.last)
            let writer = try JournalWriter(
                options: JournalOptions(directory: directory, segmentBytes: 4096, sync: .everyCommit), after: recovery)
            #expect(writer.lastSequence == 200 && writer.syncedSequence == 200)
            #expect(writer.currentSegmentPath == lastBefore.path)
            for index in 200..<250 {
                let bytes = payload(index: index, size: index % 120)
                #expect(try writer.append(type: 9, bytes: bytes) == UInt64(index + 1))
                written.append((9, bytes))
                if index % 10 == 0 { try writer.commit() }
            }
            try writer.close()
            let (again, second) = try scanAll(directory)
            expectRecords(again, equal: written)
            #expect(second.lastSequence == 250 && second.cut == nil)
            #expect(Array(second.segments.prefix(recovery.segments.count - 1)) == Array(recovery.segments.dropLast()))
            #expect(second.segments[recovery.segments.count - 1].bytes > lastBefore.bytes)  // appended in place
            #expect(second.segments.count > recovery.segments.count)  // and rolled on
        }
    }

    @Test("an empty or missing directory is an empty journal; stray files are ignored")
    func emptyAndStray() throws {
        try withTemporaryDirectory { directory in
            let missing = try scanAll(directory + "/missing")
            #expect(missing.records.isEmpty && missing.recovery.segments.isEmpty && missing.recovery.nextSequence == 1)
            #expect(missing.recovery.firstSequence == 0 && missing.recovery.lastSequence == 0)
            let writer = try JournalWriter(
                options: JournalOptions(directory: directory + "/missing", sync: .none), after: missing.recovery)
            try writer.append(type: 1, bytes: [1])
            try writer.close()
            #expect(try scanAll(directory + "/missing").recovery.recordCount == 1)

            #expect(try scanAll(directory).records.isEmpty)
            let written = try writeJournal(directory, count: 20, maximumSize: 50)
            for stray in ["notes.txt", "journal-00000000000000000001.mbj.tmp", "journal.mbj", "journal-index"] {
                #expect(FileManager.default.createFile(atPath: directory + "/" + stray, contents: Data("stray".utf8)))
            }
            try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: false)
            let (records, recovery) = try scanAll(directory)
            expectRecords(records, equal: written)
            // The writer ignores them too.
            let writer2 = try JournalWriter(options: JournalOptions(directory: directory, sync: .none), after: recovery)
            try writer2.close()
        }
    }

    @Test("a segment without records (a crash right after the header) is valid and continued")
    func headerOnlyLastSegment() throws {
        try withTemporaryDirectory { directory in
            try writeJournal(directory, count: 30, maximumSize: 300, segmentBytes: 4096)
            let before = try scanAll(directory).recovery
            let last = try #require(before.segments.last)
            try truncateFile(last.path, to: 32)
            let (records, recovery) = try scanAll(directory)
            #expect(recovery.cut == nil)
            #expect(recovery.segments.last?.recordCount == 0)
            #expect(recovery.lastSequence == last.firstSequence - 1 && records.count == Int(last.firstSequence - 1))
            #expect(recovery.nextSequence == last.firstSequence)
            let writer = try JournalWriter(
                options: JournalOptions(directory: directory, segmentBytes: 4096, sync: .none), after: recovery)
            #expect(try writer.append(type: 1, bytes: [7]) == last.firstSequence)
            try writer.close()
            let after = try scanAll(directory).recovery
            #expect(after.segments.count == before.segments.count && after.lastSequence == last.firstSequence)
        }
    }

    @Test("summary: counts per type, range, segments, and a torn tail reported but not cut")
    func summary() throws {
        try withTemporaryDirectory { directory in
            let written = try writeJournal(directory, count: 100, maximumSize: 200, segmentBytes: 4096)
            var summary = try JournalSummary.inspect(directory: directory)
            #expect(summary.recordCount == 100 && summary.firstSequence == 1 && summary.lastSequence == 100)
            #expect(summary.payloadBytes == written.reduce(0) { $0 + $1.payload.count })
            #expect(summary.types.map(\.type) == Array(0..<7))
            #expect(summary.types.map(\.records) == (0..<7).map { type in written.filter { $0.type == type }.count })
            #expect(summary.cut == nil)
            #expect(summary.description.contains("records 100 (sequences 1...100)"))

            let last = try #require(summary.segments.last)
            try truncateFile(last.path, to: last.bytes - 3)
            summary = try JournalSummary.inspect(directory: directory)
            let cut = try #require(summary.cut)
            #expect(!cut.repaired && cut.path == last.path)
            #expect(try fileSize(last.path) == last.bytes - 3)  // inspecting changes nothing
            #expect(summary.lastSequence == 99)
            #expect(summary.description.contains("torn tail"))
            // A writer refuses to continue after a scan that only reported the cut.
            let recovery = try JournalReader.scan(directory: directory, repair: false) { _ in }
            if case .recoveryMismatch = journalError({
                _ = try JournalWriter(options: JournalOptions(directory: directory, sync: .none), after: recovery)
            }) {
            } else {
                Issue.record("expected recoveryMismatch for an unrepaired cut")
            }
        }
    }
}
