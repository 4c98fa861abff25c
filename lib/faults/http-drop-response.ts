/**
 * An HTTP-layer fault: the request reaches the server and the server finishes its work
 * (the charge is committed), then the proxy drops the response by closing the client's
 * socket. The client cannot tell "never arrived" from "done but unanswered" — the case
 * idempotency keys exist for. Per-request probability, seeded so a run replays.
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { once } from "node:events";
import { mulberry32 } from "./rng";
import { FAULT_HEADER, REACHED_HEADER } from "./http-fault-headers";

export interface DropResponseOptions {
  upstream: { host?: string; port: number };
  /** Probability of dropping each matching response, 0..1. Default 0 (pass everything). */
  probability?: number;
  seed?: number;
  listenHost?: string;
  listenPort?: number;
  /** Which requests may be dropped (default: all). */
  match?: (req: IncomingMessage) => boolean;
  /** Called for every forwarded request, after the server answered. */
  onResponse?: (info: { method: string; url: string; status: number; dropped: boolean }) => void;
}

export interface DropResponseProxy {
  readonly port: number;
  readonly probability: number;
  setProbability(p: number): void;
  /** Sends later requests to the server's new port (a restart moved it). */
  setUpstreamPort(port: number): void;
  stats(): { forwarded: number; dropped: number };
  close(): Promise<void>;
}

function checkProbability(p: unknown): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1))
    throw new Error(
      `drop-response: probability must be a number from 0 to 1, got ${JSON.stringify(p)}`,
    );
  return p;
}

export async function createDropResponseProxy(
  options: DropResponseOptions,
): Promise<DropResponseProxy> {
  const upstreamHost = options.upstream.host ?? "127.0.0.1";
  let upstreamPort = options.upstream.port;
  if (!Number.isInteger(upstreamPort) || upstreamPort <= 0)
    throw new Error(
      `drop-response: upstream.port must be the server's port, got ${JSON.stringify(upstreamPort)}`,
    );
  let probability = checkProbability(options.probability ?? 0);
  const rng = mulberry32(options.seed ?? 1);
  const counts = { forwarded: 0, dropped: 0 };

  const server: Server = createServer((req, res) => {
    const upstreamReq = request(
      {
        host: upstreamHost,
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        // Read the whole response first: the server has then finished (committed) its work.
        const chunks: Buffer[] = [];
        upstreamRes.on("data", (c: Buffer) => chunks.push(c));
        upstreamRes.on("error", () => res.destroy());
        upstreamRes.on("end", () => {
          counts.forwarded++;
          const mayDrop = options.match ? options.match(req) : true;
          // Draw for every request, so the sequence of decisions depends only on the seed.
          const dropped = rng() < probability && mayDrop;
          options.onResponse?.({
            method: req.method ?? "",
            url: req.url ?? "",
            status: upstreamRes.statusCode ?? 0,
            dropped,
          });
          if (dropped) {
            counts.dropped++;
            req.socket.destroy();
            return;
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstreamReq.on("error", (err) => {
      if (res.headersSent) return res.destroy();
      // A refused connection surely did not reach the server: say so (see ./http-fault-headers.ts).
      const refused = (err as NodeJS.ErrnoException).code === "ECONNREFUSED";
      res.writeHead(502, { "content-type": "text/plain", ...(refused ? { [FAULT_HEADER]: "upstream-refused", [REACHED_HEADER]: "no" } : {}) });
      res.end(
        `drop-response proxy: upstream ${upstreamHost}:${upstreamPort} failed: ${err.message}`,
      );
    });
    req.pipe(upstreamReq);
  });
  server.listen(options.listenPort ?? 0, options.listenHost ?? "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closing: Promise<void> | null = null;

  return {
    port,
    get probability() {
      return probability;
    },
    setProbability(p) {
      probability = checkProbability(p);
    },
    setUpstreamPort(p) {
      upstreamPort = p;
    },
    stats: () => ({ ...counts }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
