/** What the flaky HTTP service stores, logs and is configured with (shared by the process and the lab side). */
import type { HandlerFailure, LedgerConfig, LedgerStep } from "./ledger-types";

export interface Charge {
  id: string;
  account: string;
  amountCents: number;
  idempotencyKey: string | null;
  /** Run time (ms) when the server committed it. */
  at: number;
}

export interface Reservation {
  id: string;
  sku: string;
  qty: number;
  at: number;
}

/** What one request changed, written in the same log line as the request itself. */
export type Commit = { kind: "charge"; charge: Charge } | { kind: "reserve"; reservation: Reservation };

/** One request the server handled: the server's own account of what it did. */
export interface ServerLogEntry {
  /** Order in which the server finished requests (1, 2, …), across restarts. */
  seq: number;
  /** The client's `x-request-id` header, which pairs this entry with a client attempt. */
  requestId: string | null;
  method: string;
  path: string;
  /** Run time (ms since the run started) when the request arrived and when it was answered. */
  receivedAt: number;
  answeredAt: number;
  status: number;
  request: unknown;
  response: unknown;
  /** What it changed (null: nothing — a read, a rejected or a replayed request). */
  committed: Commit | null;
  /** The server process that handled it (changes when the service restarts). */
  pid: number;
  /** Ledger mode: the db operations the charge handler ran, in order. */
  db?: LedgerStep[];
  /** Ledger mode: the handler threw (the grade its error stands for). */
  handlerError?: HandlerFailure;
  /** Ledger mode: the handler returned inside a transaction, which was rolled back. */
  rolledBack?: boolean;
}

export interface ChargeRequest {
  account: string;
  amountCents: number;
  idempotencyKey?: string;
  requestId: string | null;
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

/**
 * The seam for idempotency handling: a POST /charges goes through `handleCharge`, which
 * decides whether to charge (`commit()`, at most once) or answer without charging (e.g.
 * replay a stored response for a key it has seen). The default charges every request, so a
 * retried charge is charged twice. A lab passes its own policy as a module (see
 * HttpServiceOptions.dedup) whose default export is a DedupPolicy.
 */
export interface DedupPolicy {
  handleCharge(request: ChargeRequest, ctx: DedupContext): HandlerResult | Promise<HandlerResult>;
}

export interface DedupContext {
  /** Charges the account (committing it to the log with this request) and returns the response to send. */
  commit(): HandlerResult;
  /** The policy's own memory (key → whatever it keeps), for the life of the process. */
  keys: Map<string, unknown>;
  /** Run time (ms). */
  now: number;
}

/** The service process's config file. */
export interface ServiceConfig {
  port: number;
  logFile: string;
  /** Epoch ms of the run's t = 0, so log times are run times. */
  origin: number;
  seed: number;
  openingBalanceCents: number;
  defaultStock: number;
  stock: Record<string, number>;
  /** Server-side work time per request, drawn uniformly from [min, max] with the seed. */
  workMs: { min: number; max: number };
  /** A bundled module whose default export is a DedupPolicy; null: charge every request. */
  dedupModule: string | null;
  /** Charges on Postgres through a lab's handler (./ledger-route.ts) instead of the in-memory store; null: off. */
  ledger?: LedgerConfig | null;
}

export const SERVICE_READY_LINE = /^ready \d+$/;
/** Printed (with the grade's verdict after it) when a request's charge handler failed. */
export const HANDLER_FAILED_PREFIX = "handler-failed ";
