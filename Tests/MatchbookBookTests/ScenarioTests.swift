import Foundation
import Testing
import MatchbookBook
import MatchbookMemory

/// Matching scenarios as small readable scripts, one file per order type or feature, in `Scenarios/*.txt`
/// (found next to this file through `#filePath`, no resources needed).
///
/// ```
/// # comment
/// symbol locate=1 tick=100 lot=1 min=100 max=1000000          (before the first order; default tick=1 lot=1)
/// add limit sell id=1 qty=15 price=23000                       (limit|market|stop|stoplimit, buy|sell;
///     options: tif=day|gtc|ioc|fok display=N postonly stop=P owner=N stp=taker|maker|both locate=N tag=N)
/// cancel id=1 [owner=N]      reduce id=1 by=N [owner=N]      replace id=1 [price=P] [qty=N] [owner=N]
/// halt [locate=N]            resume [locate=N]                endsession
/// expect accepted id=1       (one event, in order; fields checked only if given: id maker taker qty price
///                             leaves makerleaves reason owner)
/// expect fill maker=1 taker=2 qty=15 price=23000
/// expect resting id=2 qty=5 [displayed=N] [cum=N]    expect gone id=2    expect waiting id=3
/// expect book buy 23000x5 22900x10   expect empty sell   expect last price=23000
/// ```
/// `id=` values are labels: the script's names for the engine ids the adds receive. Every event an operation
/// produced must be expected before the next command (and at the end of the file). Owner defaults to 1.
@Suite("Matching scenarios")
struct ScenarioTests {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scenarios")
    }

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test("every scenario file is present")
    func filesPresent() {
        let expected = [
            "limit", "market", "ioc", "fok", "post-only", "iceberg", "stop", "stop-limit", "cancel", "reduce",
            "replace", "stp-cancel-taker", "stp-cancel-maker", "stp-cancel-both", "halt", "validation",
            "session-end",
        ]
        for name in expected { #expect(Self.files.contains("\(name).txt"), "missing Scenarios/\(name).txt") }
    }

    @Test("scenario", arguments: files)
    func scenario(_ file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        try ScenarioRunner(name: file, text: text).run()
    }
}

struct ScenarioRunner {
    let name: String
    let lines: [Substring]

    init(name: String, text: String) {
        self.name = name
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    struct Line {
        var words: [String] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []

        init(_ text: Substring) {
            for token in text.split(separator: " ") where !token.isEmpty {
                if let equals = token.firstIndex(of: "=") {
                    options[String(token[..<equals])] = String(token[token.index(after: equals)...])
                } else if words.count < 3 || token.contains("x") {
                    words.append(String(token))
                } else {
                    flags.insert(String(token))
                }
            }
        }

        func number<T: FixedWidthInteger>(_ key: String, _ type: T.Type = T.self) -> T? {
            options[key].flatMap { T($0) }
        }
    }

    func run() throws {
        var symbols: [SymbolRules] = []
        var engine: MatchingTestEngine? = nil
        var labels: [String: UInt64] = [:]
        var pending: [EngineEvent] = []
        var lastEngineLine = 0

        func fail(_ number: Int, _ message: String) {
            Issue.record("\(name):\(number): \(message)")
        }

        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let text = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = Line(text)
            guard let command = line.words.first else { continue }
            if command == "symbol" {
                symbols.append(SymbolRules(
                    locate: line.number("locate") ?? 1, symbol: "S\(symbols.count)",
                    tickSize: line.number("tick") ?? 1, lotSize: line.number("lot") ?? 1,
                    minPriceTicks: line.number("min") ?? 1, maxPriceTicks: line.number("max") ?? 10_000_000,
                    halted: line.flags.contains("halted") || line.words.contains("halted")))
                continue
            }
            if engine == nil {
                if symbols.isEmpty { symbols = [SymbolRules(locate: 1, symbol: "S0", maxPriceTicks: 10_000_000)] }
                engine = try MatchingTestEngine(symbols: symbols)
            }
            func label(_ key: String) -> UInt64? {
                guard let value = line.options[key] else { return nil }
                if let id = labels[value] { return id }
                return UInt64(value).map { $0 + 1_000_000 }  // unknown label: an id nobody has
            }
            let owner: UInt32 = line.number("owner") ?? 1
            if command != "expect" {
                if !pending.isEmpty {
                    fail(lastEngineLine, "unexpected events: \(pending.map(\.description).joined(separator: "; "))")
                }
                lastEngineLine = number
            }
            switch command {
            case "add":
                guard line.words.count >= 3, let side: Side = line.words[2] == "buy" ? .buy
                    : line.words[2] == "sell" ? .sell : nil
                else { fail(number, "add needs a type and a side"); continue }
                let types: [String: OrderType] = [
                    "limit": .limit, "market": .market, "stop": .stop, "stoplimit": .stopLimit]
                let tifs: [String: TimeInForce] = ["day": .day, "gtc": .gtc, "ioc": .ioc, "fok": .fok]
                let stps: [String: SelfTradePrevention] = [
                    "taker": .cancelTaker, "maker": .cancelMaker, "both": .cancelBoth, "none": .none]
                guard let type = types[line.words[1]] else { fail(number, "unknown order type"); continue }
                let order = NewOrder(
                    locate: line.number("locate") ?? 1, side: side, type: type,
                    timeInForce: tifs[line.options["tif"] ?? "day"] ?? .day, quantity: line.number("qty") ?? 0,
                    priceTicks: line.number("price") ?? 0, stopPriceTicks: line.number("stop") ?? 0,
                    displayQuantity: line.number("display") ?? 0, postOnly: line.flags.contains("postonly"),
                    owner: owner, clientTag: line.number("tag") ?? 0,
                    selfTradePrevention: stps[line.options["stp"] ?? "none"] ?? .none)
                let id = engine!.engine.submit(order)
                if let name = line.options["id"] { labels[name] = id }
            case "cancel":
                engine!.engine.cancel(orderId: label("id") ?? 0, owner: owner)
            case "reduce":
                engine!.engine.reduce(orderId: label("id") ?? 0, by: line.number("by") ?? 0, owner: owner)
            case "replace":
                engine!.engine.replace(
                    orderId: label("id") ?? 0, newPriceTicks: line.number("price"), newQuantity: line.number("qty"),
                    owner: owner)
            case "halt", "resume":
                engine!.engine.setHalted(locate: line.number("locate") ?? 1, command == "halt")
            case "endsession":
                engine!.engine.endOfSession()
            case "expect":
                pending += engine!.drain()
                guard line.words.count >= 2 else { fail(number, "expect what?"); continue }
                let what = line.words[1]
                let locate: UInt16 = line.number("locate") ?? 1
                switch what {
                case "resting", "waiting", "gone":
                    let status = engine!.engine.order(id: label("id") ?? 0)
                    if what == "gone" {
                        if status != nil { fail(number, "order is still live: \(status!)") }
                        continue
                    }
                    guard let status else { fail(number, "order \(line.options["id"] ?? "?") is not live"); continue }
                    let state: OrderState = what == "resting" ? .resting : .waitingForTrigger
                    if status.state != state { fail(number, "state is \(status.state)") }
                    if let qty: UInt32 = line.number("qty"), status.leaves != qty {
                        fail(number, "leaves \(status.leaves), expected \(qty)")
                    }
                    if let shown: UInt32 = line.number("displayed"), status.displayed != shown {
                        fail(number, "displayed \(status.displayed), expected \(shown)")
                    }
                    if let cum: UInt32 = line.number("cum"), status.cumulativeFilled != cum {
                        fail(number, "cumulative filled \(status.cumulativeFilled), expected \(cum)")
                    }
                case "book", "empty":
                    let side: Side = line.words.count > 2 && line.words[2] == "sell" ? .sell : .buy
                    let depth = engine!.engine.depth(locate: locate, side: side)
                        .map { "\($0.priceTicks)x\($0.shares)" }
                    let expected = what == "empty" ? [] : Array(line.words.dropFirst(3))
                    if depth != expected { fail(number, "\(side) depth is \(depth), expected \(expected)") }
                case "last":
                    let last = engine!.engine.lastTradePrice(locate: locate)
                    if last != line.number("price") { fail(number, "last trade \(String(describing: last))") }
                case "noevents":
                    if !pending.isEmpty { fail(number, "unexpected events: \(pending)") }
                default:
                    guard let kind = EngineEventKind.allCases.first(where: { $0.description == what }) else {
                        fail(number, "unknown expectation \(what)")
                        continue
                    }
                    guard !pending.isEmpty else { fail(number, "no event left, expected \(what)"); continue }
                    let event = pending.removeFirst()
                    var problems: [String] = []
                    if event.kind != kind { problems.append("kind \(event.kind)") }
                    if let id = label("id"), event.orderId != id { problems.append("id \(event.orderId)") }
                    if let id = label("taker"), event.orderId != id { problems.append("taker \(event.orderId)") }
                    if let id = label("maker"), event.makerOrderId != id { problems.append("maker") }
                    if let qty: UInt32 = line.number("qty"), event.quantity != qty { problems.append("qty") }
                    if let price: UInt32 = line.number("price"), event.priceTicks != price { problems.append("price") }
                    if let leaves: UInt32 = line.number("leaves"), event.leaves != leaves { problems.append("leaves") }
                    if let leaves: UInt32 = line.number("makerleaves"), event.makerLeaves != leaves {
                        problems.append("makerLeaves")
                    }
                    if let owner: UInt32 = line.number("owner"), event.owner != owner { problems.append("owner") }
                    if let reason = line.options["reason"], event.reason.name != reason { problems.append("reason") }
                    if !problems.isEmpty { fail(number, "got \(event) (\(problems.joined(separator: ", ")))") }
                }
            default:
                fail(number, "unknown command \(command)")
            }
        }
        if let engine {
            pending += (0..<engine.engine.eventCount).map { engine.engine.event(at: $0) }
            if !pending.isEmpty { fail(lastEngineLine, "unexpected events at the end: \(pending)") }
            let problems = engine.engine.invariantViolations()
            if !problems.isEmpty { fail(lines.count, "invariants: \(problems)") }
        }
    }
}
