import ArgumentParser
import Foundation

// Exit codes (CIMNAS.configuration, docs/errors-and-limits.md): 0, 1 runtime, 2 usage, 3 nothing feasible,
// 130/143 stopped by SIGINT/SIGTERM; errors are one line on stderr.
CLIMain.run()
