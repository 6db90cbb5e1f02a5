import Foundation
import Testing

@testable import MatchbookJournal

@Suite("Journal torn tails: cut at every byte, reported, and the journal continues")
struct JournalTornTailTests {
    /// A journal whose last record has a 101-byte payload (128 bytes framed, 7 of them padding).
    private func makeBase(_ directory: String) throws -> (written: Written, lastOffset: Int, lastPath: String) {
        var written = try writeJournal(directory, count: 40, maximumSize: 300, segmentBytes: 4096)
        let recovery = try scanAll(directory).recovery
        let writer = try JournalWriter(
            options: JournalOptions(directory: directory, segmentBytes: 4096, sync: .none), after: recovery)
        let bytes = payload(index: 999, size: 101)
        try writer.append(type: 42, bytes: bytes)
        written.append((42, bytes))
        try writer.close()
        let last = try #require(try scanAll(directory).records.last)
        return (written, last.offset, last.path)
    }

    @Test("truncating at every byte inside the last record: cut there, earlier records kept, appending works")
    func everyOffsetInLastRecord() throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            let (written, lastOffset, lastPath) = try makeBase(base)
            let end = try fileSize(lastPath)
            #expect(end == lastOffset + 128)
            let name = String(lastPath.dropFirst(base.count + 1))
            var failures: [Int] = []
            for cutAt in (lastOffset + 1)..<end {
                let work = try makeDirectory(root, "work")
                try copyDirectory(base, to: work)
                try truncateFile(work + "/" + name, to: cutAt)

                let (records, recovery) = try scanAll(work, repair: true)
                let cut = recovery.cut
                let sizeAfter = try fileSize(work + "/" + name)
                let ok1 =
                    records.count == written.count - 1 && cut?.offset == lastOffset
                    && cut?.bytesRemoved == cutAt - lastOffset && cut?.path == work + "/" + name
                    && cut?.repaired == true && cut?.removesSegment == false
                    && recovery.lastSequence == UInt64(written.count - 1)
                    && sizeAfter == lastOffset
                let (again, second) = try scanAll(work, repair: true)
                let ok2 = second.cut == nil && again == records

                let writer = try JournalWriter(
                    options: JournalOptions(directory: work, segmentBytes: 4096, sync: .none), after: second)
                let sequence = try writer.append(type: 7, bytes: [1, 2, 3])
                try writer.close()
                let (final, third) = try scanAll(work)
                let ok3 =
                    sequence == UInt64(written.count) && third.cut == nil && final.count == written.count
                    && final.last?.payload == [1, 2, 3] && final.last?.offset == lastOffset
                if !(ok1 && ok2 && ok3) { failures.append(cutAt) }
            }
            #expect(failures.isEmpty, "cut offsets that went wrong: \(failures)")
            expectRecords(try scanAll(base).records, equal: written)  // the base was never touched
        }
    }

    @Test("a freshly rolled last segment torn inside its header is removed, and the writer recreates it")
    func tornHeaderOfRolledSegment() throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            try writeJournal(base, count: 30, maximumSize: 300, segmentBytes: 4096)
            // Roll: a record that cannot fit in what is left of the last segment.
            let before = try scanAll(base).recovery
            let writer = try JournalWriter(
                options: JournalOptions(directory: base, segmentBytes: 4096, sync: .none), after: before)
            try writer.append(type: 1, bytes: payload(index: 1, size: 4000))
            try writer.close()
            let rolled = try scanAll(base).recovery
            #expect(rolled.segments.count == before.segments.count + 1)
            let fresh = try #require(rolled.segments.last)
            let name = String(fresh.path.dropFirst(base.count + 1))

            var failures: [Int] = []
            for cutAt in 0..<JournalFormat.segmentHeaderBytes {
                let work = try makeDirectory(root, "work")
                try copyDirectory(base, to: work)
                try truncateFile(work + "/" + name, to: cutAt)
                let (records, recovery) = try scanAll(work, repair: true)
                let ok1 =
                    recovery.cut?.offset == 0 && recovery.cut?.bytesRemoved == cutAt
                    && recovery.cut?.removesSegment == true && recovery.cut?.repaired == true
                    && records.count == Int(before.lastSequence) && recovery.segments.count == before.segments.count
                    && recovery.nextSequence == fresh.firstSequence
                    && !FileManager.default.fileExists(atPath: work + "/" + name)
                let second = try scanAll(work).recovery
                let writer = try JournalWriter(
                    options: JournalOptions(directory: work, segmentBytes: 4096, sync: .everyCommit), after: second)
                try writer.append(type: 2, bytes: payload(index: 2, size: 4000))
                try writer.close()
                let third = try scanAll(work).recovery
                let ok2 =
                    second.cut == nil && third.cut == nil && third.lastSequence == fresh.firstSequence
                    && third.segments.last?.path == work + "/" + name
                if !(ok1 && ok2) { failures.append(cutAt) }
            }
            #expect(failures.isEmpty, "header cut offsets that went wrong: \(failures)")
        }
    }

    @Test("a lone segment torn in its header: removed, the journal is empty and starts at 1 again")
    func loneTornSegment() throws {
        try withTemporaryDirectory { directory in
            try writeJournal(directory, count: 3, maximumSize: 10)
            let path = try segmentPaths(directory)[0]
            try truncateFile(path, to: 10)
            let (records, recovery) = try scanAll(directory, repair: false)
            #expect(records.isEmpty && recovery.cut?.removesSegment == true && recovery.cut?.repaired == false)
            #expect(FileManager.default.fileExists(atPath: path))  // not repaired
            let repaired = try scanAll(directory).recovery
            #expect(repaired.segments.isEmpty && repaired.nextSequence == 1 && repaired.cut?.repaired == true)
            let writer = try JournalWriter(options: JournalOptions(directory: directory, sync: .none), after: repaired)
            #expect(try writer.append(type: 1, bytes: [1]) == 1)
            try writer.close()
        }
    }

    @Test("a last record failing its checksum with nothing after it, or followed only by zeros, is cut")
    func badLastRecordAndZeroTail() throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            let (written, lastOffset, lastPath) = try makeBase(base)
            let name = String(lastPath.dropFirst(base.count + 1))

            let flipped = try makeDirectory(root, "flipped")
            try copyDirectory(base, to: flipped)
            try modifyFile(flipped + "/" + name) { $0[lastOffset + 60] ^= 0x01 }
            let (records, recovery) = try scanAll(flipped)
            #expect(records.count == written.count - 1 && recovery.cut?.offset == lastOffset)
            #expect(recovery.cut?.reason.contains("CRC-32C") == true)

            // Zeros past the end (what some file systems show after a crash that extended the file).
            let zeros = try makeDirectory(root, "zeros")
            try copyDirectory(base, to: zeros)
            let end = try fileSize(zeros + "/" + name)
            try modifyFile(zeros + "/" + name) { $0 += [UInt8](repeating: 0, count: 4096) }
            let (zeroRecords, zeroRecovery) = try scanAll(zeros)
            #expect(zeroRecords.count == written.count)
            #expect(zeroRecovery.cut?.offset == end && zeroRecovery.cut?.bytesRemoved == 4096)
            #expect(try fileSize(zeros + "/" + name) == end)
        }
    }
}
