/** `npm run dev`: the site with hot reload and a worker that restarts when its code changes. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnGroup, stopOnSignals, exited } from "./children";
import { assertPortFree } from "./ports";
import { prepare } from "./prepare";
import { main } from "./stage";
import { DEMO_USERS } from "@/lib/db/demo-users";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

main(async () => {
  stopOnSignals();
  const port = Number(process.env.PORT ?? 3000);
  await assertPortFree(port);
  const prepared = await prepare({ root, databaseName: (n) => n ?? "faultline", redisPrefix: process.env.FAULTLINE_REDIS_PREFIX ?? "faultline", seed: true, demoAccounts: true });
  const env = { ...process.env, DATABASE_URL: prepared.databaseUrl, LABS_DATABASE_URL: prepared.labsDatabaseUrl, REDIS_URL: prepared.redisUrl, FAULTLINE_REDIS_PREFIX: prepared.redisPrefix, PORT: String(port) };
  // tsx run children load the labs from disk on every run, so a lab's edit shows on its next run.
  spawnGroup(path.join(root, "node_modules", ".bin", "tsx"), ["watch", "--clear-screen=false", "workers/lab-worker.ts"], { cwd: root, env: { ...env, FAULTLINE_RUN_CHILD: "tsx" } });
  const web = spawnGroup(path.join(root, "node_modules", ".bin", "next"), ["dev", "-p", String(port)], { cwd: root, env: { ...env, FAULTLINE_NEXT_DIST_DIR: ".next-dev" } });
  console.log(`› dev server on http://localhost:${port} (hot reload; Ctrl-C stops everything)`);
  for (const u of DEMO_USERS) console.log(`  demo ${u.role}: ${u.email} / ${u.password}`);
  await exited(web);
});
