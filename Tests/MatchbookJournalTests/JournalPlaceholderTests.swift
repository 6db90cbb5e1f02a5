import Testing
@testable import MatchbookJournal
