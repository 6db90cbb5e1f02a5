/// Whole-file operations for what sits next to a journal (snapshots), with the journal's system-call discipline
/// (EINTR retried, short writes continued, every failure thrown as ``JournalError/io(operation:path:errno:)``).
public enum JournalFiles {
    /// Writes `bytes` to `path` so that a crash leaves either the old file or the whole new one: a temporary file
    /// beside it, written and `fsync`ed, renamed over `path`, then the folder `fsync`ed.
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws(JournalError) {
        let temporary = path + ".tmp"
        let fd = try _JournalIO.create(temporary).orThrow(path: temporary)
        let written = bytes.withUnsafeBytes { _JournalIO.writeAll(fd, $0) }.flatMap { _ in _JournalIO.fsync(fd) }
        let closed = _JournalIO.close(fd)
        try written.orThrow(path: temporary)
        try closed.orThrow(path: temporary)
        try _JournalIO.rename(temporary, to: path).orThrow(path: path)
        try _JournalIO.syncDirectory(folder(of: path)).orThrow(path: folder(of: path))
    }

    /// Moves `path` into `folder` (created when missing), keeping its name.
    public static func move(_ path: String, into folder: String) throws(JournalError) {
        try _JournalIO.makeDirectories(folder).orThrow(path: folder)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        try _JournalIO.rename(path, to: folder + "/" + name).orThrow(path: path)
    }

    /// Deletes `path`.
    public static func remove(_ path: String) throws(JournalError) {
        try _JournalIO.unlink(path).orThrow(path: path)
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
