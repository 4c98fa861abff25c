/**
 * The Postgres-backed charge path of the flaky service (./ledger-db.ts, ./ledger-route.ts):
 * POST /charges goes to a pluggable handler that works on a real database through LedgerOps,
 * in a schema of the run's own (lib/labs/lab-schema.ts). Shared by the process and the lab side.
 */
import type { Grade } from "@/lib/labs/types";
import type { HandlerResult } from "./types";

/** The ledger part of the service's config file. */
export interface LedgerConfig {
  /** The labs database (never the app's). */
  databaseUrl: string;
  /** The run's schema there; the service creates its tables in it. */
  schema: string;
  /** A bundled module whose default export is a LedgerHandlerFactory. */
  handlerModule: string;
  /** Handed to the factory as it is (e.g. the student's code). */
  handlerOptions: unknown;
  /** Sleep before every db operation, ms: a request's steps spread out, so concurrent duplicates interleave. */
  stepDelayMs: number;
  /** Where the process SIGKILLs itself (a crash at a chosen point); each point fires once, across restarts. */
  crashAfter: CrashPoint[];
  /** Connections the service may hold at once. */
  poolSize: number;
}

/**
 * "Die right after the first request whose x-request-id starts with `requestPrefix` got its
 * `op` through" (claim: claimed; charge: a charge row; commit: committed).
 */
export interface CrashPoint {
  requestPrefix: string;
  op: "claim" | "charge" | "commit" | "saveResponse";
}

export interface LedgerChargeRequest {
  account: string;
  amountCents: number;
  idempotencyKey: string | null;
  /** A hash of what is charged (account and amount): two requests with one key and different bodies differ here. */
  fingerprint: string;
}

export interface StoredKey {
  fingerprint: string;
  /** The stored response; null while the key is claimed but its request has not saved one. */
  response: unknown;
  /** Epoch ms of the (last) claim. */
  claimedAt: number;
  /** How long ago it was claimed, at the time of the read. */
  ageMs: number;
}

export type ChargeOutcome = { chargeId: string; balanceCents: number } | { insufficient: true; balanceCents: number };

/** What a handler may do, each call one SQL statement on the request's own connection. */
export interface LedgerOps {
  begin(): Promise<null>;
  commit(): Promise<null>;
  rollback(): Promise<null>;
  /** INSERT … ON CONFLICT (key) DO NOTHING: waits for a concurrent uncommitted claim of the same key. */
  claim(key: string, fingerprint: string): Promise<{ claimed: boolean }>;
  /** The key's row as committed (or as this transaction sees it). */
  find(key: string): Promise<StoredKey | null>;
  /** One ledger row (and the balance after it), unless the balance is short. */
  charge(account: string, amountCents: number, key: string | null): Promise<ChargeOutcome>;
  /** Upsert of the key's response: never a conflict error. */
  saveResponse(key: string, fingerprint: string, response: unknown): Promise<null>;
  /** Re-claims a key whose claim is older than staleAfterMs and has no response (its owner crashed). */
  takeOver(key: string, staleAfterMs: number): Promise<boolean>;
  release(key: string): Promise<null>;
}

export const LEDGER_OPS = ["begin", "commit", "rollback", "claim", "find", "charge", "saveResponse", "takeOver", "release"] as const;
export type LedgerOpName = (typeof LEDGER_OPS)[number];

/** One operation as the service ran it, in the log with its request. */
export interface LedgerStep {
  op: string;
  args: unknown[];
  result?: unknown;
  error?: string;
  /** Run time (ms) when it finished. */
  at: number;
}

export interface LedgerHandler {
  handleCharge(request: LedgerChargeRequest, db: LedgerOps): Promise<HandlerResult>;
}

export interface LedgerHandlerFactory {
  create(options: unknown): Promise<LedgerHandler>;
}

/** What the handler threw, as the grade it stands for (a LabFailure / LabRunError's toGrade(), else internal). */
export interface HandlerFailure {
  grade: Grade;
}

/** A ledger row, as the lab reads it back (the checker's truth). */
export interface LedgerCharge {
  id: string;
  account: string;
  amountCents: number;
  idempotencyKey: string | null;
  requestId: string | null;
  createdAt: number;
}
