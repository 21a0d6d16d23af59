// A browser library build of one entry file (ENTRY), minified, with every dependency bundled.
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "error",
  build: {
    outDir: `dist-${process.env.ENTRY?.replace(/\.\w+$/, "")}`,
    minify: true,
    lib: { entry: process.env.ENTRY, formats: ["es"], fileName: "bundle" },
  },
});
