// Runs before `pnpm start` and `pnpm demo`: on another Node than 24, a clear "Node 24 required"
// and how to get it, instead of a stack trace about `.ts` files. Plain JavaScript, so that the
// Node it complains about can run it.

/** What to tell a user of Node `version` (e.g. "v20.20.0"), or null when it is Node 24. */
export function nodeProblem(version) {
  const major = Number(String(version).replace(/^v/, "").split(".")[0]);
  if (major === 24) return null;
  return [
    `Node 24 required (this is Node ${version}).`,
    "Install Node 24 (see .node-version), or use the toolchain pinned in .toolchain/:",
    '  npm install --prefix .toolchain && export PATH="$PWD/.toolchain/node_modules/.bin:$PATH"',
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = nodeProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
