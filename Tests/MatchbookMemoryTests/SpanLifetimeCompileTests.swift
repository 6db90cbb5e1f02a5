import Foundation
import Testing

/// "A view held across a reset does not compile": the compiler itself is the check. Each case compiles (to SIL, where exclusivity is diagnosed) a small
/// program against the MatchbookMemory module this test suite was built with; the misuse must be rejected with an
/// exclusivity error, and the same program without the misuse must be accepted (so the harness itself is proven).
@Suite("Scratch span lifetimes are checked by the compiler")
struct SpanLifetimeCompileTests {
    static let prologue = """
        import MatchbookMemory
        func use() throws {
            var arena = try Arena(ArenaConfiguration(totalBytes: 4 << 20))
            var numbers = try arena.scratchSpan(of: UInt64.self, count: 4, repeating: 0)
            numbers[0] = 1
        """

    @Test("using a span after resetEpoch() is a compile error")
    func spanAcrossResetIsRejected() throws {
        let result = try Self.typecheck(Self.prologue + "\n    arena.resetEpoch()\n    numbers[1] = 2\n}\n")
        #expect(result.status != 0)
        #expect(result.output.contains("overlapping accesses"), "\(result.output)")
    }

    @Test("ending the span before resetEpoch() compiles")
    func spanBeforeResetIsAccepted() throws {
        let result = try Self.typecheck(Self.prologue + "\n    numbers[1] = 2\n    arena.resetEpoch()\n}\n")
        #expect(result.status == 0, "\(result.output)")
    }

    /// Runs `swiftc -emit-sil` on `source` with the module search paths of this build.
    static func typecheck(_ source: String) throws -> (status: Int32, output: String) {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var buildDirectory = products
        while !FileManager.default.fileExists(atPath: buildDirectory.appendingPathComponent("Modules").path),
              buildDirectory.path != "/" {
            buildDirectory = buildDirectory.deletingLastPathComponent()
        }
        // `.build/<triple>/debug` → `.build/checkouts` (the same under a sanitizer's scratch path).
        let checkouts = buildDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("checkouts")
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("matchbook-lifetime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("case.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swiftc", "-emit-sil", "-o", "/dev/null", "-swift-version", "6", "-enable-experimental-feature", "Lifetimes",
            "-I", buildDirectory.appendingPathComponent("Modules").path,
            "-Xcc", "-fmodule-map-file=" + buildDirectory.appendingPathComponent(
                "CMatchbookShim.build/module.modulemap").path,
            "-Xcc", "-I" + packageRoot.appendingPathComponent("Sources/CMatchbookShim/include").path,
            "-Xcc", "-fmodule-map-file=" + checkouts.appendingPathComponent(
                "swift-system/Sources/CSystem/include/module.modulemap").path,
            "-Xcc", "-fmodule-map-file=" + checkouts.appendingPathComponent(
                "swift-atomics/Sources/_AtomicsShims/include/module.modulemap").path,
            file.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
