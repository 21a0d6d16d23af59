// What an eval test file starts before its tests and stops after them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOpenAI } from "@trellis/ai/testing";
import { createTestDb } from "@trellis/testing";
import { afterAll, beforeAll } from "vitest";

/** `start`ed before the file's tests and `stop`ped after them; the getter reads it in a test. */
function forTheFile<T>(start: () => Promise<T>, stop: (value: T) => Promise<unknown>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  });
  afterAll(async () => {
    if (value !== undefined) await stop(value);
  });
  return () => {
    if (value === undefined) throw new Error("used before the file's beforeAll ran");
    return value;
  };
}

export const useTestDb = () => forTheFile(createTestDb, (db) => db.dispose());

export const useFakeOpenAI = () => forTheFile(startFakeOpenAI, (fake) => fake.close());

/** A fresh temporary directory, removed with what it holds after the file's tests. */
export const useTempDir = (prefix: string) =>
  forTheFile(
    () => mkdtemp(join(tmpdir(), prefix)),
    (dir) => rm(dir, { recursive: true, force: true }),
  );
