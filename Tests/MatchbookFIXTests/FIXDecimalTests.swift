import MatchbookFIX
import Testing

@Suite("Decimals and timestamps")
struct FIXDecimalTests {
    let cent = FIXDecimal(units: 1_000_000)  // 0.01

    @Test("parses exactly")
    func parses() throws {
        #expect(try FIXDecimal(parsing: "123.45").units == 12_345_000_000)
        #expect(try FIXDecimal(parsing: "-0.5").units == -50_000_000)
        #expect(try FIXDecimal(parsing: "100").units == 10_000_000_000)
        #expect(try FIXDecimal(parsing: "1.").units == 100_000_000)
        #expect(try FIXDecimal(parsing: ".25").units == 25_000_000)
        #expect(try FIXDecimal(parsing: "0.00000001").units == 1)
        #expect(try FIXDecimal(parsing: "1.2300000000000").units == 123_000_000)
        #expect(try FIXDecimal(parsing: "92233720368.54775807").units == Int64.max)
    }

    @Test("malformed, too precise and overflowing values are typed errors")
    func rejects() {
        for text in ["1e5", "", "-", ".", "+1", " 1", "1 ", "1.2.3", "12a", "--1", "0x10", "1,5"] {
            #expect(throws: FIXDecimalError.malformed, "\(text)") { try FIXDecimal(parsing: text) }
        }
        #expect(throws: FIXDecimalError.tooPrecise) { try FIXDecimal(parsing: "0.000000001") }
        #expect(throws: FIXDecimalError.overflow) { try FIXDecimal(parsing: "92233720368.54775808") }
        #expect(throws: FIXDecimalError.overflow) { try FIXDecimal(parsing: String(repeating: "9", count: 40)) }
        #expect(throws: FIXDecimalError.overflow) {
            try FIXDecimal(parsing: "1" + String(repeating: "0", count: 30) + ".5")
        }
    }

    @Test("ticks: whole multiples only, never negative")
    func ticks() throws {
        #expect(try FIXDecimal(parsing: "10.05").ticks(tickSize: cent) == 1_005)
        #expect(try FIXDecimal(parsing: "10").priceTicks(tickSize: cent) == 1_000)
        #expect(throws: FIXDecimalError.offTick(remainder: 500_000)) {
            try FIXDecimal(parsing: "10.005").ticks(tickSize: cent)
        }
        #expect(throws: FIXDecimalError.negative) { try FIXDecimal(parsing: "-0.5").ticks(tickSize: cent) }
        #expect(throws: FIXDecimalError.invalidTickSize) { try FIXDecimal(parsing: "1").ticks(tickSize: .zero) }
        #expect(throws: FIXDecimalError.overflow) {
            try FIXDecimal(parsing: "50000000").priceTicks(tickSize: cent)
        }
        #expect(try FIXDecimal(parsing: "300").wholeQuantity() == 300)
        #expect(throws: FIXDecimalError.offTick(remainder: 50_000_000)) {
            try FIXDecimal(parsing: "1.5").wholeQuantity()
        }
        #expect(FIXDecimal(ticks: 1_005, tickSize: cent) == FIXDecimal(units: 1_005_000_000))
        #expect(FIXDecimal(ticks: Int64.max, tickSize: cent) == nil)
    }

    @Test("formats canonically and round-trips")
    func formats() throws {
        #expect(try FIXDecimal(parsing: "123.4500").description == "123.45")
        #expect(try FIXDecimal(parsing: "-0.5").description == "-0.5")
        #expect(try FIXDecimal(parsing: "100.0").description == "100")
        #expect(FIXDecimal.zero.description == "0")
        #expect(FIXDecimal(units: 1).description == "0.00000001")
        #expect(FIXDecimal(units: Int64.min).description == "-92233720368.54775808")
        var random = TestRandom(seed: 7)
        for _ in 0..<2_000 {
            let value = FIXDecimal(units: Int64(bitPattern: random.next()) >> random.below(60))
            #expect(try FIXDecimal(parsing: value.description) == value)
        }
    }

    @Test("UTC timestamps format and parse")
    func timestamps() {
        let nanos: Int64 = 1_245_962_507_165_000_000
        #expect(FIXTimestamp.string(epochNanos: nanos) == "20090625-20:41:47.165")
        #expect(FIXTimestamp.string(epochNanos: 0) == "19700101-00:00:00.000")
        #expect(FIXTimestamp.string(epochNanos: -1) == "19691231-23:59:59.999")
        #expect(FIXTimestamp.parse("20090625-20:41:47.165") == nanos)
        #expect(FIXTimestamp.parse("20090625-20:41:47") == nanos - 165_000_000)
        #expect(FIXTimestamp.parse("20090625-20:41:47.165123") == nanos + 123_000)
        #expect(FIXTimestamp.parse("20240229-00:00:00") != nil)
        for bad in ["20230229-00:00:00", "20091325-20:41:47", "20090625-24:00:00", "20090625 20:41:47",
                    "20090625-20:41:47.16", "2009062-20:41:47.165", "", "20090625-20:61:47"] {
            #expect(FIXTimestamp.parse(bad) == nil, "\(bad)")
        }
        var random = TestRandom(seed: 11)
        for _ in 0..<2_000 {
            let millis = Int64(random.below(8_000_000_000)) * 1_000 - 2_000_000_000_000
            let text = FIXTimestamp.string(epochNanos: millis * 1_000_000)
            #expect(FIXTimestamp.parse(text) == millis * 1_000_000, "\(text)")
        }
    }
}
