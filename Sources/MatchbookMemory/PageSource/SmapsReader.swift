#if canImport(Glibc)
import Glibc
#endif

/// Reads `/proc/self/smaps` to learn how a range of this process's address space is really backed.
///
/// Cold path: it reads a text file and allocates freely. Not for timed sections.
public enum SmapsReader {
    /// Totals over every mapping that lies inside `[start, start + bytes)`.
    public struct Backing: Sendable, Equatable {
        /// `AnonHugePages` (transparent huge pages), bytes.
        public var transparentHugeBytes = 0
        /// `Private_Hugetlb` + `Shared_Hugetlb`, bytes.
        public var hugetlbBytes = 0
        /// `Rss`, bytes (hugetlb pages are not counted here by the kernel).
        public var residentBytes = 0
        /// `Locked`, bytes.
        public var lockedBytes = 0
    }

    /// Sums the backing of the mappings inside the range. Returns nil when smaps cannot be read.
    public static func backing(start: UInt, bytes: Int) -> Backing? {
        guard let text = readTextFile("/proc/self/smaps") else { return nil }
        let end = start &+ UInt(bytes)
        var backing = Backing()
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if let range = parseHeader(line) {
                inside = range.lowerBound >= start && range.upperBound <= end
                continue
            }
            guard inside else { continue }
            if let value = field(line, "AnonHugePages:") {
                backing.transparentHugeBytes += value
            } else if let value = field(line, "Private_Hugetlb:") ?? field(line, "Shared_Hugetlb:") {
                backing.hugetlbBytes += value
            } else if let value = field(line, "Rss:") {
                backing.residentBytes += value
            } else if let value = field(line, "Locked:") {
                backing.lockedBytes += value
            }
        }
        return backing
    }

    /// `7f00...-7f01... rw-p ...` → the address range; nil for field lines.
    static func parseHeader(_ line: Substring) -> Range<UInt>? {
        guard let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
              let low = UInt(line[line.startIndex..<dash], radix: 16),
              let high = UInt(line[line.index(after: dash)..<space], radix: 16), low < high
        else { return nil }
        return low..<high
    }

    /// `Name:   1234 kB` → 1234 × 1024.
    static func field(_ line: Substring, _ name: String) -> Int? {
        guard line.hasPrefix(name) else { return nil }
        let digits = line.dropFirst(name.count).drop(while: { $0 == " " }).prefix(while: { $0.isNumber })
        return Int(digits).map { $0 * 1024 }
    }

    /// Reads a small text file (procfs, sysfs) whole. Cold path.
    public static func readTextFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = unsafe chunk.withUnsafeMutableBytes { unsafe fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
