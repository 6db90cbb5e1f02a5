/// Why a replay stopped. Every message says what, where and what to do.
public enum ReplayError: Error, CustomStringConvertible {
    /// An output file could not be created.
    case cannotOpen(path: String, what: String)
    /// Writing an output failed (errno).
    case writeFailed(path: String, errno: Int32)
    /// A market-data sink failed (its own message names it and the errno).
    case marketData(String)
    /// The input could not be read or decompressed, or (strict mode) a framing fault was met.
    case input(ITCHInputError)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let what):
            return "cannot open \(what) '\(path)': check the folder exists and is writable, or the address"
        case .writeFailed(let path, let errno):
            return "writing '\(path)' failed (errno \(errno)): check free disk space"
        case .marketData(let failure):
            return "market data: \(failure)"
        case .input(let error):
            return error.description
        }
    }
}
