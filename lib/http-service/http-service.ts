/**
 * Starts the flaky HTTP service as its own process for one run, the way the cluster harness
 * starts nodes: its own process group (recorded in a registry under the run's tmp dir, so a
 * crashed worker's successor can reap it), a free port, a `ready <port>` line, killed at
 * `stop()` with nothing left behind. Its log lives in the run's tmp dir and outlives it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProcSlot } from "@/lib/faults/fault-kinds";
import type { LabEvent, Verdict } from "@/lib/labs/types";
import { freePort, openProcRegistry, shortLivedNodeFlags, spawnGroup, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import { bundledEntry } from "@/lib/procs/bundled-entry";
import { readServerLog } from "./server-log";
import type { CrashPoint, LedgerConfig } from "./ledger-types";
import { HANDLER_FAILED_PREFIX, SERVICE_READY_LINE, type ServerLogEntry, type ServiceConfig } from "./types";

/** Left out of the bundles: native / WebAssembly packages, and pg (resolved from the repo). */
const EXTERNAL = ["pg", "esbuild", "quickjs-emscripten", "@jitl/*", "quickjs-emscripten-core"];

const SERVICE_MAIN = new URL("./service-main.ts", import.meta.url).pathname;

export interface HttpServiceOptions {
  /** The run's private temp dir: the service's config, log and process registry go under it. */
  tmpDir: string;
  seed: number;
  /** The run's clock (ms since the run started): log times are on it. */
  now(): number;
  emit(event: LabEvent): void;
  /** Name in `state` events and fault targets; default "api". */
  name?: string;
  /** Every account starts with this balance; default 1 000 000 cents. */
  openingBalanceCents?: number;
  /** Stock of a SKU not named in `stock`; default 1000. */
  defaultStock?: number;
  stock?: Record<string, number>;
  /** Server-side work per request, uniform in [min, max] ms, seeded; default none. */
  workMs?: { min: number; max: number };
  /** A TypeScript module whose default export is a DedupPolicy (see ./types.ts); default: charge every request. */
  dedup?: { module: string };
  /** Charges on Postgres through a handler module (./ledger-types.ts); the schema must exist in the labs database. */
  ledger?: Omit<LedgerConfig, "handlerModule" | "stepDelayMs" | "crashAfter" | "poolSize"> & { handlerModule: string; stepDelayMs?: number; crashAfter?: CrashPoint[]; poolSize?: number };
}

export interface HttpServiceHandle {
  readonly name: string;
  /** The service itself, bypassing any fault proxy. */
  readonly url: string;
  /** Its port, which a restart moves if another process took it while the service was down. */
  readonly port: number;
  /** Called with the new port when a restart moved the service (whoever reaches it must follow). */
  onMove(listener: (port: number) => void): void;
  /** Called when a request's charge handler failed (the log has it), with that failure's verdict. */
  onHandlerFailure(listener: (verdict: Verdict) => void): void;
  /** The running process (a crash fault replaces it: read it again after one). */
  readonly pid: number;
  readonly logFile: string;
  /** For the fault schedule's crash / restart / pause kinds: the restarted service replays its log. */
  readonly slot: ProcSlot;
  /** Everything the service handled so far, from its log file (works while it is down too). */
  log(): Promise<ServerLogEntry[]>;
  /** Kills the process group; bounded, never throws. */
  stop(): Promise<void>;
}

export const HttpService = {
  async start(options: HttpServiceOptions): Promise<HttpServiceHandle> {
    const name = options.name ?? "api";
    const dir = join(options.tmpDir, `http-service-${name}`);
    mkdirSync(dir, { recursive: true });
    const registry = openProcRegistry(join(dir, "procs"), `http-service-${name}`);
    const base = {
      logFile: join(dir, "log.jsonl"),
      origin: Date.now() - options.now(),
      seed: options.seed,
      openingBalanceCents: options.openingBalanceCents ?? 1_000_000,
      defaultStock: options.defaultStock ?? 1000,
      stock: options.stock ?? {},
      workMs: options.workMs ?? { min: 0, max: 0 },
    };
    let handle: ProcHandle | undefined;
    let port = 0;
    const configFile = join(dir, "config.json");
    // Set before the service first starts; a restart that must move it uses it again.
    let writeConfig!: (port: number) => void;
    try {
      const entry = await bundledEntry(SERVICE_MAIN, "http-service", EXTERNAL);
      const dedupModule = options.dedup ? await bundledEntry(options.dedup.module, "http-dedup") : null;
      const ledger: LedgerConfig | null = options.ledger
        ? { stepDelayMs: 0, crashAfter: [], poolSize: 16, ...options.ledger, handlerModule: await bundledEntry(options.ledger.handlerModule, "ledger-handler", EXTERNAL) }
        : null;
      writeConfig = (p) => writeFileSync(configFile, JSON.stringify({ ...base, port: p, dedupModule, ledger } satisfies ServiceConfig));
      // A port found free can be taken before the service binds it: then try another.
      for (let attempt = 1; !handle; attempt++) {
        port = await freePort();
        writeConfig(port);
        try {
          handle = await startProcess(entry, configFile, name, registry);
        } catch (err) {
          if (attempt >= 3 || !(err instanceof PortTaken)) throw err;
        }
      }
    } catch (err) {
      await registry.close({ graceMs: 0 });
      throw err;
    }
    const state = (s: string, detail?: Record<string, unknown>) =>
      options.emit({ kind: "state", t: options.now(), subject: name, state: s, ...(detail ? { detail } : {}) });
    const moveListeners: Array<(port: number) => void> = [];
    // Its port was free while it was down: a restart that finds it taken moves the service.
    const movePort = async () => {
      const from = port;
      port = await freePort();
      writeConfig(port);
      options.emit({ kind: "log", t: options.now(), level: "warn", message: `${name}: port ${from} was taken while it was down; restarting it on port ${port}` });
      for (const listener of moveListeners) listener(port);
      return slot.handle.spec.args;
    };
    const slot: ProcSlot = { handle, restart: { readyLine: SERVICE_READY_LINE, movePort } };
    let stopping = false;
    const failureListeners: Array<(verdict: Verdict) => void> = [];
    const watch = (h: ProcHandle) => {
      h.onLine((line, stream) => {
        if (stream !== "stdout" || !line.startsWith(HANDLER_FAILED_PREFIX)) return;
        const verdict = line.slice(HANDLER_FAILED_PREFIX.length) as Verdict;
        for (const listener of failureListeners) listener(verdict);
      });
      void h.exited.then((exit) => {
        if (!stopping && slot.handle === h) state("down", { pid: h.pid, signal: exit.signal, code: exit.code });
      });
    };
    slot.onRestart = (h) => {
      watch(h);
      state("up", { pid: h.pid, port, restarted: true });
    };
    watch(handle);
    state("up", { pid: handle.pid, port });
    return {
      name,
      get url() {
        return `http://127.0.0.1:${port}`;
      },
      get port() {
        return port;
      },
      onMove: (listener) => void moveListeners.push(listener),
      onHandlerFailure: (listener) => void failureListeners.push(listener),
      get pid() {
        return slot.handle.pid;
      },
      logFile: base.logFile,
      slot,
      log: () => readServerLog(base.logFile),
      async stop() {
        if (stopping) return;
        stopping = true;
        slot.handle.kill("SIGKILL");
        await registry.close({ graceMs: 0 }).catch(() => undefined);
        state("stopped");
      },
    };
  },
};

/** The service could not bind its port: someone took it after it was found free. */
class PortTaken extends Error {}

async function startProcess(entry: string, configFile: string, name: string, registry: ProcRegistry): Promise<ProcHandle> {
  const handle = await spawnGroup(process.execPath, [...shortLivedNodeFlags(), entry, configFile], { name, registry });
  try {
    await handle.waitForLine(SERVICE_READY_LINE, 15_000);
  } catch (err) {
    handle.kill("SIGKILL");
    if (handle.stderr.some((line) => line.includes("EADDRINUSE"))) throw new PortTaken(`${name}: its port was taken`);
    const why = handle.stderr.find((line) => /Error|error:/.test(line))?.trim() ?? (err as Error).message;
    throw new Error(`${name} (the HTTP service) did not start: ${why}`);
  }
  return handle;
}
