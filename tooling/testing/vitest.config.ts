import { definePackageTestConfig } from "./src/config.ts";

export default definePackageTestConfig("testing", {
  database: true,
  // npm against registries on 127.0.0.1: no database involved.
  onceOnly: ["test/npm-install.test.ts"],
});
