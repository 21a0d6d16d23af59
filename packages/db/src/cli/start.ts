// pnpm --filter @trellis/db start — opens the embedded database at the default folder and
// migrates it. A stand-in for `pnpm start` until the server exists.

import { createDb } from "../create-db.ts";
import { defaultDataDir } from "../paths.ts";
import { runCli } from "./run.ts";

runCli(async () => {
  const db = await createDb({ kind: "pglite", dataDir: defaultDataDir });
  try {
    const applied = await db.migrate();
    console.log(
      `Trellis database ready at ${defaultDataDir} (${applied.length} migrations applied)`,
    );
  } finally {
    await db.close();
  }
  return 0;
});
