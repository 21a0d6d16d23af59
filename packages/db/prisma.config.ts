import { defineConfig } from "prisma/config";

// Used by `prisma generate` only: migrations run through the WASM schema engine
// (src/migrations/), because the prisma CLI cannot download its native engine offline.
// Relative paths resolve from this file.
export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
});
