import Foundation
import MatchbookMemory
import MatchbookService
import Testing

/// The shipped demo configuration, the built-in defaults, and the precedence command line > environment > file >
/// defaults.
struct ServiceConfigurationTests {
    @Test func demoConfigLoadsWithTheDocumentedValues() async throws {
        let configuration = try await ServiceConfiguration.load(
            configFile: ConfigurationFixtures.demoConfigFile, environment: [:], arguments: [])
        #expect(configuration.listenAddress == "127.0.0.1")
        #expect(configuration.fixPort == 9878)
        #expect(configuration.marketDataPort == 9879)
        #expect(configuration.httpPort == 9880)
        #expect(configuration.targetCompID == "MATCHBOOK")
        #expect(configuration.heartbeatSeconds == 30)
        #expect(configuration.maxHeartbeatSeconds == 300)
        #expect(configuration.symbols.map(\.name) == ["AAPL", "MSFT", "SPY", "QQQ", "NVDA"])
        for symbol in configuration.symbols {
            #expect(symbol.tickSize == 100)  // 0.01 in price ticks of 0.0001
            #expect(symbol.lotSize == 1)
            #expect(symbol.priceBandLowTicks == 10_000)  // 1.00
            #expect(symbol.priceBandHighTicks == 10_000_000)  // 1000.00
        }
        #expect(configuration.engineThreads == 1)
        #expect(configuration.engineCPUs == [])
        #expect(configuration.arenaBytes == 256 * 1024 * 1024)
        #expect(configuration.pagePolicy == .auto)
        #expect(configuration.sessionEpoch == .endOfSession(secondsAfterMidnight: 16 * 3600))
        #expect(configuration.risk.maxOrderQuantity == 1_000_000)
        #expect(configuration.risk.maxNotionalPriceTicks == 1_000_000_000_000)  // $100,000,000.00
        #expect(configuration.risk.maxOrdersPerSecondPerSession == 1_000_000)
        #expect(configuration.sessionsFile == ConfigurationFixtures.demoSessionsFile)
        #expect(configuration.journalDirectory == "journal")
        #expect(configuration.journalSync == .group(intervalMicroseconds: 1_000))
        #expect(configuration.journalSegmentBytes == 64 << 20)
    }

    @Test func demoSessionsFileAcceptsBothDemoClients() async throws {
        let configuration = try await ServiceConfiguration.load(
            configFile: ConfigurationFixtures.demoConfigFile, environment: [:])
        let credentials = try configuration.loadSessionCredentials()
        #expect(credentials.senderCompIDs == ["CLIENT1", "CLIENT2"])
        #expect(credentials.authenticate(senderCompID: "CLIENT1", username: "client1", password: "client1-demo"))
        #expect(credentials.authenticate(senderCompID: "CLIENT2", username: "client2", password: "client2-demo"))
        #expect(!credentials.authenticate(senderCompID: "CLIENT1", username: "client1", password: "client2-demo"))
    }

    @Test func demoSymbolsBecomeEngineRules() async throws {
        let configuration = try await ServiceConfiguration.load(
            configFile: ConfigurationFixtures.demoConfigFile, environment: [:])
        let rules = configuration.symbols[0].rules(locate: 1)
        #expect(rules.symbol == "AAPL")
        #expect(rules.tickSize == 100)
        #expect(rules.minPriceTicks == 10_000)
        #expect(rules.maxPriceTicks == 10_000_000)
    }

    @Test func builtInDefaultsFillWhatTheFileLeavesOut() async throws {
        try await ConfigurationFixtures.withTemporaryFolder { folder in
            let path = ConfigurationFixtures.write(ConfigurationFixtures.minimal, named: "m.json", in: folder)
            let configuration = try await ServiceConfiguration.load(configFile: path, environment: [:])
            #expect(configuration.listenAddress == "127.0.0.1")
            #expect(configuration.fixPort == 9878)
            #expect(configuration.marketDataPort == 9879)
            #expect(configuration.httpPort == 9880)
            #expect(configuration.targetCompID == "MATCHBOOK")
            #expect(configuration.sessionEpoch == .none)
            #expect(configuration.pagePolicy == .auto)
            #expect(configuration.arenaBytes == 268_435_456)
            #expect(configuration.risk == RiskLimits())
            #expect(
                configuration.symbols == [
                    SymbolConfiguration(
                        name: "AAPL", tickSize: 100, lotSize: 1, priceBandLowTicks: 10_000,
                        priceBandHighTicks: 10_000_000)
                ])
            // sessionsFile is resolved against the config file's folder.
            #expect(configuration.sessionsFile == folder.appendingPathComponent("sessions.json").standardized.path)
        }
    }

    @Test func environmentBeatsFile() async throws {
        let json = #"{ "symbols": ["AAPL"], "fixPort": 9000, "httpPort": 9001 }"#
        let fileOnly = try await ConfigurationFixtures.load(json)
        #expect(fileOnly.fixPort == 9000)
        let configuration = try await ConfigurationFixtures.load(json, environment: ["MATCHBOOK_FIX_PORT": "9999"])
        #expect(configuration.fixPort == 9999)
        #expect(configuration.httpPort == 9001)  // still from the file
    }

    @Test func environmentNeedsThePrefix() async throws {
        let json = #"{ "symbols": ["AAPL"], "fixPort": 9000 }"#
        let configuration = try await ConfigurationFixtures.load(
            json, environment: ["FIX_PORT": "9999", "MATCHBOOK_HUGETLB_PAGES": "64"])
        #expect(configuration.fixPort == 9000)
    }

    @Test func argumentBeatsEnvironment() async throws {
        let json = #"{ "symbols": ["AAPL"], "fixPort": 9000 }"#
        let environment = ["MATCHBOOK_FIX_PORT": "9999", "MATCHBOOK_HTTP_PORT": "9998"]
        let spaced = try await ConfigurationFixtures.load(
            json, environment: environment, arguments: ["--fix-port", "7777"])
        #expect(spaced.fixPort == 7777)
        #expect(spaced.httpPort == 9998)  // still from the environment
        let joined = try await ConfigurationFixtures.load(
            json, environment: environment, arguments: ["--fix-port=7778"])
        #expect(joined.fixPort == 7778)
    }

    @Test func argumentBeatsFileWithoutEnvironment() async throws {
        let json = #"{ "symbols": ["AAPL"], "targetCompID": "FROMFILE" }"#
        let configuration = try await ConfigurationFixtures.load(json, arguments: ["--target-comp-id", "FROMARGS"])
        #expect(configuration.targetCompID == "FROMARGS")
    }

    @Test func nestedListAndPerSymbolKeysOverride() async throws {
        let environment = [
            "MATCHBOOK_SYMBOLS": "AAPL,MSFT",
            "MATCHBOOK_RISK_MAX_NOTIONAL": "5000.00",
            "MATCHBOOK_ENGINE_THREADS": "2",
            "MATCHBOOK_SYMBOL_DEFAULTS_PRICE_BAND_HIGH": "500.00",
            "MATCHBOOK_PAGE_POLICY": "off",
        ]
        let arguments = ["--symbol-overrides-aapl-tick-size", "0.05", "--engine-cpus", "2,3"]
        let configuration = try await ConfigurationFixtures.load(
            ConfigurationFixtures.minimal, environment: environment, arguments: arguments)
        #expect(configuration.symbols.map(\.name) == ["AAPL", "MSFT"])
        #expect(configuration.symbols.map(\.tickSize) == [500, 100])
        #expect(configuration.symbols.map(\.priceBandHighTicks) == [5_000_000, 5_000_000])
        #expect(configuration.risk.maxNotionalPriceTicks == 50_000_000)
        #expect(configuration.engineThreads == 2)
        #expect(configuration.engineCPUs == [2, 3])
        #expect(configuration.pagePolicy == .off)
    }

    @Test func fileOverrideOfOneSymbol() async throws {
        let json = #"""
            { "symbols": ["AAPL", "SPY"],
              "symbolOverrides": { "SPY": { "tickSize": "0.05", "lotSize": 100, "priceBandHigh": "800.00" } } }
            """#
        let configuration = try await ConfigurationFixtures.load(json)
        #expect(configuration.symbols.map(\.tickSize) == [100, 500])
        #expect(configuration.symbols.map(\.lotSize) == [1, 100])
        #expect(configuration.symbols.map(\.priceBandHighTicks) == [10_000_000, 8_000_000])
    }

    @Test func relativeSessionsFileResolvesAgainstTheConfigFolder() async throws {
        try await ConfigurationFixtures.withTemporaryFolder { folder in
            let path = ConfigurationFixtures.write(ConfigurationFixtures.minimal, named: "c.json", in: folder)
            let configuration = try await ServiceConfiguration.load(
                configFile: path, environment: ["MATCHBOOK_SESSIONS_FILE": "secrets/s.json"])
            #expect(configuration.sessionsFile == folder.appendingPathComponent("secrets/s.json").standardized.path)
            let absolute = try await ServiceConfiguration.load(
                configFile: path, environment: [:], arguments: ["--sessions-file", "/etc/matchbook/s.json"])
            #expect(absolute.sessionsFile == "/etc/matchbook/s.json")
        }
    }

    @Test func keyNamesFollowSwiftConfigurationsEncoders() {
        #expect(ServiceConfiguration.environmentVariableName(forKey: "fixPort") == "MATCHBOOK_FIX_PORT")
        #expect(ServiceConfiguration.environmentVariableName(forKey: "targetCompID") == "MATCHBOOK_TARGET_COMP_ID")
        #expect(ServiceConfiguration.environmentVariableName(forKey: "engineCPUs") == "MATCHBOOK_ENGINE_CPUS")
        #expect(
            ServiceConfiguration.environmentVariableName(forKey: "risk.maxOrdersPerSecondPerSession")
                == "MATCHBOOK_RISK_MAX_ORDERS_PER_SECOND_PER_SESSION")
        #expect(ServiceConfiguration.commandLineFlag(forKey: "fixPort") == "--fix-port")
        #expect(ServiceConfiguration.commandLineFlag(forKey: "targetCompID") == "--target-comp-id")
        #expect(ServiceConfiguration.commandLineFlag(forKey: "risk.maxNotional") == "--risk-max-notional")
        #expect(ServiceConfiguration.keys.count == Set(ServiceConfiguration.keys).count)
    }

    @Test func everyDocumentedKeyIsInTheReadme() throws {
        let readme = try String(
            contentsOf: ConfigurationFixtures.repositoryRoot.appendingPathComponent("Config/README.md"), encoding: .utf8
        )
        for key in ServiceConfiguration.keys {
            #expect(readme.contains("`\(key)`"), "Config/README.md does not document \(key)")
            let variable = ServiceConfiguration.environmentVariableName(forKey: key)
            #expect(readme.contains(variable), "Config/README.md does not name \(variable)")
            let flag = ServiceConfiguration.commandLineFlag(forKey: key)
            #expect(readme.contains(flag), "Config/README.md does not name \(flag)")
        }
    }
}
