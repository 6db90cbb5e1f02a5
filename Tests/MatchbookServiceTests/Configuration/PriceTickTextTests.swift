import Testing

@testable import MatchbookService

/// Exact decimal strings to price ticks of 0.0001. (Named `ServiceConfiguration…` for `--filter`.)
struct ServiceConfigurationPriceTickTextTests {
    @Test(arguments: [
        ("0.01", 100 as UInt64), ("1000.00", 10_000_000), ("0.0001", 1), ("12", 120_000), ("0.010000", 100),
        ("100000000.00", 1_000_000_000_000), ("0", 0), ("007.5", 75_000),
    ])
    func parses(text: String, ticks: UInt64) {
        #expect(PriceTickText.priceTicks(text) == .success(ticks))
    }

    @Test(arguments: [
        ("", PriceTickText.Problem.empty), (".5", .missingDigits), ("1.", .missingDigits), ("-1", .negative),
        ("1e2", .notADigit("e")), (" 1", .notADigit(" ")), ("0.00005", .finerThanPriceTick),
        ("99999999999999999999", .tooLarge),
    ])
    func refuses(text: String, problem: PriceTickText.Problem) {
        #expect(PriceTickText.priceTicks(text) == .failure(problem))
    }

    @Test func formatsTicksBack() {
        #expect(PriceTickText.text(100) == "0.0100")
        #expect(PriceTickText.text(10_000_000) == "1000.0000")
        #expect(PriceTickText.text(1) == "0.0001")
    }

    @Test func sessionEpochParsesAndPrints() {
        #expect(SessionEpoch(parsing: "none") == SessionEpoch.none)
        #expect(SessionEpoch(parsing: "16:00:00") == .endOfSession(secondsAfterMidnight: 57_600))
        #expect(SessionEpoch(parsing: "00:00:01") == .endOfSession(secondsAfterMidnight: 1))
        #expect(SessionEpoch(parsing: "23:59:59")?.description == "23:59:59")
        #expect(SessionEpoch(parsing: "24:00:00") == nil)
        #expect(SessionEpoch(parsing: "1:00:00") == nil)
        #expect(SessionEpoch(parsing: "+1:00:00") == nil)
    }
}
