import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("server", {
  database: true,
  // What these prove does not depend on the database kind (they run once, on PostgreSQL):
  // clients outside the workspace (an npm-installed openapi-fetch project, the README's curl
  // walkthrough), the protocols over the same procedures (the OpenAPI document and plain-JSON
  // routes, MCP), the `openai` SDK's path to the model, and HTTP itself (the web app's files,
  // security headers).
  onceOnly: [
    "test/openapi-client.test.ts",
    "test/readme-walkthrough.test.ts",
    "test/openapi.test.ts",
    "test/mcp.test.ts",
    "test/openai.test.ts",
    "test/web-app.test.ts",
    "test/security.test.ts",
  ],
  // Three server processes on one database: PGlite is one process.
  postgresOnly: ["test/cluster.test.ts"],
});
