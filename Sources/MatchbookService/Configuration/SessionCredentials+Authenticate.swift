extension SessionCredentials {
    /// Whether a Logon from `senderCompID` with `username` and `password` may proceed.
    ///
    /// Constant time in the contents: every entry is compared, every byte of each field is compared (XOR, OR-ed
    /// together; no exit at the first differing byte), and the results are combined without branching on them.
    /// The time still depends on the number of entries and the lengths of the strings, which are not secret here.
    public func authenticate(senderCompID: String, username: String, password: String) -> Bool {
        let givenCompID = Array(senderCompID.utf8)
        let givenUsername = Array(username.utf8)
        let givenPassword = Array(password.utf8)
        var matches: UInt8 = 0
        for entry in storedEntries {
            let difference =
                Self.difference(entry.senderCompID, givenCompID)
                | Self.difference(entry.username, givenUsername)
                | Self.difference(entry.password, givenPassword)
            // 1 when difference == 0, else 0, without a branch: (0 - 1) >> 8 is 0xFF, (1...255 - 1) >> 8 is 0.
            matches |= UInt8(truncatingIfNeeded: (UInt16(difference) &- 1) >> 8) & 1
        }
        return matches != 0
    }

    /// 0 when `expected` and `given` are equal, else non-zero; reads every byte of the longer one.
    static func difference(_ expected: [UInt8], _ given: [UInt8]) -> UInt8 {
        var accumulated: UInt8 = expected.count == given.count ? 0 : 1
        for index in 0..<max(expected.count, given.count) {
            let expectedByte = index < expected.count ? expected[index] : 0
            let givenByte = index < given.count ? given[index] : 0
            accumulated |= expectedByte ^ givenByte
        }
        return accumulated
    }
}
