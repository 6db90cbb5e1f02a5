import Foundation
import Testing

@testable import MatchbookJournal

@Suite("Journal corruption: anything but a torn tail throws, naming the file and offset")
struct JournalCorruptionTests {
    /// A journal of several segments and its records.
    private func makeBase(_ directory: String) throws -> (records: [ReadRecord], recovery: JournalRecovery) {
        try writeJournal(directory, count: 150, maximumSize: 300, segmentBytes: 4096, seed: 3)
        let scanned = try scanAll(directory)
        #expect(scanned.recovery.segments.count >= 4)
        return scanned
    }

    /// A record with a payload of at least 8 bytes and padding, in segment `segmentIndex`, not its last.
    private func middleRecord(_ records: [ReadRecord], segmentIndex: Int) throws -> ReadRecord {
        let inSegment = records.filter { $0.segmentIndex == segmentIndex }
        return try #require(
            inSegment.dropLast().dropFirst(inSegment.count / 2).first {
                $0.payload.count >= 8 && ($0.payload.count + 20) % 8 != 0
            } ?? inSegment.dropLast().first { $0.payload.count >= 8 && ($0.payload.count + 20) % 8 != 0 })
    }

    @Test(
        "a damaged middle record throws .corrupt at its offset, whichever field is hit",
        arguments: ["length low", "length high", "crc", "sequence", "type", "reserved", "payload", "padding"])
    func damagedMiddleRecord(field: String) throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            let (records, recovery) = try makeBase(base)
            // In the last segment (a valid record follows) and in a middle segment (not the last).
            for segmentIndex in [recovery.segments.count - 1, 1] {
                let work = try makeDirectory(root, "work")
                try copyDirectory(base, to: work)
                let victim = try middleRecord(records, segmentIndex: segmentIndex)
                let path = work + "/" + String(victim.path.dropFirst(base.count + 1))
                let byte: Int
                switch field {
                case "length low": byte = 0
                case "length high": byte = 3
                case "crc": byte = 5
                case "sequence": byte = 8
                case "type": byte = 16
                case "reserved": byte = 18
                case "payload": byte = 20 + victim.payload.count / 2
                default: byte = 20 + victim.payload.count  // the first padding byte
                }
                try modifyFile(path) { $0[victim.offset + byte] ^= 0x40 }
                let error = journalError { _ = try scanAll(work) }
                guard case .corrupt(let errorPath, let offset, let reason) = error else {
                    Issue.record(
                        "\(field) in segment \(segmentIndex): expected .corrupt, got \(String(describing: error))")
                    continue
                }
                #expect(errorPath == path && offset == victim.offset, "\(field) in segment \(segmentIndex): \(reason)")
                #expect(error?.description.contains(path) == true)
                #expect(try fileSize(path) == (try fileSize(victim.path)))  // nothing cut
            }
        }
    }

    @Test("damage to the last record of a segment that is not the last throws, though nothing follows it there")
    func damagedEndOfNonLastSegment() throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            let (records, _) = try makeBase(base)
            let victim = try #require(records.last { $0.segmentIndex == 1 })
            let path = victim.path

            let flipped = try makeDirectory(root, "flipped")
            try copyDirectory(base, to: flipped)
            let flippedPath = flipped + "/" + String(path.dropFirst(base.count + 1))
            try modifyFile(flippedPath) { $0[victim.offset + 9] ^= 0xFF }
            #expect(
                journalError { _ = try scanAll(flipped) }.flatMap {
                    $0.path == flippedPath && $0.offset == victim.offset
                }
                    == true)

            let truncated = try makeDirectory(root, "truncated")
            try copyDirectory(base, to: truncated)
            let truncatedPath = truncated + "/" + String(path.dropFirst(base.count + 1))
            try truncateFile(truncatedPath, to: (try fileSize(path)) - 5)
            let error = journalError { _ = try scanAll(truncated) }
            if case .corrupt(let errorPath, let offset, _) = error {
                #expect(errorPath == truncatedPath && offset == victim.offset)
            } else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
            }
        }
    }

    @Test("a deleted middle segment is a sequence gap naming the segment after it")
    func deletedMiddleSegment() throws {
        try withTemporaryDirectory { directory in
            let (_, recovery) = try makeBase(directory)
            let deleted = recovery.segments[1]
            let next = recovery.segments[2]
            try FileManager.default.removeItem(atPath: deleted.path)
            let error = journalError { _ = try scanAll(directory) }
            #expect(
                error
                    == .sequenceGap(
                        path: next.path, offset: 0, expected: deleted.firstSequence, found: next.firstSequence))
        }
    }

    @Test("an empty last segment named past the next sequence is a gap, not a torn tail")
    func misnamedTornSegment() throws {
        try withTemporaryDirectory { directory in
            let (_, recovery) = try makeBase(directory)
            let stray = directory + "/" + JournalFormat.segmentFileName(firstSequence: recovery.nextSequence + 5)
            #expect(FileManager.default.createFile(atPath: stray, contents: nil))
            let error = journalError { _ = try scanAll(directory) }
            #expect(
                error
                    == .sequenceGap(
                        path: stray, offset: 0, expected: recovery.nextSequence, found: recovery.nextSequence + 5))
            #expect(FileManager.default.fileExists(atPath: stray))  // not removed
        }
    }

    @Test("a valid record with the wrong sequence inside a segment is a sequence gap at its offset")
    func gapInsideSegment() throws {
        try withTemporaryDirectory { directory in
            let (records, recovery) = try makeBase(directory)
            let victim = try middleRecord(records, segmentIndex: recovery.segments.count - 1)
            try modifyFile(victim.path) { bytes in
                bytes[victim.offset + 8] &+= 5
                resealRecord(&bytes, at: victim.offset)
            }
            let error = journalError { _ = try scanAll(directory) }
            #expect(
                error
                    == .sequenceGap(
                        path: victim.path, offset: victim.offset, expected: victim.sequence, found: victim.sequence + 5)
            )
        }
    }

    @Test("bad headers: garbage named like a segment, a foreign short file, an unknown version, a renamed segment")
    func badHeaders() throws {
        try withTemporaryDirectory { root in
            let base = try makeDirectory(root, "base")
            let (_, recovery) = try makeBase(base)
            let garbageName = JournalFormat.segmentFileName(firstSequence: recovery.nextSequence)

            func expectBadHeader(_ work: String, _ path: String, containing text: String, line: Int = #line) {
                let error = journalError { _ = try scanAll(work) }
                if case .badHeader(let errorPath, let reason) = error {
                    #expect(errorPath == path, "line \(line)")
                    #expect(reason.contains(text), "line \(line): \(reason)")
                } else {
                    Issue.record("line \(line): expected .badHeader, got \(String(describing: error))")
                }
            }

            var sizes = SizeGenerator(state: 11)
            let garbage = (0..<300).map { _ in UInt8(sizes.next(below: 256)) }
            for (label, contents, reason) in [
                ("long", garbage, "magic"), ("short", Array(garbage.prefix(10)), "fewer than the 32-byte header"),
            ] {
                let work = try makeDirectory(root, label)
                try copyDirectory(base, to: work)
                #expect(FileManager.default.createFile(atPath: work + "/" + garbageName, contents: Data(contents)))
                expectBadHeader(work, work + "/" + garbageName, containing: reason)
            }

            let malformed = try makeDirectory(root, "malformed")
            try copyDirectory(base, to: malformed)
            #expect(FileManager.default.createFile(atPath: malformed + "/journal-7.mbj", contents: Data([1])))
            expectBadHeader(malformed, malformed + "/journal-7.mbj", containing: "20 decimal digits")

            let version = try makeDirectory(root, "version")
            try copyDirectory(base, to: version)
            let first = version + "/" + String(recovery.segments[0].path.dropFirst(base.count + 1))
            try modifyFile(first) { bytes in
                bytes[4] = 2
                resealHeader(&bytes)
            }
            expectBadHeader(version, first, containing: "unknown format version 2")

            let renamed = try makeDirectory(root, "renamed")
            try copyDirectory(base, to: renamed)
            let firstPath = renamed + "/" + String(recovery.segments[0].path.dropFirst(base.count + 1))
            let wrongName = renamed + "/" + JournalFormat.segmentFileName(firstSequence: 2)
            try FileManager.default.moveItem(atPath: firstPath, toPath: wrongName)
            expectBadHeader(renamed, wrongName, containing: "file name says")
        }
    }
}
