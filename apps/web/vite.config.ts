// Vite: the app's build (dist/, served by the Trellis server on the same origin) and `pnpm dev`
// (hot reload; API calls proxied to a running `pnpm start`, so the app stays same-origin).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.TRELLIS_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/trpc": api, "/health": api },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // The operator console is its own chunk (a lazy route); report sizes, no warning noise.
    chunkSizeWarningLimit: 600,
  },
});
