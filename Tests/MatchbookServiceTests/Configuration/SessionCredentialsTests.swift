import Foundation
import Testing

@testable import MatchbookService

/// The sessions file and `authenticate`. (Named `ServiceConfiguration…` so `--filter ServiceConfiguration` runs it.)
struct ServiceConfigurationSessionCredentialsTests {
    static let twoClients = #"""
        { "note": "test", "sessions": [
            { "senderCompID": "CLIENT1", "username": "client1", "password": "client1-demo" },
            { "senderCompID": "CLIENT2", "username": "client2", "password": "client2-demo" } ] }
        """#

    /// Loads `json` from a temporary sessions file; the error's path is that file.
    static func load(_ json: String) async -> (Result<SessionCredentials, SessionCredentialsError>, String) {
        await ConfigurationFixtures.withTemporaryFolder { folder in
            let path = ConfigurationFixtures.write(json, named: "sessions.json", in: folder)
            do throws(SessionCredentialsError) {
                return (.success(try SessionCredentials.load(path: path)), path)
            } catch {
                return (.failure(error), path)
            }
        }
    }

    @Test func rightCredentialsAuthenticate() async throws {
        let credentials = try await Self.load(Self.twoClients).0.get()
        #expect(credentials.authenticate(senderCompID: "CLIENT1", username: "client1", password: "client1-demo"))
        #expect(credentials.authenticate(senderCompID: "CLIENT2", username: "client2", password: "client2-demo"))
    }

    @Test(arguments: [
        ("CLIENT1", "client1", "client1-demX"),  // last byte differs
        ("CLIENT1", "client1", "Xlient1-demo"),  // first byte differs
        ("CLIENT1", "client1", "client1-dem"),  // a prefix
        ("CLIENT1", "client1", "client1-demo!"),  // longer
        ("CLIENT1", "client1", ""),
        ("CLIENT1", "client1", "client2-demo"),  // another client's password
    ])
    func wrongPasswordIsRefused(senderCompID: String, username: String, password: String) async throws {
        let credentials = try await Self.load(Self.twoClients).0.get()
        #expect(!credentials.authenticate(senderCompID: senderCompID, username: username, password: password))
    }

    @Test func unknownCompIDIsRefused() async throws {
        let credentials = try await Self.load(Self.twoClients).0.get()
        #expect(!credentials.authenticate(senderCompID: "CLIENT3", username: "client1", password: "client1-demo"))
        #expect(!credentials.authenticate(senderCompID: "client1", username: "client1", password: "client1-demo"))
    }

    @Test func wrongUsernameIsRefused() async throws {
        let credentials = try await Self.load(Self.twoClients).0.get()
        #expect(!credentials.authenticate(senderCompID: "CLIENT1", username: "client2", password: "client1-demo"))
        #expect(!credentials.authenticate(senderCompID: "CLIENT1", username: "CLIENT1", password: "client1-demo"))
    }

    @Test func differenceLooksAtEveryByte() {
        let expected = Array("client1-demo".utf8)
        #expect(SessionCredentials.difference(expected, expected) == 0)
        #expect(SessionCredentials.difference(expected, Array("client1-demX".utf8)) != 0)
        #expect(SessionCredentials.difference(expected, Array("client1-dem".utf8)) != 0)
        #expect(SessionCredentials.difference([], []) == 0)
        #expect(SessionCredentials.difference([0], []) != 0)  // a length difference alone
    }

    @Test func missingFileNamesThePath() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-\(UUID().uuidString).json").path
        #expect(throws: SessionCredentialsError.fileNotFound(path: path)) { try SessionCredentials.load(path: path) }
    }

    @Test func malformedFileNamesThePathAndTheProblem() async {
        let cases = [
            ("not json", "not JSON"),
            (#"{ "sessions": [ { "senderCompID": "C", "username": "u" } ] }"#, "password"),
            (#"{ "sessions": { "senderCompID": "C" } }"#, "sessions"),
            (#"{ "note": "no sessions key" }"#, "sessions"),
        ]
        for (json, mention) in cases {
            let (result, path) = await Self.load(json)
            guard case .failure(.malformedFile(let reported, let reason)) = result else {
                Issue.record("expected malformedFile for \(json), got \(result)")
                continue
            }
            #expect(reported == path)
            #expect(reason.contains(mention), "\(reason) does not mention \(mention)")
            #expect(SessionCredentialsError.malformedFile(path: reported, reason: reason).description.contains(path))
        }
    }

    @Test func badEntriesAreRefused() async {
        let duplicate = await Self.load(
            #"""
            { "sessions": [ { "senderCompID": "C", "username": "u", "password": "p" },
                            { "senderCompID": "C", "username": "v", "password": "q" } ] }
            """#)
        #expect(duplicate.0.failure == .duplicateSenderCompID(path: duplicate.1, senderCompID: "C"))
        let empty = await Self.load(#"{ "sessions": [ { "senderCompID": "C", "username": "u", "password": "" } ] }"#)
        #expect(empty.0.failure == .emptyField(path: empty.1, index: 0, field: "password"))
        let none = await Self.load(#"{ "sessions": [] }"#)
        #expect(none.0.failure == .noSessions(path: none.1))
    }

    @Test func descriptionsNeverShowThePassword() throws {
        let entry = SessionCredentials.Entry(senderCompID: "CLIENT1", username: "client1", password: "s3cret")
        let credentials = try SessionCredentials(entries: [entry])
        for shown in [String(describing: entry), String(reflecting: entry), String(describing: credentials)] {
            #expect(!shown.contains("s3cret"), "\(shown)")
        }
        for value in [entry, credentials] as [Any] {
            var dumped = ""
            dump(value, to: &dumped)
            #expect(!dumped.contains("s3cret"), "\(dumped)")
            #expect(!dumped.contains("115, 51, 99"), "\(dumped)")  // "s3c" as stored bytes
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
