/**
 * The flaky HTTP service: a small payments / inventory API run as its own process per run,
 * with its own store (memory plus an append-only JSON-lines log in the run's tmp dir), put
 * behind the HTTP fault proxy (@/lib/faults/http-faults) by `startFlakyApi`.
 *
 * API (JSON in and out; `x-request-id` on a request is kept in the log to pair it with the client's attempt):
 *   POST /charges {account, amountCents, idempotencyKey?}  201 {id, account, amountCents, idempotencyKey, at, balanceCents}
 *                                                          402 insufficient funds · 400 bad input
 *   GET  /charges/:id                                      200 the charge · 404
 *   GET  /accounts/:id                                     200 {id, balanceCents, charges}  (every account opens with openingBalanceCents)
 *   POST /inventory/reserve {sku, qty}                     201 {id, sku, qty, at, available} · 409 not enough stock
 *   GET  /inventory/:sku                                   200 {sku, available}
 *   GET  /_log                                             200 ServerLogEntry[]: every API request handled, what it committed, when
 *   GET  /_health                                          200 {ok, pid}
 * A request is logged (and its commit durable) before it is answered; a restarted service
 * replays its log. Idempotency is left to labs: POST /charges goes through a DedupPolicy
 * (./types.ts; default: charge every request), passed as a module in `dedup`. Or, in ledger
 * mode (`ledger`), charges live in Postgres — a schema of the run's own in the labs database —
 * and POST /charges runs a lab's handler module over LedgerOps (./ledger-types.ts: begin,
 * claim, find, charge, saveResponse, takeOver…, one SQL statement each on the request's own
 * connection), with a step delay and a crash plan (SIGKILL right after a chosen request's claim,
 * charge or commit); `readLedgerCharges` is the checker's truth.
 *
 *   const api = await startFlakyApi({ tmpDir: ctx.tmpDir, seed: ctx.seed, now: ctx.now, emit: ctx.emit });
 *   onTeardown(() => api.stop());
 *   const stop = api.faults.start({ kind: "http-errors", rate: 0.3 });
 *   … runHttpClients({ baseUrl: api.url, … }) …
 *   const log = await api.service.log();
 */
export { HttpService, type HttpServiceHandle, type HttpServiceOptions } from "./http-service";
export { startFlakyApi, type FlakyApi } from "./flaky-api";
export { readServerLog, parseServerLog } from "./server-log";
export type { Charge, Reservation, Commit, ServerLogEntry, ChargeRequest, HandlerResult, DedupPolicy, DedupContext } from "./types";
export { readLedgerCharges, readFiredCrashes, type FiredCrash } from "./ledger-read";
export { fingerprintOf } from "./ledger-route";
export { LEDGER_OPS, type LedgerOps, type LedgerHandler, type LedgerHandlerFactory, type LedgerChargeRequest, type LedgerCharge, type LedgerStep, type CrashPoint, type StoredKey } from "./ledger-types";
