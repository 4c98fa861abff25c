/**
 * The service's API as one function of a parsed request (the process in ./service-main.ts
 * does the HTTP). Bad input is a 400 that says what is wrong; nothing is committed for it.
 */
import { z } from "zod";
import type { ServiceStore } from "./store";
import type { HandlerFailure, LedgerStep } from "./ledger-types";
import type { Commit, DedupPolicy, HandlerResult } from "./types";

export interface ParsedRequest {
  method: string;
  path: string;
  body: unknown;
  requestId: string | null;
  /** Run time (ms). */
  now: number;
}

export interface RouteResult extends HandlerResult {
  committed: Commit | null;
  db?: LedgerStep[];
  handlerError?: HandlerFailure;
  rolledBack?: boolean;
}

/** Ledger mode's charge path (./ledger-route.ts). */
export type LedgerChargePath = (body: { account: string; amountCents: number; idempotencyKey?: string }, requestId: string | null) => Promise<Omit<RouteResult, "committed">>;

const chargeBody = z.strictObject({
  account: z.string().min(1).max(64),
  amountCents: z.number().int().min(1).max(1_000_000_000),
  idempotencyKey: z.string().min(1).max(200).optional(),
});
const reserveBody = z.strictObject({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(1_000_000) });

/** The default policy: no idempotency handling, every charge request is charged. */
export const chargeEveryRequest: DedupPolicy = { handleCharge: (_request, ctx) => ctx.commit() };

const invalid = (error: z.ZodError): RouteResult => ({
  status: 400,
  body: { error: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") },
  committed: null,
});

export function createRoutes(store: ServiceStore, policy: DedupPolicy, ledger?: LedgerChargePath) {
  const keys = new Map<string, unknown>();

  async function charge(req: ParsedRequest): Promise<RouteResult> {
    const parsed = chargeBody.safeParse(req.body);
    if (!parsed.success) return invalid(parsed.error);
    const { account, amountCents, idempotencyKey } = parsed.data;
    // The ledger is in Postgres: what was committed is read from there, not from this log.
    if (ledger) return { ...(await ledger(parsed.data, req.requestId)), committed: null };
    let committed: Commit | null = null;
    const commit = (): HandlerResult => {
      if (committed) throw new Error("dedup policy: commit() called twice for one request");
      if (store.balance(account) < amountCents) return { status: 402, body: { error: "insufficient funds", balanceCents: store.balance(account) } };
      const done = store.commitCharge(account, amountCents, idempotencyKey ?? null, req.now);
      committed = done;
      return { status: 201, body: { ...done.charge, balanceCents: store.balance(account) } };
    };
    const result = await policy.handleCharge({ account, amountCents, idempotencyKey, requestId: req.requestId }, { commit, keys, now: req.now });
    return { ...result, committed };
  }

  function reserve(req: ParsedRequest): RouteResult {
    const parsed = reserveBody.safeParse(req.body);
    if (!parsed.success) return invalid(parsed.error);
    const { sku, qty } = parsed.data;
    if (store.available(sku) < qty) return { status: 409, body: { error: "not enough stock", sku, available: store.available(sku) }, committed: null };
    const committed = store.commitReservation(sku, qty, req.now);
    return { status: 201, body: { ...committed.reservation, available: store.available(sku) }, committed };
  }

  return async function route(req: ParsedRequest): Promise<RouteResult> {
    const read = (status: number, body: unknown): RouteResult => ({ status, body, committed: null });
    const [, first, second, ...rest] = req.path.split("?")[0]!.split("/");
    const id = second ? decodeURIComponent(second) : "";
    if (req.method === "POST" && first === "charges" && !second) return charge(req);
    if (req.method === "POST" && first === "inventory" && second === "reserve" && rest.length === 0) return reserve(req);
    if (req.method === "GET" && first === "charges" && second && rest.length === 0) {
      const found = store.charge(id);
      return found ? read(200, found) : read(404, { error: `no charge ${id}` });
    }
    if (req.method === "GET" && first === "accounts" && second && rest.length === 0)
      return read(200, { id, balanceCents: store.balance(id), charges: store.chargesOf(id) });
    if (req.method === "GET" && first === "inventory" && second && rest.length === 0) return read(200, { sku: id, available: store.available(id) });
    return read(404, { error: `no route ${req.method} ${req.path}` });
  };
}
