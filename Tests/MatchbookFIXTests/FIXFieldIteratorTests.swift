import MatchbookFIX
import Testing

@Suite("Field iterator")
struct FIXFieldIteratorTests {
    func fields(_ text: String) throws(FIXFieldError) -> [(Int, String)] {
        let bytes = soh(text)
        var result: [(Int, String)] = []
        var failure: FIXFieldError?
        bytes.withUnsafeBytes { raw in
            let view = FIXMessageView(bytes: raw)
            var iterator = view.fields()
            do {
                while let field = try iterator.next() { result.append((field.tag, view.string(field))) }
            } catch {
                failure = error as? FIXFieldError
            }
        }
        if let failure { throw failure }
        return result
    }

    @Test("reads tags and value ranges in order")
    func reads() throws {
        let parsed = try fields("8=FIX.4.4|35=D|44=10.5|58=a=b c|")
        #expect(parsed.map(\.0) == [8, 35, 44, 58])
        #expect(parsed.map(\.1) == ["FIX.4.4", "D", "10.5", "a=b c"])
        #expect(try fields("").isEmpty)
    }

    @Test("malformed fields give typed errors with offsets")
    func errors() {
        #expect(throws: FIXFieldError.invalidTag(offset: 5)) { try fields("35=D|x5=1|") }
        #expect(throws: FIXFieldError.invalidTag(offset: 5)) { try fields("35=D|=1|") }
        #expect(throws: FIXFieldError.invalidTag(offset: 0)) { try fields("035=D|") }
        #expect(throws: FIXFieldError.missingEquals(offset: 5)) { try fields("35=D|44|") }
        #expect(throws: FIXFieldError.missingEquals(offset: 5)) { try fields("35=D|44") }
        #expect(throws: FIXFieldError.emptyValue(offset: 5, tag: 44)) { try fields("35=D|44=|") }
        #expect(throws: FIXFieldError.unterminatedField(offset: 5, tag: 44)) { try fields("35=D|44=1.5") }
        #expect(throws: FIXFieldError.tagOutOfRange(offset: 0)) { try fields("0=1|") }
        #expect(throws: FIXFieldError.tagOutOfRange(offset: 0)) { try fields("100000=1|") }
        #expect(throws: FIXFieldError.tagOutOfRange(offset: 0)) { try fields("99999999999999999999999=1|") }
    }

    @Test("lookup finds the first field with a tag")
    func lookup() throws {
        let bytes = soh("35=D|55=AAPL|55=MSFT|")
        try bytes.withUnsafeBytes { raw throws in
            let view = FIXMessageView(bytes: raw)
            let symbol = try #require(try view.firstField(tag: 55))
            #expect(view.string(symbol) == "AAPL")
            #expect(view.value(symbol, equals: "AAPL"))
            #expect(try view.firstField(tag: 44) == nil)
        }
    }
}
