extension ServiceConfiguration {
    /// Checks every value and the ways they must agree. `load` calls it; call it on a configuration built in code.
    ///
    /// - Throws: the first problem found, as a `ServiceConfigurationError` naming the key.
    public func validate() throws(ServiceConfigurationError) {
        guard !listenAddress.isEmpty, !listenAddress.contains(where: \.isWhitespace) else {
            throw .invalidValue(
                key: Key.listenAddress, value: listenAddress, problem: "an address or host name, e.g. 127.0.0.1")
        }
        let ports = [(Key.fixPort, fixPort), (Key.marketDataPort, marketDataPort), (Key.httpPort, httpPort)]
        for (key, port) in ports where !(0...65535).contains(port) {
            throw .portOutOfRange(key: key, value: port)
        }
        for (index, first) in ports.enumerated() {
            for second in ports[(index + 1)...] where first.1 != 0 && first.1 == second.1 {
                throw .portConflict(firstKey: first.0, secondKey: second.0, port: first.1)
            }
        }
        guard (1...64).contains(targetCompID.utf8.count),
            targetCompID.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            throw .invalidValue(
                key: Key.targetCompID, value: targetCompID,
                problem: "1 to 64 printable ASCII characters without spaces")
        }
        guard (1...86_400).contains(maxHeartbeatSeconds) else {
            throw .outOfRange(key: Key.maxHeartbeatSeconds, value: "\(maxHeartbeatSeconds)", allowed: "1...86400")
        }
        guard (1...maxHeartbeatSeconds).contains(heartbeatSeconds) else {
            throw .outOfRange(
                key: Key.heartbeatSeconds, value: "\(heartbeatSeconds)",
                allowed: "1...\(maxHeartbeatSeconds) (maxHeartbeatSeconds)")
        }
        try Self.checkSymbolNames(symbols.map(\.name))
        for symbol in symbols {
            let override = "\(Key.symbolOverrides).\(symbol.name)."
            try symbol.validate(
                tickSizeKey: override + Key.tickSize, lotSizeKey: override + Key.lotSize,
                lowKey: override + Key.priceBandLow, highKey: override + Key.priceBandHigh)
        }
        guard (1...256).contains(engineThreads) else {
            throw .outOfRange(key: Key.engineThreads, value: "\(engineThreads)", allowed: "1...256")
        }
        if !engineCPUs.isEmpty {
            let listed = engineCPUs.map(String.init).joined(separator: ",")
            guard engineCPUs.count == engineThreads else {
                throw .invalidValue(
                    key: Key.engineCPUs, value: listed,
                    problem: "lists \(engineCPUs.count) CPUs for \(engineThreads) engine threads (one each, or none)")
            }
            guard engineCPUs.allSatisfy({ $0 >= 0 }), Set(engineCPUs).count == engineCPUs.count else {
                throw .invalidValue(
                    key: Key.engineCPUs, value: listed, problem: "CPU numbers must be distinct and not negative")
            }
        }
        guard arenaBytes >= 1 << 20 else {
            throw .outOfRange(key: Key.arenaBytes, value: "\(arenaBytes)", allowed: "at least 1048576 (1 MiB)")
        }
        if case .endOfSession(let seconds) = sessionEpoch, !(0..<86_400).contains(seconds) {
            throw .invalidSessionEpoch(value: "\(seconds) seconds after midnight")
        }
        guard risk.maxOrderQuantity > 0 else {
            throw .outOfRange(key: Key.maxOrderQuantity, value: "0", allowed: "1...\(UInt32.max) shares")
        }
        guard risk.maxNotionalPriceTicks > 0 else {
            throw .outOfRange(key: Key.maxNotional, value: "0.00", allowed: "more than 0.00")
        }
        guard risk.maxOrdersPerSecondPerSession > 0 else {
            throw .outOfRange(
                key: Key.maxOrdersPerSecondPerSession, value: "\(risk.maxOrdersPerSecondPerSession)",
                allowed: "at least 1")
        }
        guard !sessionsFile.isEmpty else {
            throw .invalidValue(key: Key.sessionsFile, value: "", problem: "a path is needed")
        }
        guard !journalDirectory.isEmpty else {
            throw .invalidValue(key: Key.journalDirectory, value: "", problem: "a path is needed")
        }
        guard journalSegmentBytes >= 1 << 20 else {
            throw .invalidValue(
                key: Key.journalSegmentBytes, value: "\(journalSegmentBytes)", problem: "at least 1048576 (1 MiB)")
        }
    }

    /// At least one symbol, each a valid 8-byte book name, none twice.
    static func checkSymbolNames(_ names: [String]) throws(ServiceConfigurationError) {
        guard !names.isEmpty else {
            throw .invalidValue(key: Key.symbols, value: "", problem: "list at least one symbol")
        }
        var seen: Set<String> = []
        for name in names {
            guard (1...8).contains(name.utf8.count) else {
                throw .invalidSymbolName(name: name, problem: "a symbol is 1 to 8 characters")
            }
            guard name.utf8.allSatisfy(isSymbolByte) else {
                throw .invalidSymbolName(name: name, problem: "use only A-Z, 0-9, '.' and '-'")
            }
            guard seen.insert(name).inserted else { throw .duplicateSymbol(name: name) }
        }
    }

    private static func isSymbolByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}

extension SymbolConfiguration {
    /// Tick and lot positive; the band positive, ordered and on the tick grid. The keys name where each value
    /// was set, for the error.
    func validate(
        tickSizeKey: String, lotSizeKey: String, lowKey: String, highKey: String
    ) throws(ServiceConfigurationError) {
        guard tickSize > 0 else { throw .tickSizeNotPositive(key: tickSizeKey, text: text(tickSize)) }
        guard lotSize > 0 else { throw .lotSizeNotPositive(key: lotSizeKey, value: Int(lotSize)) }
        guard priceBandLowTicks > 0 else {
            throw .outOfRange(key: lowKey, value: text(priceBandLowTicks), allowed: "more than 0.0000")
        }
        guard priceBandLowTicks < priceBandHighTicks else {
            throw .priceBandInverted(symbol: name, low: text(priceBandLowTicks), high: text(priceBandHighTicks))
        }
        for (key, price) in [(lowKey, priceBandLowTicks), (highKey, priceBandHighTicks)]
        where price % tickSize != 0 {
            throw .priceNotOnTick(key: key, price: text(price), tickSize: text(tickSize))
        }
    }

    private func text(_ ticks: UInt32) -> String { PriceTickText.text(UInt64(ticks)) }
}
