import Foundation
import Testing

@testable import MatchbookJournal

@Suite("Journal writer: round trips, commit and sync policies, errors")
struct JournalWriterTests {
    @Test(
        "round trip: records of 0...3000 bytes come back with their sequences, types and payloads",
        arguments: [JournalSyncPolicy.none, .everyCommit, .group(intervalMicroseconds: 200)])
    func roundTrip(policy: JournalSyncPolicy) throws {
        try withTemporaryDirectory { directory in
            let journal = directory + "/nested/journal"  // created with its parents
            let writer = try JournalWriter(options: JournalOptions(directory: journal, sync: policy), after: nil)
            var sizes = SizeGenerator(state: 7)
            var written: Written = []
            for index in 0..<300 {
                let size = index == 0 ? 0 : index == 1 ? 3000 : sizes.next(below: 3001)
                let bytes = payload(index: index, size: size)
                let type = UInt8(truncatingIfNeeded: index &* 37)
                #expect(try writer.append(type: type, bytes: bytes) == UInt64(index + 1))
                written.append((type, bytes))
                if index % 5 == 4 {
                    let durable = try writer.commit()
                    #expect(writer.writtenSequence == writer.lastSequence)
                    if policy == .everyCommit { #expect(durable && writer.syncedSequence == writer.lastSequence) }
                    if policy == .none { #expect(durable && writer.syncedSequence == 0) }
                }
            }
            try writer.close()
            #expect(writer.syncedSequence == 300 && writer.writtenSequence == 300 && writer.lastSequence == 300)
            #expect(writer.stats.records == 300)
            #expect(writer.stats.payloadBytes == UInt64(written.reduce(0) { $0 + $1.payload.count }))
            #expect(writer.stats.bytes == UInt64(try fileSize(try segmentPaths(journal)[0])))

            let (records, recovery) = try scanAll(journal)
            expectRecords(records, equal: written)
            #expect(recovery.cut == nil)
            #expect(recovery.recordCount == 300 && recovery.firstSequence == 1 && recovery.lastSequence == 300)
            #expect(recovery.nextSequence == 301)
            #expect(recovery.segments.count == 1)
        }
    }

    @Test("commit with .none after each of 10,000 appends: one write(2) each, written == last, no sync")
    func commitNoneEveryAppend() throws {
        try withTemporaryDirectory { directory in
            let writer = try JournalWriter(options: JournalOptions(directory: directory, sync: .none), after: nil)
            let bytes = [UInt8](repeating: 0x5A, count: 64)
            var behind = 0
            var notDurable = 0
            for _ in 0..<10_000 {
                try writer.append(type: 1, bytes: bytes)
                if try !writer.commit() { notDurable += 1 }
                if writer.writtenSequence != writer.lastSequence { behind += 1 }
            }
            #expect(behind == 0)
            #expect(notDurable == 0)
            #expect(writer.lastSequence == 10_000)
            #expect(writer.syncedSequence == 0)
            #expect(writer.stats.syncs == 0)
            #expect(writer.stats.commits == 10_000)
            #expect(writer.stats.writeCalls == 10_000)  // the segment header goes out with the first batch
            #expect(writer.stats.segmentsOpened == 1)
            #expect(writer.pendingBytes == 0)
            try writer.syncNow()
            #expect(writer.syncedSequence == 10_000 && writer.stats.syncs == 1)
            try writer.syncNow()  // nothing new: no second sync
            #expect(writer.stats.syncs == 1)
            try writer.close()
            #expect(try scanAll(directory).recovery.recordCount == 10_000)
        }
    }

    @Test("group policy: at most one sync per interval over a burst of commits; syncNow covers the rest")
    func groupSyncsOncePerInterval() throws {
        try withTemporaryDirectory { directory in
            let writer = try JournalWriter(
                options: JournalOptions(directory: directory, sync: .group(intervalMicroseconds: 1_000_000)),
                after: nil)
            let started = Date()
            try writer.append(type: 1, bytes: [1, 2, 3])
            #expect(try writer.commit())  // the first commit finds no recent sync: it syncs
            #expect(writer.stats.syncs == 1 && writer.syncedSequence == 1)
            var durableAnswers = 0
            for index in 0..<1000 {
                try writer.append(type: 2, bytes: payload(index: index, size: 40))
                if try writer.commit() { durableAnswers += 1 }
            }
            let elapsed = Date().timeIntervalSince(started)
            let allowedSyncs = 1 + Int(elapsed / 1.0)  // one per started second (exactly 1 unless the machine stalls)
            #expect(writer.stats.syncs >= 1 && writer.stats.syncs <= UInt64(allowedSyncs))
            if elapsed < 1.0 {
                #expect(writer.stats.syncs == 1)
                #expect(durableAnswers == 0)
                #expect(writer.syncedSequence == 1)
                let due = try #require(writer.nanosecondsUntilSyncDue)
                #expect(due > 0 && due <= 1_000_000_000)
            }
            #expect(writer.writtenSequence == 1001)
            try writer.syncNow()
            #expect(writer.syncedSequence == 1001)
            #expect(writer.nanosecondsUntilSyncDue == nil)
            #expect(writer.nanosecondsSinceSync < 1_000_000_000)
            try writer.close()
        }
    }

    @Test("group policy with a 1 µs interval syncs on every commit; everyCommit syncs only when there is news")
    func shortIntervalAndEveryCommit() throws {
        try withTemporaryDirectory { directory in
            let group = try JournalWriter(
                options: JournalOptions(directory: directory + "/group", sync: .group(intervalMicroseconds: 1)),
                after: nil)
            for index in 0..<3 {
                try group.append(type: 1, bytes: payload(index: index, size: 10))
                usleep(10)
                #expect(try group.commit())
            }
            #expect(group.stats.syncs == 3)
            try group.close()

            let every = try JournalWriter(
                options: JournalOptions(directory: directory + "/every", sync: .everyCommit), after: nil)
            for index in 0..<4 {
                try every.append(type: 1, bytes: payload(index: index, size: 10))
                #expect(try every.commit())
            }
            #expect(try every.commit())  // nothing new
            #expect(every.stats.syncs == 4 && every.syncedSequence == 4)
            try every.close()
            #expect(every.stats.syncs == 4)
        }
    }

    @Test("encode in place; a throwing encode appends nothing, even when it had started a new segment")
    func encodeInPlaceAndRollback() throws {
        struct Refused: Error {}
        try withTemporaryDirectory { directory in
            let writer = try JournalWriter(
                options: JournalOptions(directory: directory, segmentBytes: 4096, sync: .none), after: nil)
            let first = try writer.append(type: 3, payloadBytes: 4) { $0.copyBytes(from: [9, 8, 7, 6]) }
            #expect(first == 1)
            #expect(throws: Refused.self) {
                try writer.append(type: 3, payloadBytes: 10) { _ in throw Refused() }
            }
            #expect(writer.lastSequence == 1)
            // Fill the segment so that the next record must roll, and refuse that one.
            try writer.append(type: 4, bytes: [UInt8](repeating: 1, count: 3900))
            try writer.commit()
            let pendingBefore = writer.pendingBytes
            #expect(throws: Refused.self) {
                try writer.append(type: 3, payloadBytes: 500) { _ in throw Refused() }
            }
            #expect(writer.pendingBytes == pendingBefore && writer.lastSequence == 2)
            #expect(try writer.append(type: 5, bytes: [1]) == 3)  // fits in the first segment still
            try writer.close()
            let (records, recovery) = try scanAll(directory)
            #expect(records.map(\.sequence) == [1, 2, 3])
            #expect(records[0].payload == [9, 8, 7, 6])
            #expect(recovery.segments.count == 1)
        }
    }

    @Test("one commit spanning many segments under every policy: all written, synced once, readable")
    func commitAcrossManySegments() throws {
        try withTemporaryDirectory { directory in
            for policy in [JournalSyncPolicy.none, .everyCommit] {
                let journal = directory + "/\(policy)"
                let writer = try JournalWriter(
                    options: JournalOptions(directory: journal, segmentBytes: 4096, sync: policy), after: nil)
                var written: Written = []
                for index in 0..<100 {
                    let bytes = payload(index: index, size: 400)
                    try writer.append(type: 1, bytes: bytes)
                    written.append((1, bytes))
                }
                try writer.commit()
                #expect(writer.writtenSequence == 100)
                #expect(writer.stats.segmentsOpened >= 10)  // more than the retired segments kept open
                #expect(writer.stats.writeCalls == writer.stats.segmentsOpened)
                if policy == .everyCommit { #expect(writer.syncedSequence == 100 && writer.stats.syncs == 1) }
                try writer.close()
                let (records, recovery) = try scanAll(journal)
                expectRecords(records, equal: written)
                #expect(recovery.segments.count == Int(writer.stats.segmentsOpened))
                #expect(try recovery.segments.allSatisfy { try fileSize($0.path) <= 4096 })
            }
        }
    }

    @Test("errors: too large, bad options, directory is a file, stale or missing recovery, closed writer")
    func errors() throws {
        try withTemporaryDirectory { directory in
            let options = JournalOptions(directory: directory + "/j", segmentBytes: 4096, sync: .none)
            #expect(options.maximumPayloadBytes == 4044)
            let writer = try JournalWriter(options: options, after: nil)
            let tooLarge = journalError { try writer.append(type: 1, bytes: [UInt8](repeating: 0, count: 4045)) }
            #expect(tooLarge == .recordTooLarge(path: directory + "/j", payloadBytes: 4045, limitBytes: 4044))
            #expect(writer.lastSequence == 0)
            try writer.append(type: 1, bytes: [UInt8](repeating: 0, count: 4044))  // exactly fills a segment
            try writer.append(type: 1, bytes: [1])
            try writer.close()
            #expect(journalError { try writer.append(type: 1, bytes: [1]) } == .closed(path: directory + "/j"))
            #expect(journalError { try writer.commit() } == .closed(path: directory + "/j"))
            try writer.close()  // twice: nothing
            #expect(try scanAll(directory + "/j").recovery.segments.count == 2)

            // A new writer without a recovery refuses a directory that holds segments.
            if case .recoveryMismatch(let path, _) = journalError({
                _ = try JournalWriter(options: options, after: nil)
            }) {
                #expect(path == directory + "/j")
            } else {
                Issue.record("expected recoveryMismatch")
            }
            // A recovery that no longer matches the directory is refused.
            let recovery = try scanAll(directory + "/j").recovery
            try FileManager.default.removeItem(atPath: recovery.segments[1].path)
            if case .recoveryMismatch = journalError({ _ = try JournalWriter(options: options, after: recovery) }) {
            } else {
                Issue.record("expected recoveryMismatch for a stale recovery")
            }

            #expect(
                journalError {
                    _ = try JournalWriter(
                        options: JournalOptions(directory: directory + "/k", segmentBytes: 100, sync: .none), after: nil
                    )
                }?.path == directory + "/k")

            #expect(FileManager.default.createFile(atPath: directory + "/file", contents: Data([1, 2, 3])))
            let notADirectory = journalError {
                _ = try JournalWriter(options: JournalOptions(directory: directory + "/file", sync: .none), after: nil)
            }
            #expect(notADirectory == .io(operation: "mkdir", path: directory + "/file", errno: ENOTDIR))
            #expect(notADirectory?.description.contains("Not a directory") == true)
        }
    }
}
