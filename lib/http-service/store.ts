/**
 * The service's store: accounts, charges and stock in memory, with the append-only JSON-lines
 * log as its durable copy. Every request is one log line written (synchronously) before the
 * response goes out, so "the server committed" means "it is in the log", and a restarted
 * service rebuilds its state by replaying the log's commits.
 */
import { appendFileSync, existsSync } from "node:fs";
import { readServerLogSync } from "./server-log";
import type { Charge, Commit, ServerLogEntry, ServiceConfig } from "./types";

export class ServiceStore {
  private readonly balances = new Map<string, number>();
  private readonly charges = new Map<string, Charge>();
  private readonly chargeCount = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  private seq = 0;
  private nextCharge = 1;
  private nextReservation = 1;

  constructor(private readonly config: Pick<ServiceConfig, "logFile" | "openingBalanceCents" | "defaultStock" | "stock">) {
    if (!existsSync(config.logFile)) return;
    for (const entry of readServerLogSync(config.logFile)) {
      this.seq = Math.max(this.seq, entry.seq);
      if (entry.committed) this.apply(entry.committed);
    }
  }

  balance(account: string): number {
    return this.balances.get(account) ?? this.config.openingBalanceCents;
  }

  chargesOf(account: string): number {
    return this.chargeCount.get(account) ?? 0;
  }

  charge(id: string): Charge | undefined {
    return this.charges.get(id);
  }

  available(sku: string): number {
    return (this.config.stock[sku] ?? this.config.defaultStock) - (this.reserved.get(sku) ?? 0);
  }

  /** Debits the account now (a concurrent request sees it); logged with its request by `record`. */
  commitCharge(account: string, amountCents: number, idempotencyKey: string | null, at: number): Extract<Commit, { kind: "charge" }> {
    const commit = { kind: "charge", charge: { id: `ch_${this.nextCharge}`, account, amountCents, idempotencyKey, at } } as const;
    this.apply(commit);
    return commit;
  }

  commitReservation(sku: string, qty: number, at: number): Extract<Commit, { kind: "reserve" }> {
    const commit = { kind: "reserve", reservation: { id: `rs_${this.nextReservation}`, sku, qty, at } } as const;
    this.apply(commit);
    return commit;
  }

  /** Appends one handled request, with what it committed, to the log (before it is answered). */
  record(entry: Omit<ServerLogEntry, "seq">): ServerLogEntry {
    const full: ServerLogEntry = { seq: this.seq + 1, ...entry };
    appendFileSync(this.config.logFile, `${JSON.stringify(full)}\n`);
    this.seq = full.seq;
    return full;
  }

  private apply(commit: Commit): void {
    if (commit.kind === "charge") {
      const { charge } = commit;
      this.charges.set(charge.id, charge);
      this.balances.set(charge.account, this.balance(charge.account) - charge.amountCents);
      this.chargeCount.set(charge.account, this.chargesOf(charge.account) + 1);
      this.nextCharge = Math.max(this.nextCharge, Number(charge.id.slice(3)) + 1);
    } else {
      const { reservation } = commit;
      this.reserved.set(reservation.sku, (this.reserved.get(reservation.sku) ?? 0) + reservation.qty);
      this.nextReservation = Math.max(this.nextReservation, Number(reservation.id.slice(3)) + 1);
    }
  }
}
