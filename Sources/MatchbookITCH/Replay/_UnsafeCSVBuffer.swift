#if canImport(Glibc)
import Glibc
#endif

/// A fixed byte buffer that formats CSV rows of integers without allocating and hands full buffers to write(2).
///
/// Invariants: `storage` holds `capacity` bytes allocated once in `init` and freed in `deinit`; `count <= capacity`;
/// every append first ensures room for its bytes (flushing when the buffer is full), and no row is longer than
/// `maximumRowBytes`, which `init` requires to be far below `capacity`. The file descriptor is owned: closed in
/// `deinit` after a final flush. Not thread-safe: owned by the engine thread that writes the rows.
struct _UnsafeCSVBuffer: ~Copyable {
    static let maximumRowBytes = 256
    private let storage: UnsafeMutableRawPointer
    private let capacity: Int
    private var count = 0
    private let fileDescriptor: Int32
    /// The first write(2) error, as errno; rows after it are dropped (reported by the caller).
    private(set) var writeError: Int32 = 0
    private(set) var bytesWritten = 0

    /// Opens (creates or truncates) `path`. Returns nil and sets `openError` when it cannot.
    init?(path: String, capacityBytes: Int) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        fileDescriptor = descriptor
        capacity = max(capacityBytes, 4 * Self.maximumRowBytes)
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        if writeError == 0 { _ = Self.writeAll(fileDescriptor, storage, count) }
        close(fileDescriptor)
        storage.deallocate()
    }

    /// Makes room for one row of up to `maximumRowBytes`.
    @inline(__always)
    mutating func reserveRow() {
        if count + Self.maximumRowBytes > capacity { flush() }
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        storage.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    /// Appends the decimal digits of `value`.
    @inline(__always)
    mutating func append(decimal value: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var length = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[23 - length] = UInt8(truncatingIfNeeded: 48 &+ remaining % 10)
                remaining /= 10
                length &+= 1
            } while remaining != 0
            (storage + count).copyMemory(from: scratch.baseAddress! + 24 - length, byteCount: length)
        }
        count &+= length
    }

    /// Appends the big-endian 8 ASCII bytes of an ITCH symbol, dropping the space padding.
    @inline(__always)
    mutating func append(symbol raw: UInt64) {
        var shift: UInt64 = 56
        while true {
            let byte = UInt8(truncatingIfNeeded: raw >> shift)
            if byte == 0x20 || byte == 0 { break }
            append(byte: byte)
            if shift == 0 { break }
            shift &-= 8
        }
    }

    /// Appends raw bytes (headers, cold rows).
    mutating func append(_ text: String) {
        for byte in text.utf8 {
            if count == capacity { flush() }
            append(byte: byte)
        }
    }

    /// Writes the buffer out with write(2), retrying short writes. Cold: once per `capacity` bytes.
    @inline(never)
    mutating func flush() {
        guard writeError == 0 else {
            count = 0
            return
        }
        let (written, error) = Self.writeAll(fileDescriptor, storage, count)
        bytesWritten += written
        writeError = error
        count = 0
    }

    /// write(2) until `count` bytes are out or an error other than EINTR: (bytes written, errno or 0).
    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> (Int, Int32) {
        var offset = 0
        while offset < count {
            let written = write(descriptor, bytes + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return (offset, errno)
            }
            offset += written
        }
        return (offset, 0)
    }
}
