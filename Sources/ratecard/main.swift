import Foundation
import RateCard

// Entry point: picks the subcommand and turns its result into an exit code.
// Exit codes: 0 success, 1 findings or errors, 2 usage (see docs/cli.md).

Lifetime.freeLargeBlocksAtOnce()
let arguments = Array(CommandLine.arguments.dropFirst())
let status = Dispatcher.run(arguments)
Timings.phase("release memory")
exit(status.rawValue)
