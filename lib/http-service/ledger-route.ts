/**
 * POST /charges in ledger mode: the request's own connection from the pool, the lab's
 * handler over a LedgerSession on it, and at the end a rollback of any transaction the
 * handler left open. The crash plan lives here: right after a chosen request's chosen
 * operation succeeded, the process SIGKILLs itself (its connection dies with it, so
 * Postgres rolls back whatever that request had not committed).
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createLedgerTables, LedgerSession } from "./ledger-db";
import type { CrashPoint, HandlerFailure, LedgerConfig, LedgerHandler, LedgerHandlerFactory, LedgerStep } from "./ledger-types";
import type { HandlerResult } from "./types";

export interface LedgerChargeResult extends HandlerResult {
  db: LedgerStep[];
  /** The handler threw: the grade its error stands for. */
  handlerError?: HandlerFailure;
  /** A transaction the handler left open, rolled back at its return. */
  rolledBack?: boolean;
}

/** The same charge, whatever key it carries: account and amount. */
export function fingerprintOf(account: string, amountCents: number): string {
  return createHash("sha256").update(JSON.stringify([account, amountCents])).digest("hex").slice(0, 16);
}

/** Where a crash point that fired is written (before the process dies), for the lab to read. */
export const crashFileOf = (logFile: string) => logFile.replace(/\.jsonl$/, "") + ".crashes.jsonl";

function readFiredSync(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").flatMap((line) => {
    try {
      const p = JSON.parse(line) as CrashPoint;
      return [`${p.requestPrefix} ${p.op}`];
    } catch {
      return [];
    }
  });
}

function failureOf(err: unknown): HandlerFailure {
  const e = err as { toGrade?: () => HandlerFailure["grade"]; message?: string };
  if (typeof e?.toGrade === "function") return { grade: e.toGrade() };
  return { grade: { verdict: "error", errorKind: "internal", diagnosis: `The service's charge handler crashed: ${e?.message ?? String(err)}` } };
}

export async function createLedgerCharges(config: LedgerConfig, opts: { openingBalanceCents: number; logFile: string; now(): number }) {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize, options: "-c lock_timeout=4000 -c statement_timeout=8000" });
  pool.on("error", () => undefined);
  const setup = await pool.connect();
  try {
    await createLedgerTables(setup, config.schema);
  } finally {
    setup.release();
  }
  // Made while the process already listens (a restart answers sooner); requests wait for it.
  const handlerReady: Promise<LedgerHandler> = (async () => {
    const mod = (await import(pathToFileURL(config.handlerModule).href)) as { default?: LedgerHandlerFactory };
    if (typeof mod.default?.create !== "function") throw new Error(`${config.handlerModule}: its default export has no create()`);
    return mod.default.create(config.handlerOptions);
  })();
  handlerReady.catch(() => undefined);
  // Points that fired before a restart are in the crash file: each fires once.
  const fired = new Set(readFiredSync(crashFileOf(opts.logFile)));
  const pending = config.crashAfter.filter((c) => !fired.has(`${c.requestPrefix} ${c.op}`));
  const succeeded = (op: string, result: unknown) =>
    op === "claim" ? (result as { claimed?: boolean })?.claimed === true : op === "charge" ? typeof (result as { chargeId?: unknown })?.chargeId === "string" : true;

  return async function charge(body: { account: string; amountCents: number; idempotencyKey?: string }, requestId: string | null): Promise<LedgerChargeResult> {
    let handler: LedgerHandler;
    try {
      handler = await handlerReady;
    } catch (err) {
      return { status: 500, body: { error: "the charge handler did not load" }, db: [], handlerError: failureOf(err) };
    }
    const client = await pool.connect();
    const point = requestId ? pending.find((c) => requestId.startsWith(c.requestPrefix)) : undefined;
    const session = new LedgerSession(client, {
      schema: config.schema,
      openingBalanceCents: opts.openingBalanceCents,
      requestId,
      stepDelayMs: config.stepDelayMs,
      now: opts.now,
      afterOp(op, result) {
        if (!point || op !== point.op || !succeeded(op, result)) return;
        appendFileSync(crashFileOf(opts.logFile), `${JSON.stringify({ ...point, requestId, at: opts.now(), pid: process.pid })}\n`);
        process.kill(process.pid, "SIGKILL");
      },
    });
    let broken = false;
    try {
      const request = { account: body.account, amountCents: body.amountCents, idempotencyKey: body.idempotencyKey ?? null, fingerprint: fingerprintOf(body.account, body.amountCents) };
      const result = await handler.handleCharge(request, session);
      const rolledBack = await session.close();
      return { ...result, db: session.steps, ...(rolledBack ? { rolledBack } : {}) };
    } catch (err) {
      await session.close().catch(() => (broken = true));
      return { status: 500, body: { error: "the charge handler failed" }, db: session.steps, handlerError: failureOf(err) };
    } finally {
      client.release(broken);
    }
  };
}
