import { createRuntime, ScriptedUser } from "@trellis/ai";
import { createDb } from "@trellis/db";
import { createBenchDatabase } from "./lib/postgres.ts";
const database = await createBenchDatabase("tprof");
const db = await createDb({ kind: "postgres", url: database.url });
await db.migrate();
const runtime = await createRuntime({ db });
async function session(i: number) {
  const user = await db.prisma.user.create({
    data: { email: `t${i}@x`, firstName: "T", lastName: "U" },
  });
  const scripted = new ScriptedUser();
  let phase = "introduction";
  for (let t = 0; t < 36; t++) {
    const r = await runtime.turn.send({ userId: user.id, message: scripted.answer(phase) });
    phase = r.state.phase;
  }
}
await session(0);
const c = process.cpuUsage();
const t0 = performance.now();
for (let i = 1; i <= 8; i++) await session(i);
const cpu = process.cpuUsage(c);
console.log(
  "turn CPU ms",
  ((cpu.user + cpu.system) / 1000 / (8 * 36)).toFixed(2),
  "wall ms/turn",
  ((performance.now() - t0) / (8 * 36)).toFixed(2),
);
await runtime.close();
await db.close();
await database.drop();
