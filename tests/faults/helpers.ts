/** Real sockets for fault tests: a line echo server and a line client. */
import { createServer, connect, type Server, type Socket } from "node:net";
import { once } from "node:events";
import { createInterface } from "node:readline";

export interface EchoServer {
  port: number;
  server: Server;
  /** Every line the server received, in order. */
  received: string[];
  connections: number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/** Replies "echo:<line>" to every line; "end" makes it end the connection after replying. */
export async function startEchoServer(): Promise<EchoServer> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const rl = createInterface({ input: socket });
    rl.on("error", () => undefined); // readline re-emits socket errors (resets are expected here)
    rl.on("line", (line) => {
      received.push(line);
      if (!socket.writable) return;
      socket.write(`echo:${line}\n`);
      if (line === "end") socket.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    server,
    received,
    get connections() {
      return state.connections;
    },
    sockets,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface LineClient {
  socket: Socket;
  lines: string[];
  send(line: string): void;
  /** Next unread line, or null if none arrives within timeoutMs or the socket closes. */
  next(timeoutMs: number): Promise<string | null>;
  /** Resolves with the socket's fate: "end" (FIN), "reset" (ECONNRESET) or "timeout". */
  closed(timeoutMs: number): Promise<"end" | "reset" | "error" | "timeout">;
  destroy(): void;
}

export async function connectLines(port: number): Promise<LineClient> {
  const socket = connect({ port, host: "127.0.0.1" });
  await once(socket, "connect");
  const lines: string[] = [];
  let read = 0;
  let waiter: (() => void) | null = null;
  let fate: "end" | "reset" | "error" | null = null;
  const fateWaiters: Array<() => void> = [];
  const settle = (f: "end" | "reset" | "error") => {
    fate ??= f;
    for (const w of fateWaiters.splice(0)) w();
    waiter?.();
  };
  socket.on("error", (err: NodeJS.ErrnoException) => settle(err.code === "ECONNRESET" ? "reset" : "error"));
  socket.on("end", () => settle("end"));
  socket.on("close", () => settle("end"));
  const rl = createInterface({ input: socket });
  rl.on("error", () => undefined);
  rl.on("line", (l) => {
    lines.push(l);
    waiter?.();
  });
  return {
    socket,
    lines,
    send: (line) => void socket.write(`${line}\n`),
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (read >= lines.length) {
        if (fate || Date.now() >= deadline) return null;
        await new Promise<void>((r) => {
          waiter = r;
          setTimeout(r, Math.max(0, deadline - Date.now()));
        });
        waiter = null;
      }
      return lines[read++] ?? null;
    },
    async closed(timeoutMs) {
      if (!fate) await Promise.race([new Promise<void>((r) => fateWaiters.push(r)), new Promise((r) => setTimeout(r, timeoutMs))]);
      return fate ?? "timeout";
    },
    destroy: () => socket.destroy(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** A line server that answers "pong:<line>"; prints "listening" once bound. */
export const PONG_SERVER = `
const net = require("node:net");
const server = net.createServer((c) => {
  c.on("error", () => {});
  require("node:readline").createInterface({ input: c }).on("line", (l) => c.write("pong:" + l + "\\n"));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening " + process.pid));
`;
