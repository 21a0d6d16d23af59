// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm).
//
// The prisma CLI cannot be used for migrations here: it insists on downloading a native engine.
// The WASM build of the same engine talks to the database through a driver adapter instead.
// Its package entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which neither
// Node nor vitest can load, so we do what that entry does by hand: instantiate the .wasm with the
// JS glue module as its imports, hand the instance back to the glue, and start it.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

/** The part of the WebAssembly JS API we use. */
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

// @types/node does not declare the WebAssembly global (TypeScript keeps it in the DOM lib, which
// a Node package should not pull in), so this one boundary is typed by hand.
const webAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** We manage every table and enum in the schema: nothing is "external". */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

declare global {
  /**
   * Instantiations of the engine module, per glue module. Process-wide, not module state: the
   * glue module lives in node_modules and is shared, while this file may be evaluated once per
   * vitest project (global setups run side by side in one process). Instantiating twice would
   * repoint the shared glue at a second WASM memory under the first one's live engines.
   */
  var __trellisSchemaEngineModules: WeakMap<object, Promise<void>> | undefined;
}

/**
 * The glue functions the module imports, except that timers are unref'd. The engine arms a
 * ~10 s timer per command as a timeout guard and never clears it (it imports no clearTimeout),
 * which kept every process that migrated alive for 10 s: the server on shutdown, vitest after
 * its global setup. An unref'd guard still fires if anything else keeps the process running.
 */
function engineImports(): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, original] of Object.entries(imports)) {
    if (!name.startsWith("__wbg_setTimeout_") || typeof original !== "function") continue;
    imports[name] = (callback: unknown, ms: unknown) => {
      const timer: unknown = Reflect.apply(original, undefined, [callback, ms]);
      if (timer instanceof Object && "unref" in timer && typeof timer.unref === "function") {
        timer.unref();
      }
      return timer;
    };
  }
  return imports;
}

/** Instantiates the engine module once per process (~45 ms). */
function loadEngineModule(): Promise<void> {
  globalThis.__trellisSchemaEngineModules ??= new WeakMap();
  const modules = globalThis.__trellisSchemaEngineModules;
  let loaded = modules.get(glue);
  if (loaded !== undefined) return loaded;
  loaded = (async () => {
    const gluePath = createRequire(import.meta.url).resolve(
      "@prisma/schema-engine-wasm/schema_engine_bg",
    );
    const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
    // The module imports every glue function from "./schema_engine_bg.js".
    const imports = { "./schema_engine_bg.js": engineImports() };
    const { instance } = await webAssembly.instantiate(bytes, imports);
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start !== "function") throw new Error("schema engine wasm: no __wbindgen_start");
    start();
  })();
  modules.set(glue, loaded);
  return loaded;
}

/** Engine log lines are JSON; kept only when TRELLIS_DEBUG_SCHEMA_ENGINE is set. */
function logEngine(line: string): void {
  if (process.env.TRELLIS_DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
}

/** Runs `fn` with a schema engine connected through `factory`, then frees the engine. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadEngineModule();
  const engine = await glue.SchemaEngine.new(
    { datamodels: undefined },
    logEngine,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}
