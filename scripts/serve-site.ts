/**
 * The production site: `node --import tsx scripts/serve-site.ts --port 3000 [--hostname 127.0.0.1]`
 * (lib/web/site-server.ts). What `npm start`, the browser tests, the fault suite, the load test
 * and bench:content-http run where they used to run `next start`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startSiteServer } from "@/lib/web/site-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { port: { type: "string", short: "p", default: process.env.PORT ?? "3000" }, hostname: { type: "string", short: "H" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`✖ --port ${values.port} is not a port number: use 0–65535.`);
  process.exit(1);
}
const site = await startSiteServer({ root, port, hostname: values.hostname }).catch((error: NodeJS.ErrnoException) => {
  const what = error.code === "EADDRINUSE" ? `port ${port} is in use: stop what listens there or choose another port (PORT=…)` : error.message;
  console.error(`✖ The site could not start: ${what}`);
  process.exit(1);
});
console.log(`listening on http://${values.hostname ?? "localhost"}:${port}`);
site.pagesReady.then(
  (count) => console.log(`prerendered pages in memory: ${count}`),
  (error: unknown) => console.error(`prerendered pages not held in memory (Next answers them): ${(error as Error).message}`),
);
const stop = () => void site.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
