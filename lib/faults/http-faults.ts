/**
 * An HTTP fault proxy in front of a service, in the lab's own process (node:http), with fault
 * kinds switched on and off at run time, every random choice seeded:
 *   http-errors    a share of requests answered 5xx by the proxy — before reaching the server
 *                  (definite: nothing happened) or after it answered (it did the work)
 *   http-latency   added delay per request, fixed / uniform / exponential / Pareto (./http-latency.ts)
 *   http-outage    every request refused at the TCP level (the port stops listening) or answered 503
 *   http-slow      the server answers, the proxy holds the answer past the client's timeout
 *   drop-response  the server commits, the response is dropped: a ./http-drop-response.ts proxy
 *                  sits between this one and the server, so that fault is the existing proxy's
 *
 *   const api = await createHttpFaultProxy({ upstream: { port: service.port }, seed, name: "api", emit, now });
 *   const stop = api.start({ kind: "http-errors", rate: 0.3 });  // emits fault start on "api"
 *   await stop();                                                 // emits fault stop
 *
 * `apply` does the same without events: the fault schedule runner (./fault-kinds.ts) emits its
 * own. Several faults of one kind may be active; the latest started wins until it stops. Each
 * started fault draws from its own generator (seeded from the proxy's seed, or the schedule
 * entry's), so one window's decisions do not depend on how many requests an earlier one saw.
 * A request's draws are made together, once the proxy has read it: the same seed gives the
 * same sequence of decisions in that order. Answers the proxy makes up carry the
 * headers in ./http-fault-headers.ts. Paths starting with "/_" (health, log) pass untouched.
 */
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { setMaxListeners } from "node:events";
import type { LabEvent } from "@/lib/labs/types";
import { createRng } from "@/lib/labs/rng";
import { createDropResponseProxy, type DropResponseProxy } from "./http-drop-response";
import { FAULT_HEADER, REACHED_HEADER } from "./http-fault-headers";
import { parseHttpFault, type HttpFault, type HttpFaultKind, type HttpFaultOf } from "./http-fault-settings";
import { latencySampler } from "./http-latency";
import { listenSwitchable } from "./http-listener";
import { sleepUnlessAborted } from "./toxic";

export interface HttpFaultProxyOptions {
  upstream: { host?: string; port: number };
  seed: number;
  /** The target named in `fault` events; default "api". */
  name?: string;
  /** Where `start` reports faults; the run's clock stamps them. */
  emit?: (event: LabEvent) => void;
  now?: () => number;
  listenHost?: string;
  /** Requests never faulted; default: paths starting with "/_". */
  exempt?: (method: string, path: string) => boolean;
  /** Most decisions kept (the older half goes when full); default 100 000. */
  keepDecisions?: number;
}

/** What the proxy did with one request. */
export interface HttpDecision {
  /** The order the proxy finished reading requests, which is the order of its draws. */
  seq: number;
  /** Run time when it arrived. */
  t: number;
  method: string;
  path: string;
  requestId: string | null;
  delayMs: number;
  error: { status: number; reachedServer: boolean } | null;
  outage: "refuse" | "503" | null;
  slowMs: number;
  /**
   * answered: the server's answer was passed on; made-up: the proxy answered (error, outage,
   * server unreachable); dropped: the connection was closed without an answer; refused: it
   * arrived on a connection open when a refusing outage began; client-gone: the client left first.
   */
  result: "answered" | "made-up" | "dropped" | "refused" | "client-gone" | "pending";
  status: number | null;
}

export interface HttpFaultProxy {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** The drop-response proxy behind this one (a fault schedule's `http` capability). */
  readonly dropResponse: DropResponseProxy;
  /** Switches `fault` on now and emits its `fault` start; the returned function switches it off (and emits the stop). */
  start(fault: HttpFault, options?: { seed?: number }): () => Promise<void>;
  /** `start` without events. */
  apply(fault: HttpFault, options?: { seed?: number }): () => Promise<void>;
  active(): HttpFault[];
  /** Resolves once the latest switch has taken effect (a refusing outage's port closed, or open again). */
  settled(): Promise<void>;
  /** Switches every fault off (each emits its stop if it was started with `start`); `close` does too. */
  clear(): Promise<void>;
  decisions(): readonly HttpDecision[];
  close(): Promise<void>;
}

interface ActiveFault {
  id: number;
  fault: HttpFault;
  rng: () => number;
  sample?: () => number;
  stop: () => Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade", "te", "trailer"]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
    stream.on("aborted", () => reject(new Error("aborted")));
  });
}

export async function createHttpFaultProxy(options: HttpFaultProxyOptions): Promise<HttpFaultProxy> {
  const name = options.name ?? "api";
  const now = options.now ?? (() => performance.now());
  const exempt = options.exempt ?? ((_m: string, path: string) => path.startsWith("/_"));
  const keep = options.keepDecisions ?? 100_000;
  const seeds = createRng(options.seed);
  const dropResponse = await createDropResponseProxy({
    upstream: options.upstream,
    seed: seeds.fork("drop-response").int(1, 2 ** 31),
    probability: 0,
    match: (req) => !exempt(req.method ?? "GET", req.url ?? "/"),
  });
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const closing = new AbortController();
  // One listener per request in flight (hundreds with many clients) is expected, not a leak.
  setMaxListeners(0, closing.signal);
  const active: ActiveFault[] = [];
  const decisions: HttpDecision[] = [];
  let started = 0;
  let seq = 0;

  const current = <K extends HttpFaultKind>(kind: K): (ActiveFault & { fault: HttpFaultOf<K> }) | undefined =>
    active.findLast((a) => a.fault.kind === kind) as (ActiveFault & { fault: HttpFaultOf<K> }) | undefined;

  const server = createServer((req, res) => void handle(req, res));
  const listener = await listenSwitchable(server, options.listenHost ?? "127.0.0.1", (message) =>
    options.emit?.({ kind: "log", t: now(), level: "error", message: `${name}: fault proxy: ${message}` }),
  );
  const { port } = listener;
  /** A refusing outage closes the port while it is the latest outage. */
  const syncListening = () => {
    const outage = current("http-outage");
    return listener.refuse(outage !== undefined && outage.fault.mode !== "503");
  };

  function record(d: HttpDecision): void {
    decisions.push(d);
    if (decisions.length > keep) decisions.splice(0, Math.floor(keep / 2));
  }

  function makeUp(res: ServerResponse, d: HttpDecision, status: number, fault: string, reached: "yes" | "no"): void {
    d.result = "made-up";
    d.status = status;
    const text = JSON.stringify({ error: `${fault} (fault proxy ${name})` });
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), [FAULT_HEADER]: fault, [REACHED_HEADER]: reached, ...(status === 503 ? { "retry-after": "1" } : {}) });
    res.end(text);
  }

  function forward(req: IncomingMessage, body: Buffer, signal: AbortSignal): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstreamReq = request(
        { host: "127.0.0.1", port: dropResponse.port, method: req.method, path: req.url, agent, headers: { ...endToEnd(req.headers), "content-length": body.length } },
        (upstreamRes) => readAll(upstreamRes).then((b) => resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: b }), reject),
      );
      upstreamReq.on("error", reject);
      // The proxy closing ends what is in flight; a client that leaves does not (the server still works on it).
      const onClose = () => upstreamReq.destroy(new Error("fault proxy closed"));
      signal.addEventListener("abort", onClose, { once: true });
      upstreamReq.on("close", () => signal.removeEventListener("abort", onClose));
      upstreamReq.end(body);
    });
  }

  /** Every draw for one request, made together: the decisions follow the order requests are read, whatever the waits. */
  function decide(d: HttpDecision): void {
    const outage = current("http-outage");
    if (outage || !listener.listening) {
      d.outage = outage?.fault.mode === "503" ? "503" : "refuse";
      return;
    }
    d.delayMs = current("http-latency")?.sample?.() ?? 0;
    const errors = current("http-errors");
    if (errors && errors.rng() < errors.fault.rate) d.error = { status: errors.fault.status ?? 503, reachedServer: errors.fault.reachServer === true };
    const slow = current("http-slow");
    if (slow && slow.rng() < (slow.fault.rate ?? 1)) d.slowMs = slow.fault.delayMs;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = now();
    const path = req.url ?? "/";
    const method = req.method ?? "GET";
    const requestId = typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : null;
    const left = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) left.abort();
    });
    const gone = AbortSignal.any([left.signal, closing.signal]);
    let d: HttpDecision | undefined;
    try {
      const body = await readAll(req);
      d = { seq: ++seq, t, method, path, requestId, delayMs: 0, error: null, outage: null, slowMs: 0, result: "pending", status: null };
      if (!exempt(method, path)) {
        record(d);
        decide(d);
      }
      if (d.outage === "503") return makeUp(res, d, 503, "outage", "no");
      if (d.outage === "refuse") {
        // A connection opened just before a refusing outage began: cut, as a dying server would.
        d.result = "refused";
        req.socket.destroy();
        return;
      }
      await sleepUnlessAborted(d.delayMs, gone);
      if (gone.aborted) {
        d.result = "client-gone";
        return;
      }
      if (d.error && !d.error.reachedServer) return makeUp(res, d, d.error.status, "error", "no");
      let answer;
      try {
        answer = await forward(req, body, closing.signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ECONNREFUSED") return makeUp(res, d, 502, "upstream-refused", "no");
        // The server may have done the work (e.g. drop-response after commit): the client learns nothing.
        d.result = "dropped";
        req.socket.destroy();
        return;
      }
      if (d.error) return makeUp(res, d, d.error.status, "error", "yes");
      await sleepUnlessAborted(d.slowMs, gone);
      if (gone.aborted) {
        d.result = "client-gone";
        return;
      }
      d.result = "answered";
      d.status = answer.status;
      res.writeHead(answer.status, { ...endToEnd(answer.headers), "content-length": answer.body.length });
      res.end(answer.body);
    } catch {
      if (d) d.result = "client-gone";
      res.destroy();
    }
  }

  function apply(input: HttpFault, opts: { seed?: number } = {}, onStop?: () => void): () => Promise<void> {
    if (closing.signal.aborted) throw new Error(`${name}: the fault proxy is closed`);
    const fault = parseHttpFault(input);
    const n = ++started;
    const seed = opts.seed ?? seeds.fork(`${fault.kind}#${n}`).int(1, 2 ** 31);
    const rng = createRng(seed).next;
    let stopped: Promise<void> | null = null;
    const entry: ActiveFault = {
      id: n,
      fault,
      rng,
      ...(fault.kind === "http-latency" ? { sample: latencySampler(fault.distribution, rng) } : {}),
      stop: () => {
        stopped ??= (async () => {
          const i = active.indexOf(entry);
          if (i >= 0) active.splice(i, 1);
          if (fault.kind === "drop-response") dropResponse.setProbability(current("drop-response")?.fault.probability ?? 0);
          if (fault.kind === "http-outage" && !closing.signal.aborted) await syncListening();
          onStop?.();
        })();
        return stopped;
      },
    };
    active.push(entry);
    if (fault.kind === "drop-response") dropResponse.setProbability(fault.probability);
    if (fault.kind === "http-outage") void syncListening();
    return entry.stop;
  }

  const event = (fault: HttpFault, action: "start" | "stop") => {
    const { kind, ...detail } = fault;
    options.emit?.({ kind: "fault", t: now(), fault: kind, action, target: name, detail });
  };

  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    dropResponse,
    apply: (fault, opts) => apply(fault, opts),
    start(fault, opts) {
      const stop = apply(fault, opts, () => event(fault, "stop"));
      event(fault, "start");
      return stop;
    },
    active: () => active.map((a) => a.fault),
    settled: () => listener.settled(),
    async clear() {
      for (const a of [...active].reverse()) await a.stop();
    },
    decisions: () => decisions,
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      // Faults still on end with the proxy: their stops show on the timeline.
      for (const a of [...active].reverse()) await a.stop();
      await listener.close();
      agent.destroy();
      await dropResponse.close();
    },
  };
}
