// Shared entry for the command-line tools. They exit explicitly: the schema engine leaves a
// ~10 s timer pending, and an open database would keep the process alive too.

import { MigrationError } from "../migrations/errors.ts";

export function runCli(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      // A failed migration is an expected outcome: print its message, not a stack trace.
      const text =
        error instanceof MigrationError
          ? error.message
          : error instanceof Error
            ? (error.stack ?? error.message)
            : String(error);
      process.stderr.write(`${text}\n`);
      process.exit(1);
    },
  );
}
