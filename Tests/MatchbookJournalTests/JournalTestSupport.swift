import Foundation
import Testing

@testable import MatchbookJournal

/// Runs `body` with a fresh directory under the temporary directory, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("matchbook-journal-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// One record read back, copied out of the mapping.
struct ReadRecord: Equatable {
    var sequence: UInt64
    var type: UInt8
    var payload: [UInt8]
    var path: String
    var offset: Int
    var segmentIndex: Int
}

/// Scans `directory` and copies every record.
func scanAll(_ directory: String, repair: Bool = true) throws -> (records: [ReadRecord], recovery: JournalRecovery) {
    var records: [ReadRecord] = []
    let recovery = try JournalReader.scan(directory: directory, repair: repair) { record in
        records.append(
            ReadRecord(
                sequence: record.sequence, type: record.type, payload: Array(record.payload), path: record.path,
                offset: record.offset, segmentIndex: record.segmentIndex))
    }
    return (records, recovery)
}

/// Deterministic payload bytes for record `index`.
func payload(index: Int, size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0 &* 7 &+ ($0 >> 8)) }
}

/// A small deterministic generator (64-bit LCG) for sizes.
struct SizeGenerator {
    var state: UInt64
    mutating func next(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// What a test wrote: (type, payload) per record, sequence = index + 1.
typealias Written = [(type: UInt8, payload: [UInt8])]

/// Writes `count` records of sizes below `maximumSize` (committing every few) into a new journal and closes it.
@discardableResult
func writeJournal(
    _ directory: String, count: Int, maximumSize: Int, segmentBytes: Int = JournalOptions.defaultSegmentBytes,
    sync: JournalSyncPolicy = .none, seed: UInt64 = 1
) throws -> Written {
    let writer = try JournalWriter(
        options: JournalOptions(directory: directory, segmentBytes: segmentBytes, sync: sync), after: nil)
    var sizes = SizeGenerator(state: seed)
    var written: Written = []
    for index in 0..<count {
        let bytes = payload(index: index, size: sizes.next(below: maximumSize + 1))
        let type = UInt8(truncatingIfNeeded: index % 7)
        let sequence = try writer.append(type: type, bytes: bytes)
        #expect(sequence == UInt64(index + 1))
        written.append((type, bytes))
        if sizes.next(below: 4) == 0 { try writer.commit() }
    }
    try writer.close()
    return written
}

/// Expects `records` to be exactly `written`, sequences 1...
func expectRecords(_ records: [ReadRecord], equal written: Written, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(records.count == written.count, sourceLocation: sourceLocation)
    var mismatches = 0
    for (index, (record, expected)) in zip(records, written).enumerated()
    where record.sequence != UInt64(index + 1) || record.type != expected.type || record.payload != expected.payload {
        mismatches += 1
    }
    #expect(mismatches == 0, "records differing from what was written", sourceLocation: sourceLocation)
}

/// The segment files of `directory`, sorted.
func segmentPaths(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
        .filter { $0.hasPrefix("journal-") && $0.hasSuffix(".mbj") }.sorted().map { directory + "/" + $0 }
}

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}

func truncateFile(_ path: String, to length: Int) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: UInt64(length))
    try handle.close()
}

/// Applies `change` to the bytes of the file at `path`.
func modifyFile(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    change(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Copies every file of `source` into the (existing, empty) directory `destination`.
func copyDirectory(_ source: String, to destination: String) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: source) {
        try FileManager.default.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
    }
}

/// A fresh, empty directory inside `parent`.
func makeDirectory(_ parent: String, _ name: String) throws -> String {
    let path = parent + "/" + name
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Recomputes the CRC of the record at `offset` in `bytes` (after a test edited it on purpose).
func resealRecord(_ bytes: inout [UInt8], at offset: Int) {
    let length =
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
        | Int(bytes[offset + 3]) << 24
    let crc = bytes.withUnsafeBytes {
        JournalFormat.crc32cPortable(UnsafeRawBufferPointer(rebasing: $0[(offset + 8)..<(offset + 20 + length)]))
    }
    for index in 0..<4 { bytes[offset + 4 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
}

/// Recomputes the CRC of the segment header in `bytes`.
func resealHeader(_ bytes: inout [UInt8]) {
    let crc = bytes.withUnsafeBytes { JournalFormat.crc32cPortable(UnsafeRawBufferPointer(rebasing: $0[0..<24])) }
    for index in 0..<4 { bytes[24 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
}

/// Runs `body` and returns the `JournalError` it throws (failing the test when it throws nothing or another error).
func journalError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> JournalError? {
    do {
        try body()
        Issue.record("expected a JournalError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as JournalError {
        return error
    } catch {
        Issue.record("expected a JournalError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
