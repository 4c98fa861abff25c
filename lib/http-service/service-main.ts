/**
 * The flaky HTTP service's process (./http-service.ts starts it): `node service.mjs
 * <config.json>`. Listens on its port, answers the API in ./routes.ts, and writes every
 * request it handled to its log before answering. Prints `ready <port>` once listening.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { mulberry32 } from "@/lib/labs/rng";
import { createLedgerCharges } from "./ledger-route";
import { chargeEveryRequest, createRoutes } from "./routes";
import { readServerLogSync } from "./server-log";
import { ServiceStore } from "./store";
import { HANDLER_FAILED_PREFIX, type DedupPolicy, type ServiceConfig } from "./types";

const MAX_BODY_BYTES = 64 * 1024;
const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as ServiceConfig;
const now = () => Date.now() - config.origin;
const random = mulberry32(config.seed);

async function loadPolicy(): Promise<DedupPolicy> {
  if (!config.dedupModule) return chargeEveryRequest;
  const mod = (await import(pathToFileURL(config.dedupModule).href)) as { default?: DedupPolicy };
  if (typeof mod.default?.handleCharge !== "function") throw new Error(`${config.dedupModule}: its default export has no handleCharge`);
  return mod.default;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function main(): Promise<void> {
  const store = new ServiceStore(config);
  const ledger = config.ledger ? await createLedgerCharges(config.ledger, { openingBalanceCents: config.openingBalanceCents, logFile: config.logFile, now }) : undefined;
  const route = createRoutes(store, await loadPolicy(), ledger);
  const { min, max } = config.workMs;

  const server = createServer((req, res) => {
    const receivedAt = now();
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    // Operator endpoints: not part of the API, never logged.
    if (path === "/_health") return send(res, 200, { ok: true, pid: process.pid });
    if (path === "/_log") return send(res, 200, readServerLogSync(config.logFile));
    const header = req.headers["x-request-id"];
    const requestId = typeof header === "string" ? header : null;
    void (async () => {
      const text = await readBody(req);
      let body: unknown = null;
      let result: Awaited<ReturnType<typeof route>>;
      try {
        if (text === null) throw Object.assign(new Error(`body larger than ${MAX_BODY_BYTES} bytes`), { status: 413 });
        if (text.trim()) body = JSON.parse(text);
        // Drawn for every request, so the work times depend only on the seed and the request order.
        const work = min + random() * (max - min);
        if (work > 0) await new Promise((r) => setTimeout(r, work));
        result = await route({ method, path, body, requestId, now: now() });
      } catch (err) {
        const status = (err as { status?: number }).status ?? (err instanceof SyntaxError ? 400 : 500);
        result = { status, body: { error: (err as Error).message }, committed: null };
      }
      const ledgerParts = { ...(result.db ? { db: result.db } : {}), ...(result.handlerError ? { handlerError: result.handlerError } : {}), ...(result.rolledBack ? { rolledBack: true } : {}) };
      store.record({ requestId, method, path, receivedAt, answeredAt: now(), status: result.status, request: body, response: result.body, committed: result.committed, pid: process.pid, ...ledgerParts });
      // After the log has it: whoever stops the run on this line finds it there.
      if (result.handlerError) process.stdout.write(`${HANDLER_FAILED_PREFIX}${result.handlerError.grade.verdict}\n`);
      send(res, result.status, result.body);
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (err as Error).message });
    });
  });
  server.keepAliveTimeout = 10_000;
  server.listen(config.port, "127.0.0.1", () => process.stdout.write(`ready ${config.port}\n`));
  const exit = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGTERM", exit);
  process.on("SIGINT", exit);
}

// Orphan guard (as the cluster's nodes have): if whatever started us dies without its
// teardown — a run child SIGKILLed, a debugging run killed from outside — do not linger.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 500).unref();

main().catch((err: unknown) => {
  process.stderr.write(`http-service: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
