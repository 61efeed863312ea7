import Foundation
import Testing

@Suite struct HelpTests {
    @Test func helpExitsZero() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: cimnas"))
    }

    @Test func unknownSubcommandIsUsageError() throws {
        let r = try CLIRunner.run(["no-such-command"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cimnas: "))
    }
}
