import ArgumentParser
import Foundation

// Exit codes: 0 success, 1 runtime error, 2 usage error; errors are one line on stderr.
CLIMain.run()
