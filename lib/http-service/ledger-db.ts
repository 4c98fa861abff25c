/**
 * The ledger's tables and the operations a charge handler runs on them (LedgerOps), one SQL
 * statement each on the request's own connection. Misuse the student's code should hear
 * about ("commit() outside a transaction", a lock wait that timed out) is a HostOpError,
 * thrown at their call; a lost connection is not, and fails the request.
 */
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { HostOpError, isHostOpError } from "@/lib/sandbox/replay";
import type { ChargeOutcome, LedgerCharge, LedgerOps, LedgerStep, StoredKey } from "./ledger-types";

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteSchema(schema: string): string {
  if (!SCHEMA.test(schema)) throw new Error(`ledger: bad schema name ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** Creates the ledger's tables in `schema` (again after a restart: IF NOT EXISTS). */
export async function createLedgerTables(client: pg.ClientBase, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${s}.charges (
    id bigserial PRIMARY KEY,
    account text NOT NULL,
    amount_cents bigint NOT NULL,
    idempotency_key text,
    request_id text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${s}.idempotency_keys (
    key text PRIMARY KEY,
    fingerprint text NOT NULL,
    response jsonb,
    claimed_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
}

/** The ledger as committed: every charge row, in order (the checker's truth). */
export async function readLedger(client: pg.ClientBase, schema: string): Promise<LedgerCharge[]> {
  const { rows } = await client.query<{ id: string; account: string; amount_cents: string; idempotency_key: string | null; request_id: string | null; created_at: Date }>(
    `SELECT id, account, amount_cents, idempotency_key, request_id, created_at FROM ${quoteSchema(schema)}.charges ORDER BY id`,
  );
  return rows.map((r) => ({ id: `ch_${r.id}`, account: r.account, amountCents: Number(r.amount_cents), idempotencyKey: r.idempotency_key, requestId: r.request_id, createdAt: r.created_at.getTime() }));
}

export interface SessionOptions {
  schema: string;
  openingBalanceCents: number;
  requestId: string | null;
  stepDelayMs: number;
  /** Run time, for the steps' `at`. */
  now(): number;
  /** Told after each operation that succeeded (the crash plan listens here). */
  afterOp?(op: string, result: unknown): void;
}

const isText = (v: unknown, max = 200): v is string => typeof v === "string" && v.length > 0 && v.length <= max;

/** A database error the handler's code can see (and maybe handle), not a broken connection. */
function opError(err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("08") && !e.code.startsWith("57")) {
    if (e.code === "55P03") throw new HostOpError("the database gave up waiting for a lock another request holds (lock_timeout 4 s)");
    throw new HostOpError(`database error: ${e.message ?? e.code}`);
  }
  throw err;
}

/**
 * One request's session: LedgerOps on `client`, recording every step. `close()` rolls back a
 * transaction the handler left open and says whether it had to.
 */
export class LedgerSession implements LedgerOps {
  readonly steps: LedgerStep[] = [];
  inTransaction = false;
  private readonly s: string;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly options: SessionOptions,
  ) {
    this.s = quoteSchema(options.schema);
  }

  private async step<T>(op: string, args: unknown[], run: () => Promise<T>): Promise<T> {
    if (this.options.stepDelayMs > 0) await sleep(this.options.stepDelayMs);
    try {
      const result = await run();
      this.steps.push({ op, args, result: result ?? null, at: this.options.now() });
      this.options.afterOp?.(op, result);
      return result;
    } catch (err) {
      this.steps.push({ op, args, error: (err as Error).message, at: this.options.now() });
      if (isHostOpError(err)) throw err;
      return opError(err);
    }
  }

  private sql(text: string, values: unknown[] = []) {
    return this.client.query(text, values);
  }

  begin() {
    return this.step("begin", [], async () => {
      if (this.inTransaction) throw new HostOpError("begin() inside a transaction: commit() or rollback() first");
      await this.sql("BEGIN");
      this.inTransaction = true;
      return null;
    });
  }

  commit() {
    return this.step("commit", [], async () => {
      if (!this.inTransaction) throw new HostOpError("commit() outside a transaction: call begin() first");
      this.inTransaction = false;
      await this.sql("COMMIT");
      return null;
    });
  }

  rollback() {
    return this.step("rollback", [], async () => {
      if (!this.inTransaction) throw new HostOpError("rollback() outside a transaction");
      this.inTransaction = false;
      await this.sql("ROLLBACK");
      return null;
    });
  }

  claim(key: string, fingerprint: string) {
    return this.step("claim", [key, fingerprint], async () => {
      if (!isText(key) || !isText(fingerprint)) throw new HostOpError("claim(key, fingerprint) takes two non-empty strings (at most 200 characters)");
      const r = await this.sql(`INSERT INTO ${this.s}.idempotency_keys (key, fingerprint) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`, [key, fingerprint]);
      return { claimed: r.rowCount === 1 };
    });
  }

  find(key: string) {
    return this.step("find", [key], async (): Promise<StoredKey | null> => {
      if (!isText(key)) throw new HostOpError("find(key) takes a non-empty string");
      const r = await this.sql(
        `SELECT fingerprint, response, claimed_at, (extract(epoch FROM clock_timestamp() - claimed_at) * 1000)::float8 AS age_ms FROM ${this.s}.idempotency_keys WHERE key = $1`,
        [key],
      );
      const row = r.rows[0] as { fingerprint: string; response: unknown; claimed_at: Date; age_ms: number } | undefined;
      return row ? { fingerprint: row.fingerprint, response: row.response ?? null, claimedAt: row.claimed_at.getTime(), ageMs: Math.round(row.age_ms) } : null;
    });
  }

  charge(account: string, amountCents: number, key: string | null) {
    return this.step("charge", [account, amountCents, key], async (): Promise<ChargeOutcome> => {
      if (!isText(account, 64) || !Number.isInteger(amountCents) || amountCents < 1 || (key !== null && key !== undefined && !isText(key)))
        throw new HostOpError("charge(account, amountCents, key) takes an account, a whole positive number of cents and the key (or null)");
      const spent = await this.sql(`SELECT coalesce(sum(amount_cents), 0)::bigint AS spent FROM ${this.s}.charges WHERE account = $1`, [account]);
      const balance = this.options.openingBalanceCents - Number((spent.rows[0] as { spent: string }).spent);
      if (balance < amountCents) return { insufficient: true, balanceCents: balance };
      const r = await this.sql(`INSERT INTO ${this.s}.charges (account, amount_cents, idempotency_key, request_id) VALUES ($1, $2, $3, $4) RETURNING id`, [account, amountCents, key ?? null, this.options.requestId]);
      return { chargeId: `ch_${(r.rows[0] as { id: string }).id}`, balanceCents: balance - amountCents };
    });
  }

  saveResponse(key: string, fingerprint: string, response: unknown) {
    return this.step("saveResponse", [key, fingerprint, response], async () => {
      if (!isText(key) || !isText(fingerprint)) throw new HostOpError("saveResponse(key, fingerprint, response) takes a key, a fingerprint and the response");
      await this.sql(
        `INSERT INTO ${this.s}.idempotency_keys (key, fingerprint, response) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, response = EXCLUDED.response`,
        [key, fingerprint, JSON.stringify(response ?? null)],
      );
      return null;
    });
  }

  takeOver(key: string, staleAfterMs: number) {
    return this.step("takeOver", [key, staleAfterMs], async () => {
      if (!isText(key) || typeof staleAfterMs !== "number" || !(staleAfterMs >= 0)) throw new HostOpError("takeOver(key, staleAfterMs) takes a key and a number of ms ≥ 0");
      const r = await this.sql(
        `UPDATE ${this.s}.idempotency_keys SET claimed_at = clock_timestamp() WHERE key = $1 AND response IS NULL AND claimed_at < clock_timestamp() - ($2::float8 * interval '1 millisecond') RETURNING key`,
        [key, staleAfterMs],
      );
      return r.rowCount === 1;
    });
  }

  release(key: string) {
    return this.step("release", [key], async () => {
      if (!isText(key)) throw new HostOpError("release(key) takes a non-empty string");
      await this.sql(`DELETE FROM ${this.s}.idempotency_keys WHERE key = $1`, [key]);
      return null;
    });
  }

  /** Ends the request: rolls back a transaction left open; true if it had to. */
  async close(): Promise<boolean> {
    if (!this.inTransaction) return false;
    this.inTransaction = false;
    await this.sql("ROLLBACK");
    return true;
  }
}
