/** `npm start`: set up whatever is missing, build if needed, serve the site with its workers. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfChanged } from "./build";
import { shutdownAll, spawnGroup, stopOnSignals, exited } from "./children";
import { assertPortFree, waitFor } from "./ports";
import { prepare } from "./prepare";
import { main, stage, SetupError } from "./stage";
import { startWorkers } from "./workers";
import { DEVELOPMENT_SECRET, productionAuthProblem } from "@/lib/auth/settings";
import { siteCommand } from "@/lib/web/site-command";
import { DEMO_USERS, demoAccountsAllowed, isProduction } from "@/lib/db/demo-users";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

main(async () => {
  stopOnSignals();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SetupError(`PORT=${process.env.PORT} is not a port number: use 1–65535.`);
  const production = isProduction();
  // Before anything is set up: an unsafe production start stops with one line.
  const authProblem = production ? productionAuthProblem(process.env) : null;
  if (authProblem) throw new SetupError(`Refusing to start in production: ${authProblem}`);
  await assertPortFree(port);
  const workerCount = Number(process.env.FAULTLINE_WORKERS ?? 1);
  const demo = demoAccountsAllowed();
  const prepared = await prepare({ root, databaseName: (n) => n ?? "faultline", redisPrefix: process.env.FAULTLINE_REDIS_PREFIX ?? "faultline", seed: true, demoAccounts: demo, refuseDemoPasswords: production && !demo });
  await stage("build", async () => buildIfChanged(root), (built) => (built ? "built" : "up to date"));

  let stopping = false;
  process.on("SIGINT", () => (stopping = true));
  process.on("SIGTERM", () => (stopping = true));
  // The server always runs a production build; outside production it gets the development
  // secret explicitly, since the server itself refuses to fall back to it.
  const devAuth = production ? {} : { BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? DEVELOPMENT_SECRET, BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://localhost:${port}` };
  const env = { ...process.env, ...devAuth, DATABASE_URL: prepared.databaseUrl, LABS_DATABASE_URL: prepared.labsDatabaseUrl, REDIS_URL: prepared.redisUrl, FAULTLINE_REDIS_PREFIX: prepared.redisPrefix, PORT: String(port), NODE_ENV: "production", FAULTLINE_DEPLOYMENT: production ? "production" : "development" } as NodeJS.ProcessEnv;
  startWorkers(root, workerCount, env, () => stopping);
  const site = siteCommand(root, port);
  const web = spawnGroup(site.cmd, site.args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  web.on("exit", (code) => {
    if (stopping) return;
    console.error(`✖ The web server exited (${code}); stopping.`);
    void shutdownAll().then(() => process.exit(1));
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200).catch(() => false)), 120_000, "The site");
  console.log(`› serving on http://localhost:${port} with ${workerCount} lab worker${workerCount === 1 ? "" : "s"} (Ctrl-C stops everything)`);
  if (!production) {
    for (const u of DEMO_USERS) console.log(`  demo ${u.role}: ${u.email} / ${u.password}`);
  }
  await exited(web);
});
