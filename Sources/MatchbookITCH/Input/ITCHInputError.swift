/// A failure reading ITCH input (files, gzip, stdin), or a framing fault met while parsing it.
public enum ITCHInputError: Error, CustomStringConvertible {
    /// A system call failed (`call` is its name, `errno` its error number).
    case system(path: String, call: String, errno: Int32, message: String)
    /// The gzip stream is corrupt at (roughly) `compressedOffset` bytes into the compressed input.
    case gzipCorrupt(path: String, compressedOffset: Int, detail: String)
    /// A framing fault from the stream parser (strict mode).
    case parse(ITCHError)

    public var description: String {
        switch self {
        case .system(let path, let call, let errno, let message):
            "reading ITCH input '\(path)': \(call) failed with errno \(errno) (\(message)); check that the path "
                + "exists and is readable"
        case .gzipCorrupt(let path, let offset, let detail):
            "ITCH input '\(path)' is not valid gzip near compressed byte \(offset) (\(detail)); the file is "
                + "damaged or not gzip: re-fetch it, or decompress it with gzip -t to see the fault"
        case .parse(let error):
            error.description
        }
    }
}
