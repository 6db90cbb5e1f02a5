import Foundation
import MatchbookService
import Testing

/// Each refusal names the key and the problem. Every case starts from a file that loads (`valid`), so a test
/// fails if its one change is accepted.
struct ServiceConfigurationValidationTests {
    /// One symbol, everything else default: loads.
    static let valid = #"{ "symbols": ["AAPL"] }"#

    /// `valid` with `fields` (JSON members, without braces) added.
    static func with(_ fields: String) -> String { #"{ "symbols": ["AAPL"], \#(fields) }"# }

    @Test func theBaseCaseLoads() async {
        #expect(await ConfigurationFixtures.loadError(Self.valid) == nil)
    }

    @Test func tickSizeNotPositive() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""symbolDefaults": { "tickSize": "0.00" }"#))
        #expect(error == .tickSizeNotPositive(key: "symbolDefaults.tickSize", text: "0.0000"))
        #expect(error?.description.contains("symbolDefaults.tickSize") == true)
    }

    @Test func tickSizeNotPositiveInAnOverrideNamesTheOverride() async {
        let error = await ConfigurationFixtures.loadError(
            Self.with(#""symbolOverrides": { "AAPL": { "tickSize": "0" } }"#))
        #expect(error == .tickSizeNotPositive(key: "symbolOverrides.AAPL.tickSize", text: "0.0000"))
    }

    @Test func bandLowNotBelowHigh() async {
        let inverted = await ConfigurationFixtures.loadError(
            Self.with(#""symbolDefaults": { "priceBandLow": "10.00", "priceBandHigh": "5.00" }"#))
        #expect(inverted == .priceBandInverted(symbol: "AAPL", low: "10.0000", high: "5.0000"))
        let equal = await ConfigurationFixtures.loadError(
            Self.with(#""symbolDefaults": { "priceBandLow": "5.00", "priceBandHigh": "5.00" }"#))
        #expect(equal == .priceBandInverted(symbol: "AAPL", low: "5.0000", high: "5.0000"))
    }

    @Test func bandNotMultipleOfTick() async {
        let low = await ConfigurationFixtures.loadError(Self.with(#""symbolDefaults": { "priceBandLow": "1.005" }"#))
        #expect(low == .priceNotOnTick(key: "symbolDefaults.priceBandLow", price: "1.0050", tickSize: "0.0100"))
        let high = await ConfigurationFixtures.loadError(
            Self.with(#""symbolOverrides": { "AAPL": { "tickSize": "0.05", "priceBandHigh": "999.99" } }"#))
        #expect(
            high == .priceNotOnTick(key: "symbolOverrides.AAPL.priceBandHigh", price: "999.9900", tickSize: "0.0500"))
    }

    @Test func duplicateSymbol() async {
        let error = await ConfigurationFixtures.loadError(#"{ "symbols": ["AAPL", "MSFT", "AAPL"] }"#)
        #expect(error == .duplicateSymbol(name: "AAPL"))
    }

    @Test(arguments: ["aapl", "TOOLONGSYM", "", "A B"])
    func invalidSymbolName(name: String) async {
        let error = await ConfigurationFixtures.loadError(#"{ "symbols": ["\#(name)"] }"#)
        guard case .invalidSymbolName(let reported, _) = error else {
            Issue.record("expected invalidSymbolName, got \(String(describing: error))")
            return
        }
        #expect(reported == name)
    }

    @Test func noSymbols() async {
        let error = await ConfigurationFixtures.loadError(#"{ "fixPort": 9000 }"#)
        #expect(error == .invalidValue(key: "symbols", value: "", problem: "list at least one symbol"))
    }

    @Test func unknownPagePolicy() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""pagePolicy": "huge""#))
        #expect(error == .unknownPagePolicy(value: "huge"))
        #expect(error?.description.contains("require-huge") == true)
    }

    @Test func portOutOfRange() async {
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""fixPort": 70000"#))
                == .portOutOfRange(key: "fixPort", value: 70000))
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""httpPort": -1"#))
                == .portOutOfRange(key: "httpPort", value: -1))
        #expect(
            await ConfigurationFixtures.loadError(Self.valid, environment: ["MATCHBOOK_MARKET_DATA_PORT": "65536"])
                == .portOutOfRange(key: "marketDataPort", value: 65536))
    }

    @Test func portConflict() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""fixPort": 9000, "httpPort": 9000"#))
        #expect(error == .portConflict(firstKey: "fixPort", secondKey: "httpPort", port: 9000))
        // Port 0 (any free port) may repeat.
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""fixPort": 0, "httpPort": 0, "marketDataPort": 0"#))
                == nil)
    }

    @Test func lotSizeNotPositive() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""symbolDefaults": { "lotSize": 0 }"#))
        #expect(error == .lotSizeNotPositive(key: "symbolDefaults.lotSize", value: 0))
    }

    @Test(arguments: ["0.00005", "-1.00", "1e2", "1,000.00", ".5", "1.", "abc"])
    func invalidDecimal(text: String) async {
        let error = await ConfigurationFixtures.loadError(
            Self.with(#""symbolDefaults": { "priceBandHigh": "\#(text)" }"#))
        guard case .invalidDecimal(let key, let reported, _) = error else {
            Issue.record("expected invalidDecimal for \(text), got \(String(describing: error))")
            return
        }
        #expect(key == "symbolDefaults.priceBandHigh")
        #expect(reported == text)
    }

    @Test func decimalAsJSONNumberIsTheWrongType() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""symbolDefaults": { "tickSize": 0.01 }"#))
        guard case .wrongType(let key, _, _) = error else {
            Issue.record("expected wrongType, got \(String(describing: error))")
            return
        }
        #expect(key == "symbolDefaults.tickSize")
    }

    @Test func textWhereANumberGoesIsTheWrongTypeInEveryLayer() async {
        let file = await ConfigurationFixtures.loadError(Self.with(#""fixPort": "9000""#))
        let environment = await ConfigurationFixtures.loadError(Self.valid, environment: ["MATCHBOOK_FIX_PORT": "abc"])
        let argument = await ConfigurationFixtures.loadError(Self.valid, arguments: ["--fix-port", "abc"])
        for error in [file, environment, argument] {
            guard case .wrongType(let key, let expected, _) = error else {
                Issue.record("expected wrongType, got \(String(describing: error))")
                continue
            }
            #expect(key == "fixPort")
            #expect(expected == "an integer")
        }
    }

    @Test func unknownKeyInTheFile() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""fixport": 9000"#))
        guard case .unknownKey(let key, let source) = error else {
            Issue.record("expected unknownKey, got \(String(describing: error))")
            return
        }
        #expect(key == "fixport")
        #expect(source.hasSuffix("matchbook.json"))
        let nested = await ConfigurationFixtures.loadError(Self.with(#""risk": { "maxQuantity": 5 }"#))
        guard case .unknownKey("risk.maxQuantity", _) = nested else {
            Issue.record("expected unknownKey risk.maxQuantity, got \(String(describing: nested))")
            return
        }
        let field = await ConfigurationFixtures.loadError(
            Self.with(#""symbolOverrides": { "AAPL": { "tick": "0.01" } }"#))
        guard case .unknownKey("symbolOverrides.AAPL.tick", _) = field else {
            Issue.record("expected unknownKey symbolOverrides.AAPL.tick, got \(String(describing: field))")
            return
        }
    }

    @Test func commentsAreNotKeys() async {
        #expect(await ConfigurationFixtures.loadError(Self.with(#""note": "hello", "_comment": { "x": 1 }"#)) == nil)
    }

    @Test func unknownFlag() async {
        #expect(
            await ConfigurationFixtures.loadError(Self.valid, arguments: ["--fix-prot", "9000"])
                == .unknownKey(key: "--fix-prot", source: "command line"))
        #expect(
            await ConfigurationFixtures.loadError(Self.valid, arguments: ["9000"])
                == .unknownKey(key: "9000", source: "command line (a value with no --flag before it)"))
        #expect(
            await ConfigurationFixtures.loadError(Self.valid, arguments: ["--symbol-overrides-msft-tick-size", "0.05"])
                == .unknownKey(key: "--symbol-overrides-msft-tick-size", source: "command line"))
    }

    @Test func overrideOfAnUnlistedSymbol() async {
        let error = await ConfigurationFixtures.loadError(
            Self.with(#""symbolOverrides": { "TSLA": { "tickSize": "0.01" } }"#))
        #expect(
            error
                == .invalidValue(
                    key: "symbolOverrides.TSLA", value: "TSLA",
                    problem: "overrides a symbol that is not listed in symbols"))
    }

    @Test func symbolsAsObjectsIsTheWrongType() async {
        let error = await ConfigurationFixtures.loadError(#"{ "symbols": [{ "name": "AAPL", "tickSize": "0.01" }] }"#)
        guard case .wrongType(let key, _, _) = error else {
            Issue.record("expected wrongType, got \(String(describing: error))")
            return
        }
        #expect(key == "symbols")
    }

    @Test(arguments: ["25:00:00", "16:00", "4pm", "16:60:00", ""])
    func invalidSessionEpoch(value: String) async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""sessionEpoch": "\#(value)""#))
        #expect(error == .invalidSessionEpoch(value: value))
    }

    @Test func heartbeatAboveItsMaximum() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""heartbeatSeconds": 301"#))
        #expect(error == .outOfRange(key: "heartbeatSeconds", value: "301", allowed: "1...300 (maxHeartbeatSeconds)"))
    }

    @Test func engineCPUsMustMatchEngineThreads() async {
        let error = await ConfigurationFixtures.loadError(Self.with(#""engineThreads": 1, "engineCPUs": [2, 3]"#))
        guard case .invalidValue(let key, let value, _) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(key == "engineCPUs")
        #expect(value == "2,3")
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""engineThreads": 0"#))
                == .outOfRange(key: "engineThreads", value: "0", allowed: "1...256"))
    }

    @Test func riskLimitsMustBePositive() async {
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""risk": { "maxOrderQuantity": 0 }"#))
                == .outOfRange(key: "risk.maxOrderQuantity", value: "0", allowed: "1...4294967295 shares"))
        #expect(
            await ConfigurationFixtures.loadError(Self.with(#""risk": { "maxNotional": "0" }"#))
                == .outOfRange(key: "risk.maxNotional", value: "0.00", allowed: "more than 0.00"))
    }

    @Test func missingConfigFileNamesThePath() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-folder-\(UUID().uuidString)/matchbook.json").path
        do {
            _ = try await ServiceConfiguration.load(configFile: path, environment: [:])
            Issue.record("a missing file loaded")
        } catch {
            #expect(error == .fileNotFound(path: path))
            #expect(error.description.contains(path))
        }
    }

    @Test func malformedConfigFileNamesThePath() async {
        let notJSON = await ConfigurationFixtures.loadError("{ symbols: AAPL")
        let notAnObject = await ConfigurationFixtures.loadError(#"["AAPL"]"#)
        for error in [notJSON, notAnObject] {
            guard case .malformedFile(let path, _) = error else {
                Issue.record("expected malformedFile, got \(String(describing: error))")
                continue
            }
            #expect(path.hasSuffix("/matchbook.json"))
        }
    }

    @Test func validateChecksConfigurationsBuiltInCode() throws {
        let symbol = SymbolConfiguration(
            name: "AAPL", tickSize: 100, lotSize: 1, priceBandLowTicks: 10_000, priceBandHighTicks: 10_000_050)
        var configuration = ServiceConfiguration(symbols: [symbol])
        #expect(
            throws: ServiceConfigurationError.priceNotOnTick(
                key: "symbolOverrides.AAPL.priceBandHigh", price: "1000.0050", tickSize: "0.0100")
        ) {
            try configuration.validate()
        }
        configuration.symbols[0].priceBandHighTicks = 10_000_000
        try configuration.validate()
    }
}
