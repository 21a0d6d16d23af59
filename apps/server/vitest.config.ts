import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("server", {
  database: true,
  // Clients outside the workspace (an npm-installed openapi-fetch project, the README's curl
  // walkthrough): what they prove does not depend on the database kind.
  onceOnly: ["test/openapi-client.test.ts", "test/readme-walkthrough.test.ts"],
  // Three server processes on one database: PGlite is one process.
  postgresOnly: ["test/cluster.test.ts"],
});
