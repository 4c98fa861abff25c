/**
 * Every fault a schedule can name, registered under that name: which parts of a target it
 * needs, its settings (a zod schema with bounds), and how to start it. `start` returns the
 * function that stops it (lasting faults) or nothing (instant ones).
 */
import { z } from "zod";
import type { ProcHandle } from "@/lib/procs";
import type { TcpProxy } from "./tcp-proxy";
import type { DirectionSpec } from "./toxic";
import type { LieSettings } from "./toxics/lie";
import type { ClockControl } from "./clock-skew";
import type { DropResponseProxy } from "./http-drop-response";
import type { HttpFaultProxy } from "./http-faults";
import { httpFaultSettings, type HttpFault, type HttpFaultKind } from "./http-fault-settings";
import { latency } from "./toxics/latency";
import { partition } from "./toxics/partition";
import { blackhole } from "./toxics/blackhole";
import { resetPeer } from "./toxics/reset-peer";
import { slowClose } from "./toxics/slow-close";
import { lie } from "./toxics/lie";
import { messageFaults } from "./toxics/message-faults";
import { crash } from "./crash";
import { pause, resume } from "./pause";
import { restart, type RestartOptions } from "./restart";

/** A node's process, held in a slot because `restart` replaces the handle. */
export interface ProcSlot {
  handle: ProcHandle;
  /** How to tell the restarted process is ready (its port or a stdout line). */
  restart?: RestartOptions;
  /** Told about every new handle (e.g. to re-attach log listeners). */
  onRestart?: (handle: ProcHandle) => void;
}

/**
 * What a schedule's `target` names. Give each node the parts the faults you allow need:
 *   proc  — crash, restart, pause, resume
 *   proxy — partition, latency, blackhole, reset, slow-close, lie (the proxy in front of the node)
 *   lie   — the rewrite a Byzantine node applies to its reply lines (with proxy, for "lie")
 *   clock — clock-skew
 *   http  — drop-response
 *   api   — http-errors, http-latency, http-outage, http-slow (an HTTP fault proxy, ./http-faults.ts)
 */
export interface FaultTarget {
  proc?: ProcSlot;
  proxy?: TcpProxy;
  lie?: LieSettings["rewrite"];
  clock?: ClockControl;
  http?: DropResponseProxy;
  api?: HttpFaultProxy;
}

export type FaultTargets = Readonly<Record<string, FaultTarget>>;
export type Capability = keyof FaultTarget;

export interface StartContext {
  /** Unique per schedule entry, used to name its toxic on the proxy. */
  name: string;
  seed: number;
  signal: AbortSignal;
}

/** `aborted`: the run is being torn down; undo only what teardown needs (no restarts). */
export type StopFn = (how: { aborted: boolean }) => Promise<void> | void;

export interface FaultKind<P = Record<string, unknown>> {
  summary: string;
  needs: Capability[];
  /** Instant faults happen at once and take no duration. */
  instant: boolean;
  /** Instant faults that end active faults of these kinds on the same target. */
  ends?: readonly string[];
  params: z.ZodType<P>;
  start(target: FaultTarget, params: P, ctx: StartContext): Promise<StopFn | void> | StopFn | void;
}

const MAX_DELAY_MS = 10_000;
const direction = z.enum(["both", "inbound", "outbound"]).optional();
/** Schedule words for students; inbound = towards the node = the proxy's upstream. */
const toDirection = (d: "both" | "inbound" | "outbound" | undefined): DirectionSpec =>
  d === "inbound" ? "upstream" : d === "outbound" ? "downstream" : "both";
const ms = (max: number) => z.number().int().min(0).max(max);

function removeToxic(proxy: TcpProxy, name: string): StopFn {
  return () => void proxy.remove(name);
}

function proc(target: FaultTarget): ProcSlot {
  return target.proc as ProcSlot;
}

function kind<P>(k: FaultKind<P>): FaultKind<P> {
  return k;
}

/** An HTTP-layer fault on the target's fault proxy, drawing from the schedule entry's seed. */
function httpKind<K extends Exclude<HttpFaultKind, "drop-response">>(name: K, summary: string) {
  return kind({
    summary,
    needs: ["api"],
    instant: false,
    params: httpFaultSettings[name] as z.ZodType<Record<string, unknown>>,
    start(target, params, ctx) {
      return (target.api as HttpFaultProxy).apply({ kind: name, ...params } as HttpFault, { seed: ctx.seed });
    },
  });
}

export const faultKinds = {
  crash: kind({
    summary:
      "SIGKILL the node's processes; restarted when the fault stops unless params.restart is false",
    needs: ["proc"],
    instant: false,
    params: z.strictObject({ restart: z.boolean().optional() }),
    async start(target, params, ctx) {
      const slot = proc(target);
      await crash(slot.handle);
      return async ({ aborted }) => {
        if (aborted || params.restart === false) return;
        slot.handle = await restart(slot.handle, { ...slot.restart, signal: ctx.signal });
        slot.onRestart?.(slot.handle);
      };
    },
  }),
  restart: kind({
    summary: "kill the node and start it again at once (same command and port, or a new port if another process took it)",
    needs: ["proc"],
    instant: true,
    ends: ["crash"],
    params: z.strictObject({}),
    async start(target, _params, ctx) {
      const slot = proc(target);
      slot.handle = await restart(slot.handle, { ...slot.restart, signal: ctx.signal });
      slot.onRestart?.(slot.handle);
    },
  }),
  pause: kind({
    summary: "SIGSTOP the node (alive but silent); resumed when the fault stops",
    needs: ["proc"],
    instant: false,
    params: z.strictObject({}),
    start(target) {
      const slot = proc(target);
      pause(slot.handle);
      return () => void resume(slot.handle);
    },
  }),
  resume: kind({
    summary: "SIGCONT a paused node",
    needs: ["proc"],
    instant: true,
    ends: ["pause"],
    params: z.strictObject({}),
    start(target) {
      resume(proc(target).handle);
    },
  }),
  partition: kind({
    summary:
      "cut the network to the node: both ways, inbound only (requests lost) or outbound only (replies lost)",
    needs: ["proxy"],
    instant: false,
    params: z.strictObject({ direction }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(partition({ direction: toDirection(params.direction) }), { name: ctx.name });
      return removeToxic(proxy, ctx.name);
    },
  }),
  latency: kind({
    summary: "delay traffic to and from the node",
    needs: ["proxy"],
    instant: false,
    params: z
      .strictObject({
        latencyMs: ms(MAX_DELAY_MS).min(1),
        jitterMs: ms(MAX_DELAY_MS).optional(),
        direction,
      })
      .refine((p) => (p.jitterMs ?? 0) <= p.latencyMs, {
        message: "jitterMs must not exceed latencyMs",
        path: ["jitterMs"],
      }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(
        latency({
          latencyMs: params.latencyMs,
          jitterMs: params.jitterMs,
          direction: toDirection(params.direction),
          seed: ctx.seed,
        }),
        { name: ctx.name },
      );
      return removeToxic(proxy, ctx.name);
    },
  }),
  blackhole: kind({
    summary: "accept connections to the node but forward nothing and never answer",
    needs: ["proxy"],
    instant: false,
    params: z.strictObject({ direction }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(blackhole({ direction: toDirection(params.direction) }), { name: ctx.name });
      return removeToxic(proxy, ctx.name);
    },
  }),
  reset: kind({
    summary: "reset (TCP RST) connections to the node",
    needs: ["proxy"],
    instant: false,
    params: z.strictObject({ afterMs: ms(60_000).optional() }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(resetPeer({ afterMs: params.afterMs }), { name: ctx.name });
      return removeToxic(proxy, ctx.name);
    },
  }),
  "slow-close": kind({
    summary: "hold connection closes (FIN) for a while",
    needs: ["proxy"],
    instant: false,
    params: z.strictObject({ delayMs: ms(60_000).min(1), direction }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(slowClose({ delayMs: params.delayMs, direction: toDirection(params.direction) }), {
        name: ctx.name,
      });
      return removeToxic(proxy, ctx.name);
    },
  }),
  messages: kind({
    summary: "lose, duplicate or reorder whole messages on a link (the connection itself stays up)",
    needs: ["proxy"],
    instant: false,
    params: z
      .strictObject({
        drop: z.number().min(0).max(1).optional(),
        duplicate: z.number().min(0).max(1).optional(),
        reorder: z.number().min(0).max(1).optional(),
        direction,
      })
      .refine((p) => (p.drop ?? 0) + (p.duplicate ?? 0) + (p.reorder ?? 0) > 0, { message: "give drop, duplicate or reorder a probability above 0" }),
    start(target, params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(messageFaults({ drop: params.drop, duplicate: params.duplicate, reorder: params.reorder, direction: toDirection(params.direction), seed: ctx.seed }), { name: ctx.name });
      return removeToxic(proxy, ctx.name);
    },
  }),
  lie: kind({
    summary: "make the node a Byzantine liar: its replies are rewritten",
    needs: ["proxy", "lie"],
    instant: false,
    params: z.strictObject({}),
    start(target, _params, ctx) {
      const proxy = target.proxy as TcpProxy;
      proxy.add(lie({ rewrite: target.lie as LieSettings["rewrite"] }), { name: ctx.name });
      return removeToxic(proxy, ctx.name);
    },
  }),
  "clock-skew": kind({
    summary:
      "set the node's clock ahead (positive offsetMs) or behind, optionally drifting (driftPpm)",
    needs: ["clock"],
    instant: false,
    params: z.strictObject({
      offsetMs: z.number().int().min(-86_400_000).max(86_400_000),
      driftPpm: z.number().min(-1_000_000).max(1_000_000).optional(),
    }),
    start(target, params) {
      const clock = target.clock as ClockControl;
      clock.set(params.offsetMs, params.driftPpm ?? 0);
      return () => clock.reset();
    },
  }),
  "drop-response": kind({
    summary:
      "let requests reach the node and commit, then drop the response (with this probability)",
    needs: ["http"],
    instant: false,
    params: z.strictObject({ probability: z.number().min(0).max(1) }),
    start(target, params) {
      const http = target.http as DropResponseProxy;
      const before = http.probability;
      http.setProbability(params.probability);
      return () => http.setProbability(before);
    },
  }),
  "http-errors": httpKind("http-errors", "answer a share (rate) of HTTP requests with a 5xx: before they reach the server (default) or after (reachServer)"),
  "http-latency": httpKind("http-latency", "delay each HTTP request by a draw from a distribution (fixed, uniform, exponential, pareto)"),
  "http-outage": httpKind("http-outage", "refuse every HTTP connection (mode refuse, default) or answer every request 503"),
  "http-slow": httpKind("http-slow", "hold the server's answer delayMs (past the client's timeout) for a share (rate) of requests"),
  heal: kind({
    summary: 'stop every active fault on the target ("*": on every target)',
    needs: [],
    instant: true,
    params: z.strictObject({}),
    start() {
      /* the runner does it: it knows what is active */
    },
  }),
};

export type FaultKindName = keyof typeof faultKinds;
export const faultKindNames = Object.keys(faultKinds) as FaultKindName[];

export function getFaultKind(name: FaultKindName): FaultKind<Record<string, unknown>> {
  return faultKinds[name] as unknown as FaultKind<Record<string, unknown>>;
}
