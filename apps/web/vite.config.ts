// Vite: the app's build (dist/, served by the Trellis server on the same origin) and `pnpm dev`
// (hot reload; API calls proxied to a running `pnpm start`, so the app stays same-origin).
import { constants } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

const api = process.env.TRELLIS_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  resolve: {
    // Preact's React compatibility layer in place of react-dom: the same components and
    // libraries (TanStack Query, tRPC, lucide, wouter) at about a tenth of the bytes, which is
    // what lets the message box be usable within 6 s on a slow mobile link (`pnpm bench web`).
    alias: [
      { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
      { find: /^react-dom$/, replacement: "preact/compat" },
      { find: /^react\/jsx-runtime$/, replacement: "preact/compat/jsx-runtime" },
      { find: /^react\/jsx-dev-runtime$/, replacement: "preact/compat/jsx-dev-runtime" },
      { find: /^react$/, replacement: "preact/compat" },
    ],
  },
  plugins: [
    // React's Fast Refresh drives react-dom's renderer, which the build does not use: without it,
    // an edit under `pnpm dev` reloads the page instead of being applied and never shown.
    react({ refreshExclude: /./ }),
    // Brotli and gzip copies next to each file (`x.js.br`, `x.js.gz`), made once at build time
    // at the highest levels: the server sends the one the browser accepts, no work per request.
    compression({
      algorithms: [
        defineAlgorithm("brotliCompress", {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
        }),
        defineAlgorithm("gzip", { level: 9 }),
      ],
      include: /\.(js|css|html|svg|json|txt|webmanifest)$/,
      threshold: 512,
      skipIfLargerOrEqual: true,
      logLevel: "silent",
    }),
  ],
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/trpc": api, "/health": api },
  },
  build: {
    outDir: "dist",
    // Maps are written for error tracking, with no `sourceMappingURL` in the served files; the
    // server does not serve `.map` files unless TRELLIS_WEB_SOURCE_MAPS=true.
    sourcemap: "hidden",
    // The operator console is its own chunk (a lazy route); report sizes, no warning noise.
    chunkSizeWarningLimit: 600,
  },
});
