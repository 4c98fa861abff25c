/**
 * One replica process: `node server.mjs --name n1 --port 40123 --log /tmp/n1.log`.
 * Serves the line-delimited JSON protocol of ../protocol and prints `ready <port>` once
 * it listens.
 */
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { parseRequest, type Response } from "../protocol";
import { VersionedStore } from "./store";

const { values } = parseArgs({
  options: { name: { type: "string" }, port: { type: "string" }, log: { type: "string" } },
});
const name = values.name ?? "replica";
const port = Number(values.port ?? "0");
const store = new VersionedStore(values.log);

function handle(line: string): Response {
  const parsed = parseRequest(line);
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
  lines.on("line", (line) => {
    const response = handle(line);
    if (socket.writable) socket.write(JSON.stringify(response) + "\n");
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
