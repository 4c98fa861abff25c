/**
 * One replica process: `node server.mjs --name n1 --port 40123 --log /tmp/n1.log
 * [--apply-lag-ms 100]`. Serves the line-delimited JSON protocol of ../protocol and prints
 * `ready <port>` once it listens.
 *
 * Apply lag models a replica that is slow to apply writes (a busy disk, a long mutation
 * queue, as in Dynamo-style stores): a put is applied — and acknowledged — only after the
 * lag, while gets are answered at once from what is applied. Writes then land on replicas
 * at different times, which is what makes W + R ≤ N observably unsafe.
 */
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { parseRequest, type Response } from "../protocol";
import { VersionedStore } from "./store";

const { values } = parseArgs({
  options: { name: { type: "string" }, port: { type: "string" }, log: { type: "string" }, "apply-lag-ms": { type: "string" } },
});
const name = values.name ?? "replica";
const port = Number(values.port ?? "0");
const store = new VersionedStore(values.log);
const applyLagMs = Math.max(0, Number(values["apply-lag-ms"] ?? "0") || 0);

function handle(parsed: ReturnType<typeof parseRequest>): Response {
  if (!parsed.ok) return { id: parsed.id, ok: false, error: parsed.error };
  const req = parsed.request;
  switch (req.op) {
    case "get": {
      const stored = store.get(req.key);
      return { id: req.id, ok: true, value: stored.value, version: stored.version };
    }
    case "put":
      return { id: req.id, ok: true, applied: store.put(req.key, req.value, req.version) };
    case "ping":
      return { id: req.id, ok: true, pong: name };
  }
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("error", () => socket.destroy());
  const lines = createInterface({ input: socket, crlfDelay: Infinity });
  lines.on("error", () => undefined); // readline re-emits socket errors, handled above
  const reply = (parsed: ReturnType<typeof parseRequest>) => {
    const response = handle(parsed);
    if (socket.writable) socket.write(JSON.stringify(response) + "\n");
  };
  lines.on("line", (line) => {
    const parsed = parseRequest(line);
    // Only puts wait; responses carry their request id, so they may overtake each other.
    if (applyLagMs > 0 && parsed.ok && parsed.request.op === "put") setTimeout(reply, applyLagMs, parsed);
    else reply(parsed);
  });
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  process.stdout.write(`ready ${bound}\n`);
});

// Orphan guard: if the lab process dies without teardown (SIGKILL, crash), this replica is
// re-parented; notice that and exit rather than linger on its port.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
process.on("SIGTERM", () => process.exit(0));
